"""Search benchmark: `make bench` (or `python -m bench.run --groups N`).

Builds a directory of generated groups in a temporary SQLite database (or the database
named by BENCH_DATABASE_URL), then times four searches four ways, side by side in the
same rounds so that machine noise falls on all of them alike:

- page:     the HTML search page through Django's test client;
- function: `directory.search.search()` (spelling, ranking, counting, one page of ids);
- bare SQL: the very SQL statements the function sends (captured as it sends them,
            the spelling look-up included), run directly on a cursor;
- naive:    the same question answered by `LIKE '%word%'` scans and a distance worked
            out for every venue, without the full-text index or the bounding box.

It prints JSON with p50/p95 in milliseconds and the ratios the README reports.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.common import database_url, milliseconds, setup_django, write_report


def build(groups, reuse=False):
    from django.core.management import call_command

    from directory.demo import generate_groups
    from directory.models import Group

    call_command("migrate", verbosity=0)
    if reuse and Group.objects.exists():
        # A database built by an earlier run (BENCH_DATABASE_URL): migrated, not rebuilt.
        return 0.0
    started = time.perf_counter()
    generate_groups(groups, seed=7)
    return time.perf_counter() - started


def scenarios():
    from directory.geo import geocoder
    from directory.models import Category
    from directory.search import Filters, Query

    diabetes = Category.objects.get(slug="diabetes")
    nottingham = geocoder().locate("NG1")
    leeds = geocoder().locate("LS1")
    return {
        # Everyday words that the vocabulary leads to a subject (losing someone close); the
        # naive scan asks for the groups of that subject or with the words, as search does.
        "everyday_words": {
            "query": Query(words="lost my husband"),
            "params": {"q": "lost my husband"},
            "naive_words": ["lost", "husband"],
        },
        "everyday_words_postcode_10_miles": {
            "query": Query(words="lost my husband", point=geocoder().locate("NG7"), miles=10),
            "params": {"q": "lost my husband", "where": "NG7", "distance": "10"},
            "naive_words": ["lost", "husband"],
        },
        "words": {
            "query": Query(words="diabetes"),
            "params": {"q": "diabetes"},
            "naive_words": ["diabetes"],
        },
        # Common words: each is in about one generated group in five, so tens of thousands
        # of groups have one of them, and thousands both.
        "common_word": {
            "query": Query(words="coffee"),
            "params": {"q": "coffee"},
            "naive_words": ["coffee"],
        },
        "common_words": {
            "query": Query(words="friendly coffee"),
            "params": {"q": "friendly coffee"},
            "naive_words": ["friendly", "coffee"],
        },
        "category_postcode_10_miles": {
            "query": Query(category_ids=(diabetes.pk,), point=nottingham, miles=10),
            "params": {"category": "diabetes", "where": "NG1", "distance": "10"},
            "naive_words": [],
        },
        "postcode_10_miles": {
            "query": Query(point=nottingham, miles=10),
            "params": {"where": "NG1", "distance": "10"},
            "naive_words": [],
        },
        "words_postcode_two_filters": {
            "query": Query(words="carers coffee", point=leeds, miles=25,
                           filters=Filters(step_free=True, time_of_day="evening")),
            "params": {"q": "carers coffee", "where": "LS1", "distance": "25",
                       "step_free": "on", "time": "evening"},
            "naive_words": ["carers", "coffee"],
        },
    }


def bare_sql(query, answers=None):
    """The statements search() sends for this query, captured as sent, ready to run again;
    with `answers` (a list), what each statement returned to search() is put in it."""
    from unittest import mock

    from django.db import connection
    from django.db.backends.utils import CursorWrapper

    from directory import search

    sent = []

    def capture(execute, sql, params, many, context):
        sent.append((sql, params))
        if answers is not None:
            answers.append([])  # what this statement returns, however it is read
        return execute(sql, params, many, context)

    def recorded(name):
        def fetch(self, *args):
            rows = getattr(self.cursor, name)(*args)
            if answers is not None:
                answers[-1].extend([] if rows is None else [rows] if name == "fetchone" else list(rows))
            return rows
        return fetch

    # The ORM reads rows with fetchmany, plain statements with fetchall or fetchone.
    with connection.execute_wrapper(capture), \
            mock.patch.object(CursorWrapper, "fetchall", recorded("fetchall"), create=True), \
            mock.patch.object(CursorWrapper, "fetchmany", recorded("fetchmany"), create=True), \
            mock.patch.object(CursorWrapper, "fetchone", recorded("fetchone"), create=True):
        search.search(query)
    return sent


def naive_sql(query, words):
    """The same search without the index: LIKE scans (or the subjects everyday words lead
    to), and distance to every venue."""
    from directory.search import distance_sql
    from directory.search.text import query_terms
    from directory.search.vocabulary import understand

    where = ["g.status = 'published'", "g.stage <> 'closed'"]
    params = []
    understood = understand(query_terms(query.words))
    scans, scan_params, rest, rest_params = [], [], [], []
    for word in words:
        scan = (
            "(LOWER(g.name) LIKE %s OR LOWER(g.summary) LIKE %s OR LOWER(g.description) LIKE %s "
            "OR LOWER(g.who_for) LIKE %s OR EXISTS (SELECT 1 FROM directory_group_categories gc "
            "JOIN directory_category c ON c.id = gc.category_id WHERE gc.group_id = g.id "
            "AND (LOWER(c.name) LIKE %s OR LOWER(c.keywords) LIKE %s)))"
        )
        explained = word in understood.explained
        (scans if explained else rest).append(scan)
        (scan_params if explained else rest_params).extend([f"%{word}%"] * 6)
    where += rest
    params += rest_params
    if understood.subject_ids:
        marks = ", ".join(["%s"] * len(understood.subject_ids))
        or_words = f" OR ({' AND '.join(scans)})" if scans else ""
        where.append(f"(g.id IN (SELECT group_id FROM directory_group_categories WHERE category_id IN ({marks}))"
                     f"{or_words})")
        params += [*understood.subject_ids, *scan_params]
    if query.category_ids:
        marks = ", ".join(["%s"] * len(query.category_ids))
        where.append(f"g.id IN (SELECT group_id FROM directory_group_categories WHERE category_id IN ({marks}))")
        params += list(query.category_ids)
    if query.filters.step_free:
        where.append("g.id IN (SELECT m.group_id FROM directory_meeting m JOIN directory_venue v "
                     "ON v.id = m.venue_id WHERE v.step_free)")
    if query.filters.time_of_day == "evening":
        where.append("g.id IN (SELECT group_id FROM directory_meeting WHERE start_time >= '17:00')")
    distance = "NULL"
    distance_params = []
    if query.point:
        measure, measure_params = distance_sql(query.point)
        distance = (f"(SELECT MIN({measure}) FROM directory_meeting m JOIN directory_venue v "
                    "ON v.id = m.venue_id WHERE m.group_id = g.id)")
        distance_params = measure_params
        where.append(f"({distance} <= %s OR (g.meets_online AND NOT g.meets_in_person))")
        params += [*measure_params, query.miles]
    sql = (f"SELECT g.id, {distance} AS distance, COUNT(*) OVER () FROM directory_group g "
           f"WHERE {' AND '.join(where)} ORDER BY distance, g.name LIMIT {query.per_page}")
    return sql, [*distance_params, *params]


def measure(rounds, warmup):
    from django.db import connection
    from django.test import Client

    from directory import search

    client = Client()
    report = {}
    for name, scenario in scenarios().items():
        query = scenario["query"]
        bare = bare_sql(query)
        naive, naive_params = naive_sql(query, scenario["naive_words"])

        def run_page(params=scenario["params"]):
            response = client.get("/search/", params)
            assert response.status_code == 200

        def run_function(query=query):
            search.search(query)

        def run_bare(statements=bare):
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        def run_naive(sql=naive, params=naive_params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        # The function and the bare SQL must agree before their times are compared: run
        # bare, each statement returns exactly what it returned to the function.
        answers = []
        assert bare_sql(query, answers) == bare, name
        with connection.cursor() as cursor:
            again = []
            for sql, params in bare:
                cursor.execute(sql, params)
                again.append([tuple(row) for row in cursor.fetchall()])
            cursor.execute(naive, naive_params)
            naive_total = (cursor.fetchall() or [(0, 0, 0)])[0][2]
        assert [[tuple(row) for row in rows] for rows in answers] == again, name
        total = search.search(query).total

        # Every way in every round, so that each percentile rests on as many runs.
        runners = {"page": run_page, "function": run_function, "bare_sql": run_bare, "naive_scan": run_naive}
        timings = {key: [] for key in runners}
        for _ in range(warmup):
            for key, run in runners.items():
                if key != "naive_scan":
                    run()
        for _round in range(rounds):
            for key, run in runners.items():
                started = time.perf_counter()
                run()
                timings[key].append((time.perf_counter() - started) * 1000)
        summary = {
            key: {**milliseconds(values), "runs": len(values)} for key, values in timings.items()
        }
        summary["results"] = total
        summary["naive_results"] = naive_total
        p50 = {key: summary[key]["p50_ms"] for key in timings}
        p95 = {key: summary[key]["p95_ms"] for key in timings}
        summary["ratios"] = {
            "function_p95_over_bare_sql_p95": round(p95["function"] / p95["bare_sql"], 2),
            "naive_scan_p95_over_function_p95": round(p95["naive_scan"] / p95["function"], 1),
            "page_p50_over_function_p50": round(p50["page"] / p50["function"], 2),
            "page_overhead_p50_ms": round(p50["page"] - p50["function"], 3),
        }
        report[name] = summary
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=int(os.environ.get("BENCH_GROUPS", "100000")))
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--output", default="bench/results/latest.json")
    parser.add_argument("--reuse", action="store_true",
                        help="time the groups already in BENCH_DATABASE_URL (after migrating) instead of building")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="selfhelphub-bench-") as folder:
        setup_django(database_url(folder))
        from django.db import connection

        build_seconds = build(args.groups, reuse=args.reuse)
        from directory.models import Group

        report = {
            "database": connection.vendor,
            "groups": Group.objects.count(),
            "build_seconds": round(build_seconds, 1),
            "rounds": args.rounds,
            "targets": {"function_p95_over_bare_sql_p95": "<= 2", "naive_scan_p95_over_function_p95": ">= 50"},
            "scenarios": measure(args.rounds, args.warmup),
        }
        connection.close()
    write_report(report, args.output)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
