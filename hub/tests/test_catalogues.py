"""The translation catalogues (locale/<language>/LC_MESSAGES/django.po and .mo) are kept
current: every message of the code is in them, they compile without errors, the compiled
copies match them, and no Welsh translation is its English original. `make messages` brings
them up to date (README, "Languages")."""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

LOCALE = Path(settings.LOCALE_PATHS[0])
CATALOGUES = [LOCALE / to_locale(code) / "LC_MESSAGES" / "django.po"
              for code, _name in settings.KNOWN_LANGUAGES if code != settings.LANGUAGE_CODE]
# Welsh translations that are rightly the same as the English: names and codes.
# Reviewed: names, codes and words that are the same in Welsh ("poster").
SAME_IN_WELSH = {"%(site_name)s", "OK", "NHS 111", "PDF", "CSV", "iCalendar", "Zoom", "Open Referral", "URL",
                 "Samaritans", "Self Help Hub", "ETag", "Last-Modified", "HTML", "Excel (.xlsx)", "(CSV)", "poster",
                 "%(name)s: poster",
                 # Subjects (directory/subject_names.py) whose Welsh name is the English word.
                 "Alcohol", "Endometriosis"}
# A message of placeholders and punctuation alone ("%(when)s, %(where)s") has nothing to translate.
NO_WORDS = re.compile(r"^(%\([a-z_]+\)[sd]|[\s.,:;()–-])*$")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install Debian's gettext (apt-get install gettext).", pytrace=False)
    return path


def entries(path: Path) -> list[dict]:
    """The entries of a .po file (the header left out): msgctxt, msgid, msgid_plural, the
    msgstr (or msgstr[n]) texts, and whether it is fuzzy."""
    found, entry, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry and entry["msgid"]:
                found.append(entry)
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return found


def msgids(path: Path) -> set[tuple]:
    return {(entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural")) for entry in entries(path)}


def test_every_known_language_has_a_catalogue():
    assert CATALOGUES and all(path.is_file() for path in CATALOGUES), CATALOGUES


def test_every_catalogue_holds_the_same_messages():
    first = msgids(CATALOGUES[0])
    assert len(first) > 1000
    for path in CATALOGUES[1:]:
        assert msgids(path) == first, path


def test_the_catalogues_hold_every_message_the_code_has_now(tmp_path):
    """A string added, changed or removed without `make messages` fails here: makemessages is
    run on a copy of the project, and what it extracts is compared with the Welsh catalogue."""
    _tool("xgettext")
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", ".local", "staticfiles", "bench", "test-results", "node_modules", "__pycache__", "*.mo",
        ".pytest_cache", ".ruff_cache", ".hypothesis", "db.sqlite3*"))
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "cy", *MAKEMESSAGES_OPTIONS],
        cwd=copy, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    now = msgids(copy / "locale" / "cy" / "LC_MESSAGES" / "django.po")
    kept = msgids(LOCALE / "cy" / "LC_MESSAGES" / "django.po")
    assert not now - kept, f"Messages in the code but not in the catalogues (run make messages): {now - kept}"
    assert not kept - now, f"Messages in the catalogues the code no longer has (run make messages): {kept - now}"


# The options `make messages` gives makemessages (the Makefile's MAKEMESSAGES_OPTIONS).
MAKEMESSAGES_OPTIONS = ["--no-obsolete", "--add-location", "file", "--ignore", ".venv", "--ignore", ".local",
                        "--ignore", "staticfiles", "--ignore", "bench", "--ignore", "test-results"]


def test_the_makefile_extracts_messages_as_this_test_does():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    line = next(line for line in makefile.splitlines() if line.startswith("MAKEMESSAGES_OPTIONS :="))
    options = line.partition(":=")[2].split()
    assert [part for option in options for part in option.split("=", 1)] == MAKEMESSAGES_OPTIONS


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_each_catalogue_compiles_without_errors(path, tmp_path):
    """msgfmt --check also refuses a translation whose placeholders (%(name)s) differ from
    the English, which would break the page."""
    result = subprocess.run([_tool("msgfmt"), "--check", "--statistics", "-o", str(tmp_path / "django.mo"),
                             str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_each_compiled_catalogue_is_current(path, tmp_path):
    subprocess.run([_tool("msgfmt"), "-o", str(tmp_path / "django.mo"), str(path)], check=True, timeout=60)
    compiled = path.with_suffix(".mo")
    assert compiled.is_file(), f"{compiled} is missing: run make messages"
    with open(tmp_path / "django.mo", "rb") as fresh, open(compiled, "rb") as kept:
        assert gettext.GNUTranslations(kept)._catalog == gettext.GNUTranslations(fresh)._catalog, \
            f"{compiled} is out of date: run make messages"


def test_welsh_is_complete_with_nothing_untranslated_or_fuzzy(tmp_path):
    """Welsh covers every page, signed in or not: every message translated, none left as
    a guess (fuzzy) by makemessages."""
    result = subprocess.run([_tool("msgfmt"), "--statistics", "-o", str(tmp_path / "django.mo"),
                             str(LOCALE / "cy" / "LC_MESSAGES" / "django.po")], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr


def test_no_welsh_translation_is_a_copy_of_its_english():
    copies = [entry["msgid"] for entry in entries(LOCALE / "cy" / "LC_MESSAGES" / "django.po")
              if entry.get("msgstr") and entry["msgstr"] == entry["msgid"] and entry["msgid"] not in SAME_IN_WELSH
              and not NO_WORDS.match(entry["msgid"])]
    assert not copies, f"Welsh translations left in English: {copies}"


def test_the_parser_reads_what_the_catalogues_hold():
    welsh = {entry["msgid"]: entry for entry in entries(LOCALE / "cy" / "LC_MESSAGES" / "django.po")}
    assert welsh["Find a group"]["msgstr"] == "Dod o hyd i grŵp"
    assert any("msgid_plural" in entry for entry in welsh.values())
