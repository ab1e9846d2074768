"""The directory as first released: groups, venues, meetings, subjects, coordinators,
history and the search index, with the subjects and languages it starts with.

Frozen: the data and the search index's tables are written out here, nothing is read from
the project's code, so later changes to that code cannot change what this migration does.
"""

import datetime
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models

# (slug, name, keywords, [(slug, name, keywords), ...])
TAXONOMY = [('health-conditions',
  'Health conditions',
  'illness condition medical chronic long-term',
  [('stroke-aphasia', 'Stroke and aphasia', 'speech language communication brain'),
   ('arthritis', 'Arthritis', 'joints rheumatoid osteoarthritis'),
   ('cancer', 'Cancer', 'tumour chemotherapy oncology'),
   ('diabetes', 'Diabetes', 'sugar insulin diabetic'),
   ('epilepsy', 'Epilepsy', 'seizures fits'),
   ('me-chronic-fatigue', 'ME and chronic fatigue', 'cfs fatigue myalgic'),
   ('vertigo-balance', 'Vertigo and balance', 'dizziness meniere dizzy'),
   ('heart', 'Heart conditions', 'cardiac heart attack angina'),
   ('tinnitus-hearing', 'Tinnitus and hearing loss', 'ears deafness hearing'),
   ('endometriosis', 'Endometriosis', 'gynaecological pelvic pain'),
   ('amputation', 'Amputation and limb loss', 'amputee limb prosthetic'),
   ('long-term-pain', 'Long-term pain', 'chronic pain fibromyalgia'),
   ('rare-conditions', 'Rare conditions', 'rare genetic syndrome'),
   ('multiple-sclerosis', 'Multiple sclerosis (MS)', 'ms'),
   ('parkinsons', 'Parkinson’s', 'parkinson parkinsons')]),
 ('disability',
  'Disability',
  'disabled impairment',
  [('physical-disability', 'Physical disability', 'wheelchair mobility'),
   ('sight-loss', 'Sight loss', 'blind visually impaired vision'),
   ('learning-disability', 'Learning disability', 'learning difficulties')]),
 ('mental-health',
  'Mental health',
  'wellbeing emotional',
  [('depression-anxiety', 'Depression and anxiety', 'low mood panic worry stress ocd ptsd trauma'),
   ('bipolar', 'Bipolar', 'manic depression mood'),
   ('eating-problems', 'Eating problems', 'anorexia bulimia eating disorder'),
   ('hearing-voices', 'Hearing voices', 'voices psychosis')]),
 ('carers',
  'Carers',
  'caring carer looking after',
  [('caring-for-an-adult', 'Caring for an adult', 'partner parent relative'),
   ('dementia-carers', 'Caring for someone with dementia', 'alzheimer memory'),
   ('young-carers', 'Young carers', 'children teenagers caring')]),
 ('addiction',
  'Addiction and compulsive behaviour',
  'recovery dependency',
  [('alcohol', 'Alcohol', 'drinking sober aa'),
   ('drugs', 'Drugs', 'substance narcotics'),
   ('gambling', 'Gambling', 'betting gaming')]),
 ('bereavement',
  'Bereavement and loss',
  'grief loss death mourning',
  [('losing-someone-close', 'Losing someone close', 'widow widower partner'),
   ('losing-a-child', 'Losing a child', 'baby stillbirth miscarriage'),
   ('bereaved-by-suicide', 'Bereaved by suicide', 'suicide loss')]),
 ('family-parenting',
  'Family and parenting',
  'parents children family',
  [('twins-multiples', 'Twins and multiple births', 'triplets multiples'),
   ('autism-family', 'Autism in the family', 'autistic asperger asd adhd neurodivergent'),
   ('parents-disabled-children', 'Parents of disabled children', 'special needs send'),
   ('single-parents', 'Single parents', 'lone parent')]),
 ('isolation',
  'Isolation and loneliness',
  'lonely isolated friendship',
  [('older-people', 'Older people', 'elderly retired pensioners'),
   ('new-to-the-area', 'New to the area', 'newcomers moved')]),
 ('identity',
  'Particular communities',
  'community culture identity',
  [('south-asian-women', 'South Asian women', 'asian women punjabi urdu bengali'),
   ('chinese-elders', 'Chinese elders', 'chinese cantonese mandarin'),
   ('lgbt', 'Lesbian, gay, bisexual and trans people', 'gay lesbian trans bisexual lgbtq'),
   ('refugees', 'Refugees and people seeking asylum', 'asylum migrants')])]

# ISO 639-1 codes; British Sign Language has none, so its 639-3 code.
LANGUAGES = [('en', 'English'),
 ('bfi', 'British Sign Language'),
 ('cy', 'Welsh'),
 ('pa', 'Punjabi'),
 ('ur', 'Urdu'),
 ('bn', 'Bengali'),
 ('gu', 'Gujarati'),
 ('zh-yue', 'Cantonese'),
 ('zh', 'Mandarin'),
 ('pl', 'Polish'),
 ('ar', 'Arabic'),
 ('so', 'Somali'),
 ('ro', 'Romanian'),
 ('pt', 'Portuguese')]



def create_search_index(apps, schema_editor):
    """The full-text index beside the groups: FTS5 tables on SQLite; on PostgreSQL a
    tsvector table with a GIN index and an 'english' configuration that ignores no words
    ("down" matters here). Kept as written when it was made: a later change of layout
    needs a migration of its own."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DO $$ BEGIN "
            "IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'selfhelphub_english') THEN "
            "CREATE TEXT SEARCH DICTIONARY selfhelphub_english_stem (TEMPLATE = snowball, Language = english); "
            "CREATE TEXT SEARCH CONFIGURATION selfhelphub_english (COPY = english); "
            "ALTER TEXT SEARCH CONFIGURATION selfhelphub_english "
            "ALTER MAPPING REPLACE english_stem WITH selfhelphub_english_stem; "
            "END IF; END $$"
        )
        schema_editor.execute(
            "CREATE TABLE IF NOT EXISTS directory_group_search ("
            "group_id bigint PRIMARY KEY, document tsvector NOT NULL)"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS directory_group_search_document_idx "
            "ON directory_group_search USING gin (document)"
        )
    else:
        tokenize = "tokenize = 'porter unicode61 remove_diacritics 2'"
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS directory_group_fts USING fts5("
            f"name, categories, body, tags, detail=column, {tokenize})"
        )
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS directory_group_title_fts USING fts5(name, categories, {tokenize})"
        )


def drop_search_index(apps, schema_editor):
    for table in ("directory_group_search", "directory_group_fts", "directory_group_title_fts"):
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


def seed(Category, Language, using="default"):
    """The issue taxonomy (DOMAIN.md §1) and the languages meetings are held in; safe to run
    again. The browser tests call it too, after each test empties the database."""
    for position, (slug, name, keywords, children) in enumerate(TAXONOMY):
        parent, _ = Category.objects.using(using).get_or_create(
            slug=slug, defaults={"name": name, "keywords": keywords, "position": position})
        for child_position, (child_slug, child_name, child_keywords) in enumerate(children):
            Category.objects.using(using).get_or_create(
                slug=child_slug,
                defaults={"name": child_name, "keywords": child_keywords, "position": child_position, "parent": parent})
    for code, name in LANGUAGES:
        Language.objects.using(using).get_or_create(code=code, defaults={"name": name})


def seed_subjects_and_languages(apps, schema_editor):
    seed(apps.get_model("directory", "Category"), apps.get_model("directory", "Language"),
         schema_editor.connection.alias)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Language',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=12, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
            ],
            options={
                'verbose_name': 'language',
                'verbose_name_plural': 'languages',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='SearchIndexState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fresh_after', models.DateField(blank=True, null=True)),
            ],
            options={
                'verbose_name': 'search index state',
                'verbose_name_plural': 'search index state',
            },
        ),
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('word', models.CharField(max_length=40, primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'search word',
                'verbose_name_plural': 'search words',
            },
        ),
        migrations.CreateModel(
            name='Category',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('slug', models.SlugField(max_length=100, unique=True, verbose_name='short name for links')),
                ('keywords', models.CharField(blank=True, help_text='Searched but never shown. Example: “sugar insulin” for diabetes.', max_length=300, verbose_name='other words for it')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='directory.category', verbose_name='part of')),
            ],
            options={
                'verbose_name': 'category',
                'verbose_name_plural': 'categories',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Group',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('slug', models.SlugField(max_length=160, unique=True, verbose_name='short name for links')),
                ('summary', models.CharField(help_text='Shown in search results. Example: “A friendly group for people with tinnitus.”', max_length=200, verbose_name='one-line summary')),
                ('who_for', models.TextField(verbose_name='who the group is for')),
                ('description', models.TextField(help_text='In the group’s own words.', verbose_name='what happens at a meeting')),
                ('newcomers', models.TextField(blank=True, verbose_name='what newcomers can expect')),
                ('stage', models.CharField(choices=[('starting', 'Just starting'), ('active', 'Meeting regularly'), ('paused', 'Paused for now'), ('closing', 'Closing'), ('closed', 'Closed')], default='active', max_length=12, verbose_name='stage')),
                ('stage_note', models.TextField(blank=True, help_text='For a paused or closing group: when it may start again, or where members can go instead.', verbose_name='note about the stage')),
                ('status', models.CharField(choices=[('draft', 'Waiting for changes from the group'), ('pending', 'Waiting for review'), ('published', 'On the directory'), ('declined', 'Not listed')], default='pending', max_length=12, verbose_name='listing status')),
                ('started_on', models.DateField(blank=True, help_text='The first day of the month is enough.', null=True, verbose_name='when the group started')),
                ('affiliation', models.CharField(blank=True, max_length=200, verbose_name='national organisation it belongs to')),
                ('run_by', models.CharField(default='Run by its members', help_text='Example: “Run by its members, with a committee elected each year.”', max_length=200, verbose_name='who runs it')),
                ('run_with_professional_support', models.BooleanField(default=False, verbose_name='run with professional support')),
                ('women_only', models.BooleanField(default=False, verbose_name='women only')),
                ('family_welcome', models.BooleanField(default=False, verbose_name='family and friends welcome')),
                ('contact_role', models.CharField(blank=True, help_text='A role, not a person’s name. Example: “Group secretary”.', max_length=100, verbose_name='who to contact')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('contact_route', models.CharField(choices=[('direct', 'People contact the group directly'), ('introduction', 'People ask the group to contact them'), ('both', 'Either way')], default='direct', max_length=14, verbose_name='how people get in touch')),
                ('professionals_rule', models.CharField(choices=[('none', 'Meetings are for members only: no professionals'), ('invitation', 'Professionals come only when the group invites them'), ('open', 'Professionals are welcome at meetings')], default='invitation', max_length=12, verbose_name='can professionals come to meetings?')),
                ('meets_in_person', models.BooleanField(default=False, editable=False, verbose_name='meets in person')),
                ('meets_online', models.BooleanField(default=False, editable=False, verbose_name='meets online')),
                ('paused_until', models.DateField(blank=True, help_text='For a paused group, if you know. Leave empty for “not meeting at the moment”.', null=True, verbose_name='meetings start again on')),
                ('shares_experience', models.BooleanField(blank=True, null=True, verbose_name='members share the experience')),
                ('mutual_support', models.BooleanField(blank=True, null=True, verbose_name='members meet to support each other')),
                ('run_by_members', models.BooleanField(blank=True, null=True, verbose_name='members run the group')),
                ('free_to_come_and_go', models.BooleanField(blank=True, null=True, verbose_name='people can come and go freely')),
                ('last_confirmed_on', models.DateField(blank=True, null=True, verbose_name='last confirmed')),
                ('reminders_sent', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='reminders sent since last confirmed')),
                ('last_reminder_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last reminder')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('categories', models.ManyToManyField(related_name='groups', to='directory.category', verbose_name='what it is about')),
                ('last_confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last confirmed by')),
                ('languages', models.ManyToManyField(blank=True, to='directory.language', verbose_name='languages spoken at meetings')),
            ],
            options={
                'verbose_name': 'group',
                'verbose_name_plural': 'groups',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='GroupChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                ('action', models.CharField(choices=[('submitted', 'Listing sent for review'), ('approved', 'Listing approved'), ('changes_requested', 'Changes asked for'), ('declined', 'Listing declined'), ('edited', 'Details changed'), ('meeting_added', 'Meeting added'), ('meeting_changed', 'Meeting changed'), ('meeting_removed', 'Meeting removed'), ('confirmed', 'Listing confirmed as up to date'), ('reminder_sent', 'Reminder sent'), ('needs_checking', 'Passed to staff to check'), ('stage_changed', 'Stage changed'), ('coordinator_invited', 'Coordinator invited'), ('coordinator_joined', 'Coordinator joined'), ('coordinator_left', 'Coordinator stepped down'), ('coordinator_removed', 'Coordinator removed by another'), ('rolled_back', 'Change undone by staff'), ('imported', 'Imported from another directory'), ('feed_chosen', 'Staff chose between the feed and the group')], max_length=24, verbose_name='what happened')),
                ('changes', models.JSONField(blank=True, default=dict, verbose_name='fields changed')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='history', to='directory.group')),
                ('undoes', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='undone_by', to='directory.groupchange', verbose_name='change undone')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'change to a group',
                'verbose_name_plural': 'changes to groups',
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Invitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='email address')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('accepted_at', models.DateTimeField(blank=True, null=True)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='directory.group')),
                ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'invitation',
                'verbose_name_plural': 'invitations',
            },
        ),
        migrations.CreateModel(
            name='Venue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('name', models.CharField(max_length=150, verbose_name='name of the place')),
                ('address_1', models.CharField(max_length=150, verbose_name='address')),
                ('address_2', models.CharField(blank=True, max_length=150, verbose_name='address line 2')),
                ('town', models.CharField(max_length=100, verbose_name='town or city')),
                ('postcode', models.CharField(max_length=8, verbose_name='postcode')),
                ('latitude', models.FloatField(blank=True, editable=False, null=True, verbose_name='latitude')),
                ('longitude', models.FloatField(blank=True, editable=False, null=True, verbose_name='longitude')),
                ('step_free', models.BooleanField(default=False, verbose_name='step-free access')),
                ('hearing_loop', models.BooleanField(default=False, verbose_name='hearing loop')),
                ('accessible_toilet', models.BooleanField(default=False, verbose_name='accessible toilet')),
                ('parking', models.BooleanField(default=False, verbose_name='parking')),
                ('transport', models.CharField(blank=True, help_text='Example: “Buses 36 and 37 stop outside.”', max_length=200, verbose_name='getting there')),
                ('access_notes', models.TextField(blank=True, verbose_name='more about access')),
            ],
            options={
                'verbose_name': 'venue',
                'verbose_name_plural': 'venues',
                'ordering': ['name'],
                'indexes': [models.Index(fields=['latitude', 'longitude'], name='venue_point_idx'), models.Index(fields=['id', 'latitude', 'longitude'], name='venue_search_idx')],
            },
        ),
        migrations.CreateModel(
            name='Meeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('attendance', models.CharField(choices=[('in_person', 'In person'), ('online', 'Online'), ('both', 'In person and online')], default='in_person', max_length=10, verbose_name='how people join')),
                ('online_details', models.CharField(blank=True, help_text='Example: “On Zoom; the link is sent when you get in touch.”', max_length=200, verbose_name='how to join online')),
                ('pattern', models.CharField(choices=[('weekly', 'Every week'), ('every_n_weeks', 'Every few weeks'), ('nth_weekday', 'On a set week of the month (for example the 2nd Tuesday)'), ('last_weekday', 'On the last weekday of the month (for example the last Friday)'), ('monthly_date', 'On the same date each month'), ('irregular', 'Not on a regular pattern: contact the group')], max_length=16, verbose_name='how often')),
                ('interval', models.PositiveSmallIntegerField(default=1, verbose_name='every how many weeks')),
                ('weekday', models.PositiveSmallIntegerField(blank=True, choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], null=True, verbose_name='day of the week')),
                ('week_of_month', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='which week of the month')),
                ('day_of_month', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='date in the month')),
                ('starts_on', models.DateField(default=datetime.date(2020, 1, 1), help_text='For meetings every few weeks, the date of one meeting sets the rhythm.', verbose_name='first meeting')),
                ('ends_on', models.DateField(blank=True, help_text='Leave empty if the meetings go on. For a group that is closing, the date of its last meeting.', null=True, verbose_name='last meeting')),
                ('start_time', models.TimeField(blank=True, null=True, verbose_name='starts at')),
                ('end_time', models.TimeField(blank=True, null=True, verbose_name='ends at')),
                ('notes', models.CharField(blank=True, max_length=300, verbose_name='notes')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='directory.group')),
                ('venue', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='directory.venue', verbose_name='venue')),
            ],
            options={
                'verbose_name': 'meeting',
                'verbose_name_plural': 'meetings',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='Coordinator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('added_at', models.DateTimeField(auto_now_add=True, verbose_name='added')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coordinating', to=settings.AUTH_USER_MODEL)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coordinators', to='directory.group')),
            ],
            options={
                'verbose_name': 'coordinator',
                'verbose_name_plural': 'coordinators',
                'constraints': [models.UniqueConstraint(fields=('group', 'user'), name='one_coordinator_row_per_person')],
            },
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['started_on'], name='group_started_idx'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['name', 'id'], name='group_name_idx'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['last_confirmed_on'], name='group_confirmed_idx'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['id', 'meets_in_person', 'meets_online', 'name'], name='group_search_idx'),
        ),
        migrations.AddIndex(
            model_name='meeting',
            index=models.Index(fields=['group', 'attendance', 'venue'], name='meeting_search_idx'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(('attendance', 'online'), ('venue__isnull', False), _connector='OR'), name='meeting_in_person_has_venue', violation_error_message='Choose where the group meets in person.'),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
        migrations.RunPython(seed_subjects_and_languages, migrations.RunPython.noop),
    ]
