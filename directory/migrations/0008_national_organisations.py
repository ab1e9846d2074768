"""National organisations and helplines for a subject, offered when a search finds no group,
few near, or is from outside the area the directory covers; and the staff's permission to
keep the list in the admin (view, add, change and delete).

The list is a starting point, written from the organisations' public details when this was
made: check every number and address against the organisation's own site before release
(README, "National organisations and helplines"). A number is given only where it was known
with confidence, otherwise the website alone; opening hours only where they are simple and
well known.

Frozen: the list, the subjects' short names and the permissions' names are written out here;
nothing is read from the project's code.
"""

import lib.text
from django.db import migrations, models

STAFF_GROUP = "Intermediary staff"
PERMISSIONS = ["view", "add", "change", "delete"]

# (name, what it offers, helpline, when it is open, website, subjects (category slugs), position)
ORGANISATIONS = [
    # Mental health
    ("Mind", "Information and advice about mental health problems, where to get help and your rights.",
     "0300 123 3393", "", "https://www.mind.org.uk/", ["mental-health"], 0),
    ("Rethink Mental Illness", "Advice and information for people affected by severe mental illness, and for "
     "the people who care for them.", "0808 801 0525", "", "https://www.rethink.org/",
     ["mental-health", "hearing-voices", "bipolar"], 1),
    ("Samaritans", "Someone to talk to in confidence, whatever you are going through.", "116 123",
     "Free, day or night, every day of the year.", "https://www.samaritans.org/", ["mental-health"], 2),
    ("Anxiety UK", "Support and information for people living with anxiety, stress and anxiety-based "
     "depression.", "0344 477 5774", "", "https://www.anxietyuk.org.uk/", ["depression-anxiety"], 0),
    ("Bipolar UK", "Information, an online community and peer support groups for people affected by bipolar.",
     "", "", "https://www.bipolaruk.org/", ["bipolar"], 0),
    ("Hearing Voices Network", "Groups and information for people who hear voices, see visions or have other "
     "unusual experiences, and for those who support them.", "", "", "https://www.hearing-voices.org/",
     ["hearing-voices"], 0),
    ("Beat", "Support for anyone affected by an eating disorder, and for their family and friends.",
     "0808 801 0677", "", "https://www.beateatingdisorders.org.uk/", ["eating-problems"], 0),
    # Bereavement and loss
    ("Cruse Bereavement Support", "Support after someone dies, by phone, online and face to face.",
     "0808 808 1677", "", "https://www.cruse.org.uk/", ["bereavement"], 0),
    ("At a Loss", "Helps bereaved people find the support that suits them, near them and online.", "", "",
     "https://www.ataloss.org/", ["bereavement"], 1),
    ("WAY Widowed and Young", "Peer support for people aged 50 or under whose partner has died.", "", "",
     "https://www.widowedandyoung.org.uk/", ["losing-someone-close"], 0),
    ("Sands", "Support for anyone affected by the death of a baby, before, during or shortly after birth.",
     "0808 164 3332", "", "https://www.sands.org.uk/", ["losing-a-child"], 0),
    ("The Compassionate Friends", "Support from other bereaved parents, after the death of a child of any age.",
     "0345 123 2304", "", "https://www.tcf.org.uk/", ["losing-a-child"], 1),
    ("Child Bereavement UK", "Support for families when a baby or child dies, and for children and young "
     "people who are grieving.", "0800 028 8840", "", "https://www.childbereavementuk.org/",
     ["losing-a-child"], 2),
    ("Survivors of Bereavement by Suicide", "Peer support for adults bereaved by suicide, by phone and in "
     "groups.", "0300 111 5065", "", "https://uksobs.org/", ["bereaved-by-suicide"], 0),
    ("Support After Suicide Partnership", "Helps people bereaved or affected by suicide find support near "
     "them.", "", "", "https://supportaftersuicide.org.uk/", ["bereaved-by-suicide"], 1),
    # Carers
    ("Carers UK", "Advice and support for anyone looking after someone: money, work, rights and "
     "looking after yourself.", "0808 808 7777", "", "https://www.carersuk.org/", ["carers"], 0),
    ("Carers Trust", "Support for unpaid carers of all ages, with services for young carers.", "", "",
     "https://carers.org/", ["young-carers"], 0),
    ("Alzheimer’s Society", "Support and information for people living with dementia and the people who care "
     "for them.", "0333 150 3456", "", "https://www.alzheimers.org.uk/", ["dementia-carers"], 0),
    ("Dementia UK", "Specialist dementia nurses (Admiral Nurses) give advice to families by phone.",
     "0800 888 6678", "", "https://www.dementiauk.org/", ["dementia-carers"], 1),
    # Addiction and compulsive behaviour
    ("SMART Recovery UK", "Mutual-aid meetings, in person and online, for recovery from any addictive "
     "behaviour.", "", "", "https://smartrecovery.org.uk/", ["addiction"], 0),
    ("Alcoholics Anonymous Great Britain", "Meetings where people help each other stop drinking and stay "
     "sober.", "0800 917 7650", "", "https://www.alcoholics-anonymous.org.uk/", ["alcohol"], 0),
    ("Al-Anon UK", "Support groups for anyone whose life is, or has been, affected by someone else’s "
     "drinking.", "0800 008 6811", "", "https://www.al-anonuk.org.uk/", ["alcohol"], 1),
    ("Narcotics Anonymous UK", "Meetings where people recovering from drug addiction help each other stay "
     "clean.", "0300 999 1212", "", "https://ukna.org/", ["drugs"], 0),
    ("FRANK", "Honest information about drugs, and confidential advice.", "0300 123 6600", "",
     "https://www.talktofrank.com/", ["drugs"], 1),
    ("GamCare", "Runs the National Gambling Helpline: free, confidential support for anyone affected by "
     "gambling.", "0808 802 0133", "", "https://www.gamcare.org.uk/", ["gambling"], 0),
    ("Gamblers Anonymous UK", "Meetings where people help each other stop gambling.", "", "",
     "https://www.gamblersanonymous.org.uk/", ["gambling"], 1),
    # Health conditions
    ("Stroke Association", "Support for people affected by stroke, and their families.", "0303 303 3100", "",
     "https://www.stroke.org.uk/", ["stroke-aphasia"], 0),
    ("Headway", "Support for people affected by brain injury, and their families and carers.",
     "0808 800 2244", "", "https://www.headway.org.uk/", ["stroke-aphasia"], 1),
    ("Versus Arthritis", "Information and support for people living with arthritis and long-term pain.",
     "0800 520 0520", "", "https://www.versusarthritis.org/", ["arthritis", "long-term-pain"], 0),
    ("Macmillan Cancer Support", "Support for anyone affected by cancer: medical, money and emotional.",
     "0808 808 0000", "Every day, 8am to 8pm.", "https://www.macmillan.org.uk/", ["cancer"], 0),
    ("Diabetes UK", "Advice and information for people living with diabetes, and their families.",
     "0345 123 2399", "", "https://www.diabetes.org.uk/", ["diabetes"], 0),
    ("Epilepsy Action", "Advice and information for people living with epilepsy, and the people around them.",
     "0808 800 5050", "", "https://www.epilepsy.org.uk/", ["epilepsy"], 0),
    ("The ME Association", "Information and support for people with ME/CFS and long COVID.", "", "",
     "https://meassociation.org.uk/", ["me-chronic-fatigue"], 0),
    ("Ménière’s Society", "Support for people with Ménière’s disease and other conditions of the balance "
     "system.", "", "", "https://www.menieres.org.uk/", ["vertigo-balance"], 0),
    ("British Heart Foundation", "Information and support for people living with heart and circulatory "
     "conditions.", "0808 802 1234", "", "https://www.bhf.org.uk/", ["heart"], 0),
    ("Tinnitus UK", "Information and support for people living with tinnitus.", "0800 018 0527", "",
     "https://tinnitus.org.uk/", ["tinnitus-hearing"], 0),
    ("RNID", "Information and support for people who are deaf, have hearing loss or tinnitus.",
     "0808 808 0123", "", "https://rnid.org.uk/", ["tinnitus-hearing"], 1),
    ("Endometriosis UK", "Information and support groups for people affected by endometriosis.", "", "",
     "https://www.endometriosis-uk.org/", ["endometriosis"], 0),
    ("Genetic Alliance UK", "Information and support for people living with genetic, rare and undiagnosed "
     "conditions.", "", "", "https://geneticalliance.org.uk/", ["rare-conditions"], 0),
    ("Parkinson’s UK", "Support and information for people affected by Parkinson’s.", "0808 800 0303", "",
     "https://www.parkinsons.org.uk/", ["parkinsons"], 0),
    ("MS Society", "Support and information for people living with multiple sclerosis.", "0808 800 8000", "",
     "https://www.mssociety.org.uk/", ["multiple-sclerosis"], 0),
    # Disability
    ("Scope", "Information and support for disabled people and their families.", "0808 800 3333", "",
     "https://www.scope.org.uk/", ["disability", "physical-disability"], 0),
    ("RNIB", "Help and support for anyone with sight loss.", "0303 123 9999", "", "https://www.rnib.org.uk/",
     ["sight-loss"], 0),
    ("Mencap", "Advice and support for people with a learning disability, and their families and carers.",
     "0808 808 1111", "", "https://www.mencap.org.uk/", ["learning-disability"], 0),
    # Family and parenting
    ("Family Lives", "Advice and support for parents and families on any part of family life.",
     "0808 800 2222", "", "https://www.familylives.org.uk/", ["family-parenting"], 0),
    ("National Autistic Society", "Information and support for autistic people and their families.",
     "0808 800 4104", "", "https://www.autism.org.uk/", ["autism-family"], 0),
    ("Contact", "Information, advice and support for families with disabled children.", "0808 808 3555", "",
     "https://contact.org.uk/", ["parents-disabled-children"], 0),
    ("Twins Trust", "Support and information for families with twins, triplets or more.", "", "",
     "https://twinstrust.org/", ["twins-multiples"], 0),
    ("Gingerbread", "Advice and support for single parents.", "0808 802 0925", "",
     "https://www.gingerbread.org.uk/", ["single-parents"], 0),
    # Isolation and loneliness
    ("Age UK", "Information and advice for older people, their families and carers.", "0800 678 1602",
     "Every day of the year, 8am to 7pm.", "https://www.ageuk.org.uk/", ["older-people"], 0),
    ("UK Men’s Sheds Association", "Helps people find, or start, a Men’s Shed near them: a place to make "
     "things, share skills and make friends.", "", "", "https://menssheds.org.uk/", ["isolation"], 0),
    # Particular communities
    ("Switchboard LGBT+", "A listening service for lesbian, gay, bisexual and trans people, by phone, email "
     "and chat.", "0800 011 9100", "", "https://switchboard.lgbt/", ["lgbt"], 0),
    ("Terrence Higgins Trust", "Support and advice about HIV and sexual health.", "0808 802 1221", "",
     "https://www.tht.org.uk/", ["lgbt"], 1),
    ("Refugee Council", "Support and advice for refugees and people seeking asylum.", "", "",
     "https://www.refugeecouncil.org.uk/", ["refugees"], 0),
]


def seed(apps, schema_editor):
    """Add the list; safe to run again (an organisation staff already have is left as it
    is). The browser tests call it too, after each test empties the database."""
    database = schema_editor.connection.alias
    Category = apps.get_model("directory", "Category")
    NationalOrganisation = apps.get_model("directory", "NationalOrganisation")
    subjects = {c.slug: c for c in Category.objects.using(database).all()}
    for name, offers, phone, hours, website, slugs, position in ORGANISATIONS:
        wanted = [subjects[slug] for slug in slugs if slug in subjects]
        if not wanted:
            continue  # subjects staff have since renamed away: theirs to add again
        organisation, made = NationalOrganisation.objects.using(database).get_or_create(
            name=name, defaults={"offers": offers, "phone": phone, "hours": hours, "website": website,
                                 "position": position})
        if made:
            organisation.categories.add(*wanted)


def give_staff_the_list(apps, schema_editor):
    database = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.using(database).filter(name=STAFF_GROUP).first()
    if group is None:
        return
    content_type, _ = ContentType.objects.using(database).get_or_create(
        app_label="directory", model="nationalorganisation")
    for action in PERMISSIONS:
        permission, _ = Permission.objects.using(database).get_or_create(
            content_type=content_type, codename=f"{action}_nationalorganisation",
            defaults={"name": f"Can {action} national organisation"},
        )
        group.permissions.add(permission)


def take_back_the_list(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.using(schema_editor.connection.alias).filter(
        content_type__app_label="directory",
        codename__in=[f"{action}_nationalorganisation" for action in PERMISSIONS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0007_group_facts_and_homes'),
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='NationalOrganisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=150, unique=True, validators=[lib.text.validate_one_line], verbose_name='name')),
                ('offers', models.CharField(help_text='One or two plain sentences. Example: “Support after someone dies, by phone, online and face to face.”', max_length=300, validators=[lib.text.validate_one_line], verbose_name='what it offers')),
                ('phone', models.CharField(blank=True, help_text='A UK number, or a free helpline number starting 116. Leave it empty if it has no helpline for the public.', max_length=30, validators=[lib.text.validate_one_line], verbose_name='helpline number')),
                ('hours', models.CharField(blank=True, help_text='As its own site says. Example: “Every day, 8am to 8pm.” Leave it empty if you are not sure.', max_length=200, validators=[lib.text.validate_one_line], verbose_name='when the helpline is open')),
                ('website', models.URLField(help_text='Its own site, starting https://. Example: https://www.cruse.org.uk/', validators=[lib.text.validate_one_line], verbose_name='website')),
                ('active', models.BooleanField(default=True, help_text='Untick to stop offering it, for example while its details are checked.', verbose_name='shown')),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='Among organisations for the same subject, lower numbers are offered first.', verbose_name='position')),
                ('categories', models.ManyToManyField(help_text='Searches about these subjects, or about the subjects under them, offer it. Choose the top-level subject only for an organisation that helps with all of it.', related_name='national_organisations', to='directory.category', verbose_name='subjects')),
            ],
            options={
                'verbose_name': 'national organisation',
                'verbose_name_plural': 'national organisations',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(give_staff_the_list, take_back_the_list),
    ]
