from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from django.db.models.signals import post_migrate

        # The claims' limit counts only while it is declared (accounts.limits.forget_expired_hits).
        from . import claims, signals  # noqa: F401

        post_migrate.connect(_forget_deleted_groups, sender=self)
        post_migrate.connect(_make_cache_table, sender=self)


def _forget_deleted_groups(using="default", **kwargs):
    """Search counts in its index alone, so the index must hold no group that has gone.
    Deleting groups removes them through signals; emptying the tables at once (as the
    test runner does, followed by this signal) does not, so tidy up here."""
    from .search.index import remove_orphans

    remove_orphans(using)


def _make_cache_table(using="default", **kwargs):
    """The database cache's table (settings.CACHES) is made wherever migrate runs (it does
    nothing once made). Then the cache is emptied: an upgrade runs migrate, and cached
    fragments of pages were made by the code before it; and migrating or emptying the
    tables changes the directory without a signal for each row (directory/caching.py)."""
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
    cache.clear()
