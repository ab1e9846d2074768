"""Importing a live Open Referral UK feed, served by the test itself on 127.0.0.1: slow,
paginated, and with a page that fails once before it recovers."""

import io
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from directory.models import Group
from openreferral import sources

from .test_import import service

pytestmark = pytest.mark.django_db

SERVICES = [service(id=f"live-{n}", name=f"Live Group {n}") for n in range(5)]


class Feed(BaseHTTPRequestHandler):
    delay = 0.1
    trickle = False
    fail_page_once = 2
    always_fail = False
    failed = set()
    requests = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - the name http.server calls
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        type(self).requests.append(self.path)
        time.sleep(self.delay)
        if self.always_fail:
            return self.answer(503, {"error": "down"})
        if url.path == "/api/services":
            page, per_page = int(query.get("page", 1)), int(query.get("per_page", 2))
            if page == self.fail_page_once and page not in self.failed:
                type(self).failed.add(page)
                return self.answer(500, {"error": "try again"})
            items = SERVICES[(page - 1) * per_page:page * per_page]
            if page == 3:  # a list of brief records: the importer asks for each in full
                items = [{"id": s["id"], "name": s["name"], "status": "active"} for s in items]
            total_pages = -(-len(SERVICES) // per_page)
            return self.answer(200, {"total_items": len(SERVICES), "total_pages": total_pages,
                                     "page_number": page, "size": len(items), "first_page": page == 1,
                                     "last_page": page >= total_pages, "empty": not items, "contents": items})
        if url.path.startswith("/api/services/"):
            key = urllib.parse.unquote(url.path.rsplit("/", 1)[1])
            found = [s for s in SERVICES if s["id"] == key]
            return self.answer(200 if found else 404, found[0] if found else {"error": "no"})
        return self.answer(404, {"error": "no"})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.trickle:  # a byte at a time, each well within the time a read may wait
            for byte in data[:40]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
        else:
            self.wfile.write(data)


@pytest.fixture
def feed(monkeypatch, settings):
    monkeypatch.setattr(sources, "RETRY_PAUSE", 0.05)
    settings.OPENREFERRAL_FEED_ALLOW_PRIVATE = True  # the test's feed is served on this machine
    Feed.failed, Feed.requests, Feed.always_fail, Feed.trickle = set(), [], False, False
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


def test_it_follows_every_page_and_retries_the_one_that_failed(feed):
    out = io.StringIO()
    call_command("import_openreferral", feed, "--per-page", "2", stdout=out)
    assert "5 new" in out.getvalue()
    assert sorted(Group.objects.values_list("name", flat=True)) == [f"Live Group {n}" for n in range(5)]
    pages = [r for r in Feed.requests if r.startswith("/api/services?")]
    assert len(pages) == 4  # pages 1, 2 (failed), 2 again, 3
    assert sum(r.startswith("/api/services/live-4") for r in Feed.requests) == 1


def test_a_feed_on_a_private_network_is_not_read_unless_the_setting_allows_it(feed, settings):
    settings.OPENREFERRAL_FEED_ALLOW_PRIVATE = False
    with pytest.raises(CommandError) as error:
        call_command("import_openreferral", feed, stdout=io.StringIO())
    assert ("127.0.0.1 is an address on a private network, and feeds are read only from the internet "
            "(OPENREFERRAL_FEED_ALLOW_PRIVATE). Nothing was imported.") in str(error.value)
    assert Feed.requests == [] and not Group.objects.exists()


def test_the_address_checked_is_the_one_connected_to(feed, settings, monkeypatch):
    """Checked once connected, before anything is sent: so every connection a redirect makes,
    and a name that resolves somewhere else the second time, is checked too."""
    settings.OPENREFERRAL_FEED_ALLOW_PRIVATE = False
    connected = []
    real_connect = sources.http.client.HTTPConnection.connect

    def connect(self):
        connected.append(self.host)
        real_connect(self)

    monkeypatch.setattr(sources.http.client.HTTPConnection, "connect", connect)
    with pytest.raises(sources.SourceError, match="private network"):
        sources.LiveFeed(feed).get("/services")
    assert connected == ["127.0.0.1"] and Feed.requests == []


def test_running_it_again_changes_nothing(feed):
    call_command("import_openreferral", feed, "--per-page", "2", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_openreferral", feed, "--per-page", "2", stdout=out)
    assert "0 new, 0 changed, 5 unchanged" in out.getvalue()


def test_a_feed_that_stays_down_writes_nothing_and_says_why(feed):
    Feed.always_fail = True
    with pytest.raises(CommandError) as error:
        call_command("import_openreferral", feed, stdout=io.StringIO())
    assert "HTTP 503 (tried 4 times). Nothing was imported." in str(error.value)
    assert not Group.objects.exists()


def test_a_feed_larger_than_the_limit_writes_nothing_and_says_why(feed, settings):
    settings.OPENREFERRAL_FEED_MAX_MB = 0
    with pytest.raises(CommandError) as error:
        call_command("import_openreferral", feed, stdout=io.StringIO())
    assert "the feed is larger than 0 MB (OPENREFERRAL_FEED_MAX_MB). Nothing was imported." in str(error.value)
    assert not Group.objects.exists()


def test_a_feed_served_too_slowly_stops_at_the_time_limit(feed, settings):
    settings.OPENREFERRAL_FEED_SECONDS = 1
    Feed.trickle = True
    started = time.monotonic()
    with pytest.raises(CommandError) as error:
        call_command("import_openreferral", feed, stdout=io.StringIO())
    assert "took longer than 1 seconds (OPENREFERRAL_FEED_SECONDS)" in str(error.value)
    assert time.monotonic() - started < 3
    assert not Group.objects.exists()
