"""The full-text index, one backend per database, with the same behaviour.

SQLite: an FTS5 table with the porter stemmer. PostgreSQL: a tsvector table with a GIN
index and the 'english' configuration without its stop words. Each keeps a group's name,
categories and other text apart (columns in FTS5, weights in PostgreSQL), so that
matches in the name and categories can outrank matches in the description, and a fourth part for the group's
tags (see tags.py), which search asks for together with the words.

Backends build match expressions from terms and tags; search joins them with `both()`
and `but_not()` and runs them through `ids()`.
"""

from dataclasses import dataclass

from django.db import connection

from .text import for_unicode61


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


class Backend:
    table = ""
    key = ""

    def __init__(self, using_connection=None):
        self.connection = using_connection or connection
    # How the index's query language writes a tag, where it looks for tags, and how it
    # joins expressions.
    TAG = TAG_SCOPE = AND = OR = AND_NOT = ""

    def store(self, rows, new=False):
        """rows: (group_id, name, categories, body, tags), text already folded.
        new: the groups were only now written, so none is in the index yet."""
        raise NotImplementedError

    def remove(self, group_ids):
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.table} WHERE {self.key} = %s",  # noqa: S608
                [(group_id,) for group_id in group_ids],
            )

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")  # noqa: S608

    def remove_orphans(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.table} WHERE {self.key} NOT IN (SELECT id FROM directory_group)"  # noqa: S608
            )

    def optimize(self):
        """Compact the index after many changes, so that searches read less (daily, and
        after bulk loads)."""
        raise NotImplementedError

    def words(self, terms: list[Term], any_term=False, columns="all") -> str:
        """An expression matching groups with every term (or any) in these columns."""
        raise NotImplementedError

    def tags(self, required: list[str], any_of: list[str] = ()) -> str:
        """An expression matching groups with every required tag and one of any_of."""
        parts = [self.TAG.format(tag) for tag in required] + ([self._one_of(any_of)] if any_of else [])
        return self.TAG_SCOPE + "(" + self.AND.join(parts) + ")"

    def any_tag(self, tags: list[str]) -> str:
        """An expression matching groups with any of these tags."""
        return self.TAG_SCOPE + self._one_of(tags)

    def _one_of(self, tags):
        return "(" + self.OR.join(self.TAG.format(tag) for tag in tags) + ")"

    def both(self, first: str, second: str) -> str:
        return f"({first}){self.AND}({second})"

    def either(self, first: str, second: str) -> str:
        return f"({first}){self.OR}({second})"

    def but_not(self, first: str, second: str) -> str:
        return f"({first}){self.AND_NOT}({second})"

    def ids(self, expression: str, where: str = "", params=()) -> tuple[str, list]:
        """SQL selecting the ids of groups matching, with optional SQL conditions on `id`."""
        raise NotImplementedError

    # Whether count_with() counts a match and a part of it in one reading of the matches.
    counts_in_one_pass = False

    def count_with(self, expression: str, part: str, where: str = "", params=()) -> tuple[str, list]:
        """SQL giving one row: how many groups match `expression` (with optional SQL
        conditions on `id`), and how many of those also match `part`."""
        raise NotImplementedError

    def column_words(self, terms: list[Term], any_term=False, columns="name") -> str:
        """An expression for the main index matching the words in the name ("name") or in
        the name and categories ("name_categories")."""
        return self.words(terms, any_term, columns)

    def name_ids(self, terms: list[Term], any_term=False, columns="name") -> tuple[str, list]:
        """SQL selecting the ids of groups (listed or not) with the words in their name
        ("name") or in their name and categories ("name_categories")."""
        return self.ids(self.words(terms, any_term, columns))

    def match(self, terms: list[Term], any_term=False) -> tuple[str, list]:
        """SQL selecting the ids of groups (listed or not) whose words match."""
        return self.ids(self.words(terms, any_term))

    def tier(self, terms: list[Term], any_term=False) -> tuple[str, list]:
        """SQL for a group's tier: 3 matched in the name, 2 in name or categories, 1 elsewhere."""
        name_sql, name_params = self.name_ids(terms, any_term, columns="name")
        both_sql, both_params = self.name_ids(terms, any_term, columns="name_categories")
        sql = (
            f"CASE WHEN directory_group.id IN ({name_sql}) THEN 3 "
            f"WHEN directory_group.id IN ({both_sql}) THEN 2 ELSE 1 END"
        )
        return sql, [*name_params, *both_params]

    def ordered_by_name(self, ids_sql: str, many: bool) -> str:
        """SQL listing groups whose id is in `ids_sql` by name, to be paged with LIMIT."""
        return (f"SELECT g.id FROM directory_group g WHERE g.id IN ({ids_sql}) "
                "ORDER BY g.name, g.id LIMIT %s OFFSET %s")


class SQLiteBackend(Backend):
    table = "directory_group_fts"
    key = "rowid"
    TAG, AND, OR, AND_NOT = '"{}"', " AND ", " OR ", " NOT "
    TAG_SCOPE = "{tags} : "
    # A second, small table holds only names and categories: which tier a match is in is
    # read from it, without reading every description that has the words.
    # The tables are made by directory's first migration (porter stemmer, unicode61
    # without diacritics; the main table with detail=column: which columns a word is in,
    # not where in them, which is all search asks, and smaller and quicker to read).
    title_table = "directory_group_title_fts"

    def store(self, rows, new=False):
        # Marks kept inside their words (text.for_unicode61); the tags are ASCII.
        rows = [(pk, for_unicode61(name), for_unicode61(categories), for_unicode61(body), tags)
                for pk, name, categories, body, tags in rows]
        if not new:
            self.remove([row[0] for row in rows])
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, name, categories, body, tags) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )
            cursor.executemany(
                f"INSERT INTO {self.title_table} (rowid, name, categories) VALUES (%s, %s, %s)",
                [row[:3] for row in rows],
            )

    def remove(self, group_ids):
        super().remove(group_ids)
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.title_table} WHERE rowid = %s",  # noqa: S608
                [(group_id,) for group_id in group_ids],
            )

    def clear(self):
        super().clear()
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.title_table}")  # noqa: S608

    def remove_orphans(self):
        super().remove_orphans()
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.title_table} WHERE rowid NOT IN (SELECT id FROM directory_group)"  # noqa: S608
            )

    def optimize(self):
        # Each batch of changes adds a segment, merged only now and then: merging them all
        # into one lets a search read each word's list of groups in one piece.
        with self.connection.cursor() as cursor:
            for table in (self.table, self.title_table):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608

    def words(self, terms, any_term=False, columns="all"):
        # Terms are letters and digits only (see text.query_terms); quoting keeps FTS5
        # from reading any of them as an operator such as NEAR, AND or NOT. No column
        # filter: checking columns costs more than the words themselves, and no term can
        # be read as a tag (see tags.py).
        parts = [f'"{for_unicode61(t.word)}"' + ("*" if t.prefix else "") for t in terms]
        return "(" + (" OR " if any_term else " AND ").join(parts) + ")"

    def column_words(self, terms, any_term=False, columns="name"):
        return {"name": "{name} : ", "name_categories": "{name categories} : "}[columns] + self.words(terms, any_term)

    def name_ids(self, terms, any_term=False, columns="name"):
        expression = self.words(terms, any_term)
        if columns == "name":
            expression = "{name} : " + expression
        return f"SELECT rowid AS id FROM {self.title_table} WHERE {self.title_table} MATCH %s", [expression]

    def ids(self, expression, where="", params=()):
        sql = f"SELECT rowid AS id FROM {self.table} WHERE {self.table} MATCH %s"
        if where:
            sql += " AND " + where.format(id="rowid")
        return sql, [expression, *params]

    def ordered_by_name(self, ids_sql, many):
        if not many:
            return super().ordered_by_name(ids_sql, many)
        # Many matches: walk the groups in name order and stop at the page, rather than
        # look up and sort every match.
        return (f"SELECT g.id FROM directory_group g INDEXED BY group_name_idx "
                f"WHERE g.id IN ({ids_sql}) ORDER BY g.name, g.id LIMIT %s OFFSET %s")


class PostgresBackend(Backend):
    table = "directory_group_search"
    key = "group_id"
    # Tags are weight C and words A, B and D, but no word can be a tag (tags.py), so tags
    # and words in any part are asked for without weights: a GIN index does not keep
    # weights, and asking for one makes PostgreSQL read every matching row's document
    # again, which for a common word or tag is tens of thousands of rows.
    TAG, AND, OR, AND_NOT = "'{}'", " & ", " | ", " & !"
    WEIGHTS = {"all": "", "name": "A", "name_categories": "AB"}
    # PostgreSQL's 'english' configuration, without its list of words to ignore: it drops
    # "down", and Down syndrome is a subject here. (Our own short list is applied in
    # Python, the same for both databases; FTS5 ignores no words either.) Made, with the
    # table and its GIN index, by directory's first migration.
    CONFIG = "selfhelphub_english"

    def store(self, rows, new=False):
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (group_id, document) VALUES (%s, "
                f"setweight(to_tsvector('{self.CONFIG}', %s), 'A') || "
                f"setweight(to_tsvector('{self.CONFIG}', %s), 'B') || "
                f"setweight(to_tsvector('{self.CONFIG}', %s), 'D') || "
                f"setweight(to_tsvector('{self.CONFIG}', %s), 'C')) "
                "ON CONFLICT (group_id) DO UPDATE SET document = EXCLUDED.document",
                list(rows),
            )

    def optimize(self):
        # New entries wait in the GIN index's pending list, which every search reads
        # through, until autovacuum merges them; after a bulk load that can be a while.
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT gin_clean_pending_list('{self.table}_document_idx'::regclass)")

    def words(self, terms, any_term=False, columns="all"):
        weights = self.WEIGHTS[columns]
        parts = [f"'{t.word}':" + ("*" if t.prefix else "") + weights for t in terms]
        return "(" + (" | " if any_term else " & ").join(parts) + ")"

    def ids(self, expression, where="", params=()):
        sql = f"SELECT group_id AS id FROM {self.table} WHERE document @@ to_tsquery('{self.CONFIG}', %s)"
        if where:
            sql += " AND " + where.format(id="group_id")
        return sql, [expression, *params]

    # A match's documents are read anyway (a GIN index keeps no weights, which the name's
    # and subjects' words are asked for with): reading them once for both bands halves a
    # common word's count.
    counts_in_one_pass = True

    def count_with(self, expression, part, where="", params=()):
        sql = (f"SELECT COUNT(*), COUNT(*) FILTER (WHERE document @@ to_tsquery('{self.CONFIG}', %s)) "
               f"FROM {self.table} WHERE document @@ to_tsquery('{self.CONFIG}', %s)")
        if where:
            sql += " AND " + where.format(id="group_id")
        return sql, [part, expression, *params]


def backend(using_connection=None) -> Backend:
    using_connection = using_connection or connection
    if using_connection.vendor == "postgresql":
        return PostgresBackend(using_connection)
    if using_connection.vendor == "sqlite":
        return SQLiteBackend(using_connection)
    raise NotImplementedError(f"Search has no backend for {using_connection.vendor}")
