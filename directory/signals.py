"""Keep the search index and the meeting summary in step with every save and delete."""

import math

from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from . import search
from .models import Category, Group, Language, Meeting, Venue


@receiver(post_save, sender=Group)
def group_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_groups([instance.pk])


@receiver(post_delete, sender=Group)
def group_deleted(sender, instance, **kwargs):
    search.remove_groups([instance.pk])


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
