"""Every text field of every model of the project is bounded and carries the rules for its
characters (lib/text.py), so a new field cannot slip through without them.

Model validation (full_clean) is what forms built from models, the admin and the Open
Referral import all run, so a bound there is a bound everywhere. A CharField's max_length
is enforced by Django itself; a TextField's is not (it only sizes the form's box), so each
TextField needs the MaxLengthValidator that `lib.text.paragraphs` adds.
"""

import sys
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import get_resolver

from lib.text import validate_multi_line, validate_one_line

# Written by the hub itself, never typed or imported: keys, hashes, codes it makes.
MACHINE_WRITTEN = {
    "accounts.User.password",  # the hash, from Django's AbstractBaseUser
    "accounts.RateLimitHit.limit", "accounts.RateLimitHit.key",
    "directory.SearchWord.word",
    "directory.EverydayPhrase.terms", "directory.EverydayPhrase.anchor",  # folded from its words
    "enquiries.Enquiry.reference",
    "imports.ColumnChoice.headers_key",
    "imports.ImportRun.error",  # the importer's own one-line message  # a digest of the headings
    "introductions.Introduction.reference", "introductions.Introduction.source_key",
    "introductions.Introduction.form_nonce",
    "openreferral.SourceRecord.fingerprint",
    "outbox.OutboxMessage.last_error",
    "publishing.PrintedDirectory.fingerprint",
    "publishing.PrintRun.error",  # the name of the exception it stopped on
    "usage.DailySalt.salt", "usage.SeenToday.digest",  # a day's random key, and a keyed hash
}


def _project_text_fields():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent != base:
            continue  # Django's own apps and installed packages (a virtualenv may sit inside the checkout)
        for model in config.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, (models.CharField, models.TextField)):
                    yield f"{model._meta.label}.{field.name}", field


TEXT_FIELDS = dict(_project_text_fields())


def test_the_walk_finds_the_projects_text_fields():
    assert "directory.Group.description" in TEXT_FIELDS
    assert "directory.Group.name" in TEXT_FIELDS
    assert not any(name.startswith(("auth.", "admin.", "sessions.")) for name in TEXT_FIELDS)


@pytest.mark.parametrize("name", sorted(TEXT_FIELDS))
def test_every_text_field_has_a_bound_that_model_validation_enforces(name):
    field = TEXT_FIELDS[name]
    assert field.max_length, f"{name} has no max_length: give it one from lib/text.py"
    limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
    assert limits == [field.max_length], (
        f"{name}: model validation must refuse more than max_length (a TextField needs **paragraphs(...))")
    if field.choices:
        return
    with pytest.raises(ValidationError):
        field.run_validators("a" * (field.max_length + 1))


def _needs_character_rules(name, field):
    return not (field.choices or isinstance(field, models.SlugField) or name in MACHINE_WRITTEN)


@pytest.mark.parametrize("name", sorted(n for n, f in TEXT_FIELDS.items() if _needs_character_rules(n, f)))
def test_every_text_field_refuses_direction_overrides_and_control_characters(name):
    field = TEXT_FIELDS[name]
    rule = validate_multi_line if isinstance(field, models.TextField) else validate_one_line
    assert rule in field.validators, f"{name} needs validators=[{rule.__name__}] (lib/text.py)"
    with pytest.raises(ValidationError):
        field.run_validators("abc\u202e")
    with pytest.raises(ValidationError):
        field.run_validators("abc\x00")


@pytest.mark.parametrize("name", sorted(n for n, f in TEXT_FIELDS.items()
                                        if _needs_character_rules(n, f) and not isinstance(f, models.TextField)))
def test_every_one_line_field_refuses_line_breaks(name):
    with pytest.raises(ValidationError) as refused:
        TEXT_FIELDS[name].run_validators("Stroke Club\nBcc: someone@example.org")
    assert "line_break" in [e.code for e in refused.value.error_list]


# Forms: a field a model does not check is bounded in the form itself.
# Passwords are checked against a hash and never stored or shown; the request's own size
# bound (DATA_UPLOAD_MAX_MEMORY_SIZE) is theirs.
def _project_forms():
    import_module(settings.ROOT_URLCONF)  # loads every view, and so every form
    get_resolver().url_patterns  # noqa: B018
    base = Path(settings.BASE_DIR).resolve()
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    for form in seen:
        path = Path(sys.modules[form.__module__].__file__).resolve()
        if base in path.parents and not {".venv", "tests"} & set(path.parts):  # not the tests' own forms
            yield form


def _own_char_fields():
    """(form.field, field) for each CharField a form checks itself: not a model's field
    (a ModelForm's model fields are checked by the model's own validators)."""
    for form in _project_forms():
        model = getattr(getattr(form, "_meta", None), "model", None)
        model_fields = {f.name for f in model._meta.get_fields()} if model else set()
        for name, field in form.base_fields.items():
            if not isinstance(field, forms.CharField):
                continue
            if name in model_fields:
                continue
            yield f"{form.__module__}.{form.__name__}.{name}", field


FORM_FIELDS = dict(_own_char_fields())
# Not stored or shown as typed: a signed token, a spam trap, words only searched for, an
# address, a reference or a sign-in code only looked up; a password, stored only as its hash.
NOT_STORED = {"form_token", "code", "password", "password1", "password2", "new_password1", "new_password2",
              "website", "q", "where", "areas", "key", "reference",
              "accounts.forms.SignInForm.username", "accounts.forms.EmailForm.email",
              "accounts.forms.PasswordResetForm.email"}


def test_the_walk_finds_the_forms_own_fields():
    assert "directory.forms.SearchForm.q" in FORM_FIELDS
    assert "introductions.forms.AskToBeContactedForm.message" in FORM_FIELDS


@pytest.mark.parametrize("name", sorted(FORM_FIELDS))
def test_every_form_field_that_no_model_checks_has_a_bound(name):
    field = FORM_FIELDS[name]
    assert field.max_length, f"{name} has no max_length"


@pytest.mark.parametrize("name", sorted(n for n in FORM_FIELDS
                                  if n not in NOT_STORED and n.rsplit(".", 1)[1] not in NOT_STORED))
def test_every_form_field_that_no_model_checks_has_the_rules_for_its_characters(name):
    field = FORM_FIELDS[name]
    rule = validate_multi_line if isinstance(field.widget, forms.Textarea) else validate_one_line
    assert rule in field.validators, f"{name} needs validators=[{rule.__name__}] (lib/text.py)"
