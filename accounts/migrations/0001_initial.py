"""Accounts, agencies and teams as first released, and the permission group for the
intermediary's staff.

Staff get a permission group for what they set up in the admin: agencies, teams, subjects
(categories) and languages: view, add and change; users: view and change, where the admin
lets staff change only a person's team. Nothing may be deleted. Later staff accounts join
it when they are made staff (accounts/signals.py). Frozen: every name is written out,
nothing is read from the project's code, and permissions that do not exist yet on a new
database are made here with the names Django gives them.
"""

import accounts.models
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

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

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='Agency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('nhs', 'NHS trust or service'), ('council', 'Council team'), ('cvs', 'Council for voluntary service (CVS)'), ('charity', 'National charity, local branch'), ('other', 'Other organisation')], default='other', max_length=10, verbose_name='kind of organisation')),
            ],
            options={
                'verbose_name': 'agency',
                'verbose_name_plural': 'agencies',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='RateLimitHit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('limit', models.CharField(db_index=True, default='', max_length=40)),
                ('key', models.CharField(db_index=True, max_length=64)),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'counted attempt',
                'verbose_name_plural': 'counted attempts',
            },
        ),
        migrations.CreateModel(
            name='Team',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='teams', to='accounts.agency', verbose_name='agency')),
            ],
            options={
                'verbose_name': 'team',
                'verbose_name_plural': 'teams',
                'ordering': ['agency__name', 'name'],
            },
        ),
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('email', models.EmailField(max_length=254, unique=True, verbose_name='email address')),
                ('name', models.CharField(blank=True, help_text='How we address you in emails. Not displayed publicly.', max_length=150, verbose_name='your name')),
                ('is_staff', models.BooleanField(default=False, help_text='Staff review listings and can use the admin site.', verbose_name='intermediary staff')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='joined')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
                ('team', models.ForeignKey(blank=True, help_text='Practitioners belong to a team in an agency.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='members', to='accounts.team', verbose_name='team')),
            ],
            options={
                'verbose_name': 'user',
                'verbose_name_plural': 'users',
            },
            managers=[
                ('objects', accounts.models.UserManager()),
            ],
        ),
        migrations.RunPython(create_staff_group, remove_staff_group),
    ]
