"""Feeds kept in step: each configured source imported once a day by run_jobs, a file at an
address asked for conditionally and downloaded within the limits, services gone from their
source marked for staff (never deleted) and unmarked when they come back, and staff told by
email only when there is news. The URL × role matrix is in test_permissions.py."""

import datetime
import io
import json
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from directory.models import Group
from openreferral import feeds
from openreferral.models import FeedSource, SourceRecord
from outbox.models import OutboxMessage

from .test_import import service, write_page

pytestmark = pytest.mark.django_db
# 02:30 in London, a winter night: the hour the feeds are imported from is 2 (the default).
NIGHT = datetime.datetime(2026, 3, 2, 2, 30, tzinfo=datetime.UTC)


def services(*numbers, **fields):
    return [service(id=f"svc-{n}", name=f"Stroke Club {n}", **fields) for n in numbers]


def run_at(when):
    with time_machine.travel(when, tick=False):
        return feeds.import_configured_feeds()


@pytest.fixture(autouse=True)
def feeds_may_be_read_from_tmp_path(settings, tmp_path):
    settings.OPENREFERRAL_FEED_FOLDERS = [*settings.OPENREFERRAL_FEED_FOLDERS, tmp_path]


@pytest.fixture
def feed_file(tmp_path):
    """A feed saved as a file on this server, and its configured source."""
    path = write_page(tmp_path / "feed.json", services(1, 2))
    return FeedSource.objects.create(name="Essex directory", location=str(path), publish=True), path


class TestOnceADay:
    def test_each_active_feed_is_imported_once_a_day_from_the_hour_set(self, feed_file, settings):
        settings.OPENREFERRAL_FEED_HOUR = 2
        feed, _path = feed_file
        FeedSource.objects.create(name="Switched off", location=feed.location, label="off", active=False)

        assert run_at(NIGHT.replace(hour=1, minute=55))["feeds_checked"] == 0  # before the hour
        assert run_at(NIGHT) == {"feeds_checked": 1, "feeds_imported": 1, "feeds_failed": 0}
        assert run_at(NIGHT + datetime.timedelta(hours=3))["feeds_checked"] == 0  # done for today
        assert run_at(NIGHT + datetime.timedelta(hours=23, minutes=40))["feeds_checked"] == 1  # the next night

        feed.refresh_from_db()
        assert feed.checked_at == NIGHT + datetime.timedelta(hours=23, minutes=40)
        assert feed.outcome == FeedSource.Outcome.IMPORTED
        assert feed.result == "0 new, 0 updated, 2 unchanged, 0 refused."
        assert sorted(Group.objects.values_list("name", flat=True)) == ["Stroke Club 1", "Stroke Club 2"]
        assert not FeedSource.objects.get(name="Switched off").checked_at

    def test_a_new_feed_is_imported_at_the_next_run_of_the_jobs_that_day(self, feed_file):
        assert run_at(NIGHT.replace(hour=14))["feeds_imported"] == 1

    def test_the_job_is_scheduled_before_the_outbox_sends(self, settings):
        jobs = settings.SCHEDULED_JOBS
        assert jobs.index("openreferral.feeds.import_configured_feeds") < jobs.index("outbox.jobs.send_queued")

    def test_run_jobs_runs_it(self, feed_file):
        out = io.StringIO()
        with time_machine.travel(NIGHT, tick=False):
            call_command("run_jobs", "--only", "import_configured_feeds", stdout=out)
        assert "feeds_checked 1, feeds_imported 1, feeds_failed 0" in out.getvalue()

    def test_a_feed_that_cannot_be_read_is_recorded_and_the_others_still_run(self, feed_file, tmp_path):
        FeedSource.objects.create(name="Broken", location=str(tmp_path / "feed.json"), label="broken")
        (tmp_path / "feed.json").write_text("{not json")
        counts = run_at(NIGHT)
        assert counts == {"feeds_checked": 2, "feeds_imported": 0, "feeds_failed": 2}
        broken = FeedSource.objects.get(name="Broken")
        assert broken.outcome == FeedSource.Outcome.FAILED
        assert "not valid JSON" in broken.result


class Server(BaseHTTPRequestHandler):
    """A datapackage file at an address, with an ETag and a Last-Modified date; it answers
    304 when asked with the ETag it still has."""

    body = b""
    etag = '"v1"'
    requests = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - the name http.server calls
        type(self).requests.append((self.path, dict(self.headers)))
        if self.headers.get("If-None-Match") == self.etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", self.etag)
        self.send_header("Last-Modified", "Sun, 01 Mar 2026 22:00:00 GMT")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)


@pytest.fixture
def server(settings):
    settings.OPENREFERRAL_FEED_ALLOW_PRIVATE = True  # the test's server is on this machine
    Server.requests, Server.etag = [], '"v1"'
    Server.body = json.dumps({"contents": services(1, 2), "total_pages": 1}).encode()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class TestAFileAtAnAddress:
    def test_it_is_downloaded_then_asked_for_conditionally_and_a_304_means_nothing_to_do(self, server):
        feed = FeedSource.objects.create(name="Council", location=f"{server}/export/directory.json")
        run_at(NIGHT)
        feed.refresh_from_db()
        assert (feed.etag, feed.last_modified) == ('"v1"', "Sun, 01 Mar 2026 22:00:00 GMT")
        assert Group.objects.count() == 2
        assert SourceRecord.objects.filter(source=feed.location).count() == 2
        first_headers = Server.requests[0][1]
        assert "If-None-Match" not in first_headers

        Group.objects.filter(name="Stroke Club 1").update(summary="Changed here")  # not by the feed
        mail.outbox.clear()
        assert run_at(NIGHT + datetime.timedelta(days=1))["feeds_imported"] == 0
        path, headers = Server.requests[-1]
        assert path == "/export/directory.json"
        assert headers["If-None-Match"] == '"v1"'
        assert headers["If-Modified-Since"] == "Sun, 01 Mar 2026 22:00:00 GMT"
        feed.refresh_from_db()
        assert feed.outcome == FeedSource.Outcome.NOT_MODIFIED
        assert feed.checked_at == NIGHT + datetime.timedelta(days=1)
        assert feed.imported_at == NIGHT  # the last import, not this check
        assert mail.outbox == []  # nothing to tell
        assert not SourceRecord.objects.filter(missing_since__isnull=False).exists()

    def test_a_changed_file_is_imported_again(self, server):
        feed = FeedSource.objects.create(name="Council", location=f"{server}/directory.json")
        run_at(NIGHT)
        Server.etag, Server.body = '"v2"', json.dumps({"contents": services(1, 2, 3)}).encode()
        run_at(NIGHT + datetime.timedelta(days=1))
        feed.refresh_from_db()
        assert feed.etag == '"v2"' and feed.outcome == FeedSource.Outcome.IMPORTED
        assert feed.result == "1 new, 0 updated, 2 unchanged, 0 refused."

    def test_a_validator_too_long_for_its_field_is_not_kept_and_the_import_still_counts(self, server):
        Server.etag = '"' + "v" * 500 + '"'
        feed = FeedSource.objects.create(name="Council", location=f"{server}/directory.json")
        assert run_at(NIGHT)["feeds_imported"] == 1
        feed.refresh_from_db()
        assert feed.etag == "" and feed.last_modified == "Sun, 01 Mar 2026 22:00:00 GMT"
        assert Group.objects.count() == 2

    def test_a_zipped_datapackage_is_read_as_a_file(self, server):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("feed.json", json.dumps({"contents": services(7)}))
        Server.body = buffer.getvalue()
        FeedSource.objects.create(name="Zipped", location=f"{server}/download/openreferral.zip")
        assert run_at(NIGHT)["feeds_imported"] == 1
        assert Group.objects.get().name == "Stroke Club 7"

    def test_a_file_larger_than_the_limit_imports_nothing_and_says_why(self, server, settings):
        settings.OPENREFERRAL_FEED_MAX_MB = 0
        feed = FeedSource.objects.create(name="Council", location=f"{server}/directory.json")
        assert run_at(NIGHT)["feeds_failed"] == 1
        feed.refresh_from_db()
        assert "larger than 0 MB (OPENREFERRAL_FEED_MAX_MB)" in feed.result
        assert not feed.etag  # so the next night asks for the whole file again
        assert not Group.objects.exists()

    def test_a_missing_file_is_a_failure_with_its_http_status(self, server):
        Server.etag = None  # never 304

        class Gone(Server):
            def do_GET(self):  # noqa: N802
                self.send_response(404)
                self.end_headers()

        feed = FeedSource.objects.create(name="Council", location=f"{server}/directory.json")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Server, "do_GET", Gone.do_GET)
            run_at(NIGHT)
        feed.refresh_from_db()
        assert feed.outcome == FeedSource.Outcome.FAILED
        assert feed.result.endswith("/directory.json: HTTP 404")


class TestGoneFromTheSource:
    def test_a_service_no_longer_in_the_source_is_marked_not_deleted_and_unmarked_when_back(self, feed_file):
        feed, path = feed_file
        run_at(NIGHT)
        write_page(path, services(1))
        run_at(NIGHT + datetime.timedelta(days=1))

        gone = SourceRecord.objects.get(source_id="svc-2")
        assert gone.missing_since == NIGHT + datetime.timedelta(days=1)
        assert Group.objects.get(name="Stroke Club 2").status == Group.Status.PUBLISHED  # still listed
        assert SourceRecord.objects.get(source_id="svc-1").missing_since is None
        feed.refresh_from_db()
        assert feed.result == "0 new, 0 updated, 1 unchanged, 0 refused, 1 no longer in the source."

        run_at(NIGHT + datetime.timedelta(days=2))  # still gone: the date it went is kept
        gone.refresh_from_db()
        assert gone.missing_since == NIGHT + datetime.timedelta(days=1)

        write_page(path, services(1, 2))
        run_at(NIGHT + datetime.timedelta(days=3))
        gone.refresh_from_db()
        assert gone.missing_since is None
        feed.refresh_from_db()
        assert "1 back in the source" in feed.result

    def test_a_refused_service_is_still_in_the_source(self, feed_file):
        _feed, path = feed_file
        run_at(NIGHT)
        write_page(path, [*services(1), service(id="svc-2", name="")])  # no name: cannot be a listing
        run_at(NIGHT + datetime.timedelta(days=1))
        assert not SourceRecord.objects.filter(missing_since__isnull=False).exists()

    def test_an_import_that_fails_part_way_marks_nothing(self, feed_file):
        _feed, path = feed_file
        run_at(NIGHT)
        # The first service, then the file breaks off: the rest of it is unknown.
        text = path.read_text()
        path.write_text(text[:text.index('"svc-2"')])
        assert run_at(NIGHT + datetime.timedelta(days=1))["feeds_failed"] == 1
        assert not SourceRecord.objects.filter(missing_since__isnull=False).exists()

    def test_services_of_other_sources_are_left_alone(self, feed_file, tmp_path):
        _feed, path = feed_file
        run_at(NIGHT)
        other = write_page(tmp_path / "other.json", services(9))
        FeedSource.objects.create(name="Other", location=str(other))
        run_at(NIGHT + datetime.timedelta(days=1))
        assert not SourceRecord.objects.filter(missing_since__isnull=False).exists()


class TestTheGroupsWordWins:
    def test_the_nightly_import_keeps_what_the_group_changed(self, feed_file):
        _feed, path = feed_file
        run_at(NIGHT)
        group = Group.objects.get(name="Stroke Club 1")
        group.description = "In our own words."
        group.save()
        write_page(path, services(1, 2, description="New words from the feed."))
        run_at(NIGHT + datetime.timedelta(days=1))
        group.refresh_from_db()
        assert group.description == "In our own words."
        assert SourceRecord.objects.get(source_id="svc-1").disputed["description"] == "New words from the feed."
        assert Group.objects.get(name="Stroke Club 2").description == "New words from the feed."


class TestTheEmail:
    @pytest.fixture(autouse=True)
    def through_the_outbox(self, settings, sam):
        settings.EMAIL_BACKEND = "outbox.backends.OutboxEmailBackend"

    def test_staff_are_told_what_changed_through_the_outbox(self, feed_file, sam, settings):
        _feed, path = feed_file
        run_at(NIGHT)
        OutboxMessage.objects.all().delete()
        write_page(path, [*services(1, 3), service(id="svc-4", name="Phone Club", email="via website")])
        run_at(NIGHT + datetime.timedelta(days=1))

        message = OutboxMessage.objects.get()
        assert message.recipient_list == ["sam@example.org"]
        assert message.subject == "News from the feed imported last night"
        body = message.body_text
        assert "Essex directory\n2 new, 0 updated, 1 unchanged, 0 refused, 1 no longer in the source." in body
        assert "What was left out, by reason:\n- 1 × service email:" in body
        assert "No longer in the source (still listed here, for you to check):\n- Stroke Club 2\n" in body
        assert f"{settings.SITE_URL}/staff/feeds/" in body

    def test_a_member_of_staff_who_reads_welsh_reads_the_counts_in_welsh(self, feed_file, sam):
        sam.language = "cy"
        sam.save(update_fields=["language"])
        _feed, path = feed_file
        run_at(NIGHT)
        OutboxMessage.objects.all().delete()
        write_page(path, services(1, 2, 3))
        run_at(NIGHT + datetime.timedelta(days=1))  # the job runs in the site's language

        body = OutboxMessage.objects.get().body_text
        with translation.override("cy"):
            new = ngettext("%(n)d new", "%(n)d new", 1) % {"n": 1}
            unchanged = ngettext("%(n)d unchanged", "%(n)d unchanged", 2) % {"n": 2}
        assert (new, unchanged) != ("1 new", "2 unchanged")
        assert new in body and unchanged in body and "2 unchanged" not in body

    def test_no_email_when_nothing_changed(self, feed_file):
        run_at(NIGHT)
        OutboxMessage.objects.all().delete()
        run_at(NIGHT + datetime.timedelta(days=1))
        assert not OutboxMessage.objects.exists()

    def test_a_feed_that_stops_working_is_told_once_and_again_when_it_works(self, feed_file):
        _feed, path = feed_file
        run_at(NIGHT)
        OutboxMessage.objects.all().delete()
        text = path.read_text()
        path.write_text("{broken")
        run_at(NIGHT + datetime.timedelta(days=1))
        run_at(NIGHT + datetime.timedelta(days=2))
        [message] = OutboxMessage.objects.all()
        assert "Could not be read: feed.json: not valid JSON" in message.body_text
        path.write_text(text)
        run_at(NIGHT + datetime.timedelta(days=3))
        assert OutboxMessage.objects.count() == 2


class TestTheStaffPage:
    url = reverse("openreferral-feeds:feeds")

    def test_staff_see_each_feed_its_last_check_and_the_groups_gone_from_it(self, client, feed_file, sam):
        feed, path = feed_file
        run_at(NIGHT)
        write_page(path, services(1))
        run_at(NIGHT + datetime.timedelta(days=1))
        client.force_login(sam)
        text = client.get(self.url).content.decode()
        assert "Essex directory" in text and "3 Mar 2026, 02:30" in text
        assert "0 new, 0 updated, 1 unchanged, 0 refused, 1 no longer in the source." in text
        gone = Group.objects.get(name="Stroke Club 2")
        assert f'href="{reverse("directory:manage", args=[gone.slug])}">Stroke Club 2</a>' in text
        assert "3 Mar 2026" in text
        assert reverse("openreferral-staff:feed-differences") in text

    def test_staff_keep_a_listing_and_it_leaves_the_list(self, client, feed_file, sam):
        _feed, path = feed_file
        run_at(NIGHT)
        write_page(path, services(1))
        run_at(NIGHT + datetime.timedelta(days=1))
        record = SourceRecord.objects.get(source_id="svc-2")
        client.force_login(sam)
        response = client.post(reverse("openreferral-feeds:keep", args=[record.pk]))
        assert response.status_code == 302
        record.refresh_from_db()
        assert record.missing_checked_at is not None and record.missing_since is not None
        assert "Stroke Club 2 stays listed as it is." in client.get(response["Location"]).content.decode()
        text = client.get(self.url).content.decode()
        assert "Stroke Club 2" not in text
        assert "Every group imported from a feed is still in it." in text

    def test_a_closed_group_is_not_listed(self, client, feed_file, sam):
        _feed, path = feed_file
        run_at(NIGHT)
        write_page(path, services(1))
        run_at(NIGHT + datetime.timedelta(days=1))
        Group.objects.filter(name="Stroke Club 2").update(stage=Group.Stage.CLOSED)
        client.force_login(sam)
        assert "Stroke Club 2" not in client.get(self.url).content.decode()

    def test_keeping_a_record_that_is_not_missing_is_not_found(self, client, feed_file, sam):
        run_at(NIGHT)
        client.force_login(sam)
        record = SourceRecord.objects.first()
        assert client.post(reverse("openreferral-feeds:keep", args=[record.pk])).status_code == 404
        assert client.post(reverse("openreferral-feeds:keep", args=[999999])).status_code == 404

    def test_keeping_needs_a_post(self, client, feed_file, sam):
        client.force_login(sam)
        assert client.get(reverse("openreferral-feeds:keep", args=[1])).status_code == 405


class TestTheConfiguredSource:
    def test_only_http_and_https_addresses_are_taken(self):
        with pytest.raises(ValidationError) as error:
            FeedSource(name="Old", location="ftp://example.org/feed.json").full_clean()
        assert "Only http:// and https:// addresses can be read." in str(error.value)

    def test_a_file_that_is_not_there_is_named(self, tmp_path):
        missing = str(tmp_path / "no" / "such" / "feed.json")
        with pytest.raises(ValidationError) as error:
            FeedSource(name="Old", location=missing).full_clean()
        assert f"There is no file or folder “{missing}” on this server." in str(error.value)

    @pytest.mark.parametrize("location", [
        ".local/secret_key", "/etc/passwd", "directory/data/demo/../../../hub/settings.py"])
    def test_a_file_outside_the_folders_for_feeds_is_refused_without_saying_whether_it_exists(self, location, settings):
        with pytest.raises(ValidationError) as error:
            FeedSource(name="Secrets", location=location).full_clean()
        assert "Files are read only from the folders set for feeds on this server" in str(error.value)
        assert "There is no file" not in str(error.value)

    def test_a_configured_file_outside_the_folders_for_feeds_is_not_read(self, feed_file, settings):
        feed, path = feed_file
        settings.OPENREFERRAL_FEED_FOLDERS = [path.parent / "elsewhere"]
        result = feeds.check(feed, NIGHT)
        assert result.outcome == FeedSource.Outcome.FAILED
        assert "Files are read only from the folders set for feeds" in feed.result
        assert not Group.objects.exists()

    def test_a_path_inside_the_project_may_be_relative(self):
        FeedSource(name="Demo", location="directory/data/demo/directory.json").full_clean()

    def test_an_address_is_bounded(self):
        with pytest.raises(ValidationError):
            FeedSource(name="Long", location="https://example.org/" + "a" * 300).full_clean()

    def test_its_records_keep_their_name_when_the_address_changes(self, feed_file):
        feed, _path = feed_file
        run_at(NIGHT)
        feed.location = "https://directory.example.gov.uk/api"
        feed.save()
        feed.refresh_from_db()
        assert SourceRecord.objects.filter(source=feed.records_label).count() == 2

    def test_staff_may_view_add_and_change_feeds_in_the_admin_but_not_delete_them(self, sam):
        assert sam.has_perm("openreferral.add_feedsource") and sam.has_perm("openreferral.change_feedsource")
        assert not sam.has_perm("openreferral.delete_feedsource")
