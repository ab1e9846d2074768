"""How far a running import has got, where the web pages can see it.

The importer works inside one transaction (all or nothing), so what it writes is seen by
nobody until it ends. On PostgreSQL the count goes through a second connection of its own,
outside that transaction. SQLite lets one writer at a time, and the import is it: the count
goes to a small file beside the database instead (SQLite is one machine's database, so the
web server reads the same file). The file is removed when the run finishes.
"""

import contextlib
import os
import tempfile
from pathlib import Path

from django.db import connection, connections

from .models import ImportRun


def _file(pk) -> Path:
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or connection.is_in_memory_db():  # tests: one process
        return Path(tempfile.gettempdir()) / f"selfhelphub-import-{os.getpid()}-{pk}.progress"
    return Path(f"{name}.import-{pk}.progress")


def record(pk, read: int):
    if connection.vendor == "sqlite":
        path = _file(pk)
        part = path.with_suffix(".part")
        part.write_text(str(read))
        os.replace(part, path)
        return
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            quote = other.ops.quote_name
            cursor.execute(f"UPDATE {quote(ImportRun._meta.db_table)} SET {quote('read')} = %s "  # noqa: S608
                           f"WHERE {quote('id')} = %s", [read, pk])
    finally:
        other.close()


def read(run: ImportRun) -> int:
    if connection.vendor == "sqlite" and run.state == ImportRun.State.RUNNING:
        with contextlib.suppress(OSError, ValueError):
            return int(_file(run.pk).read_text())
    return run.read


def forget(pk):
    if connection.vendor == "sqlite":
        with contextlib.suppress(OSError):
            _file(pk).unlink()
