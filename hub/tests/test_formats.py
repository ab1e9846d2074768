"""Dates, times and numbers are written as the reader's language writes them (hub/formats/,
lib/dates.py, lib/numbers.py), English exactly as before, and no template spells out a date
format of its own."""

import datetime
import re
import unicodedata

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

from lib.dates import format_day, format_time
from lib.numbers import count, decimal_number, pounds

WEDNESDAY = datetime.date(2027, 2, 24)
# Formats a template or the code may give by letters: none yet. A machine-readable format
# (a <time datetime> attribute's "c" or "Y-m-d") would be listed here.
MACHINE_FORMATS = set()
# (file, format) given by letters, reviewed: the staff's charts label each month "Feb 2027"
# and "Feb 27"; staff pages are read in English and Welsh only (PUBLIC_ONLY_LANGUAGES show
# them in English), and both write a month before its year.
REVIEWED = {("insights/views.py", "M Y"), ("insights/views.py", "M y")}
NAMED = re.compile(r"[A-Z_]+_FORMAT")


def same(text, expected):
    """Equal once both are in one Unicode form (Bengali's য় may be one character or two)."""
    return unicodedata.normalize("NFC", text) == unicodedata.normalize("NFC", expected)


@pytest.mark.parametrize(("code", "text"), [
    ("en-gb", "Wednesday 24 February 2027"),
    ("cy", "Dydd Mercher 24 Chwefror 2027"),
    ("pl", "środa, 24 lutego 2027"),
    ("zh-hans", "2027年2月24日 星期三"),
    ("ur", "بدھ، 24 فروری 2027"),
    ("bn", "বুধবার, 24 ফেব্রুয়ারি, 2027"),
    ("pa", "ਬੁੱਧਵਾਰ, 24 ਫਰਵਰੀ 2027"),
    ("ar", "الأربعاء، 24 فبراير 2027"),
])
def test_a_day_is_written_as_its_language_writes_it_with_digits_0_to_9(code, text):
    with translation.override(code):
        assert same(format_day(WEDNESDAY), text)
        assert same(Template('{{ day|date:"WEEKDAY_DATE_FORMAT" }}').render(Context({"day": WEDNESDAY})), text)


@pytest.mark.parametrize(("code", "seven", "half_ten", "noon"), [
    ("en-gb", "7pm", "10:30am", "12 noon"),
    ("cy", "7 y.h.", "10:30 y.b.", "canol dydd"),
    ("pl", "19:00", "10:30", "12:00"),
    ("zh-hans", "19:00", "10:30", "12:00"),
    ("ur", "19:00", "10:30", "12:00"),
    ("pa", "19:00", "10:30", "12:00"),
    ("ar", "7:00 م", "10:30 ص", "12:00 م"),
])
def test_a_time_is_written_as_its_language_writes_it(code, seven, half_ten, noon):
    with translation.override(code):
        assert [format_time(datetime.time(19)), format_time(datetime.time(10, 30)),
                format_time(datetime.time(12))] == [seven, half_ten, noon]
        template = Template("{% load dates %}{{ at|time_of_day }}")
        assert template.render(Context({"at": datetime.time(19)})) == seven


def test_english_dates_read_as_they_always_have():
    with translation.override("en-gb"):
        assert formats.date_format(WEDNESDAY, "DATE_FORMAT") == "24 February 2027"
        assert formats.date_format(WEDNESDAY, "SHORT_DATE_FORMAT") == "24 Feb 2027"
        moment = datetime.datetime(2027, 2, 24, 19, 5)
        assert formats.date_format(moment, "DATETIME_FORMAT") == "24 February 2027, 19:05"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "24 Feb 2027, 19:05"
        assert format_time(datetime.time(0, 15)) == "12:15am"


@pytest.mark.parametrize("code", [code for code, _name in settings.KNOWN_LANGUAGES])
def test_every_language_names_the_hub_s_formats_and_none_is_american(code):
    """Django falls back to American formats ("Feb. 24, 2027", "7 p.m.") for a language it
    has none for, and gives a missing named format back as its own name."""
    with translation.override(code):
        for name in ("WEEKDAY_DATE_FORMAT", "CLOCK_FORMAT"):
            assert formats.get_format(name) != name, name
        for name in ("DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT"):
            assert "N" not in formats.get_format(name) and not formats.get_format(name).startswith("n/"), name


@pytest.mark.parametrize(("code", "fee", "whole", "thousands", "miles"), [
    ("en-gb", "£2.50", "£3", "£1,500", "2.5"),
    ("cy", "£2.50", "£3", "£1,500", "2.5"),
    ("pl", "£2,50", "£3", "£1\xa0500", "2,5"),  # a no-break space between thousands
])
def test_money_keeps_the_pound_sign_in_front_and_numbers_follow_the_language(code, fee, whole, thousands, miles):
    with translation.override(code):
        assert [pounds("2.5"), pounds(3), pounds(1500)] == [fee, whole, thousands]
        assert decimal_number(2.5) == miles and decimal_number(1.0) == "1"


@pytest.mark.parametrize(("code", "grouped"), [("en-gb", "1,537"), ("cy", "1,537"), ("pl", "1\xa0537")])
def test_counts_group_their_thousands_as_the_language_does_and_leave_words_alone(code, grouped):
    with translation.override(code):
        assert count(1537) == grouped
        assert count(12) == "12"
        assert count("fewer than 5") == "fewer than 5"
        assert count(True) is True  # yes and no are not counts


def _given_formats():
    """(file, format) of each date or time format spelled out in a template or the code."""
    root = settings.BASE_DIR
    patterns = {
        "template": re.compile(r'\|(?:date|time):"([^"]*)"|\{% now "([^"]*)"'),
        "code": re.compile(r'(?:date_format|time_format)\([^,()]+(?:\([^()]*\))?,\s*"([^"]*)"'),
    }
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or relative.startswith((".", "staticfiles/")) or "/tests/" in f"/{relative}":
            continue
        if path.suffix in (".html", ".txt") and relative.startswith("templates/"):
            kind = "template"
        elif path.suffix == ".py" and not relative.startswith("hub/formats/"):
            kind = "code"
        else:
            continue
        for match in patterns[kind].finditer(path.read_text(encoding="utf-8")):
            yield relative, next(group for group in match.groups() if group is not None)


def test_no_template_or_code_spells_out_a_date_format():
    """Templates and code name a format (DATE_FORMAT, WEEKDAY_DATE_FORMAT...), which each
    language defines, rather than writing "j F Y", which reads English in every language."""
    given = list(_given_formats())
    assert any(fmt == "WEEKDAY_DATE_FORMAT" for _path, fmt in given)  # the scan finds them
    spelled = {(path, fmt) for path, fmt in given if not NAMED.fullmatch(fmt) and fmt not in MACHINE_FORMATS}
    assert spelled == REVIEWED
