# The introductions app as first released.

import django.db.models.deletion
import django.utils.timezone
import introductions.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('directory', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Introduction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(default=introductions.models.new_reference, max_length=9, unique=True, verbose_name='reference')),
                ('direction', models.CharField(choices=[('group_contacts', 'The group gets in touch with the person'), ('person_contacts', 'The person gets in touch with the group')], default='group_contacts', max_length=16, verbose_name='who gets in touch')),
                ('made_by', models.CharField(choices=[('person', 'The person themselves'), ('practitioner', 'A practitioner, with the person’s agreement')], default='person', max_length=12, verbose_name='made by')),
                ('name', models.CharField(blank=True, max_length=80, verbose_name='name')),
                ('contact_method', models.CharField(blank=True, choices=[('phone', 'Phone call'), ('text', 'Text message'), ('email', 'Email')], max_length=8, verbose_name='how to get in touch')),
                ('contact_value', models.CharField(blank=True, max_length=254, verbose_name='phone number or email address')),
                ('good_times', models.CharField(blank=True, max_length=200, verbose_name='good times to get in touch')),
                ('message', models.TextField(blank=True, max_length=500, verbose_name='message')),
                ('consent_text', models.TextField(verbose_name='what the person agreed to')),
                ('consented_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='agreed at')),
                ('agreed_how', models.CharField(blank=True, choices=[('in_person', 'In person'), ('phone', 'By phone')], max_length=10, verbose_name='how the person agreed')),
                ('source_key', models.CharField(blank=True, db_index=True, max_length=64)),
                ('form_nonce', models.CharField(blank=True, max_length=64, null=True, unique=True)),
                ('outcome', models.CharField(choices=[('new', 'Not answered yet'), ('contacted', 'Contacted'), ('could_not_reach', 'Could not reach them'), ('closed', 'Closed'), ('withdrawn', 'Withdrawn by the person')], default='new', max_length=16, verbose_name='outcome')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='sent')),
                ('outcome_at', models.DateTimeField(blank=True, null=True, verbose_name='outcome recorded')),
                ('nudged_at', models.DateTimeField(blank=True, null=True)),
                ('escalated_at', models.DateTimeField(blank=True, null=True)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='introductions', to='directory.group')),
                ('practitioner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='introductions_made', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'introduction',
                'verbose_name_plural': 'introductions',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['group', 'outcome'], name='introduction_inbox_idx')],
            },
        ),
        migrations.CreateModel(
            name='IntroductionCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='month')),
                ('direction', models.CharField(choices=[('group_contacts', 'The group gets in touch with the person'), ('person_contacts', 'The person gets in touch with the group')], max_length=16)),
                ('made_by', models.CharField(choices=[('person', 'The person themselves'), ('practitioner', 'A practitioner, with the person’s agreement')], max_length=12)),
                ('outcome', models.CharField(choices=[('new', 'Not answered yet'), ('contacted', 'Contacted'), ('could_not_reach', 'Could not reach them'), ('closed', 'Closed'), ('withdrawn', 'Withdrawn by the person')], max_length=16)),
                ('count', models.PositiveIntegerField(default=0)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='introduction_counts', to='directory.group')),
            ],
            options={
                'verbose_name': 'introduction count',
                'verbose_name_plural': 'introduction counts',
                'constraints': [models.UniqueConstraint(fields=('group', 'month', 'direction', 'made_by', 'outcome'), name='one_count_per_kind')],
            },
        ),
    ]
