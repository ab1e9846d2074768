"""The import applies the models' own bounds and character rules (lib/text.py through
Group.field_errors): a field that breaks them is reported and left out, never stored."""

import io

import pytest
from django.core.management import CommandError, call_command

from directory.models import Group
from lib.text import OWN_WORDS

from .test_import import service, write_page

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    try:
        call_command("import_openreferral", *[str(a) for a in args], "--verbose", stdout=out)
    except CommandError as error:
        return f"{out.getvalue()}\n{error}"
    return out.getvalue()


def test_a_too_long_description_and_a_name_with_a_line_break_are_reported_and_not_stored(tmp_path):
    feed = write_page(tmp_path / "feed.json", [
        service(description="a" * (OWN_WORDS + 1)),
        service(id="svc-2", name="Chelmsford\nBcc: all@example.org", description="Tea and talk."),
        service(id="svc-3", name="Grief group \u202epuorg", description="Tea and talk."),
    ])

    output = run(feed, "--skip-invalid")

    assert f"service svc-1: description “{'a' * 20}" in output and f"at most {OWN_WORDS} characters" in output
    assert "Keep this to one line: take out the line breaks. Left out." in output
    assert "Take out the invisible characters that change the direction of the text. Left out." in output
    # Without its name a record is no listing at all, so those two are refused; the first
    # comes in without the description it could not keep.
    assert "2 refused" in output
    group = Group.objects.get()
    assert group.name == "Chelmsford Stroke Club" and group.description == ""
