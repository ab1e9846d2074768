"""National organisations and helplines: their rules, the list shipped with the directory,
which a search offers (directory/national.py), and where the search page offers them."""

import re
from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory import national
from directory.models import Category, Coverage, Meeting, NationalOrganisation
from directory.tests.factory import category, make_group
from lib.text import LINE, LONG_LINE, NAME

pytestmark = pytest.mark.django_db
SEARCH = reverse("directory:search")
SHIPPED = import_module("directory.migrations.0008_national_organisations").ORGANISATIONS


def make_organisation(name, subjects, **kwargs):
    kwargs.setdefault("offers", "Support by phone.")
    kwargs.setdefault("website", "https://example.org/")
    organisation = NationalOrganisation.objects.create(name=name, **kwargs)
    organisation.categories.set([category(slug) for slug in subjects])
    return organisation


@pytest.fixture
def own_list():
    """The tests' own organisations in place of the shipped list, so what is offered follows
    from what each test makes."""
    NationalOrganisation.objects.all().delete()


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def between(html, start, end):
    """The part of a page from the element whose class is `start` to the next `end`."""
    found = re.search(rf'class="{start}".*?{end}', html, re.S)
    return found.group(0) if found else ""


class TestTheRules:
    def organisation(self, **kwargs):
        fields = {"name": "A Grief Line", "offers": "Support after someone dies.",
                  "website": "https://www.cruse.org.uk/", **kwargs}
        return NationalOrganisation(**fields)

    def errors(self, organisation):
        with pytest.raises(ValidationError) as refused:
            organisation.full_clean(exclude=["categories"])
        return {name: [e.code for e in errors] for name, errors in refused.value.error_dict.items()}

    @pytest.mark.parametrize(("typed", "kept"), [
        ("08088081677", "0808 808 1677"), ("+44 808 808 1677", "0808 808 1677"), ("116123", "116 123"), ("", ""),
    ])
    def test_a_helpline_number_is_written_in_its_usual_uk_grouping(self, typed, kept):
        organisation = self.organisation(phone=typed)
        organisation.full_clean(exclude=["categories"])
        assert organisation.phone == kept

    def test_a_number_that_is_not_a_uk_or_116_number_is_refused_plainly(self):
        organisation = self.organisation(phone="+33 1 23 45 67 89")
        assert self.errors(organisation) == {"phone": ["invalid_phone"]}

    @pytest.mark.parametrize("website", ["http://www.cruse.org.uk/", "ftp://cruse.org.uk/"])
    def test_a_website_must_be_a_secure_address(self, website):
        assert "not_https" in self.errors(self.organisation(website=website))["website"]

    def test_opening_hours_belong_to_a_helpline(self):
        assert self.errors(self.organisation(hours="Every day, 8am to 8pm.")) == {"hours": ["hours_without_phone"]}
        self.organisation(hours="Every day, 8am to 8pm.", phone="0808 808 0000").full_clean(exclude=["categories"])

    @pytest.mark.parametrize(("field", "limit"), [("name", NAME), ("offers", LONG_LINE), ("hours", LINE)])
    def test_its_words_are_bounded(self, field, limit):
        fields = {field: "a" * (limit + 1)}
        if field == "hours":
            fields["phone"] = "0808 808 0000"
        assert "max_length" in self.errors(self.organisation(**fields))[field]
        self.organisation(**{**fields, field: "a" * limit}).full_clean(exclude=["categories"])

    def test_a_name_and_what_it_offers_are_one_line_each(self):
        assert "line_break" in self.errors(self.organisation(offers="Support.\nCall us."))["offers"]

    def test_its_website_reads_as_the_sites_name(self):
        assert self.organisation().website_name == "cruse.org.uk"
        assert self.organisation(website="https://ukna.org/meetings").website_name == "ukna.org"


class TestTheShippedList:
    def test_every_organisation_is_there_with_its_subjects(self):
        assert 30 <= len(SHIPPED) <= 60
        assert NationalOrganisation.objects.count() == len(SHIPPED)
        assert not NationalOrganisation.objects.filter(categories=None).exists()

    def test_each_keeps_every_rule_as_written(self):
        for organisation in NationalOrganisation.objects.all():
            before = (organisation.phone, organisation.website)
            organisation.full_clean()
            assert (organisation.phone, organisation.website) == before, organisation.name

    def test_each_subject_people_search_most_has_one(self):
        offered = set(NationalOrganisation.objects.values_list("categories__slug", flat=True))
        for slug in ["bereavement", "losing-someone-close", "losing-a-child", "bereaved-by-suicide", "mental-health",
                     "carers", "dementia-carers", "alcohol", "drugs", "gambling", "stroke-aphasia", "parkinsons",
                     "multiple-sclerosis", "diabetes", "cancer", "autism-family", "older-people", "sight-loss",
                     "tinnitus-hearing", "learning-disability", "single-parents"]:
            assert slug in offered, slug

    def test_it_can_be_added_again_without_changing_what_staff_changed(self):
        from types import SimpleNamespace

        from django.apps import apps
        from django.db import connection

        cruse = NationalOrganisation.objects.get(name="Cruse Bereavement Support")
        NationalOrganisation.objects.filter(pk=cruse.pk).update(hours="Weekdays")
        import_module("directory.migrations.0008_national_organisations").seed(
            apps, SimpleNamespace(connection=connection))
        assert NationalOrganisation.objects.count() == len(SHIPPED)
        assert NationalOrganisation.objects.get(pk=cruse.pk).hours == "Weekdays"


@pytest.mark.usefixtures("own_list")
class TestWhichAreOffered:
    def names(self, *slugs):
        return [o.name for o in national.for_subjects([category(slug) for slug in slugs])]

    def test_those_for_the_subject_itself_come_before_those_for_the_subject_it_is_part_of(self):
        make_organisation("Bereavement Line", ["bereavement"])
        make_organisation("Widowed Peers", ["losing-someone-close"])
        make_organisation("Baby Loss Line", ["losing-a-child"])
        assert self.names("losing-someone-close") == ["Widowed Peers", "Bereavement Line"]

    def test_a_top_level_subject_offers_its_own_then_those_of_the_subjects_under_it(self):
        make_organisation("Widowed Peers", ["losing-someone-close"])
        make_organisation("Bereavement Line", ["bereavement"])
        make_organisation("Cancer Line", ["cancer"])
        assert self.names("bereavement") == ["Bereavement Line", "Widowed Peers"]

    def test_within_each_staffs_position_then_the_name(self):
        make_organisation("B Line", ["alcohol"])
        make_organisation("A Line", ["alcohol"])
        make_organisation("Z Line", ["alcohol"], position=0)
        NationalOrganisation.objects.filter(name__in=["A Line", "B Line"]).update(position=1)
        assert self.names("alcohol") == ["Z Line", "A Line", "B Line"]

    def test_at_most_a_few_are_offered(self):
        for number in range(national.MAX_SHOWN + 2):
            make_organisation(f"Line {number}", ["cancer"])
        assert len(self.names("cancer")) == national.MAX_SHOWN

    def test_one_staff_have_switched_off_is_not_offered(self):
        make_organisation("Old Line", ["cancer"], active=False)
        assert self.names("cancer") == []

    def test_one_for_two_subjects_is_offered_once_at_its_closest(self):
        make_organisation("Pain Line", ["long-term-pain", "health-conditions"])
        make_organisation("Arthritis Line", ["arthritis"])
        assert self.names("long-term-pain") == ["Pain Line"]
        assert self.names("arthritis") == ["Arthritis Line", "Pain Line"]

    def test_no_subject_offers_nothing_rather_than_a_random_list(self):
        make_organisation("Cancer Line", ["cancer"])
        assert national.for_subjects([]) == []
        assert self.names("diabetes") == []


class TestTheSearchPage:
    @pytest.fixture(autouse=True)
    def lines(self, own_list):
        make_organisation("Bereavement Line", ["bereavement"], phone="08088081677", website="https://grief.example.org/")
        make_organisation("Widowed Peers", ["losing-someone-close"])

    def test_a_search_finding_nothing_offers_them_after_the_other_steps_and_before_the_team(self, client):
        response = client.get(SEARCH, {"q": "lost my husband", "where": "NG1 5FW"})
        html = response.content.decode()
        steps = between(html, "no-results", "</div>")
        assert "Widowed Peers" in steps and "Bereavement Line" in steps
        assert steps.index("browse groups by subject") < steps.index("National helplines") < steps.index(
            "Ask the self-help team")
        assert '<a href="tel:08088081677"><bdi dir="ltr">0808 808 1677</bdi></a>' in steps
        assert '<a href="https://grief.example.org/">grief.example.org</a>' in steps
        assert html.count("National helplines and organisations") == 1
        assert "About: Losing someone close." in text_of(response)

    def test_few_groups_near_offers_them_after_the_groups_online(self, client):
        make_group(name="Nottingham Widowed", categories=["losing-someone-close"], meetings=[{"postcode": "NG1 5FW"}])
        html = client.get(SEARCH, {"q": "widow", "where": "NG1 5FW"}).content.decode()
        more = between(html, "more-results", 'class="start-group"')
        assert more.index("Groups that meet online") < more.index("National helplines") < more.index("Widowed Peers")
        assert html.count("National helplines and organisations") == 1

    def test_many_groups_near_offer_none(self, client):
        for number in range(3):
            make_group(name=f"Widowed {number}", categories=["losing-someone-close"],
                       meetings=[{"postcode": "NG1 5FW"}])
        response = client.get(SEARCH, {"q": "widow", "where": "NG1 5FW"})
        assert "3 groups found" in text_of(response)
        assert "National helplines" not in response.content.decode()

    def test_a_place_outside_the_area_offers_them_in_its_notice_once(self, client):
        Coverage.objects.create(areas="NG DE", description="Nottinghamshire and Derbyshire")
        html = client.get(SEARCH, {"category": "bereavement", "where": "EH1 1YZ"}).content.decode()
        notice = between(html, "notice coverage", "</div>")
        assert "outside the area" in notice
        assert notice.index("National helplines") < notice.index("Ask the self-help team")
        assert "<h2>National helplines and organisations</h2>" in notice and "<h3>Bereavement Line</h3>" in notice
        assert html.count("National helplines and organisations") == 1

    def test_a_subjects_own_page_offers_them_after_its_groups(self, client):
        for number in range(5):
            make_group(name=f"Widowed {number}", categories=["losing-someone-close"])
        response = client.get(Category.objects.get(slug="bereavement").get_absolute_url())
        html = response.content.decode()
        assert "5 groups found" in text_of(response)
        assert html.index("Widowed 4") < html.index("National helplines") < html.index("Bereavement Line")

    def test_words_that_lead_to_no_subject_offer_none(self, client):
        html = client.get(SEARCH, {"q": "zebra giraffe", "where": "NG1 5FW"}).content.decode()
        assert "No groups matched your search" in html
        assert "National helplines" not in html

    def test_an_online_group_found_for_a_far_place_still_offers_them(self, client):
        make_group(name="Widowed Online", categories=["losing-someone-close"],
                   meetings=[{"attendance": Meeting.Attendance.ONLINE}])
        html = client.get(SEARCH, {"q": "widow", "where": "NG1 5FW"}).content.decode()
        assert "Widowed Online" in html and "Widowed Peers" in html
