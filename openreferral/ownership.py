"""The group's word wins over a feed.

What a feed said at the last import is kept on the group's SourceRecord (`imported`). A
re-import changes only what the group has left as the feed said then (merge()); where the
group has changed something and the feed now says otherwise, the feed's word is kept
(`disputed`) until staff choose (differences(), choose()): take the feed's, or keep the
group's. Meetings the group added are never the feed's to change. Once someone from the
group has claimed the listing (directory.claims), the whole listing is the group's word:
whatever the feed changes after that waits for staff too.
"""

import datetime
import decimal
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from directory.claims import is_claimed
from directory.models import Category, Group, GroupChange, Language, Meeting, Venue
from directory.services import record, snapshot

from .models import SourceRecord

GROUP_FIELDS = [
    "name", "summary", "who_for", "description", "newcomers", "stage", "stage_note", "started_on",
    "affiliation", "run_by", "run_with_professional_support", "women_only", "family_welcome", "contact_role",
    "email", "phone", "website", "contact_route", "professionals_rule", "last_confirmed_on",
    "cost", "cost_amount", "cost_covers", "bring_someone", "first_visit",
]
MEETING_FIELDS = ["attendance", "online_details", "pattern", "interval", "weekday", "week_of_month",
                  "day_of_month", "starts_on", "ends_on", "start_time", "end_time", "notes"]


def _json(value):
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value.isoformat() if type(value) in (datetime.date, datetime.time) else value


def meeting_state(meeting) -> dict:
    """A meeting's values as JSON, to compare what the feed said with what is here now."""
    venue = meeting.venue
    return {**{name: _json(getattr(meeting, name)) for name in MEETING_FIELDS},
            "venue": str(venue.uuid) if venue else None}


def group_state(group, category_ids, language_ids) -> dict:
    return {**{name: _json(getattr(group, name)) for name in GROUP_FIELDS},
            "categories": sorted(category_ids), "languages": sorted(language_ids)}


def listing_state(listing) -> dict:
    """What the feed says of a group, as it is kept for the next import."""
    return {**group_state(listing.group, listing.category_ids, listing.language_ids),
            "meetings": {str(m.uuid): meeting_state(m) for m in listing.meetings}}


_UNKNOWN = object()


def merge(group, listing, last: dict, disputed: dict) -> dict:
    """Take into `group` (unsaved) and its meetings (saved) what the feed says now, where
    the group has left it as the feed said last time (`last`); where the group has changed
    it and the feed now says something else, that goes into `disputed`, which is given back."""
    feed = listing_state(listing)
    # A claimed listing is the group's in every part, changed or not.
    owned = is_claimed(group)
    now = group_state(group, group.categories.values_list("pk", flat=True),
                      group.languages.values_list("pk", flat=True))
    for name, value in feed.items():
        said_before = last.get(name, _UNKNOWN)  # unknown: the group was here before any import
        if said_before is _UNKNOWN and last and name in GROUP_FIELDS:
            # A field the importer did not read when it last ran: the feed said nothing of it then.
            said_before = _json(Group._meta.get_field(name).get_default())
        if name == "meetings" or value == said_before:
            continue  # the feed has not changed it
        if now[name] == said_before and not owned:
            if name in ("categories", "languages"):
                getattr(group, name).set(value)
            else:
                setattr(group, name, getattr(listing.group, name))
            disputed.pop(name, None)
        elif now[name] != value:
            disputed[name] = value
        else:
            disputed.pop(name, None)
    here = {str(m.uuid): m for m in group.meetings.select_related("venue")}
    wanted = {str(m.uuid): m for m in listing.meetings}
    last_meetings, disputed_meetings = last.get("meetings", {}), dict(disputed.pop("meetings", {}))
    for key in feed["meetings"].keys() | last_meetings.keys():
        said, said_before = feed["meetings"].get(key), last_meetings.get(key)
        if said == said_before:
            continue
        current = meeting_state(here[key]) if key in here else None
        if current == said_before and not owned:  # untouched by the group (a meeting it added never is in `last`)
            if said is None:
                here[key].delete()
            elif key in here:
                _copy(wanted[key], here[key])
                here[key].save()
            elif not Meeting.objects.filter(uuid=wanted[key].uuid).exists():
                wanted[key].group = group
                wanted[key].save()
            disputed_meetings.pop(key, None)
        elif current != said:
            disputed_meetings[key] = said
    if disputed_meetings:
        disputed["meetings"] = disputed_meetings
    return disputed


def _copy(source, meeting):
    for name in MEETING_FIELDS:
        setattr(meeting, name, getattr(source, name))
    meeting.venue = source.venue




@dataclass
class Difference:
    record: SourceRecord
    key: str  # a group field's name, or "meetings:<uuid>"
    label: str
    feed_says: str
    group_says: str


def _meeting(state) -> Meeting:
    meeting = Meeting(**{name: Meeting._meta.get_field(name).to_python(state[name]) for name in MEETING_FIELDS})
    meeting.venue = Venue.objects.filter(uuid=state["venue"]).first() if state["venue"] else None
    return meeting


def _describe(meeting) -> str:
    if meeting is None:
        return _("No such meeting")
    where = str(meeting.venue) if meeting.venue else meeting.get_attendance_display()
    return f"{meeting.describe()} ({where})"


def _value(name, value) -> str:
    if name in ("categories", "languages"):
        model = Category if name == "categories" else Language
        return ", ".join(str(item) for item in model.objects.filter(pk__in=value)) or "–"
    field = Group._meta.get_field(name)
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return "–" if value in (None, "") else str(value)


def differences(group) -> list[Difference]:
    found = []
    for source_record in SourceRecord.objects.filter(kind=SourceRecord.Kind.SERVICE, object_id=group.pk):
        for name, value in source_record.disputed.items():
            if name == "meetings":
                for key, state in value.items():
                    here = group.meetings.filter(uuid=key).select_related("venue").first()
                    found.append(Difference(source_record, f"meetings:{key}", _("A meeting"),
                                            _describe(_meeting(state)) if state else _("No such meeting"),
                                            _describe(here)))
            else:
                label = (_("What it is about") if name == "categories" else _("Languages") if name == "languages"
                         else str(Group._meta.get_field(name).verbose_name).capitalize())
                now = (list(getattr(group, name).values_list("pk", flat=True)) if name in ("categories", "languages")
                       else getattr(group, name))
                found.append(Difference(source_record, name, label, _value(name, value), _value(name, now)))
    return found


@transaction.atomic
def choose(group, source_record: SourceRecord, key: str, take_feed: bool, user) -> None:
    """Staff's choice on one difference; the group's history records it."""
    name, _colon, meeting_key = key.partition(":")
    disputed = source_record.disputed
    value = disputed["meetings"].pop(meeting_key) if meeting_key else disputed.pop(name)
    if not disputed.get("meetings", True):
        del disputed["meetings"]
    before = snapshot(group)
    if take_feed and meeting_key:
        here = group.meetings.filter(uuid=meeting_key).first()
        if value is None:
            if here:
                here.delete()
        else:
            wanted = _meeting(value)
            meeting = here or Meeting(uuid=meeting_key, group=group)
            _copy(wanted, meeting)
            meeting.save()
        group.refresh_meeting_summary()
    elif take_feed and name in ("categories", "languages"):
        getattr(group, name).set(value)
    elif take_feed:
        setattr(group, name, Group._meta.get_field(name).to_python(value))
        group.save()
    source_record.save(update_fields=["disputed"])
    note = (_("Took what the feed (%(source)s) says") if take_feed
            else _("Kept what the group says, not the feed (%(source)s)")) % {"source": source_record.source}
    record(group, user, GroupChange.Action.FEED_CHOSEN, before, snapshot(group), note=note)
