import logging
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import CommandError, call_command

from hub.management.commands.run_jobs import Command
from outbox.models import OutboxMessage

ran = []


def counting_job():
    ran.append("counting_job")
    return {"done": 2, "skipped": 0}


def broken_job():
    ran.append("broken_job")
    raise ValueError("could not reach ann@example.org")


def quiet_job():
    ran.append("quiet_job")


JOBS = [f"{__name__}.{name}" for name in ("counting_job", "broken_job", "quiet_job")]


@pytest.fixture
def jobs(settings):
    ran.clear()
    settings.SCHEDULED_JOBS = JOBS
    return ran


def run_jobs(*args):
    out, err = StringIO(), StringIO()
    call_command("run_jobs", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db  # each job's outcome is recorded, for /healthz
class TestRunJobs:
    def test_it_runs_every_job_and_prints_each_result(self, settings, jobs):
        settings.SCHEDULED_JOBS = [JOBS[0], JOBS[2]]
        out, err = run_jobs()
        assert jobs == ["counting_job", "quiet_job"]
        assert out.splitlines() == [f"{JOBS[0]}: done 2, skipped 0", f"{JOBS[2]}: done"]
        assert err == ""

    def test_it_keeps_going_after_a_job_fails_and_then_fails_itself(self, jobs, caplog):
        out = StringIO()
        err = StringIO()
        with caplog.at_level(logging.INFO), pytest.raises(CommandError, match="1 of 3 jobs failed"):
            call_command("run_jobs", stdout=out, stderr=err)
        assert jobs == ["counting_job", "broken_job", "quiet_job"]
        assert f"{JOBS[1]}: failed (ValueError)" in err.getvalue()
        assert f"{JOBS[2]}: done" in out.getvalue()
        assert "ValueError" in caplog.text
        # The exception's message may hold personal data, so it is not logged.
        assert "ann@example.org" not in caplog.text

    def test_it_exits_with_a_non_zero_status_when_a_job_fails(self, jobs, capsys):
        with pytest.raises(SystemExit) as exit_status:
            Command().run_from_argv(["manage.py", "run_jobs"])
        assert exit_status.value.code != 0
        assert jobs == ["counting_job", "broken_job", "quiet_job"]

    @pytest.mark.parametrize("name", ["quiet_job", f"{__name__}.quiet_job"])
    def test_only_runs_one_job_named_in_short_or_in_full(self, jobs, name):
        out, _ = run_jobs("--only", name)
        assert jobs == ["quiet_job"]
        assert out == f"{JOBS[2]}: done\n"

    def test_only_refuses_a_job_that_is_not_scheduled(self, jobs):
        with pytest.raises(CommandError, match="No scheduled job is called 'nonsense'"):
            run_jobs("--only", "nonsense")
        assert jobs == []

    def test_it_explains_itself_for_cron(self):
        assert "*/5 * * * *" in Command.help
        assert "SCHEDULED_JOBS" in Command.help


@pytest.mark.django_db
def test_the_scheduled_jobs_send_queued_email(settings):
    settings.EMAIL_BACKEND = "outbox.backends.OutboxEmailBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_mail("Welcome", "Hello.", None, ["ann@example.org"])

    out, _ = run_jobs()

    assert "outbox.jobs.send_queued: sent 1, retrying 0, failed 0" in out
    assert "outbox.jobs.purge_sent: deleted 0" in out
    assert [m.subject for m in mail.outbox] == ["Welcome"]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
