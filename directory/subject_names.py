"""The names of the subjects the directory starts with (the TAXONOMY its first migration
seeds), marked here so that `make messages` puts them in the catalogues and each page
shows them in the reader's language (Category.label).

The migration is frozen and never read by the running site, so the names are written out
again here; a test holds every seeded name to this list. A subject staff add in the admin
has no entry until someone adds its name here and translates it: until then it shows as
they typed it.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

SUBJECT_NAMES = [
    gettext_noop("Health conditions"),
    gettext_noop("Stroke and aphasia"),
    gettext_noop("Arthritis"),
    gettext_noop("Cancer"),
    gettext_noop("Diabetes"),
    gettext_noop("Epilepsy"),
    gettext_noop("ME and chronic fatigue"),
    gettext_noop("Vertigo and balance"),
    gettext_noop("Heart conditions"),
    gettext_noop("Tinnitus and hearing loss"),
    gettext_noop("Endometriosis"),
    gettext_noop("Amputation and limb loss"),
    gettext_noop("Long-term pain"),
    gettext_noop("Rare conditions"),
    gettext_noop("Multiple sclerosis (MS)"),
    gettext_noop("Parkinson’s"),
    gettext_noop("Disability"),
    gettext_noop("Physical disability"),
    gettext_noop("Sight loss"),
    gettext_noop("Learning disability"),
    gettext_noop("Mental health"),
    gettext_noop("Depression and anxiety"),
    gettext_noop("Bipolar"),
    gettext_noop("Eating problems"),
    gettext_noop("Hearing voices"),
    gettext_noop("Carers"),
    gettext_noop("Caring for an adult"),
    gettext_noop("Caring for someone with dementia"),
    gettext_noop("Young carers"),
    gettext_noop("Addiction and compulsive behaviour"),
    gettext_noop("Alcohol"),
    gettext_noop("Drugs"),
    gettext_noop("Gambling"),
    gettext_noop("Bereavement and loss"),
    gettext_noop("Losing someone close"),
    gettext_noop("Losing a child"),
    gettext_noop("Bereaved by suicide"),
    gettext_noop("Family and parenting"),
    gettext_noop("Twins and multiple births"),
    gettext_noop("Autism in the family"),
    gettext_noop("Parents of disabled children"),
    gettext_noop("Single parents"),
    gettext_noop("Isolation and loneliness"),
    gettext_noop("Older people"),
    gettext_noop("New to the area"),
    gettext_noop("Particular communities"),
    gettext_noop("South Asian women"),
    gettext_noop("Chinese elders"),
    gettext_noop("Lesbian, gay, bisexual and trans people"),
    gettext_noop("Refugees and people seeking asylum"),
]



def names_in(language: str) -> list[tuple[str, str]]:
    """(English name, name in `language`) of each seeded subject whose name that language's
    catalogue writes differently, as Category.label shows it to a reader of that language.
    None in English, whose names are the ones stored."""
    if not language or language == settings.LANGUAGE_CODE:
        return []
    with translation.override(language):
        named = [(name, translation.gettext(name)) for name in SUBJECT_NAMES]
    return [(name, label) for name, label in named if label != name]
