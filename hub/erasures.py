"""The erasure log: what was deleted for good stays deleted, even after a restore.

A backup made on Monday still holds a request to a group that its sender withdrew on
Tuesday. Restoring Monday's backup on Wednesday must not bring it back. So each deletion of
a record holding someone's details is logged (`hub.models.Erasure`: the kind of record and
its key, nothing it held), and `hub.backups.restore` keeps the log as it was, restores, and
then erases again everything the log names (`replay`) and runs the retention purges.

ERASED names, for each kind of record: the field its key is read from, how it is erased
again, and a field whose value at deletion is kept with it (`how`, no personal data). An
introduction is erased again through `introductions.services.forget`, which counts it with
the outcome it was counted with (withdrawn, say) as every deletion does; the others are
deleted.
"""

from django.apps import apps
from django.db.models.signals import post_delete
from django.utils.module_loading import import_string

ERASED = {
    "introductions.introduction": ("reference", "introductions.services.forget", "outcome"),
    "enquiries.enquiry": ("reference", None, None),
    "subscriptions.subscription": ("pk", None, None),
    "accounts.user": ("pk", None, None),
}


def _log(sender, instance, **kwargs):
    from .models import Erasure

    label = sender._meta.label_lower
    field, _erase, kept = ERASED[label]
    Erasure.objects.get_or_create(model=label, key=str(getattr(instance, field)),
                                  defaults={"how": getattr(instance, kept) if kept else ""})


def connect():
    """Log every deletion of these records, however it happens (a job, a view, a cascade)."""
    for label in ERASED:
        post_delete.connect(_log, sender=apps.get_model(label), dispatch_uid=f"hub.erasures.{label}")


def replay() -> int:
    """Erase again each record the log names that is (back) in the database; how many."""
    from .models import Erasure

    erased = 0
    for label, (field, erase, _kept) in ERASED.items():
        how = dict(Erasure.objects.filter(model=label).values_list("key", "how"))
        keys = list(how)
        model = apps.get_model(label)
        for start in range(0, len(keys), 500):
            for found in model.objects.filter(**{f"{field}__in": keys[start:start + 500]}):
                if erase:
                    import_string(erase)(found, how[str(getattr(found, field))] or None)
                else:
                    found.delete()
                erased += 1
    return erased
