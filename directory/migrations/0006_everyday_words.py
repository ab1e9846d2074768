"""Everyday words that lead to subjects ("lost my husband" → losing someone close), the
list search starts with, and the staff's permission to keep it in the admin (view, add and
change, like the subjects themselves).

Frozen: the phrases, the way their search words are worked out (as search cleaned words
when this was written) and the permissions' names are written out here; nothing is read
from the project's code.
"""

import re
import unicodedata

import lib.text
from django.db import migrations, models

STAFF_GROUP = "Intermediary staff"
PERMISSIONS = ["view", "add", "change"]

# Subject (category slug) → the everyday words that lead to it.
PHRASES = {
    "bereavement": ["bereaved", "bereavement", "grief", "grieving", "mourning", "someone died",
                    "death in the family", "coping with loss"],
    "losing-someone-close": [
        "husband died", "wife died", "partner died", "lost my husband", "lost my wife", "lost my partner",
        "death of my husband", "death of my wife", "death of my partner", "widow", "widower", "widowed",
        "lost my mum", "lost my dad", "lost my mother", "lost my father", "mum died", "dad died",
        "mother died", "father died", "lost my brother", "lost my sister", "brother died", "sister died",
        "best friend died",
    ],
    "losing-a-child": [
        "lost my baby", "baby died", "baby loss", "miscarriage", "stillbirth", "stillborn", "son died",
        "daughter died", "lost my son", "lost my daughter", "child died", "lost a child",
    ],
    "bereaved-by-suicide": ["took his own life", "took her own life", "took their own life"],
    "alcohol": [
        "can't stop drinking", "drinking too much", "drink too much", "alcoholic", "alcoholism",
        "drink problem", "drinking problem", "alcohol problem", "stop drinking", "sober", "sobriety",
        "husband drinks", "wife drinks", "partner drinks",
    ],
    "drugs": ["drugs", "drug addiction", "addicted to drugs", "cocaine", "heroin", "cannabis",
              "stop using", "narcotics"],
    "gambling": ["gambling", "gambler", "betting", "can't stop gambling", "gambling debts"],
    "autism-family": [
        "my son has autism", "my daughter has autism", "my child has autism", "son is autistic",
        "daughter is autistic", "autistic", "autism", "aspergers", "asperger's", "adhd",
        "neurodivergent",
    ],
    "dementia-carers": [
        "memory problems", "memory loss", "forgetful", "dementia", "alzheimer's", "alzheimers",
        "mum has dementia", "dad has dementia", "losing their memory",
    ],
    "caring-for-an-adult": [
        "caring for mum", "caring for dad", "caring for my mum", "caring for my dad",
        "caring for my husband", "caring for my wife", "caring for my partner",
        "looking after my husband", "looking after my wife", "looking after my partner",
        "looking after mum", "looking after dad", "looking after my mum", "looking after my dad",
    ],
    "carers": ["carer", "unpaid carer", "caring for someone"],
    "young-carers": ["young carer", "young carers"],
    "hearing-voices": ["hearing voices", "voices in my head", "hear voices", "psychosis"],
    "depression-anxiety": [
        "low mood", "depressed", "depression", "feeling down", "feeling low", "anxious", "anxiety",
        "panic attacks", "panic attack", "worry all the time", "stressed", "ptsd", "ocd",
        "postnatal", "postnatal depression", "new mum", "new mother",
    ],
    "bipolar": ["bipolar", "manic depression", "mood swings"],
    "eating-problems": ["eating disorder", "anorexia", "anorexic", "bulimia", "binge eating"],
    "stroke-aphasia": ["stroke", "had a stroke", "aphasia", "lost my speech", "brain injury"],
    "heart": ["heart attack", "heart failure", "angina", "heart bypass", "heart surgery"],
    "cancer": ["cancer", "chemo", "chemotherapy", "tumour", "breast cancer", "prostate cancer",
               "radiotherapy"],
    "long-term-pain": ["chronic pain", "fibromyalgia", "back pain", "pain all the time", "constant pain"],
    "multiple-sclerosis": ["ms", "multiple sclerosis"],
    "parkinsons": ["parkinson's", "parkinsons", "parkinson"],
    "diabetes": ["diabetic", "type 2 diabetes", "type 1 diabetes", "blood sugar"],
    "epilepsy": ["seizures", "epileptic"],
    "tinnitus-hearing": ["tinnitus", "ringing in my ears", "going deaf", "hard of hearing", "hearing aid",
                         "deaf"],
    "vertigo-balance": ["dizzy", "dizziness", "vertigo", "menieres"],
    "arthritis": ["arthritis", "joint pain", "rheumatoid"],
    "amputation": ["amputee", "lost a leg", "lost my leg", "lost an arm", "prosthetic"],
    "me-chronic-fatigue": ["chronic fatigue", "always tired", "long covid", "me cfs"],
    "endometriosis": ["endometriosis", "period pain"],
    "physical-disability": ["wheelchair user", "in a wheelchair", "mobility problems"],
    "sight-loss": ["going blind", "losing my sight", "macular", "partially sighted", "blind"],
    "learning-disability": ["learning disability", "learning difficulties"],
    "isolation": ["lonely", "loneliness", "isolated", "no one to talk to"],
    "older-people": ["retired", "pensioner", "elderly"],
    "new-to-the-area": ["new to the area", "just moved", "moved here", "don't know anyone"],
    "single-parents": ["single mum", "single dad", "single parent", "lone parent"],
    "twins-multiples": ["twins", "triplets"],
    "parents-disabled-children": ["disabled child", "special needs"],
    "lgbt": ["gay", "lesbian", "trans", "transgender", "lgbt", "lgbtq", "bisexual"],
    "refugees": ["refugee", "asylum seeker", "seeking asylum"],
}

# As search cleaned words when this was written (directory/search/text.py).
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves near me
group groups support meeting meetings meet club local people person help
""".split())


def phrase_terms(text):
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    terms = []
    for word in re.findall(r"[^\W_]+", folded):
        word = word[:40]
        if word in STOP_WORDS or word in terms or "0x" in word or (len(word) < 2 and not word.isdigit()):
            continue
        terms.append(word)
    return terms[:12]


def seed_phrases(apps, schema_editor):
    database = schema_editor.connection.alias
    Category = apps.get_model("directory", "Category")
    EverydayPhrase = apps.get_model("directory", "EverydayPhrase")
    subjects = {c.slug: c for c in Category.objects.using(database).filter(slug__in=list(PHRASES))}
    for slug, phrases in PHRASES.items():
        if slug not in subjects:
            continue  # a subject staff have since renamed away: its words are theirs to add
        for words in phrases:
            terms = phrase_terms(words)
            phrase, _ = EverydayPhrase.objects.using(database).get_or_create(
                words=words, defaults={"terms": " ".join(terms), "anchor": max(terms, key=len)})
            phrase.categories.add(subjects[slug])


def give_staff_the_vocabulary(apps, schema_editor):
    database = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.using(database).filter(name=STAFF_GROUP).first()
    if group is None:
        return
    content_type, _ = ContentType.objects.using(database).get_or_create(app_label="directory", model="everydayphrase")
    for action in PERMISSIONS:
        permission, _ = Permission.objects.using(database).get_or_create(
            content_type=content_type, codename=f"{action}_everydayphrase",
            defaults={"name": f"Can {action} everyday words"},
        )
        group.permissions.add(permission)


def take_back_the_vocabulary(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.using(schema_editor.connection.alias).filter(
        content_type__app_label="directory", codename__in=[f"{a}_everydayphrase" for a in PERMISSIONS]).delete()



class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0005_meeting_changes_and_months_apart'),
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='EverydayPhrase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('words', models.CharField(help_text='As someone might type them. Example: “lost my husband” or “can’t stop drinking”. A search counts it when it has every word, apart from the commonest ones like “my”.', max_length=100, unique=True, validators=[lib.text.validate_one_line], verbose_name='everyday words')),
                ('terms', models.CharField(default='', editable=False, max_length=300)),
                ('anchor', models.CharField(db_index=True, default='', editable=False, max_length=40)),
                ('categories', models.ManyToManyField(help_text='The subjects these words lead to.', related_name='everyday_phrases', to='directory.category', verbose_name='subjects')),
            ],
            options={
                'verbose_name': 'everyday words',
                'verbose_name_plural': 'everyday words',
                'ordering': ['words'],
            },
        ),
        migrations.RunPython(seed_phrases, migrations.RunPython.noop),
        migrations.RunPython(give_staff_the_vocabulary, take_back_the_vocabulary),
    ]
