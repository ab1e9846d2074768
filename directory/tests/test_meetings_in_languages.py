"""A meeting reads as a whole sentence in each language (directory/recurrence.py takes each
weekday, week of the month and date from its own phrase in the catalogue, never gluing an
ordinal word to a day name), with the language's own days and times (hub/formats/)."""

import datetime

import pytest
import time_machine
from django.utils import translation

from directory.models import Meeting
from directory.recurrence import Change, Pattern, Rule, describe, describe_change
from directory.tests.factory import make_group

from .test_views import text_of

SEVEN, NINE = datetime.time(19), datetime.time(21)

# (rule, English, Welsh, Polish, Chinese); English as it has always read.
SENTENCES = [
    (Rule(Pattern.WEEKLY, weekday=1),
     "Every Tuesday, 7pm to 9pm", "Bob dydd Mawrth, 7 y.h. i 9 y.h.",
     "W każdy wtorek, od 19:00 do 21:00", "每周二，19:00至21:00"),
    (Rule(Pattern.EVERY_N_WEEKS, interval=2, weekday=2),
     "Every 2 weeks on Wednesdays, 7pm to 9pm", "Bob 2 wythnos ar ddydd Mercher, 7 y.h. i 9 y.h.",
     "Co 2 tygodnie, w środy, od 19:00 do 21:00", "每2周一次，在周三，19:00至21:00"),
    (Rule(Pattern.NTH_WEEKDAY, weekday=1, week_of_month=2),
     "The second Tuesday of each month, 7pm to 9pm", "Yr ail ddydd Mawrth o bob mis, 7 y.h. i 9 y.h.",
     "W drugi wtorek każdego miesiąca, od 19:00 do 21:00", "每月第二个周二，19:00至21:00"),
    (Rule(Pattern.NTH_WEEKDAY, weekday=5, week_of_month=3, interval=3),
     "Every 3 months, on the third Saturday, 7pm to 9pm", "Bob 3 mis, ar y trydydd dydd Sadwrn, 7 y.h. i 9 y.h.",
     "Co 3 miesiące, w trzecią sobotę miesiąca, od 19:00 do 21:00",
     "每3个月一次，在当月第三个周六，19:00至21:00"),
    (Rule(Pattern.LAST_WEEKDAY, weekday=4),
     "The last Friday of each month, 7pm to 9pm", "Y dydd Gwener olaf o bob mis, 7 y.h. i 9 y.h.",
     "W ostatni piątek każdego miesiąca, od 19:00 do 21:00", "每月最后一个周五，19:00至21:00"),
    (Rule(Pattern.MONTHLY_DATE, day_of_month=3),
     "On the 3rd of each month, 7pm to 9pm", "Ar y 3ydd o bob mis, 7 y.h. i 9 y.h.",
     "3. dnia każdego miesiąca, od 19:00 do 21:00", "每月3日，19:00至21:00"),
    (Rule(Pattern.MONTHLY_DATE, day_of_month=15, interval=2),
     "Every 2 months, on the 15th, 7pm to 9pm", "Bob 2 mis, ar y 15fed, 7 y.h. i 9 y.h.",
     "Co 2 miesiące, 15. dnia miesiąca, od 19:00 do 21:00", "每2个月一次，在当月15日，19:00至21:00"),
]


@pytest.mark.parametrize(("rule", "english", "welsh", "polish", "chinese"), SENTENCES)
def test_a_meeting_reads_as_a_whole_sentence_in_each_language(rule, english, welsh, polish, chinese):
    for code, expected in [("en-gb", english), ("cy", welsh), ("pl", polish), ("zh-hans", chinese)]:
        with translation.override(code):
            assert describe(rule, SEVEN, NINE) == expected


@pytest.mark.parametrize("code", ["cy", "pl", "ur", "bn", "pa", "zh-hans", "ar"])
def test_every_pattern_is_translated_whole_in_every_language(code):
    """No English word is left in any description: each of the 140 phrases is translated."""
    english = {"Every", "every", "on", "the", "of", "each", "month", "months", "week", "weeks", "last"}
    english |= {day for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
                for day in (name, name + "s")}
    rules = [Rule(Pattern.WEEKLY, weekday=d) for d in range(7)]
    rules += [Rule(Pattern.EVERY_N_WEEKS, interval=n, weekday=d) for d in range(7) for n in (2, 5, 12)]
    rules += [Rule(Pattern.NTH_WEEKDAY, weekday=d, week_of_month=w, interval=n)
              for d in range(7) for w in (1, 2, 3, 4) for n in (1, 2, 3, 12)]
    rules += [Rule(Pattern.LAST_WEEKDAY, weekday=d, interval=n) for d in range(7) for n in (1, 6)]
    rules += [Rule(Pattern.MONTHLY_DATE, day_of_month=day, interval=n) for day in range(1, 29) for n in (1, 3)]
    with translation.override(code):
        for rule in rules:
            text = describe(rule)
            assert not english & set(text.replace(",", " ").split()), (rule, text)


def test_a_cancelled_date_reads_in_welsh():
    with translation.override("cy"):
        assert describe_change(Change(datetime.date(2027, 2, 24), note="gwyliau")) == \
            "Dim cyfarfod – Dydd Mercher 24 Chwefror 2027: gwyliau"


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "expected"), [
    ("cy", ["Yr ail ddydd Mawrth o bob mis, 7 y.h. i 9 y.h.", "Dydd Mawrth 8 Rhagfyr 2026, am 7 y.h."]),
    ("pl", ["W drugi wtorek każdego miesiąca, od 19:00 do 21:00", "wtorek, 8 grudnia 2026, o 19:00"]),
    ("zh-hans", ["每月第二个周二，19:00至21:00", "2026年12月8日 星期二"]),
    ("en-gb", ["The second Tuesday of each month, 7pm to 9pm", "Tuesday 8 December 2026, 7pm"]),
])
def test_a_group_s_page_says_when_it_meets_in_the_reader_s_language(client, code, expected):
    group = make_group(meetings=[{"pattern": Meeting.Pattern.NTH_WEEKDAY, "weekday": 1, "week_of_month": 2}])
    prefix = "" if code == "en-gb" else f"/{code}"
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC)):
        body = text_of(client.get(prefix + group.get_absolute_url()))
    for phrase in expected:
        assert phrase in body, phrase
