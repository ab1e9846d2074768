"""Staff ask for the printed directory from its page; the job runner makes it, reporting each
stage and page; the page shows how far it has got, then the download."""

import datetime
import io
import os
import signal
import threading

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory.tests.factory import make_group
from publishing import jobs, runs
from publishing.models import PrintedDirectory, PrintRun

from . import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("printed_on")]

PAGE = reverse("publishing:printed-directory")


@pytest.fixture
def groups():
    return [make_group(name=f"Stroke Club {n}", categories=["stroke-aphasia"], summary="Tea and word games.")
            for n in range(3)]


def test_asking_queues_one_making_and_the_page_says_it_is_waiting(client, groups, sam):
    client.force_login(sam)
    response = client.post(PAGE)
    assert response.status_code == 302
    assert response["Location"] == PAGE
    run = PrintRun.objects.get()
    assert (run.state, run.asked_by) == (PrintRun.State.QUEUED, sam)
    page = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in page
    assert 'http-equiv="refresh"' not in page  # only when asked for (WCAG 2.2.1)
    assert '<meta http-equiv="refresh" content="5">' in client.get(PAGE + "?refresh=on").content.decode()
    assert "Make the printed directory now" not in page  # one at a time


def test_asking_again_while_one_is_under_way_follows_that_one(client, groups, sam):
    client.force_login(sam)
    client.post(PAGE)
    client.post(PAGE)
    assert PrintRun.objects.count() == 1


def test_the_runner_makes_it_and_the_page_offers_the_download(client, groups, sam):
    client.force_login(sam)
    client.post(PAGE)
    assert runs.run_queued() == 1
    run = PrintRun.objects.get()
    assert run.state == PrintRun.State.DONE
    assert (run.groups, run.changed) == (3, True)
    assert run.pages >= 3  # cover, contents, the groups, the index: some laid out twice
    kept = PrintedDirectory.objects.get()
    assert "Stroke Club 2" in pdftools.text(bytes(kept.pdf))
    page = client.get(PAGE + "?refresh=on").content.decode()
    assert "http-equiv=\"refresh\"" not in page  # nothing left to wait for
    assert "Made on 22 November 2026, 12:00, with 3 groups." in page
    assert "The printed directory you asked for was made on" in page
    assert f'href="{reverse("publishing:directory")}" download' in page
    response = client.get(reverse("publishing:directory"))
    assert "Stroke Club 0" in pdftools.text(response.content)


def test_an_unchanged_directory_is_kept_and_the_page_says_so(client, groups, sam):
    jobs.remake_printed_directory()
    kept = PrintedDirectory.objects.get()
    client.force_login(sam)
    client.post(PAGE)
    runs.run_queued()
    assert PrintedDirectory.objects.get().pk == kept.pk
    assert PrintRun.objects.get().changed is False
    assert "was found already up to date, so it was kept" in client.get(PAGE).content.decode()


def test_while_it_is_laid_out_the_page_shows_how_far_it_is_going_by_the_last_making(client, groups, sam):
    client.force_login(sam)
    client.post(PAGE)
    runs.run_queued()
    last = PrintRun.objects.get().pages
    PrintRun.objects.create(asked_by=sam, state=PrintRun.State.LAYING_OUT, groups=3, pages=last // 2,
                            started_at=datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))
    page = client.get(PAGE).content.decode()
    percent = 100 * (last // 2) // last
    assert "Laying out the pages" in page
    assert f'<progress id="print-progress" max="100" value="{percent}">' in page
    assert f"About {percent}% done, going by the last time it was made." in page


def test_with_no_making_to_go_by_progress_is_shown_as_under_way(client, groups, sam):
    PrintRun.objects.create(asked_by=sam, state=PrintRun.State.LAYING_OUT, groups=3, pages=7)
    client.force_login(sam)
    page = client.get(PAGE).content.decode()
    assert '<progress id="print-progress">Under way</progress>' in page


def test_each_stage_and_page_is_reported_as_it_is_made(groups, sam, monkeypatch):
    monkeypatch.setattr(runs, "REPORT_EVERY_SECONDS", 0)
    seen = []
    original = PrintRun.objects.filter

    def watching(*args, **kwargs):
        queryset = original(*args, **kwargs)
        update = queryset.update

        def update_and_note(**fields):
            if "state" in fields:
                seen.append((str(fields["state"]), fields.get("pages")))
            return update(**fields)
        queryset.update = update_and_note
        return queryset

    runs.ask(sam)
    monkeypatch.setattr(PrintRun.objects, "filter", watching)
    runs.run_queued()
    states = [state for state, _page in seen]
    assert states[0] == "gathering"
    assert "laying_out" in states and "writing" in states
    assert states[-1] == "done"
    assert states.index("writing") > max(i for i, s in enumerate(states) if s == "laying_out")
    laid_out = [page for state, page in seen if state == "laying_out" and page]
    assert laid_out == list(range(1, len(laid_out) + 1))  # counted up, a page at a time


def test_a_failure_is_recorded_without_its_message_and_the_page_says_what_to_do(client, groups, sam, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Stroke Club 1's phone 0115 496 0101")
    monkeypatch.setattr(runs.printed, "remake_printed_directory", broken)
    runs.ask(sam)
    runs.run_queued()
    run = PrintRun.objects.get()
    assert (run.state, run.error) == (PrintRun.State.FAILED, "ValueError")
    client.force_login(sam)
    page = client.get(PAGE).content.decode()
    assert "The printed directory you asked for was not made" in page
    assert "0115" not in page
    assert "Make the printed directory now" in page


def test_a_making_left_under_way_by_a_stopped_runner_is_closed_and_old_ones_forgotten(groups, sam, settings):
    settings.PRINT_RUNS_KEPT = 3
    now = datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC)
    stuck = PrintRun.objects.create(state=PrintRun.State.LAYING_OUT,
                                    started_at=now - datetime.timedelta(seconds=settings.PRINT_RUN_STALE_SECONDS + 1))
    fresh = PrintRun.objects.create(state=PrintRun.State.LAYING_OUT, started_at=now - datetime.timedelta(seconds=5))
    for n in range(4):
        PrintRun.objects.create(state=PrintRun.State.DONE, asked_at=now - datetime.timedelta(days=n + 1))
    assert runs.close_stale(now) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.state == PrintRun.State.FAILED
    assert fresh.state == PrintRun.State.LAYING_OUT
    assert PrintRun.objects.count() == 3


def test_two_runners_never_both_take_one_making(groups, sam):
    run = runs.ask(sam)
    assert runs.claim_next().pk == run.pk
    assert runs.claim_next() is None


def test_the_scheduled_job_makes_what_was_asked_for(groups, sam, settings):
    assert "publishing.jobs.run_queued_printing" in settings.SCHEDULED_JOBS
    runs.ask(sam)
    assert jobs.run_queued_printing() == {"printed directories asked for and made": 1}
    assert PrintRun.objects.get().state == PrintRun.State.DONE


def test_the_forever_runner_makes_it_within_seconds(groups, sam, settings, keep_the_test_connection):
    settings.SCHEDULED_JOBS = []
    settings.IMPORTS_POLL_SECONDS = 0.05
    runs.ask(sam)
    timer = threading.Timer(3.0, os.kill, [os.getpid(), signal.SIGINT])
    timer.start()
    try:
        call_command("run_jobs", "--forever", stdout=io.StringIO())
    finally:
        timer.cancel()
    assert PrintRun.objects.get().state == PrintRun.State.DONE
