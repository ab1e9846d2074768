"""The import applies the models' own bounds and character rules (lib/text.py through
Group.field_errors): a field that breaks them is reported and left out, never stored."""

import io

import pytest
from django.core.management import CommandError, call_command

from directory.models import Group
from lib.text import LINE, OWN_WORDS
from openreferral.importer import Problem

from .test_import import service, write_page

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    try:
        call_command("import_openreferral", *[str(a) for a in args], "--verbose", stdout=out)
    except CommandError as error:
        return f"{out.getvalue()}\n{error}"
    return out.getvalue()


def test_a_too_long_description_is_cut_and_a_name_with_a_line_break_is_reported_and_not_stored(tmp_path):
    feed = write_page(tmp_path / "feed.json", [
        service(description="a" * (OWN_WORDS + 1)),
        service(id="svc-2", name="Chelmsford\nBcc: all@example.org", description="Tea and talk."),
        service(id="svc-3", name="Grief group \u202epuorg", description="Tea and talk."),
    ])

    output = run(feed, "--skip-invalid")

    assert f"service svc-1: description “{'a' * 20}" in output
    assert f"was cut at a word to fit {OWN_WORDS} characters" in output
    assert "Keep this to one line: take out the line breaks. Left out." in output
    assert "Take out the invisible characters that change the direction of the text. Left out." in output
    # Without its name a record is no listing at all, so those two are refused; the first
    # comes in with as much of its description as fits (no sentence ends in it: cut at "…").
    assert "2 refused" in output
    group = Group.objects.get()
    assert group.name == "Chelmsford Stroke Club" and group.description == "a" * (OWN_WORDS - 1) + "…"


def test_the_report_quotes_a_bad_value_on_one_line_and_at_most_a_line_of_it(tmp_path):
    feed = write_page(tmp_path / "feed.json", [
        service(description="a" * (OWN_WORDS + 1)),
        service(id="svc-2", name="Chelmsford\nBcc: all@example.org", description="Tea and talk."),
        service(id="svc-3", name="Grief group \u202epuorg", description="Tea and talk."),
    ])

    lines = run(feed, "--skip-invalid").splitlines()

    assert any("“Chelmsford Bcc: all@example.org”" in line for line in lines)
    assert any("“Grief group puorg”" in line for line in lines)
    assert not any("\u202e" in line for line in lines)


def test_a_problem_keeps_at_most_a_line_of_the_value_it_quotes():
    # The report keeps up to a thousand problems: each holding a million-character value
    # would hold a gigabyte.
    problem = Problem("service", "svc-1", "description", "a" * 1_000_000, "Too long.")
    assert len(problem.value) == LINE and problem.value.endswith("…")
