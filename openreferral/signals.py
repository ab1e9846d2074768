"""Note when anything the feed publishes changes, so the API can answer Last-Modified
and If-Modified-Since without looking at every group."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from directory.models import Category, Group, Language, Meeting, Venue


@receiver(post_save, sender=Group)
@receiver(post_save, sender=Venue)
@receiver(post_save, sender=Meeting)
@receiver(post_save, sender=Category)
@receiver(post_save, sender=Language)
@receiver(post_delete, sender=Group)
@receiver(post_delete, sender=Venue)
@receiver(post_delete, sender=Meeting)
@receiver(post_delete, sender=Category)
def directory_changed(sender, raw=False, **kwargs):
    if not raw:
        from .models import FeedState

        FeedState.touch()


@receiver(m2m_changed, sender=Group.categories.through)
@receiver(m2m_changed, sender=Group.languages.through)
def group_links_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        from .models import FeedState

        FeedState.touch()
