"""Pages with personal data stay out of caches, sessions end, and files and logs keep secrets."""

import datetime
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from directory.tests.factory import make_group

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


def test_every_page_for_a_signed_in_person_is_kept_out_of_caches(client, alice):
    group = make_group()
    client.force_login(alice)
    for url in [reverse("directory:my-groups"), reverse("directory:home"), f"/groups/{group.slug}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url


def test_pages_that_take_or_show_personal_data_are_kept_out_of_caches_for_anyone(client):
    group = make_group()
    for url in [reverse("introductions:get-in-touch", args=[group.slug]), reverse("accounts:sign-in")]:
        assert no_store(client.get(url)), url


def test_a_page_that_says_it_may_be_cached_keeps_its_header_for_visitors(client):
    response = client.get("/api/services")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and not no_store(response)


def test_a_session_ends_after_being_idle(client, alice, settings):
    settings.SESSION_IDLE_MINUTES = 120
    client.force_login(alice)
    assert client.get(reverse("directory:my-groups")).status_code == 200
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=121)
    with time_machine.travel(later):
        response = client.get(reverse("directory:my-groups"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("accounts:sign-in"))
    assert "You were signed out to keep your account safe" in response.content.decode()


def test_an_active_session_still_ends_after_its_lifetime(client, alice, settings):
    settings.SESSION_IDLE_MINUTES = 120
    settings.SESSION_MAX_HOURS = 12
    client.force_login(alice)
    start = datetime.datetime.now(tz=datetime.UTC)
    for hours in range(0, 12, 1):
        with time_machine.travel(start + datetime.timedelta(hours=hours, minutes=30)):
            assert client.get(reverse("directory:my-groups")).status_code == 200, hours
    with time_machine.travel(start + datetime.timedelta(hours=12, minutes=1)):
        assert client.get(reverse("directory:my-groups")).status_code == 302


def test_the_session_cookie_lasts_no_longer_than_a_session(settings):
    import hub.settings

    assert hub.settings.SESSION_COOKIE_AGE <= hub.settings.SESSION_MAX_HOURS * 3600
    assert hub.settings.SESSION_IDLE_MINUTES == 120


def _settings_in_a_fresh_process(tmp_path, **env):
    code = "import django; django.setup(); from django.conf import settings; print(settings.OUTBOX_DELIVERY_BACKEND)"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings", **env}
    environment.pop("OUTBOX_DELIVERY_BACKEND", None)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True,
                          text=True, check=True).stdout.strip()


def test_the_sqlite_file_is_created_readable_by_its_owner_only(tmp_path):
    database = tmp_path / "hub.sqlite3"
    _settings_in_a_fresh_process(tmp_path, DATABASE_URL=f"sqlite:///{database}")
    assert database.exists()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_email_is_never_printed_to_the_console_by_default(tmp_path):
    backend = _settings_in_a_fresh_process(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert "console" not in backend


def test_make_run_keeps_emails_in_the_outbox_and_files_private():
    script = (ROOT / "scripts" / "run.sh").read_text()
    assert "umask 077" in script
    assert "OUTBOX_DELIVERY_BACKEND=" in script and "console" not in script
    assert "DEMO=true" in script
