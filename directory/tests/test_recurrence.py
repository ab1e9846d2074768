import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.recurrence import (
    LONDON,
    Change,
    Occurrence,
    Pattern,
    Rule,
    RuleError,
    describe,
    describe_change,
    is_meeting_date,
    next_dates,
    next_starts,
    upcoming,
)

TUESDAY = 1


def d(text):
    return datetime.date.fromisoformat(text)


class TestNextDates:
    def test_weekly_gives_each_tuesday(self):
        rule = Rule(Pattern.WEEKLY, weekday=TUESDAY, starts_on=d("2025-01-07"))
        assert next_dates(rule, 3, after=d("2026-11-22")) == [d("2026-11-24"), d("2026-12-01"), d("2026-12-08")]

    def test_today_counts_when_it_is_a_meeting_day(self):
        rule = Rule(Pattern.WEEKLY, weekday=TUESDAY, starts_on=d("2025-01-07"))
        assert next_dates(rule, 1, after=d("2026-11-24")) == [d("2026-11-24")]

    def test_every_n_weeks_keeps_the_rhythm_of_its_first_meeting(self):
        rule = Rule(Pattern.EVERY_N_WEEKS, interval=2, weekday=TUESDAY, starts_on=d("2026-11-17"))
        assert next_dates(rule, 3, after=d("2026-11-22")) == [d("2026-12-01"), d("2026-12-15"), d("2026-12-29")]

    def test_every_three_weeks(self):
        rule = Rule(Pattern.EVERY_N_WEEKS, interval=3, weekday=0, starts_on=d("2026-01-05"))
        dates = next_dates(rule, 3, after=d("2026-01-06"))
        assert dates == [d("2026-01-26"), d("2026-02-16"), d("2026-03-09")]

    def test_second_tuesday_of_the_month(self):
        rule = Rule(Pattern.NTH_WEEKDAY, weekday=TUESDAY, week_of_month=2, starts_on=d("2025-01-01"))
        assert next_dates(rule, 3, after=d("2026-11-22")) == [d("2026-12-08"), d("2027-01-12"), d("2027-02-09")]

    def test_last_friday_of_the_month(self):
        rule = Rule(Pattern.LAST_WEEKDAY, weekday=4, starts_on=d("2025-01-01"))
        assert next_dates(rule, 3, after=d("2026-11-22")) == [d("2026-11-27"), d("2026-12-25"), d("2027-01-29")]

    def test_monthly_by_date(self):
        rule = Rule(Pattern.MONTHLY_DATE, day_of_month=15, starts_on=d("2025-01-01"))
        assert next_dates(rule, 3, after=d("2026-11-22")) == [d("2026-12-15"), d("2027-01-15"), d("2027-02-15")]

    def test_irregular_has_no_dates(self):
        assert next_dates(Rule(Pattern.IRREGULAR), 3, after=d("2026-11-22")) == []

    def test_a_group_that_has_not_started_yet_begins_on_its_first_date(self):
        rule = Rule(Pattern.WEEKLY, weekday=TUESDAY, starts_on=d("2027-03-02"))
        assert next_dates(rule, 2, after=d("2026-11-22")) == [d("2027-03-02"), d("2027-03-09")]

    def test_an_invalid_rule_gives_no_dates_rather_than_an_error(self):
        assert next_dates(Rule(Pattern.WEEKLY, weekday=None), 3) == []


class TestClockChanges:
    """Meetings keep their local time when the clocks go forward or back."""

    def test_weekly_evening_meeting_across_the_autumn_change(self):
        rule = Rule(Pattern.WEEKLY, weekday=3, starts_on=d("2026-01-01"))  # Thursdays
        after = datetime.datetime(2026, 10, 20, 12, 0, tzinfo=LONDON)
        starts = next_starts(rule, datetime.time(19, 0), count=3, after=after)
        assert [s.date() for s in starts] == [d("2026-10-22"), d("2026-10-29"), d("2026-11-05")]
        assert all((s.hour, s.minute) == (19, 0) for s in starts)
        utc_hours = [s.astimezone(datetime.UTC).hour for s in starts]
        assert utc_hours == [18, 19, 19]  # BST ends on Sunday 25 October 2026

    def test_monthly_meeting_across_the_spring_change(self):
        rule = Rule(Pattern.NTH_WEEKDAY, weekday=0, week_of_month=1, starts_on=d("2026-01-01"))
        after = datetime.datetime(2026, 3, 1, tzinfo=LONDON)
        starts = next_starts(rule, datetime.time(10, 30), count=2, after=after)
        assert [s.date() for s in starts] == [d("2026-03-02"), d("2026-04-06")]
        assert [s.astimezone(datetime.UTC).strftime("%H:%M") for s in starts] == ["10:30", "09:30"]

    def test_a_meeting_on_the_day_the_clocks_change(self):
        # Sunday 29 March 2026: 1am GMT becomes 2am BST. A 2pm meeting is still at 2pm.
        rule = Rule(Pattern.WEEKLY, weekday=6, starts_on=d("2026-01-04"))
        starts = next_starts(rule, datetime.time(14, 0), count=1,
                             after=datetime.datetime(2026, 3, 29, 0, 30, tzinfo=LONDON))
        assert starts[0].isoformat() == "2026-03-29T14:00:00+01:00"

    def test_meetings_already_started_today_are_skipped(self):
        rule = Rule(Pattern.WEEKLY, weekday=TUESDAY, starts_on=d("2025-01-07"))
        after = datetime.datetime(2026, 11, 24, 20, 0, tzinfo=LONDON)
        starts = next_starts(rule, datetime.time(19, 0), count=1, after=after)
        assert starts[0].date() == d("2026-12-01")


class TestValidation:
    @pytest.mark.parametrize(("rule", "field"), [
        (Rule(Pattern.WEEKLY), "weekday"),
        (Rule(Pattern.EVERY_N_WEEKS, interval=1, weekday=1), "interval"),
        (Rule(Pattern.EVERY_N_WEEKS, interval=13, weekday=1), "interval"),
        (Rule(Pattern.NTH_WEEKDAY, weekday=1, week_of_month=5), "week_of_month"),
        (Rule(Pattern.MONTHLY_DATE, day_of_month=31), "day_of_month"),
        (Rule(Pattern.MONTHLY_DATE, day_of_month=0), "day_of_month"),
        (Rule("fortnightly-ish"), "pattern"),
    ])
    def test_it_names_the_field_that_is_wrong(self, rule, field):
        with pytest.raises(RuleError) as caught:
            rule.validate()
        assert caught.value.field == field


class TestDescribe:
    @pytest.mark.parametrize(("rule", "text"), [
        (Rule(Pattern.WEEKLY, weekday=1), "Every Tuesday, 7pm to 9pm"),
        (Rule(Pattern.EVERY_N_WEEKS, interval=2, weekday=2), "Every 2 weeks on Wednesdays, 7pm to 9pm"),
        (Rule(Pattern.NTH_WEEKDAY, weekday=1, week_of_month=2), "The second Tuesday of each month, 7pm to 9pm"),
        (Rule(Pattern.LAST_WEEKDAY, weekday=4), "The last Friday of each month, 7pm to 9pm"),
        (Rule(Pattern.MONTHLY_DATE, day_of_month=15), "On the 15th of each month, 7pm to 9pm"),
    ])
    def test_it_says_when_in_plain_english(self, rule, text):
        assert describe(rule, datetime.time(19), datetime.time(21)) == text

    def test_irregular_says_to_contact_the_group(self):
        assert "contact the group" in describe(Rule(Pattern.IRREGULAR))

    def test_times_read_the_uk_way(self):
        rule = Rule(Pattern.WEEKLY, weekday=0)
        assert describe(rule, datetime.time(10, 30), datetime.time(12)) == "Every Monday, 10:30am to 12 noon"


@given(
    pattern=st.sampled_from([p for p in Pattern if p != Pattern.IRREGULAR]),
    weekday=st.integers(0, 6), interval=st.integers(2, 12), week=st.integers(1, 4),
    day=st.integers(1, 28),
    starts_on=st.dates(datetime.date(2015, 1, 1), datetime.date(2030, 1, 1)),
    after=st.dates(datetime.date(2015, 1, 1), datetime.date(2035, 1, 1)),
)
def test_starting_the_series_near_today_gives_the_same_dates_as_walking_from_the_start(
    pattern, weekday, interval, week, day, starts_on, after,
):
    from dateutil import rrule as dateutil_rrule

    rule = Rule(pattern, interval=interval if pattern == Pattern.EVERY_N_WEEKS else 1, weekday=weekday,
                week_of_month=week, day_of_month=day, starts_on=starts_on)
    walked = dateutil_rrule.rrule(
        dtstart=datetime.datetime.combine(starts_on, datetime.time()), **rule.to_rrule_kwargs()
    ).xafter(datetime.datetime.combine(after, datetime.time()), count=3, inc=True)
    assert next_dates(rule, 3, after=after) == [when.date() for when in walked]


def test_a_group_that_is_closing_has_no_dates_after_its_last_meeting():
    rule = Rule(Pattern.WEEKLY, weekday=TUESDAY, starts_on=d("2025-01-07"), ends_on=d("2026-12-08"))
    assert next_dates(rule, 3, after=d("2026-11-30")) == [d("2026-12-01"), d("2026-12-08")]
    assert next_dates(rule, 3, after=d("2026-12-09")) == []


def test_the_last_meeting_cannot_come_before_the_first():
    with pytest.raises(RuleError) as caught:
        Rule(Pattern.WEEKLY, weekday=1, starts_on=d("2026-01-01"), ends_on=d("2025-01-01")).validate()
    assert caught.value.field == "ends_on"


class TestEveryFewMonths:
    def test_quarterly_on_the_first_tuesday_keeps_the_months_of_its_first_meeting(self):
        rule = Rule(Pattern.NTH_WEEKDAY, interval=3, weekday=TUESDAY, week_of_month=1, starts_on=d("2025-02-01"))
        assert next_dates(rule, 3, after=d("2026-11-22")) == [d("2027-02-02"), d("2027-05-04"), d("2027-08-03")]

    def test_every_two_months_on_the_last_friday(self):
        rule = Rule(Pattern.LAST_WEEKDAY, interval=2, weekday=4, starts_on=d("2026-01-01"))
        assert next_dates(rule, 2, after=d("2026-11-01")) == [d("2026-11-27"), d("2027-01-29")]

    def test_a_first_meeting_late_in_its_month_starts_the_rhythm_at_the_next_one(self):
        # The 1st Tuesday of January 2026 had passed by the 20th: the series begins in April.
        rule = Rule(Pattern.NTH_WEEKDAY, interval=3, weekday=TUESDAY, week_of_month=1, starts_on=d("2026-01-20"))
        assert next_dates(rule, 2, after=d("2026-01-01")) == [d("2026-04-07"), d("2026-07-07")]
        assert next_dates(rule, 1, after=d("2026-05-10")) == [d("2026-07-07")]

    def test_it_reads_in_plain_words(self):
        rule = Rule(Pattern.NTH_WEEKDAY, interval=3, weekday=TUESDAY, week_of_month=1)
        assert describe(rule) == "Every 3 months, on the first Tuesday"
        assert describe(Rule(Pattern.MONTHLY_DATE, interval=2, day_of_month=3)) == "Every 2 months, on the 3rd"
        assert describe(Rule(Pattern.LAST_WEEKDAY, interval=6, weekday=4)) == "Every 6 months, on the last Friday"
        assert describe(Rule(Pattern.NTH_WEEKDAY, weekday=TUESDAY, week_of_month=1)) == \
            "The first Tuesday of each month"

    def test_its_ical_rule_has_the_interval(self):
        rule = Rule(Pattern.NTH_WEEKDAY, interval=3, weekday=TUESDAY, week_of_month=1)
        assert rule.to_ical() == {"FREQ": "MONTHLY", "INTERVAL": 3, "BYDAY": "1TU"}
        assert Rule(Pattern.MONTHLY_DATE, day_of_month=9).to_ical() == {"FREQ": "MONTHLY", "BYMONTHDAY": 9}

    def test_more_than_a_year_apart_is_refused(self):
        with pytest.raises(RuleError) as refused:
            Rule(Pattern.MONTHLY_DATE, interval=13, day_of_month=1).validate()
        assert refused.value.field == "interval"


class TestOneDateChanged:
    SEVEN = datetime.time(19, 0)
    # Thursdays at 7pm; "now" is Tuesday 1 December 2026 at noon.
    RULE = Rule(Pattern.WEEKLY, weekday=3, starts_on=d("2025-01-02"))
    NOW = datetime.datetime(2026, 12, 1, 12, tzinfo=LONDON)

    def at(self, day, time=SEVEN):
        return datetime.datetime.combine(d(day), time, tzinfo=LONDON)

    def test_a_cancelled_date_is_left_out_and_the_count_still_filled(self):
        found = upcoming(self.RULE, self.SEVEN, 3, after=self.NOW, changes=[Change(d("2026-12-10"))])
        assert [o.start for o in found] == [self.at("2026-12-03"), self.at("2026-12-17"), self.at("2026-12-24")]

    def test_a_moved_date_comes_at_its_new_time_saying_where_from(self):
        moved = Change(d("2026-12-03"), to=self.at("2026-12-04", datetime.time(18, 30)), note="room booked")
        found = upcoming(self.RULE, self.SEVEN, 2, after=self.NOW, changes=[moved])
        assert found[0] == Occurrence(self.at("2026-12-04", datetime.time(18, 30)), moved_from=d("2026-12-03"),
                                      note="room booked")
        assert found[1].start == self.at("2026-12-10") and found[1].moved_from is None

    def test_a_meeting_moved_to_a_time_already_passed_is_gone(self):
        moved = Change(d("2026-12-03"), to=self.at("2026-11-30"))
        found = upcoming(self.RULE, self.SEVEN, 1, after=self.NOW, changes=[moved])
        assert [o.start for o in found] == [self.at("2026-12-10")]

    def test_a_change_reads_in_plain_words(self):
        assert describe_change(Change(d("2026-12-24"), note="holiday")) == \
            "No meeting on Thursday 24 December 2026: holiday"
        moved = Change(d("2026-12-10"), to=self.at("2026-12-11", datetime.time(18, 30)), place="Room 2")
        assert describe_change(moved) == \
            "The meeting on Thursday 10 December 2026 moves to Friday 11 December 2026, 6:30pm, at Room 2"

    def test_only_the_pattern_s_own_dates_are_meeting_dates(self):
        assert is_meeting_date(self.RULE, d("2026-12-24"))
        assert not is_meeting_date(self.RULE, d("2026-12-23"))
        assert not is_meeting_date(Rule(Pattern.IRREGULAR), d("2026-12-24"))
