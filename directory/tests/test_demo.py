import datetime
import html
import json

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from directory import search
from directory.demo import DEMO, DEMO_PASSWORD
from directory.models import Category, Group, GroupTranslation, Meeting, Venue
from directory.search import Query
from support.models import Arrangement, TalkBooking, VisitRequest

pytestmark = pytest.mark.django_db

ACTIVITY = json.loads((DEMO / "activity.json").read_text(encoding="utf-8"))
MODELS = sorted({record["model"] for record in ACTIVITY["records"]})


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def counts():
    return {label: apps.get_model(label).objects.count() for label in ["directory.group", *MODELS]}


def test_the_demo_directory_covers_every_subject_and_loads_only_once(demo):
    before = counts()
    assert before["directory.group"] >= 80
    call_command("load_demo", verbosity=0)
    assert counts() == before
    assert Venue.objects.count() == len({(v.name, v.postcode) for v in Venue.objects.all()})
    for child in Category.objects.filter(parent__isnull=False):
        assert child.groups.exists(), child.slug
    public = Group.objects.reachable()
    assert public.filter(women_only=True).exists()
    assert public.filter(meets_online=True, meets_in_person=False).exists()
    assert public.filter(stage=Group.Stage.PAUSED).exists()
    assert Group.objects.filter(stage=Group.Stage.CLOSED).exists()
    assert Group.objects.filter(status=Group.Status.PENDING).exists()
    assert len({m.pattern for m in Meeting.objects.all()}) == len(Meeting.Pattern.values)
    towns = set(Venue.objects.values_list("town", flat=True))
    assert len(towns) >= 5


def test_groups_already_loaded_are_left_alone_when_the_demo_is_loaded_again_months_later(demo):
    group = Group.objects.get(slug="nottingham-aphasia-conversation-group")
    Group.objects.filter(pk=group.pk).update(summary="Our own words")
    group.meetings.first().delete()
    meetings, confirmed = group.meetings.count(), group.last_confirmed_on
    with time_machine.travel(timezone.now() + datetime.timedelta(days=100), tick=False):
        call_command("load_demo", verbosity=0)
    group.refresh_from_db()
    assert (group.summary, group.meetings.count(), group.last_confirmed_on) == ("Our own words", meetings, confirmed)


def test_the_demo_directory_is_an_open_referral_document():
    from openreferral.tests import conformance

    document = json.loads((DEMO / "directory.json").read_text(encoding="utf-8"))
    assert not conformance.errors(document, conformance.hsds("compiled/tabular.json"))


def test_every_demo_record_passes_its_own_validation(demo):
    for model in (Group, Venue, Meeting, *(apps.get_model(label) for label in MODELS)):
        for record in model.objects.all():
            record.full_clean()


def test_the_demo_directory_answers_the_searches_people_make(demo):
    for words in ["twins", "tinnitus", "stroke aphasia", "bereavement", "carers", "diabetes"]:
        assert search.search(Query(words=words)).total > 0, words


def test_the_demo_shows_groups_speaking_their_own_languages(demo, client):
    """Groups' words in Urdu, Punjabi, Bengali and Chinese: on their pages in those languages,
    and found by their words (a Chinese word of two characters inside a sentence)."""
    assert {t.language for t in GroupTranslation.objects.all()} >= {"ur", "pa", "bn", "zh-hans"}
    found = search.load(search.search(Query(words="书法"))).hits  # "calligraphy", inside a sentence
    assert [hit.group.slug for hit in found] == ["leicester-chinese-elders-tea-club"]
    assert search.search(Query(words="پیسہ")).total == 1  # "money", in the Urdu
    page = client.get("/ur/groups/leicester-asian-womens-wellbeing-circle/").content.decode()
    assert 'lang="ur" dir="auto"' in page and "لیسٹر ایشیائی خواتین" in page


def test_the_demo_finds_groups_by_a_subjects_name_in_the_readers_language(demo, client):
    """“gofalwyr” on the Welsh search page, as the README suggests: the carers' groups."""
    carers = Category.objects.get(slug="carers")
    about_carers = search.search(Query(category_ids=tuple(carers.with_children_ids()))).total
    assert about_carers > 0
    assert search.search(Query(words="gofalwyr", language="cy")).total == about_carers
    assert "“Gofalwyr”" in client.get("/cy/search/", {"q": "gofalwyr"}).content.decode()


def test_the_demo_keeps_its_freshness_and_future_dates_when_loaded_long_after_it_was_made():
    document = json.loads((DEMO / "directory.json").read_text(encoding="utf-8"))
    year, month = (int(part) for part in ACTIVITY["directory_as_of"].split("-"))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=800), tick=False):
        call_command("load_demo", verbosity=0)
        today = timezone.localdate()
        made = datetime.date(year, month, min(today.day, 28))
        for service in document["services.csv"]:
            confirmed = Group.objects.get(name=service["name"]).last_confirmed_on
            age_when_made = made - datetime.date.fromisoformat(service["assured_date"])
            assert abs((today - confirmed) - age_when_made) <= datetime.timedelta(days=3), service["name"]
        assert Arrangement.objects.filter(review_on__gt=today).exists()
        assert VisitRequest.objects.filter(date__gt=today).exists()
        assert TalkBooking.objects.filter(date__gt=today).exists()


def test_generated_groups_are_listed_indexed_and_searchable():
    call_command("generate_groups", "120", "--seed", "3", verbosity=0)
    assert Group.objects.count() == 120
    assert Meeting.objects.count() == 120
    assert search.search(Query()).total == Group.objects.listed().count()
    some = Group.objects.listed().first()
    first_word = some.name.split()[1].lower()
    assert search.search(Query(words=first_word)).total > 0


def test_the_demo_accounts_sign_in_with_the_password_the_readme_gives(demo, client):
    users = get_user_model().objects
    assert users.get(email="staff@example.org").is_staff
    assert users.get(email="practitioner@example.org").is_practitioner
    assert users.get(email="coordinator@example.org").coordinating.count() == 3
    assert Group.objects.filter(coordinators__isnull=False).distinct().count() >= 8
    for email in ["staff@example.org", "coordinator@example.org", "practitioner@example.org"]:
        response = client.post("/account/sign-in/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert client.get("/my-groups/").status_code == 200
        client.logout()


# Each page a newcomer tries as a demo account, and something of the demo it must show.
PAGES = [
    ("coordinator", "/my-groups/", "Nottingham Aphasia Conversation Group"),
    ("coordinator", "/groups/nottingham-aphasia-conversation-group/support/", "A speaker on a topic"),
    ("coordinator", "/groups/nottingham-aphasia-conversation-group/support/", "1 offer of help waiting"),
    ("coordinator", "/groups/nottingham-parkinsons-friends/support/", "Review date"),
    ("coordinator", "/groups/nottingham-aphasia-conversation-group/support/visits-and-talks/",
     "Demo practitioner, Riverside Community Health (demo)"),
    ("coordinator", "/groups/nottingham-aphasia-conversation-group/support/visits-and-talks/",
     "Aphasia: talking with us, not about us"),
    ("coordinator", "/groups/nottingham-tinnitus-self-help-group/introductions/", "Pat (demo)"),
    ("coordinator", "/groups/nottingham-tinnitus-self-help-group/introductions/", "Chris (demo)"),
    ("coordinator", "/groups/nottingham-tinnitus-self-help-group/introductions/",
     "Prefers Polish; no interpreter needed"),
    ("coordinator", "/groups/nottingham-parkinsons-friends/introductions/", "Prefers Urdu; would like an interpreter"),
    ("coordinator", "/groups/nottingham-aphasia-conversation-group/introductions/", "DEMA-RCHX: Could not reach them"),
    ("coordinator", "/groups/nottingham-aphasia-conversation-group/have-your-say/",
     "Tell us what would make the stroke ward better for families"),
    ("coordinator", "/groups/nottingham-aphasia-conversation-group/have-your-say/",
     "Nottingham Neurological Conditions Forum"),
    ("coordinator", "/groups/nottingham-aphasia-conversation-group/reflections/", "summary on the group"),
    ("practitioner", "/support/", "Nottingham Tinnitus Self-Help Group"),
    ("practitioner", "/support/", "Nottingham Parkinson's Friends"),
    ("practitioner", "/support/offers/", "Meeting room at Trentside Hospital Education Centre"),
    ("practitioner", "/support/talks/", "What it is like to live with tinnitus"),
    ("practitioner", "/support/agency/", "Nottingham Aphasia Conversation Group"),
    ("practitioner", "/introductions/mine/", "DEMA-PRAC"),
    ("practitioner", "/opportunities/", "Tell us what would make the stroke ward better for families"),
    ("staff", "/staff/review/", "Meadows Carers' Walk and Talk"),
    ("staff", "/staff/support/", "Chelmsford Stroke Club and Aphasia Café"),
    ("staff", "/staff/support/", "Nottingham Parkinson's Friends"),
    ("staff", "/staff/introductions/", "Nottingham Tinnitus Self-Help Group"),
    ("staff", "/staff/enquiries/", "DEMQ-NOGP"),
    ("staff", "/staff/enquiries/DEMQ-STRT/", "Nottingham Tinnitus Self-Help Group"),
    ("staff", "/staff/listing-problems/", "Nottingham Parkinson's Friends"),
    ("coordinator", "/groups/nottingham-parkinsons-friends/listing-problems/", "second Thursday"),
    ("staff", "/opportunities/", "Consultation: hearing services in the city"),
    (None, "/groups/nottingham-aphasia-conversation-group/", "gives them back the confidence to talk"),
    ("staff", "/staff/feeds/", "Colchester Vertigo and Dizziness Group"),
    ("staff", "/staff/feeds/", "Demo directory file"),
    ("staff", "/staff/insight/coverage/", "districts of PO boxes and large organisations’ own postcodes"),
]


def test_every_part_of_the_product_has_something_to_show_as_a_demo_account(demo, client):
    empty = []
    for account, url, shows in PAGES:
        client.logout()
        if account:
            client.force_login(get_user_model().objects.get(email=f"{account}@example.org"))
        response = client.get(url)
        if response.status_code != 200 or shows not in html.unescape(response.content.decode()):
            empty.append((account, url, shows))
    assert not empty


def test_the_demo_shows_claims_to_staff_one_waiting_and_one_claimed(demo, client):
    from django.urls import reverse

    client.force_login(get_user_model().objects.get(email="staff@example.org"))
    page = client.get(reverse("directory:claims")).content.decode()
    assert "Derby Epilepsy Self-Help Group" in page and "Waiting" in page and "Claimed" in page
    # Many more groups the team keeps, with public addresses, can be sent one.
    assert page.count('name="groups"') >= 10
    claimed = Group.objects.get(slug="leicester-arthritis-self-help-group")
    assert "kept by the self-help team" not in client.get(claimed.get_absolute_url()).content.decode()


def test_the_demo_shows_a_cancelled_date_a_moved_one_and_a_quarterly_meeting(demo, client):
    from directory.models import MeetingChange

    cancelled = MeetingChange.objects.get(meeting__group__slug="nottingham-aphasia-conversation-group")
    assert cancelled.cancelled and cancelled.on_date.month in (12, 1)
    page = html.unescape(client.get("/groups/nottingham-aphasia-conversation-group/").content.decode())
    assert "Christmas holiday: the centre is closed" in page
    moved = MeetingChange.objects.get(meeting__group__slug="nottingham-parkinsons-friends")
    page = html.unescape(client.get("/groups/nottingham-parkinsons-friends/").content.decode())
    assert f"(moved from {moved.on_date:%A} {moved.on_date.day} {moved.on_date:%B %Y})" in page
    page = html.unescape(client.get("/groups/derby-heart-support-group/").content.decode())
    assert "Every 3 months, on the first Saturday, 10:30am to 12:30pm" in page
    call_command("load_demo", verbosity=0)
    assert MeetingChange.objects.count() == 2  # made once


def test_the_demo_shows_every_kind_of_cost_and_answer_and_a_group_meeting_at_a_members_home(demo):
    public = Group.objects.reachable()
    for kind in (Group.Cost.FREE, Group.Cost.DONATIONS, Group.Cost.CHARGE):
        assert public.filter(cost=kind).exists(), kind
    assert public.filter(cost=Group.Cost.CHARGE, cost_amount__isnull=False).exclude(cost_covers="").exists()
    for answer in (Group.BringSomeone.YES, Group.BringSomeone.NO, Group.BringSomeone.ASK):
        assert public.filter(bring_someone=answer).exists(), answer
    for answer in (Group.FirstVisit.GO_ALONG, Group.FirstVisit.GET_IN_TOUCH, Group.FirstVisit.EITHER):
        assert public.filter(first_visit=answer).exists(), answer
    # The group that says "get in touch and we will send you details" no longer reads "just go along".
    assert Group.objects.get(slug="nottingham-endometriosis-support-group").first_visit == "get_in_touch"
    home = Group.objects.listed().get(meetings__venue__at_home=True)
    assert search.search(Query(words="widowed")).total > 0
    assert home.started_year_only


def test_a_change_to_a_demo_groups_cost_survives_loading_the_demo_again(demo):
    Group.objects.filter(slug="nottingham-tinnitus-self-help-group").update(cost=Group.Cost.FREE)
    call_command("load_demo", verbosity=0)
    assert Group.objects.get(slug="nottingham-tinnitus-self-help-group").cost == Group.Cost.FREE


@pytest.mark.parametrize("params", [
    {"q": "lost my husband", "where": "M1 1AE"},  # outside the demo's area
    {"q": "lost my husband", "where": "CO10", "distance": "1", "meets": "in_person"},  # nothing found
])
def test_the_demo_offers_national_helplines_where_a_search_finds_no_group_near(demo, client, params):
    page = client.get("/search/", params).content.decode()
    assert "National helplines and organisations" in page
    assert "WAY Widowed and Young" in page
    assert '<a href="tel:08088081677"><bdi dir="ltr">0808 808 1677</bdi></a>' in page  # Cruse


def test_the_demo_shows_how_the_two_sides_of_an_agreed_visit_reach_each_other(demo, client):
    visit = VisitRequest.objects.get(group__slug="nottingham-parkinsons-friends", status=VisitRequest.Status.ACCEPTED)
    client.force_login(get_user_model().objects.get(email="practitioner@example.org"))
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "How to reach them" in page and "0115 496 0777" in page and "Margaret, our secretary" in page
    profile = get_user_model().objects.get(email="practitioner@example.org").support_profile
    assert {subject.slug for subject in profile.subjects.all()} == {"stroke-aphasia", "parkinsons"}


def test_the_demo_shows_opportunities_for_some_places_and_for_anywhere(demo):
    from voice import services

    def titles(slug):
        return {item.title for item in services.opportunities_for(Group.objects.get(slug=slug))}

    anywhere = "Help us write the hub's guide for professionals working with groups"
    ward = "Tell us what would make the stroke ward better for families"  # within 15 miles of Nottingham
    essex = "Going home after a stroke: tell the Mid Essex stroke team what helped"  # CM, SS
    hearing = "Consultation: hearing services in the city"  # NG, DE
    assert {anywhere, ward, hearing} <= titles("nottingham-aphasia-conversation-group")
    assert essex not in titles("nottingham-aphasia-conversation-group")
    assert titles("chelmsford-stroke-club-and-aphasia-cafe") == {anywhere, essex}
    # Derby is 13 miles from Nottingham, and this group wants to hear about things within 10.
    assert {anywhere, hearing} <= titles("derby-young-stroke-survivors")
    assert ward not in titles("derby-young-stroke-survivors")


def test_the_demo_has_groups_in_a_network_and_a_conversation_the_demo_coordinator_is_in(demo):
    from network.models import Conversation
    from network.services import find

    coordinator = get_user_model().objects.get(email="coordinator@example.org")
    mine = Group.objects.get(slug="nottingham-aphasia-conversation-group")
    assert Group.objects.listed().open_to_groups().count() >= 4
    assert Group.objects.listed().filter(looking_for_coordinator=True).exists()
    assert Group.objects.listed().filter(looking_for_volunteers=True).exists()
    assert find(mine)  # the network page is not empty
    conversation = Conversation.objects.involving(mine).get()
    assert conversation.shows_addresses
    assert {m.author for m in conversation.messages.all()} >= {coordinator}
    assert conversation.messages.count() == 2
