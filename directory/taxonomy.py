"""The issue taxonomy: what groups form around (Wilson Box 2.1; ESTEEM Table 1).

Two levels. Keywords are other words people use for the same thing; they are searched
alongside the name but never shown.
"""

from django.utils.translation import gettext_lazy as _

# (slug, name, keywords, [(slug, name, keywords), ...])
TAXONOMY = [
    ("health-conditions", _("Health conditions"), "illness condition medical chronic long-term", [
        ("stroke-aphasia", _("Stroke and aphasia"), "speech language communication brain"),
        ("arthritis", _("Arthritis"), "joints rheumatoid osteoarthritis"),
        ("cancer", _("Cancer"), "tumour chemotherapy oncology"),
        ("diabetes", _("Diabetes"), "sugar insulin diabetic"),
        ("epilepsy", _("Epilepsy"), "seizures fits"),
        ("me-chronic-fatigue", _("ME and chronic fatigue"), "cfs fatigue myalgic"),
        ("vertigo-balance", _("Vertigo and balance"), "dizziness meniere dizzy"),
        ("heart", _("Heart conditions"), "cardiac heart attack angina"),
        ("tinnitus-hearing", _("Tinnitus and hearing loss"), "ears deafness hearing"),
        ("endometriosis", _("Endometriosis"), "gynaecological pelvic pain"),
        ("amputation", _("Amputation and limb loss"), "amputee limb prosthetic"),
        ("long-term-pain", _("Long-term pain"), "chronic pain fibromyalgia"),
        ("rare-conditions", _("Rare conditions"), "rare genetic syndrome"),
        ("multiple-sclerosis", _("Multiple sclerosis (MS)"), "ms"),
        ("parkinsons", _("Parkinson’s"), "parkinson parkinsons"),
    ]),
    ("disability", _("Disability"), "disabled impairment", [
        ("physical-disability", _("Physical disability"), "wheelchair mobility"),
        ("sight-loss", _("Sight loss"), "blind visually impaired vision"),
        ("learning-disability", _("Learning disability"), "learning difficulties"),
    ]),
    ("mental-health", _("Mental health"), "wellbeing emotional", [
        ("depression-anxiety", _("Depression and anxiety"), "low mood panic worry stress ocd ptsd trauma"),
        ("bipolar", _("Bipolar"), "manic depression mood"),
        ("eating-problems", _("Eating problems"), "anorexia bulimia eating disorder"),
        ("hearing-voices", _("Hearing voices"), "voices psychosis"),
    ]),
    ("carers", _("Carers"), "caring carer looking after", [
        ("caring-for-an-adult", _("Caring for an adult"), "partner parent relative"),
        ("dementia-carers", _("Caring for someone with dementia"), "alzheimer memory"),
        ("young-carers", _("Young carers"), "children teenagers caring"),
    ]),
    ("addiction", _("Addiction and compulsive behaviour"), "recovery dependency", [
        ("alcohol", _("Alcohol"), "drinking sober aa"),
        ("drugs", _("Drugs"), "substance narcotics"),
        ("gambling", _("Gambling"), "betting gaming"),
    ]),
    ("bereavement", _("Bereavement and loss"), "grief loss death mourning", [
        ("losing-someone-close", _("Losing someone close"), "widow widower partner"),
        ("losing-a-child", _("Losing a child"), "baby stillbirth miscarriage"),
        ("bereaved-by-suicide", _("Bereaved by suicide"), "suicide loss"),
    ]),
    ("family-parenting", _("Family and parenting"), "parents children family", [
        ("twins-multiples", _("Twins and multiple births"), "triplets multiples"),
        ("autism-family", _("Autism in the family"), "autistic asperger asd adhd neurodivergent"),
        ("parents-disabled-children", _("Parents of disabled children"), "special needs send"),
        ("single-parents", _("Single parents"), "lone parent"),
    ]),
    ("isolation", _("Isolation and loneliness"), "lonely isolated friendship", [
        ("older-people", _("Older people"), "elderly retired pensioners"),
        ("new-to-the-area", _("New to the area"), "newcomers moved"),
    ]),
    ("identity", _("Particular communities"), "community culture identity", [
        ("south-asian-women", _("South Asian women"), "asian women punjabi urdu bengali"),
        ("chinese-elders", _("Chinese elders"), "chinese cantonese mandarin"),
        ("lgbt", _("Lesbian, gay, bisexual and trans people"), "gay lesbian trans bisexual lgbtq"),
        ("refugees", _("Refugees and people seeking asylum"), "asylum migrants"),
    ]),
]

# Languages a meeting can be held in (ISO 639-1 codes; British Sign Language has no 639-1 code).
LANGUAGES = [
    ("en", _("English")),
    ("bfi", _("British Sign Language")),
    ("cy", _("Welsh")),
    ("pa", _("Punjabi")),
    ("ur", _("Urdu")),
    ("bn", _("Bengali")),
    ("gu", _("Gujarati")),
    ("zh-yue", _("Cantonese")),
    ("zh", _("Mandarin")),
    ("pl", _("Polish")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("ro", _("Romanian")),
    ("pt", _("Portuguese")),
]


def seed(Category, Language):
    """Create any missing categories and languages. Safe to run again.

    Takes the model classes so the data migration can pass its historical models.
    """
    for position, (slug, name, keywords, children) in enumerate(TAXONOMY):
        parent, _created = Category.objects.get_or_create(
            slug=slug, defaults={"name": str(name), "keywords": keywords, "position": position}
        )
        for child_position, (child_slug, child_name, child_keywords) in enumerate(children):
            Category.objects.get_or_create(
                slug=child_slug,
                defaults={"name": str(child_name), "keywords": child_keywords,
                          "position": child_position, "parent": parent},
            )
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": str(name)})
