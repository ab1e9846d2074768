import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    dropped = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="false", SECRET_KEY="x" * 60 + "production-like-secret-key", ALLOWED_HOSTS="hub.example.org",
        SITE_URL="https://hub.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_its_address():
    """Without SITE_URL every emailed link and QR code would point at this machine."""
    result = run_manage("check", DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="hub.example.org")
    assert result.returncode != 0
    assert "Set SITE_URL" in result.stderr


def test_an_empty_database_url_as_in_the_example_file_means_the_default():
    result = run_manage("check", DATABASE_URL="")
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize("value", ["perhaps", "2"])
def test_a_setting_that_is_not_true_or_false_is_refused_clearly(value):
    result = run_manage("check", DEBUG=value)
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_every_response_forbids_loading_from_other_sites(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "https:" not in policy and "*" not in policy


@pytest.mark.parametrize("value", ["junk", "10.0.0.0/8, proxy.example.org", "10.0.0.300"])
def test_trusted_proxies_that_are_not_addresses_or_ranges_are_refused_clearly(value):
    result = run_manage("check", TRUSTED_PROXIES=value)
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must list addresses or ranges" in result.stderr


def test_trusted_proxies_may_mix_addresses_and_ranges_of_both_kinds():
    result = run_manage("check", TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.1, 2001:db8::/32")
    assert result.returncode == 0, result.stderr


def test_the_upgrade_check_shows_the_migration_plan_and_passes_the_deployment_checks(tmp_path):
    """`make upgrade-check`, as the README's upgrade procedure runs it on a server."""
    dropped = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {**{k: v for k, v in os.environ.items() if k not in dropped},
           "DEBUG": "false", "SECRET_KEY": "x" * 60 + "production-like-secret-key",
           "ALLOWED_HOSTS": "hub.example.org", "SITE_URL": "https://hub.example.org",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"}
    result = subprocess.run(["make", "--no-print-directory", "upgrade-check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Planned operations:" in result.stdout
    assert "hub.0001_initial" in result.stdout  # an empty database: every migration is planned
    assert "System check identified no issues" in result.stdout


def test_a_log_format_that_does_not_exist_is_refused_at_start():
    result = run_manage("check", LOG_FORMAT="xml")
    assert result.returncode != 0 and "LOG_FORMAT is plain or json" in result.stderr


def test_sentry_without_its_package_is_refused_at_start_with_what_to_do():
    result = run_manage("check", SENTRY_DSN="https://key@sentry.example.org/1")
    assert result.returncode != 0 and "pip install sentry-sdk" in result.stderr


def test_admins_are_read_as_names_and_addresses():
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.ADMINS)",
                        ADMINS="Hub admin <admin@example.org>, ops@example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[('Hub admin', 'admin@example.org'), ('', 'ops@example.org')]"
