"""Listing a group a step at a time (directory.listing): each step checked by the listing's
own forms, its answers kept in the session, all of them shown to check, checked again and
sent once. The one-page form's rules are tested through these steps in test_manage.py."""

import pytest
from django.urls import reverse

from directory.listing import SESSION_KEY, STEPS
from directory.models import Category, Group, GroupChange, Meeting, Venue

from .test_manage import listing_data

pytestmark = pytest.mark.django_db

CHECK = reverse("directory:list-group-check")


def url(slug):
    return reverse("directory:list-group") if slug == STEPS[0].slug else reverse("directory:list-group-step",
                                                                                 args=[slug])


@pytest.fixture
def data():
    return listing_data(**{"group-categories": [Category.objects.get(slug="twins-multiples").pk]})


@pytest.fixture
def answered(client, pat, data):
    """pat has answered every step."""
    client.force_login(pat)
    for step in STEPS:
        assert client.post(url(step.slug), data).status_code == 302
    return client


def test_the_first_step_is_at_the_listing_address_of_old():
    assert url("about") == "/list-your-group/"


def test_each_step_refuses_its_own_bad_answers_and_keeps_nothing(client, pat, data):
    client.force_login(pat)
    response = client.post(url("about"), {**data, "group-who_for": "", "about-mutual_support": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Say who the group is for." in body and "Say whether you meet mainly to support each other." in body
    assert "This field is required" not in body
    assert SESSION_KEY not in client.session
    # A later step's rules are not asked on the first step.
    assert client.post(url("about"), {**data, "group-email": ""}).status_code == 302


def test_the_first_time_through_each_step_leads_to_the_next_and_the_last_to_the_answers(client, pat, data):
    client.force_login(pat)
    for step, following in zip(STEPS, STEPS[1:], strict=False):
        assert client.post(url(step.slug), data)["Location"] == url(following.slug)
    assert client.post(url(STEPS[-1].slug), data)["Location"] == CHECK


def test_a_step_keeps_only_its_own_answers(client, pat, data):
    client.force_login(pat)
    client.post(url("about"), {**data, "unrelated": "x" * 1000})
    kept = client.session[SESSION_KEY]
    assert set(kept) == {"about"}
    assert kept["about"]["group-name"] == ["Beeston Twins Club"]
    assert "group-email" not in kept["about"] and "unrelated" not in kept["about"]


def test_going_back_shows_the_answers_given(answered):
    body = answered.get(url("about")).content.decode()
    assert 'value="Beeston Twins Club"' in body
    assert "There is a problem" not in body
    body = answered.get(url("subjects")).content.decode()
    assert "checked" in body and "<details open>" in body  # the chosen subject's heading is open


@pytest.mark.parametrize("slug", ["subjects", "meeting", "contact", "facts"])
def test_a_step_reached_before_the_ones_before_it_are_answered_goes_to_the_first_unanswered(client, pat, data,
                                                                                           slug):
    client.force_login(pat)
    assert client.get(url(slug))["Location"] == url("about")
    assert client.post(url(slug), data)["Location"] == url("about")
    assert client.get(CHECK)["Location"] == url("about")
    client.post(url("about"), data)
    if slug != "subjects":
        assert client.get(url(slug))["Location"] == url("subjects")
    assert client.post(CHECK)["Location"] == url("subjects")
    assert not Group.objects.exists()


def test_an_unknown_step_is_not_found(client, pat):
    client.force_login(pat)
    assert client.get(reverse("directory:list-group-step", args=["payment"])).status_code == 404


def test_the_answers_to_check_show_every_answer_with_a_link_to_change_it(answered):
    body = answered.get(CHECK).content.decode()
    for answer in ["Beeston Twins Club", "Parents and carers of twins and triplets.", "Twins", "Every Wednesday",
                   "Beeston Library", "NG9 1AA", "Step-free access", "twins@example.org"]:
        assert answer in body, answer
    assert f'href="{url("about")}#id_group-name"' in body
    assert f'href="{url("meeting")}#id_meeting-venue_town"' in body
    assert f'href="{url("contact")}#id_group-email"' in body
    assert not Group.objects.exists()  # nothing is sent by looking


def test_a_change_goes_back_to_the_step_then_to_the_answers_again(answered, data):
    assert 'value="Beeston Twins Club"' in answered.get(url("about")).content.decode()
    response = answered.post(url("about"), {**data, "group-name": "Beeston Twins and Triplets"})
    assert response["Location"] == CHECK
    body = answered.get(CHECK).content.decode()
    assert "Beeston Twins and Triplets" in body
    assert "twins@example.org" in body  # the other answers are kept


def test_sending_creates_one_group_with_its_history_and_forgets_the_answers(answered, pat):
    response = answered.post(CHECK)
    group = Group.objects.get()
    assert response["Location"] == reverse("directory:manage", args=[group.slug])
    assert group.status == Group.Status.PENDING and group.name == "Beeston Twins Club"
    assert list(group.categories.values_list("slug", flat=True)) == ["twins-multiples"]
    assert group.run_by_members is True and group.coordinators.get().user == pat
    assert (Meeting.objects.count(), Venue.objects.count()) == (1, 1)
    assert list(group.history.values_list("action", flat=True)) == [GroupChange.Action.SUBMITTED]
    assert SESSION_KEY not in answered.session
    # Sending again sends nothing more: the answers are gone.
    assert answered.post(CHECK)["Location"] == url("about")
    assert Group.objects.count() == 1


@pytest.mark.parametrize(("slug", "key", "value", "message"), [
    ("about", "group-name", "Beeston\nTwins", "Keep this to one line"),
    ("subjects", "group-categories", "999999", "Select a valid choice"),
    ("meeting", "meeting-venue_postcode", "XX99 9ZZ", "full UK postcode"),
    ("contact", "group-email", "", "at least one way to get in touch"),
])
def test_answers_changed_in_the_session_are_checked_again_and_nothing_is_sent(answered, slug, key, value,
                                                                              message):
    session = answered.session
    session[SESSION_KEY][slug][key] = [value]
    session.save()
    assert answered.get(CHECK)["Location"] == url(slug)
    assert answered.post(CHECK)["Location"] == url(slug)
    assert not Group.objects.exists()
    body = answered.get(url(slug)).content.decode()
    assert message in body and "There is a problem" in body


def test_answers_kept_in_a_shape_no_step_writes_are_asked_again(answered):
    session = answered.session
    session[SESSION_KEY]["contact"] = "not answers"
    session.save()
    assert answered.get(CHECK)["Location"] == url("contact")
    assert not Group.objects.exists()
