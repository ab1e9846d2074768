"""Backups that restore (`manage.py backup PATH`, `manage.py restore PATH`).

SQLite: the online backup API (a consistent copy while the site runs), into a SQLite file.
PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean --if-exists
--single-transaction` (all or nothing). A restore then keeps what was erased since the
backup erased (hub/erasures.py: the erasure log as it was before the restore, replayed)
and runs the retention purges, so nothing is kept longer than the privacy notice says.
"""

import os
import shutil
import sqlite3
import subprocess
from glob import glob
from pathlib import Path

from django.db import connection, transaction
from django.utils.module_loading import import_string

# The scheduled jobs that delete personal details on time: run after every restore.
PURGES = [
    "introductions.services.purge",
    "enquiries.services.purge",
    "subscriptions.services.purge",
    "network.services.purge",
    "accounts.services.delete_unconfirmed_accounts",
    "accounts.limits.forget_expired_hits",
    "voice.services.forget_hidden",
    "imports.jobs.forget_old_uploads",
    "outbox.jobs.purge_sent",
]


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why, in one line."""


def _postgres_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise BackupError(f"{name} is not installed (Debian package: postgresql-client).")
    return found


def _postgres_args_and_env() -> tuple[list[str], dict]:
    settings = connection.settings_dict
    args = ["--dbname", settings["NAME"], "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [option, str(settings[key])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - a fixed tool, no shell
    if result.returncode:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{Path(command[0]).name} failed: {last}")


def backup(path: Path) -> None:
    """A copy of the whole database at one moment, written to `path` (not overwritten)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists already: choose a new file name.")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        args, env = _postgres_args_and_env()
        _run([_postgres_tool("pg_dump"), "--format=custom", "--file", str(path), *args], env)
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def restore(path: Path) -> dict:
    """Replace the database's contents with the backup at `path`, then erase again what the
    erasure log names and run the retention purges. Returns counts of what was done."""
    from .erasures import replay
    from .models import Erasure

    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    log = list(Erasure.objects.values_list("model", "key", "how", "at"))
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("SELECT count(*) FROM django_migrations").fetchone()
        except sqlite3.DatabaseError:
            raise BackupError(f"{path} is not a backup of this site's SQLite database.") from None
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        args, env = _postgres_args_and_env()
        connection.close()
        _run([_postgres_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              *args, str(path)], env)
    else:
        raise BackupError(f"Restoring {connection.vendor} databases is not supported.")
    with transaction.atomic():
        Erasure.objects.bulk_create([Erasure(model=model, key=key, how=how, at=at) for model, key, how, at in log],
                                    ignore_conflicts=True)
        erased = replay()
    purged = {name: import_string(name)() for name in PURGES}
    return {"erasures_kept": len(log), "erased_again": erased, "purges": purged}
