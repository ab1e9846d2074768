"""Staff accounts are kept in the staff permission group, so the admin lets them set up
agencies, teams, subjects and languages, and put practitioners in a team.

The group and its permissions are made by accounts' first migration. Becoming
staff (in the admin, `createsuperuser`, a fixture or the shell) joins it; ceasing to be staff
leaves it. A bulk `QuerySet.update(is_staff=...)` sends no signal and so changes nothing here.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User

STAFF_GROUP_NAME = "Intermediary staff"


@receiver(post_save, sender=User)
def keep_staff_in_the_staff_group(sender, instance, update_fields=None, **kwargs):
    # Saves of other fields alone (the last sign-in, on every sign-in) cannot change who is staff.
    # Fixtures' raw saves are handled too: the group is made by a migration, before any fixture.
    if update_fields is not None and "is_staff" not in update_fields:
        return
    group = Group.objects.filter(name=STAFF_GROUP_NAME).first()
    if group is None:
        return
    if instance.is_staff:
        instance.groups.add(group)
    else:
        instance.groups.remove(group)
