"""A leaflet fits its paper: a typical group's A5 leaflet on one sheet printed on both
sides, a long listing's A5 leaflet cut with a pointer to the rest, and the large-print
leaflet never splitting the way to get in touch across two pages."""

import datetime
import time

import pytest
from django.urls import reverse

from directory.models import Meeting
from directory.tests.factory import make_group, make_venue
from hub.phones import display_phone as phone
from lib.text import LINE, LONG_LINE, MESSAGE, NAME, OWN_WORDS

from . import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_address", "printed_on")]


def leaflet(client, group, **params):
    response = client.get(reverse("publishing:group-leaflet", args=[group.slug]), params)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def library():
    return make_venue("DE1 1AA", name="Darley Fields Library", address_1="Mill Meadow Road", step_free=True,
                      hearing_loop=True, accessible_toilet=True, parking=True,
                      transport="Buses from the city centre stop outside. The riverside path is next to the library.",
                      access_notes="Level access throughout. Free car park. Large-print and talking books on loan.")


def heart_group():
    """The demo's Derby Heart Support Group: three meetings at one library (five A5 pages once)."""
    venue = library()
    return make_group(
        name="Derby Heart Support Group", slug="derby-heart-support-group",
        summary="For people with heart conditions and their partners: monthly evening meetings and a gentle "
        "Monday walk.",
        who_for="Anyone who has had a heart attack, heart surgery, or lives with angina, heart failure or another "
        "heart condition, and their families.",
        description="After cardiac rehab ends, it can feel like you are on your own; we are the next step. Our "
        "monthly meeting is part chat, part information, and sometimes a talk from someone we have invited. On "
        "Monday mornings we walk by the river at the pace of the slowest walker and finish with a cuppa.",
        newcomers="Come to whichever suits you. The walk is a nice, easy way to meet people.",
        phone="07700 900115", email="derbyheart@example.org", website="https://derbyheart.example.org",
        contact_role="Group secretary", family_welcome=True, languages=["en"],
        last_confirmed_on=datetime.date(2026, 11, 1),
        meetings=[
            {"pattern": Meeting.Pattern.NTH_WEEKDAY, "weekday": 3, "week_of_month": 4, "venue": venue},
            {"pattern": Meeting.Pattern.WEEKLY, "weekday": 0, "venue": venue,
             "start_time": datetime.time(10), "end_time": datetime.time(11, 30),
             "notes": "Monday walk: we meet outside the library"},
            {"pattern": Meeting.Pattern.NTH_WEEKDAY, "interval": 3, "weekday": 5, "week_of_month": 1,
             "venue": venue, "start_time": datetime.time(10, 30), "end_time": datetime.time(12, 30),
             "starts_on": datetime.date(2025, 1, 4),
             "notes": "Our family morning: a talk from a cardiac rehabilitation nurse, and time to chat"},
        ],
    )


def widowed_group(extra_sentences=0):
    """The demo's Nottingham Young Widowed Group: a meeting at a hall and one online (three A5
    pages once), its description longer by `extra_sentences`."""
    venue = make_venue("NG1 5FW", name="Sneinton Hill Neighbourhood Hub", address_1="5 Carver Street",
                       address_2="Sneinton", step_free=True, hearing_loop=True, accessible_toilet=True, parking=True,
                       transport="Buses from the city centre stop outside; about 15 minutes' walk from Victoria "
                       "bus station.",
                       access_notes="Ground-floor rooms, baby-changing, a small car park and space for buggies and "
                       "wheelchairs.")
    return make_group(
        name="Nottingham Young Widowed Group", slug=f"nottingham-young-widowed-group-{extra_sentences}",
        summary="For people widowed young: Saturday meet-ups where the kids can come too, and a monthly online "
        "chat.",
        who_for="People under about 55 whose partner has died, married or not, with or without children.",
        description="Being widowed young is different: the children, the work, the friends who drift away. We meet "
        "on a Saturday at a family-friendly venue so children can play while the adults talk. The online chat on "
        "the 25th is for evenings when grief hits hardest."
        + " Some of us have been coming for years." * extra_sentences,
        newcomers="Get in touch and we will send details. Many of us came along within weeks of the death; others "
        "waited years.",
        phone="0115 496 0258", email="youngwidowed.notts@example.org", contact_role="Group organiser",
        family_welcome=True, languages=["en"], last_confirmed_on=datetime.date(2026, 11, 1),
        meetings=[
            {"pattern": Meeting.Pattern.NTH_WEEKDAY, "weekday": 5, "week_of_month": 3, "venue": venue,
             "start_time": datetime.time(11), "end_time": datetime.time(13)},
            {"pattern": Meeting.Pattern.MONTHLY_DATE, "weekday": None, "day_of_month": 25,
             "attendance": Meeting.Attendance.ONLINE,
             "online_details": "On Zoom; the link is sent when you get in touch",
             "start_time": datetime.time(20), "end_time": datetime.time(21)},
        ],
    )


@pytest.mark.parametrize("make", [heart_group, widowed_group], ids=["three-meetings-one-library", "hall-and-online"])
def test_a_typical_group_s_a5_leaflet_is_one_sheet_printed_on_both_sides(client, make):
    group = make()
    body = leaflet(client, group)
    assert int(pdftools.info(body)["Pages"]) <= 2
    words = pdftools.text(body)
    for fact in [group.description, phone(group.phone), group.email, "Next dates:"]:
        assert fact in words, fact


def filled(limit, start):
    text = (start + " meets to talk with people who understand. ") * (limit // 40 + 1)
    return text[:limit].strip()


def test_a_group_with_every_text_at_its_bound_is_made_in_time_and_says_where_to_read_the_rest(client, settings):
    venue = make_venue("NG1 5FW", name=filled(NAME, "Hall"), address_1=filled(NAME, "1"),
                       transport=filled(LINE, "Bus"), access_notes=filled(MESSAGE, "Access"))
    group = make_group(
        name=filled(NAME, "Group"), slug="long-group", summary=filled(LINE, "Summary"),
        who_for=filled(OWN_WORDS, "For"), description=filled(OWN_WORDS, "Description"),
        newcomers=filled(OWN_WORDS, "Newcomers"), run_by=filled(LINE, "Run"),
        contact_role=filled(100, "Role"), email="group@example.org",
        meetings=[{"venue": venue, "notes": filled(LONG_LINE, "Notes")},
                  {"attendance": Meeting.Attendance.ONLINE, "online_details": filled(LINE, "Zoom")}],
    )
    leaflet(client, group)  # fonts and templates loaded once, as on a running server

    started = time.perf_counter()
    body = leaflet(client, group)
    took = time.perf_counter() - started

    assert took < settings.PDF_TIME_BUDGET_SECONDS, f"the leaflet took {took:.2f}s"
    words = pdftools.text(body)
    # Cut at the end of a sentence, then pointed to the web page for the rest.
    assert "Description meets to talk with people who understand. The rest is on the group’s web page:" in words
    assert pdftools.has_address("https://hub.example.org/groups/long-group/", words)
    assert words.count("Description meets") < OWN_WORDS // 40


# Descriptions of growing length move the contact details down the pages, so that one of
# them falls where a page ends (one did, before the contact details were kept together).
@pytest.mark.parametrize("extra_sentences", range(0, 12, 2))
def test_the_large_print_leaflet_keeps_the_phone_number_and_email_whole_on_one_page(client, extra_sentences):
    group = widowed_group(extra_sentences)
    pages = [" ".join(page.split()) for page in pdftools.text_pages(leaflet(client, group, print="large"))]
    with_phone = [number for number, page in enumerate(pages) if f"Phone: {phone(group.phone)}" in page]
    with_email = [number for number, page in enumerate(pages) if group.email in page.replace("Email: ", "Email:")]
    with_heading = [number for number, page in enumerate(pages) if "How to get in touch" in page]
    assert with_phone and with_email, "the phone number or the email is split across pages"
    assert with_phone == with_email == with_heading, "the contact details are spread over pages"


@pytest.mark.parametrize(("text", "limit", "printed"), [
    ("Short enough.", 50, ("Short enough.", False)),
    ("We meet on Mondays. We walk by the river. We finish with tea.", 45,
     ("We meet on Mondays. We walk by the river.", True)),
    ("Is it for me? “Yes,” they said. And then more words follow here", 40, ("Is it for me? “Yes,” they said.", True)),
    # No sentence ends in the second half of what fits: cut after a whole word instead.
    ("Hi. " + "word " * 30, 60, ("Hi. " + "word " * 10 + "word …", True)),
])
def test_a5_text_is_cut_at_the_end_of_a_sentence_when_there_is_one(text, limit, printed):
    from publishing.printed import _printed_text

    assert _printed_text(text, limit) == printed
