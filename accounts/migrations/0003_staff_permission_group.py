"""The intermediary's staff get a permission group for what they set up in the admin.

Agencies, teams, subjects (categories) and languages: view, add and change. Users: view and
change, where the admin lets staff change only a person's team. Nothing may be deleted.
Staff accounts that exist already join the group here; later ones join when they are made
staff (accounts/signals.py). Frozen: every name is written out, nothing is read from the
project's code, and permissions that do not exist yet on a new database are made here
with the names Django gives them.
"""

from django.db import migrations

GROUP_NAME = "Intermediary staff"
# (app label, model, verbose name, actions)
PERMISSIONS = [
    ("accounts", "agency", "agency", ["view", "add", "change"]),
    ("accounts", "team", "team", ["view", "add", "change"]),
    ("accounts", "user", "user", ["view", "change"]),
    ("directory", "category", "category", ["view", "add", "change"]),
    ("directory", "language", "language", ["view", "add", "change"]),
]


def create_staff_group(apps, schema_editor):
    database = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("accounts", "User")
    group, _ = Group.objects.using(database).get_or_create(name=GROUP_NAME)
    for app_label, model, verbose_name, actions in PERMISSIONS:
        content_type, _ = ContentType.objects.using(database).get_or_create(app_label=app_label, model=model)
        for action in actions:
            permission, _ = Permission.objects.using(database).get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            group.permissions.add(permission)
    group.user_set.add(*User.objects.using(database).filter(is_staff=True))


def remove_staff_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_agency_kind"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_staff_group, remove_staff_group),
    ]
