"""What every benchmark does the same way: a database of its own, Django set up for it,
percentiles, and a JSON report printed and written."""

import json
import os
import statistics
from pathlib import Path


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("SITE_URL", "https://testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def database_url(folder) -> str:
    """The database named by BENCH_DATABASE_URL, or a new SQLite file in `folder`."""
    return os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"


def milliseconds(values) -> dict:
    """The median and 95th percentile of timings in milliseconds."""
    return {"p50_ms": round(statistics.median(values), 3), "p95_ms": round(percentile(values, 0.95), 3)}


def write_report(report: dict, output: str) -> None:
    """Print the report as JSON and write it to `output`."""
    text = json.dumps(report, indent=2)
    print(text)
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(text + "\n")
