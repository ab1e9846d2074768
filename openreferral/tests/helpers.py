"""A small directory for the Open Referral tests: every kind of meeting and venue."""

import datetime
import decimal

from directory.models import Group
from directory.tests.factory import make_group, make_meeting, make_venue


def make_directory():
    """Three listed groups (in person, online, both), one waiting for review and one closed."""
    hall = make_venue("NG1 5FW", name="Friends Meeting House", step_free=True, hearing_loop=True,
                      transport="Trams stop outside.", access_notes="Lift to the first floor.")
    diabetes = make_group(
        name="Nottingham Diabetes Friends", categories=("diabetes",), languages=("en", "pa"),
        email="diabetesfriends@example.org", phone="0115 496 0123", contact_role="Group secretary",
        website="https://diabetes.example.org", last_confirmed_on=datetime.date(2026, 10, 1),
        affiliation="Diabetes UK", newcomers="Come along and listen.", women_only=False,
        family_welcome=True, professionals_rule=Group.ProfessionalsRule.OPEN,
        cost=Group.Cost.CHARGE, cost_amount=decimal.Decimal("2.50"), cost_covers="the room and tea",
        bring_someone=Group.BringSomeone.YES, first_visit=Group.FirstVisit.GO_ALONG,
        meetings=[{"venue": hall, "pattern": "weekly", "weekday": 1, "notes": "Tea from 6.45pm"}],
    )
    make_meeting(diabetes, venue=hall, pattern="nth_weekday", weekday=3, week_of_month=2,
                 start_time=datetime.time(14, 0), end_time=datetime.time(15, 30))
    carers = make_group(
        name="Derby Carers Online", categories=("caring-for-an-adult", "dementia-carers"),
        stage=Group.Stage.PAUSED, stage_note="Back in January.", women_only=True,
        cost=Group.Cost.DONATIONS, cost_covers="the Zoom account", first_visit=Group.FirstVisit.GET_IN_TOUCH,
        meetings=[{"attendance": "online", "pattern": "last_weekday", "weekday": 4,
                   "online_details": "On Zoom; the link is sent when you get in touch."},
                  {"attendance": "online", "pattern": "irregular", "start_time": None, "end_time": None,
                   "notes": "Walks in summer."}],
    )
    tinnitus = make_group(
        name="Leicester Tinnitus Circle", categories=("tinnitus-hearing",), cost=Group.Cost.FREE,
        bring_someone=Group.BringSomeone.ASK,
        meetings=[{"postcode": "LE1 6AA", "attendance": "both", "pattern": "every_n_weeks", "interval": 2,
                   "weekday": 0, "online_details": "Join on Teams.", "starts_on": datetime.date(2025, 1, 6)},
                  {"postcode": "LE1 6AA", "pattern": "monthly_date", "day_of_month": 15}],
    )
    pending = make_group(name="Pending Bereavement Group", categories=("losing-someone-close",),
                         status=Group.Status.PENDING)
    closed = make_group(name="Closed Arthritis Group", categories=("arthritis",), stage=Group.Stage.CLOSED)
    return {"diabetes": diabetes, "carers": carers, "tinnitus": tinnitus, "pending": pending, "closed": closed}
