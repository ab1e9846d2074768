"""Where to get help now, shown on the subjects where it matters; and the area the
directory covers, which staff set in the admin. Frozen: every name is written out."""

import lib.text
from django.db import migrations, models

# Subjects whose pages, and whose groups' pages, show where to get help at once; the
# subjects under them show it too (Category.shows_crisis_signpost).
CRISIS_SUBJECTS = ["mental-health", "addiction", "bereavement"]
STAFF_GROUP = "Intermediary staff"


def flag_subjects(apps, schema_editor):
    Category = apps.get_model("directory", "Category")
    Category.objects.using(schema_editor.connection.alias).filter(slug__in=CRISIS_SUBJECTS).update(
        crisis_signpost=True)


def let_staff_set_the_area(apps, schema_editor):
    """Staff add the one row once and change it; they delete nothing (as in accounts' 0001)."""
    database = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.using(database).get_or_create(app_label="directory", model="coverage")
    group, _ = Group.objects.using(database).get_or_create(name=STAFF_GROUP)
    for action in ("view", "add", "change"):
        permission, _ = Permission.objects.using(database).get_or_create(
            content_type=content_type, codename=f"{action}_coverage",
            defaults={"name": f"Can {action} area the directory covers"})
        group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0003_invitation_claims'),
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='Coverage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('areas', models.CharField(blank=True, help_text='Postcode areas (the letters, like NG) and districts (like CM9), separated by spaces or commas. Leave it empty if the directory covers everywhere.', max_length=300, validators=[lib.text.validate_one_line], verbose_name='postcode areas and districts covered')),
                ('description', models.CharField(blank=True, help_text='How the public pages name it, for example “Nottinghamshire, Derbyshire, Leicestershire and Essex”.', max_length=200, validators=[lib.text.validate_one_line], verbose_name='the area in words')),
            ],
            options={
                'verbose_name': 'area the directory covers',
                'verbose_name_plural': 'area the directory covers',
            },
        ),
        migrations.AddField(
            model_name='category',
            name='crisis_signpost',
            field=models.BooleanField(default=False, help_text='On this subject’s page and its groups’ pages, a box says where to get help at once (999, NHS 111, Samaritans). Subjects under this one show it too. Every page has it in its footer.', verbose_name='show where to get help now'),
        ),
        migrations.RunPython(flag_subjects, migrations.RunPython.noop),
        migrations.RunPython(let_staff_set_the_area, migrations.RunPython.noop),
    ]
