"""Workflows for opportunities, forums and reflections: matching, replies, email and jobs."""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import text, timezone
from django.utils.translation import gettext as _

from accounts.roles import agency_of, is_staff
from directory.models import Group, related_category_ids
from directory.services import email_coordinators
from lib.urls import absolute_url
from outbox.notify import later, notify

from . import wellbeing
from .areas import AreaKind, places_of
from .models import (
    Feedback,
    Forum,
    ForumMembership,
    Interest,
    Level,
    Opportunity,
    Preferences,
    Reflection,
)

# Posters get one email a day about new replies, after this hour (UK time): replies are
# not announced one by one, so the time of an email says nothing about who replied.
DIGEST_HOUR = 8


# What a group hears about ---------------------------------------------------------------

def preferences_of(group) -> Preferences | None:
    return Preferences.objects.filter(group=group).prefetch_related("topics").first()


@transaction.atomic
def save_preferences(group, cleaned) -> Preferences:
    preferences, _created = Preferences.objects.select_for_update().get_or_create(group=group)
    for level in Level.values:
        setattr(preferences, f"hears_{level}", level in cleaned["levels"])
    preferences.any_topic = bool(cleaned["any_topic"])
    preferences.miles = cleaned.get("miles")
    preferences.save()
    preferences.topics.set([] if preferences.any_topic else cleaned["topics"])
    return preferences


def opportunities_for(group, preferences=None):
    """Open opportunities that match what the group chose and reach where it meets, less those
    it said "not for us" to."""
    if group.stage == Group.Stage.CLOSED:
        return Opportunity.objects.none()
    preferences = preferences or preferences_of(group)
    found = Opportunity.objects.open().matching(preferences).reaching(group, preferences)
    if preferences and preferences.hidden:
        found = found.exclude(uuid__in=preferences.hidden)
    return found.select_related("agency").prefetch_related("topics").order_by("closes_on", "title")


def hidden_opportunities(group, preferences=None):
    preferences = preferences or preferences_of(group)
    if not preferences or not preferences.hidden:
        return Opportunity.objects.none()
    return Opportunity.objects.open().filter(uuid__in=preferences.hidden).order_by("closes_on")


def replied_opportunities(group):
    return Opportunity.objects.filter(Q(interests__group=group) | Q(feedback__group=group)).distinct()


def opportunity_for_group(group, uuid) -> Opportunity | None:
    """The opportunity if the group may see it: it matches and reaches where the group meets,
    or the group has replied to it."""
    preferences = preferences_of(group)
    matching = Opportunity.objects.open().filter(uuid=uuid).matching(preferences).reaching(group, preferences)
    if group.stage != Group.Stage.CLOSED and matching.exists():
        return matching.select_related("agency").first()
    return replied_opportunities(group).filter(uuid=uuid).select_related("agency").first()


def forums_for(group, preferences=None):
    """Forums the group belongs to, and open forums about what it chose that reach where it meets."""
    preferences = preferences or preferences_of(group)
    member = Forum.objects.filter(memberships__group=group)
    matching = (Forum.objects.active().matching(preferences).reaching(group, preferences)
                if group.stage != Group.Stage.CLOSED else member.none())
    return (Forum.objects.filter(Q(pk__in=member.values("pk")) | Q(pk__in=matching.values("pk")))
            .annotate(is_member=Exists(ForumMembership.objects.filter(forum=OuterRef("pk"), group=group)))
            .select_related("agency").order_by("name"))


def forum_for_group(group, uuid) -> Forum | None:
    return forums_for(group).filter(uuid=uuid).first()


def groups_reached(item):
    """Groups that hear about an opportunity or a forum (not closed ones): they chose its level
    and a subject of it, and it reaches where they meet (`AreaMixin.reaches`)."""
    level = item.level
    preferences = Preferences.objects.filter(**{f"hears_{level}": True}).exclude(group__stage=Group.Stage.CLOSED)
    if item.any_topic:
        preferences = preferences.filter(Q(any_topic=True) | Q(topics__isnull=False))
    else:
        ids = related_category_ids(item.topics.all())
        preferences = preferences.filter(Q(any_topic=True) | Q(topics__in=ids))
    groups = Group.objects.filter(voice_preferences__in=preferences.values("pk")).distinct()
    if item.area_kind == AreaKind.ANYWHERE:
        return groups
    candidates = groups.select_related("voice_preferences").prefetch_related("meetings__venue")
    return Group.objects.filter(pk__in=[
        group.pk for group in candidates
        if item.reaches(places_of(group), group.voice_preferences.miles)])


# Posting ----------------------------------------------------------------------------------

def _announce(item, url_name, what) -> int:
    """Tell each group that hears about it, one email per group, to its coordinators only;
    how many groups were told."""
    told = 0
    for group in groups_reached(item):
        email_coordinators(group, "voice-new", {
            "item": item, "what": what,
            "url": absolute_url(reverse(url_name, args=[group.slug, item.uuid])),
        })
        told += 1
    return told


def save_with_topics(form, user=None):
    """Save an opportunity or forum from its form; "any subject" clears the subject list."""
    item = form.save(commit=False)
    if form.cleaned_data.get("any_topic"):
        form.cleaned_data["topics"] = []
    if user is not None:
        item.posted_by = user
        item.agency = None if is_staff(user) else agency_of(user)
    item.save()
    form.save_m2m()
    return item


@transaction.atomic
def post_opportunity(user, form) -> tuple[Opportunity, int]:
    """Posts it and tells the groups that asked to hear about it: the opportunity, and how many were told."""
    opportunity = save_with_topics(form, user)
    return opportunity, _announce(opportunity, "voice:group-opportunity", later(lambda: _("opportunity")))


@transaction.atomic
def post_forum(user, form) -> tuple[Forum, int]:
    """Posts it and tells the groups that asked to hear about it: the forum, and how many were told."""
    forum = save_with_topics(form, user)
    return forum, _announce(forum, "voice:group-forum", later(lambda: _("forum")))


def withdraw(opportunity):
    Opportunity.objects.filter(pk=opportunity.pk).update(withdrawn_at=timezone.now())


# A group's replies ------------------------------------------------------------------------

def _unhide(group, opportunity):
    preferences = Preferences.objects.select_for_update().filter(group=group).first()
    if preferences and str(opportunity.uuid) in preferences.hidden:
        preferences.hidden = [uuid for uuid in preferences.hidden if uuid != str(opportunity.uuid)]
        preferences.save(update_fields=["hidden"])


@transaction.atomic
def say_interested(group, opportunity, form) -> Interest:
    interest = Interest.objects.filter(opportunity=opportunity, group=group).first()
    if interest is None:
        interest = form.save(commit=False)
        interest.opportunity, interest.group = opportunity, group
    else:
        interest.message = form.cleaned_data["message"]
    interest.save()
    _unhide(group, opportunity)
    return interest


@transaction.atomic
def not_for_us(group, opportunity):
    """Hide it from the group's own list. No reply is made and nothing is counted; an
    earlier "interested" is taken back, because it no longer holds."""
    Interest.objects.filter(opportunity=opportunity, group=group).delete()
    preferences, _created = Preferences.objects.select_for_update().get_or_create(group=group)
    if str(opportunity.uuid) not in preferences.hidden:
        preferences.hidden = [*preferences.hidden, str(opportunity.uuid)]
        preferences.save(update_fields=["hidden"])


@transaction.atomic
def show_again(group, opportunity):
    _unhide(group, opportunity)


@transaction.atomic
def give_feedback(group, opportunity, form) -> Feedback:
    feedback = form.save(commit=False)
    feedback.opportunity, feedback.group = opportunity, group
    feedback.save()
    _unhide(group, opportunity)
    return feedback


def take_back(group, opportunity, what):
    model = {"interest": Interest, "feedback": Feedback}[what]
    model.objects.filter(opportunity=opportunity, group=group).delete()


def join_forum(group, forum):
    ForumMembership.objects.get_or_create(group=group, forum=forum)


def leave_forum(group, forum):
    ForumMembership.objects.filter(group=group, forum=forum).delete()


# Scheduled jobs ---------------------------------------------------------------------------

def send_reply_digests(now=None) -> dict:
    """Scheduled job: once a day, after DIGEST_HOUR, tell each poster how many new replies
    their opportunities have had. Counts only: who replied is on the poster's page."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return {"sent": 0}
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    new_interests = Interest.objects.filter(opportunity=OuterRef("pk"), notified_at__isnull=True)
    new_feedback = Feedback.objects.filter(opportunity=OuterRef("pk"), notified_at__isnull=True)
    due = (Opportunity.objects.filter(Exists(new_interests) | Exists(new_feedback))
           .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=start_of_day))
           .select_related("posted_by"))
    sent = 0
    for opportunity in due:
        with transaction.atomic():
            interests = Interest.objects.filter(opportunity=opportunity, notified_at__isnull=True)
            feedback = Feedback.objects.filter(opportunity=opportunity, notified_at__isnull=True)
            if opportunity.posted_by and opportunity.posted_by.is_active:
                sent += notify([opportunity.posted_by.email], "voice-replies", {
                    "opportunity": opportunity, "interested": interests.count(), "feedback": feedback.count(),
                    "url": absolute_url(opportunity.get_absolute_url()),
                })
            interests.update(notified_at=now)
            feedback.update(notified_at=now)
            Opportunity.objects.filter(pk=opportunity.pk).update(last_digest_at=now)
    return {"sent": sent}


def forget_hidden(today=None) -> dict:
    """Scheduled job: forget which closed opportunities groups had said "not for us" to."""
    today = today or timezone.localdate()
    open_ids = {str(uuid) for uuid in Opportunity.objects.open(today).values_list("uuid", flat=True)}
    forgotten = 0
    for preferences in Preferences.objects.exclude(hidden=[]):
        kept = [uuid for uuid in preferences.hidden if uuid in open_ids]
        if kept != preferences.hidden:
            forgotten += len(preferences.hidden) - len(kept)
            Preferences.objects.filter(pk=preferences.pk).update(hidden=kept)
    return {"forgotten": forgotten}


# Reflections ------------------------------------------------------------------------------

@transaction.atomic
def save_reflection(group, user, form) -> Reflection:
    reflection = form.save(commit=False)
    if not reflection.pk:
        reflection.group = group
        reflection.created_by = user
    reflection.save()
    return reflection


@transaction.atomic
def publish(reflection, summary):
    """Put this reflection's summary on the group's page, in place of any other."""
    list(Reflection.objects.select_for_update().filter(group=reflection.group_id))
    Reflection.objects.filter(group=reflection.group_id, published_at__isnull=False).exclude(
        pk=reflection.pk).update(published_at=None)
    reflection.summary = summary
    reflection.published_at = timezone.now()
    reflection.save(update_fields=["summary", "published_at", "updated_at"])


def unpublish(reflection):
    Reflection.objects.filter(pk=reflection.pk).update(published_at=None)


def published_reflection(group) -> Reflection | None:
    return Reflection.objects.filter(group=group, published_at__isnull=False).first()


def draft_summary(reflection) -> str:
    """A first draft for the group to change, in everyday words: what members said the group
    does a lot for them (each item's plain sentence, not the checklist's terms)."""
    checklist = [str(item.hint) for item in reflection.strong_items() if item not in wellbeing.FIVE_WAYS]
    ways = [str(item.label).lower() for item in reflection.strong_items() if item in wellbeing.FIVE_WAYS]
    parts = []
    if checklist:
        parts.append(_("What members told us the group does for them:"))
        parts.extend(checklist)
    if ways:
        parts.append(_("It helps us %(ways)s.") % {"ways": text.get_text_list(ways, _("and"))})
    return " ".join(parts)


def comparison(reflections) -> list[dict]:
    """For each heading, its items with the answer in each reflection (oldest first)."""
    reflections = sorted(reflections, key=lambda r: (r.held_on, r.pk))
    sections = [(heading.title, heading.items) for heading in wellbeing.CHECKLIST]
    sections.append((_("The Five Ways to Wellbeing"), wellbeing.FIVE_WAYS))
    table = []
    for title, items in sections:
        rows = []
        for item in items:
            answers = [reflection.answers.get(item.key) for reflection in reflections]
            rows.append({"item": item, "answers": [reflection.answer_label(item.key) for reflection in reflections],
                         "changed": len({a for a in answers if a}) > 1})
        strong = [sum(1 for item in items if r.answers.get(item.key) == wellbeing.Answer.STRONG)
                  for r in reflections]
        table.append({"title": title, "rows": rows, "strong": strong, "count": len(items)})
    return table
