"""The full-text index, one backend per database, with the same behaviour.

SQLite: an FTS5 table with the porter stemmer. PostgreSQL: a tsvector table with a GIN
index and the 'english' configuration. Each keeps a group's name, categories and other
text in separate weights, so that matches in the name and categories can outrank
matches in the description.
"""

from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


class Backend:
    table = ""

    def create(self, schema_editor):
        raise NotImplementedError

    def drop(self, schema_editor):
        raise NotImplementedError

    def store(self, rows):
        """rows: (group_id, name, categories, body), text already folded."""
        raise NotImplementedError

    def remove(self, group_ids):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.table} WHERE {self.key} = %s",  # noqa: S608
                [(group_id,) for group_id in group_ids],
            )

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")  # noqa: S608

    def match(self, terms: list[Term], any_term=False, columns="all") -> tuple[str, list]:
        """SQL selecting the ids of groups whose document matches, and its parameters."""
        raise NotImplementedError

    def tier(self, terms: list[Term], any_term=False) -> tuple[str, list]:
        """SQL for a group's tier: 3 matched in the name, 2 in name or categories, 1 elsewhere."""
        name_sql, name_params = self.match(terms, any_term, columns="name")
        both_sql, both_params = self.match(terms, any_term, columns="name_categories")
        sql = (
            f"CASE WHEN directory_group.id IN ({name_sql}) THEN 3 "
            f"WHEN directory_group.id IN ({both_sql}) THEN 2 ELSE 1 END"
        )
        return sql, [*name_params, *both_params]


class SQLiteBackend(Backend):
    table = "directory_group_fts"
    key = "rowid"
    COLUMNS = {"all": "", "name": "{name} : ", "name_categories": "{name categories} : "}

    def create(self, schema_editor):
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            "name, categories, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )

    def drop(self, schema_editor):
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def store(self, rows):
        rows = list(rows)
        self.remove([row[0] for row in rows])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, name, categories, body) VALUES (%s, %s, %s, %s)",
                rows,
            )

    def _expression(self, terms, any_term):
        # Terms are letters and digits only (see text.query_terms); quoting keeps FTS5
        # from reading any of them as an operator such as NEAR, AND or NOT.
        parts = [f'"{t.word}"' + ("*" if t.prefix else "") for t in terms]
        return (" OR " if any_term else " ").join(parts)

    def match(self, terms, any_term=False, columns="all"):
        expression = self._expression(terms, any_term)
        query = f"{self.COLUMNS[columns]}({expression})"
        return f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s", [query]


class PostgresBackend(Backend):
    table = "directory_group_search"
    key = "group_id"
    WEIGHTS = {"all": "", "name": "A", "name_categories": "AB"}

    def create(self, schema_editor):
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} ("
            # No foreign key: like the FTS5 table, rows are removed when a group is deleted,
            # and the table must not block the test runner's TRUNCATE of the groups.
            "group_id bigint PRIMARY KEY, document tsvector NOT NULL)"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.table}_document_idx ON {self.table} USING gin (document)"
        )

    def drop(self, schema_editor):
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def store(self, rows):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (group_id, document) VALUES (%s, "
                "setweight(to_tsvector('english', %s), 'A') || "
                "setweight(to_tsvector('english', %s), 'B') || "
                "setweight(to_tsvector('english', %s), 'D')) "
                "ON CONFLICT (group_id) DO UPDATE SET document = EXCLUDED.document",
                list(rows),
            )

    def _tsquery(self, terms, any_term, weights):
        parts = []
        for term in terms:
            suffix = ("*" if term.prefix else "") + weights
            parts.append(f"'{term.word}'" + (f":{suffix}" if suffix else ""))
        return (" | " if any_term else " & ").join(parts)

    def match(self, terms, any_term=False, columns="all"):
        query = self._tsquery(terms, any_term, self.WEIGHTS[columns])
        return (
            f"SELECT group_id FROM {self.table} WHERE document @@ to_tsquery('english', %s)",
            [query],
        )


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"Search has no backend for {connection.vendor}")
