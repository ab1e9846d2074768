"""Load benchmark: `python -m bench.load` (part of `make bench`).

Builds a directory of generated groups in a temporary SQLite database (or the database
named by BENCH_DATABASE_URL), starts the site under gunicorn as the systemd unit does
(2 workers here, one per core), and loads it over loopback with Debian's `wrk` (one
thread, the least processor time beside the server): the home page, a mix of searches
and a mix of group pages, each for --seconds at --connections connections.

The searches mix at least 50 different questions (words, everyday words, subjects,
places, distances, filters) and the group pages at least 200 different groups, and no
request carries a conditional header, so neither a cache of one page nor a `304` can
stand in for the work. Any answer but 200, and any socket error, is counted and fails the
run. It prints JSON: requests per second, p50 and p95 in milliseconds, errors, and the
issue's targets beside them.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import database_url, setup_django, write_report

# What the site should do on 2 cores at 32 connections (README, Performance).
TARGETS = {"search": {"requests_per_second": 150, "p95_ms": 250},
           "group_page": {"requests_per_second": 300, "p95_ms": 250},
           "home": {"p95_ms": 250}}

# wrk runs this in its one thread: each request takes the next path of the mix; at the end
# it prints the figures as one line of JSON (wrk's own summary gives no 95th percentile).
LUA = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local next_path = 0
local non_200 = 0
request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path], {["Host"] = os.getenv("BENCH_HOST")})
end
response = function(status, headers, body)
  if status ~= 200 then non_200 = non_200 + 1 end
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"socket_errors": %d, "non_2xx_3xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


def build(groups: int) -> None:
    from django.core.management import call_command

    from directory.demo import generate_groups

    call_command("migrate", verbosity=0)
    generate_groups(groups, seed=11)


def search_paths(count: int) -> list[str]:
    """`count` different searches: words (plain and everyday), subjects, places and
    distances, and filters, in combinations a person would try."""
    from urllib.parse import urlencode

    from directory.geo import geographic_centroids
    from directory.models import Category

    rng = random.Random(3)
    words = ["diabetes", "carers", "stroke", "lost my husband", "anxiety", "tinnitus", "autism", "grief",
             "cancer support", "parkinsons", "dementia carers", "alcohol", "twins", "arthritis", "coffee",
             "bereavement", "hearing loss", "men's mental health", "walking", "young carers"]
    subjects = list(Category.objects.filter(parent__isnull=False).values_list("slug", flat=True))
    districts = sorted(geographic_centroids())
    paths = set()
    while len(paths) < count:
        params = {}
        shape = len(paths) % 4
        if shape in (0, 2):
            params["q"] = rng.choice(words)
        if shape in (1, 3):
            params["category"] = rng.choice(subjects)
        if shape in (2, 3) or rng.random() < 0.3:
            params["where"] = rng.choice(districts)
            params["distance"] = str(rng.choice([3, 5, 10, 25]))
        if rng.random() < 0.2:
            params["step_free"] = "on"
        paths.add("/search/?" + urlencode(params))
    return sorted(paths)


def group_paths(count: int) -> list[str]:
    from directory.models import Group

    slugs = list(Group.objects.listed().order_by("?").values_list("slug", flat=True)[:count])
    return [f"/groups/{slug}/" for slug in slugs]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, env: dict) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, no shell
        [gunicorn, "hub.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--no-control-socket", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped: {server.stderr.read()[-2000:]}") from None
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not answer within 60 s")


def load(port: int, paths: list[str], seconds: int, connections: int, folder: Path, name: str) -> dict:
    paths_file = folder / f"{name}.paths"
    paths_file.write_text("\n".join(paths) + "\n")
    script = folder / "mix.lua"
    script.write_text(LUA)
    # Every page once first, so that what is measured is the work, not the first request's
    # imports and template compiling.
    for path in paths:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            response.read()
    result = subprocess.run(  # noqa: S603 - wrk found on PATH, no shell
        [shutil.which("wrk"), "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
         f"http://127.0.0.1:{port}/"],
        env={**os.environ, "BENCH_PATHS": str(paths_file), "BENCH_HOST": "127.0.0.1"},
        capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "requests_per_second": round(figures["requests"] / figures["seconds"], 1),
        "p50_ms": round(figures["p50_ms"], 1), "p95_ms": round(figures["p95_ms"], 1),
        "p99_ms": round(figures["p99_ms"], 1), "requests": figures["requests"],
        "errors": figures["socket_errors"] + figures["non_2xx_3xx"], "different_pages": len(paths),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--searches", type=int, default=50)
    parser.add_argument("--group-pages", type=int, default=200)
    parser.add_argument("--output", default="bench/results/load.json")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        url = database_url(folder)
        setup_django(url)
        build(args.groups)
        mixes = {"home": ["/"], "search": search_paths(args.searches),
                 "group_page": group_paths(args.group_pages)}
        port = free_port()
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "hub.settings", "DEBUG": "false",
               "SECRET_KEY": "benchmark-only", "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": f"http://127.0.0.1:{port}",
               "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
               "LOG_LEVEL": "WARNING", "TRUSTED_PROXIES": ""}
        # The static files as gunicorn serves them in production (WhiteNoise's manifest), as
        # `make run` collects them.
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],  # noqa: S603
                       env=env, check=True)
        server = start_server(port, args.workers, env)
        try:
            results = {name: load(port, paths, args.seconds, args.connections, folder, name)
                       for name, paths in mixes.items()}
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    report = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "database": url.split(":", 1)[0], "groups": args.groups, "gunicorn_workers": args.workers,
        "connections": args.connections, "seconds_each": args.seconds, "results": results,
        "targets": TARGETS,
        "met": {name: all(results[name][key] >= value if key == "requests_per_second" else
                          results[name][key] <= value for key, value in target.items())
                for name, target in TARGETS.items()},
    }
    write_report(report, args.output)
    if any(result["errors"] for result in results.values()):
        raise SystemExit("Some requests failed: see errors above.")


if __name__ == "__main__":
    main()
