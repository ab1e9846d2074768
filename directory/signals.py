"""Keep the search index, the meeting summary and what is cached (caching.py) in step with
every save and delete; and hand a group to the self-help team's care when its last
coordinator goes, however they go."""

import math

from django.apps import apps as registry
from django.contrib.auth import get_user_model
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from accounts.roles import coordinator_q

from . import caching, search, services
from .models import (
    Category,
    Coordinator,
    Group,
    GroupTranslation,
    Language,
    Meeting,
    SearchIndexState,
    SearchWord,
    Venue,
)


def _cached_directory_changed(sender, **kwargs):
    caching.changed()


# Any directory model saved or deleted (raw, from fixtures, too), or its links changed: a new
# cache version (caching.py). Model by model, not for every sender: a receiver for every
# sender would stop Django deleting any model's rows in bulk. The search index's own
# tables are left out; changing the index makes a new version itself (search/index.py).
for _model in registry.get_app_config("directory").get_models(include_auto_created=True):
    if _model not in (SearchIndexState, SearchWord):
        for _signal in (post_save, post_delete, m2m_changed):
            _signal.connect(_cached_directory_changed, sender=_model, weak=False,
                            dispatch_uid=f"cached-directory-{_model._meta.label}")


@receiver(post_save, sender=Group)
def group_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_groups([instance.pk])


@receiver(post_delete, sender=Group)
def group_deleted(sender, instance, **kwargs):
    search.remove_groups([instance.pk])


@receiver(post_save, sender=GroupTranslation)
@receiver(post_delete, sender=GroupTranslation)
def translation_changed(sender, instance, raw=False, **kwargs):
    # Deleted with its group: the group's own deletion has taken it out of the index.
    if not raw and Group.objects.filter(pk=instance.group_id).exists():
        search.index_groups([instance.group_id])


@receiver(m2m_changed, sender=Group.categories.through)
@receiver(m2m_changed, sender=Group.languages.through)
def group_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # Cleared from the category's or language's side: which groups lose it is known
        # only before.
        instance._groups_before_clear = list(_groups_of(instance).values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        search.index_groups([instance.pk])
    elif action == "post_clear":
        search.index_groups(getattr(instance, "_groups_before_clear", []))
    else:
        search.index_groups(pk_set or [])


def _groups_of(category_or_language):
    if isinstance(category_or_language, Category):
        return category_or_language.groups.all()
    return category_or_language.group_set.all()


@receiver(pre_delete, sender=Category)
@receiver(pre_delete, sender=Language)
def link_target_deleting(sender, instance, **kwargs):
    # Deleting removes the links without m2m signals: note the groups first.
    instance._groups_before_delete = list(_groups_of(instance).values_list("pk", flat=True))


@receiver(post_delete, sender=Category)
@receiver(post_delete, sender=Language)
def link_target_deleted(sender, instance, **kwargs):
    search.index_groups(getattr(instance, "_groups_before_delete", []))


@receiver(post_save, sender=Language)
def language_saved(sender, instance, created, raw=False, **kwargs):
    if not (raw or created):
        search.index_groups(_groups_of(instance).values_list("pk", flat=True))


@receiver(pre_save, sender=Meeting)
def meeting_moving(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._group_before = Meeting.objects.filter(pk=instance.pk).values_list("group_id", flat=True).first()


@receiver(post_save, sender=Meeting)
@receiver(post_delete, sender=Meeting)
def meeting_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_group_before", None)
    for group in Group.objects.filter(pk__in={instance.group_id, before} - {None}):
        group.refresh_meeting_summary()
        search.index_groups([group.pk])


@receiver(post_save, sender=Venue)
def venue_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_groups(instance.meetings.values_list("group_id", flat=True).distinct())


@receiver(post_save, sender=Category)
def category_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    ids = Group.objects.filter(
        categories__in=[instance.pk, *instance.children.values_list("pk", flat=True)]
    ).values_list("pk", flat=True).distinct()
    search.index_groups(ids)


@receiver(connection_created)
def add_sqlite_maths(sender, connection, **kwargs):
    """Distance needs trigonometry; older SQLite builds lack it, so lend Python's."""
    if connection.vendor != "sqlite":
        return
    try:
        connection.connection.execute("SELECT asin(0.5), radians(1), power(2, 2)")
    except Exception:  # noqa: BLE001 - any failure means the functions are missing
        raw = connection.connection
        for name, func, arity in [
            ("asin", math.asin, 1), ("sqrt", math.sqrt, 1), ("sin", math.sin, 1),
            ("cos", math.cos, 1), ("radians", math.radians, 1), ("power", math.pow, 2),
        ]:
            raw.create_function(name, arity, func, deterministic=True)


# A group is kept by the self-help team once no coordinator who counts is left
# (services.has_active_coordinator). A coordinator stops counting in four ways, each seen
# here, so staff are told exactly once, on the change, however it came about: their place
# is deleted (stepping down, taken off by another, their account deleted: the delete
# cascades), or their account is switched off or made staff.

User = get_user_model()


def _counts(user_id) -> bool:
    return User.objects.filter(coordinator_q(), pk=user_id).exists()


@receiver(post_delete, sender=Coordinator)
def coordinator_gone(sender, instance, origin=None, **kwargs):
    # A group being deleted takes its coordinators with it: nothing is left to look after.
    if isinstance(origin, Group) or getattr(origin, "model", None) is Group:
        return
    # During a cascade from a deleted account the account is still there, so it still counts.
    if not _counts(instance.user_id):
        return  # a place that did not count (switched off, staff) leaves nothing changed
    group = Group.objects.filter(pk=instance.group_id).first()
    if group is not None and not services.has_active_coordinator(group):
        services.tell_staff_group_is_kept(group)


@receiver(pre_save, sender=User)
def account_changing(sender, instance, raw=False, update_fields=None, **kwargs):
    # Saves of other fields alone (the last sign-in, on every sign-in) change no role.
    if raw or instance.pk is None or (update_fields is not None
                                      and not {"is_active", "is_staff"} & set(update_fields)):
        return
    instance._counted_before = _counts(instance.pk)


@receiver(post_save, sender=User)
def account_changed(sender, instance, raw=False, **kwargs):
    if not getattr(instance, "_counted_before", False):
        return
    del instance._counted_before
    if _counts(instance.pk):
        return
    if instance.is_staff:
        groups = services.end_coordinatorships(instance)
    else:  # switched off: their place waits for them, but nobody reads the group's requests
        groups = list(Group.objects.filter(coordinators__user=instance))
    for group in groups:
        if not services.has_active_coordinator(group):
            services.tell_staff_group_is_kept(group)
