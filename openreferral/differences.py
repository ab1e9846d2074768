"""Where the feed and the group disagree: what staff see, and their choice.

A re-import leaves alone what a group's coordinators have changed since the last import
(see importer.py); where the feed now says something else, the feed's word is kept on the
group's SourceRecord (`disputed`) until staff choose: take the feed's, or keep the group's.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import Category, Group, GroupChange, Language, Meeting, Venue
from directory.services import record, snapshot

from .importer import MEETING_FIELDS
from .models import SourceRecord


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
            for field_name in MEETING_FIELDS:
                setattr(meeting, field_name, getattr(wanted, field_name))
            meeting.venue = wanted.venue
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
