"""Backups that restore, on the database the suite runs on (SQLite, then PostgreSQL in
`make test`): the data comes back as it was, and what was erased since stays erased."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from directory.models import Group
from directory.tests.factory import make_group, make_user
from hub.backups import BackupError, backup, restore
from hub.models import Erasure
from introductions import services as introductions
from introductions.models import Introduction, IntroductionCount, Outcome
from subscriptions.models import Subscription

pytestmark = pytest.mark.django_db(transaction=True)


def a_request(group, **fields):
    return Introduction.objects.create(
        group=group, name="Mukti", contact_method="phone", contact_value="07700 900555",
        consent_text="I agree.", **fields)


@pytest.fixture
def group():
    return make_group(name="Stroke Club", slug="stroke-club", categories=())


def counts(group):
    return sorted(IntroductionCount.objects.filter(group=group).values_list("outcome", "count"))


def test_a_restored_backup_brings_the_data_back_as_it_was(tmp_path, group):
    backup(tmp_path / "monday.backup")
    Group.objects.filter(pk=group.pk).update(name="Renamed on Tuesday")
    make_group(name="Started on Tuesday", slug="started-on-tuesday", categories=())

    restore(tmp_path / "monday.backup")

    assert list(Group.objects.values_list("name", flat=True)) == ["Stroke Club"]


def test_a_request_withdrawn_after_the_backup_stays_withdrawn(tmp_path, group):
    kept, withdrawn = a_request(group), a_request(group)
    backup(tmp_path / "monday.backup")
    introductions.withdraw(withdrawn)
    before = counts(group)
    assert before == [(Outcome.WITHDRAWN, 1)]
    assert Erasure.objects.filter(model="introductions.introduction", key=withdrawn.reference).exists()

    done = restore(tmp_path / "monday.backup")

    assert list(Introduction.objects.values_list("reference", flat=True)) == [kept.reference]
    assert counts(group) == before  # counted once, as when it was withdrawn
    assert done["erased_again"] == 1
    # The log itself survives the restore, so a second restore keeps it erased too.
    restore(tmp_path / "monday.backup")
    assert not Introduction.objects.filter(reference=withdrawn.reference).exists()


def test_a_deleted_account_and_an_unsubscribed_address_stay_deleted(tmp_path):
    user = make_user("leaving@example.org")
    subscription = Subscription.objects.create(email="follower@example.org", district="NG7",
                                               confirmed_at=timezone.now())
    backup(tmp_path / "monday.backup")
    get_user_model().objects.filter(pk=user.pk).delete()
    subscription.delete()

    restore(tmp_path / "monday.backup")

    assert not get_user_model().objects.filter(email="leaving@example.org").exists()
    assert not Subscription.objects.filter(email="follower@example.org").exists()


def test_details_past_their_time_in_an_old_backup_are_purged_on_restore(tmp_path, group, settings):
    old = a_request(group, outcome=Outcome.CONTACTED,
                    outcome_at=timezone.now() - datetime.timedelta(days=settings.INTRODUCTION_RETENTION_DAYS + 1))
    backup(tmp_path / "old.backup")
    Introduction.objects.filter(pk=old.pk).update(outcome_at=timezone.now())  # as if not yet due

    done = restore(tmp_path / "old.backup")

    assert not Introduction.objects.filter(pk=old.pk).exists()
    assert done["purges"]["introductions.services.purge"] == {"deleted": 1}


def test_a_backup_never_overwrites_a_file(tmp_path, group):
    (tmp_path / "taken").write_text("someone's notes")
    with pytest.raises(BackupError, match="exists already"):
        backup(tmp_path / "taken")
    assert (tmp_path / "taken").read_text() == "someone's notes"


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(tmp_path, group):
    (tmp_path / "notes.txt").write_text("not a backup at all " * 100)
    with pytest.raises(BackupError):
        restore(tmp_path / "notes.txt")
    assert list(Group.objects.values_list("name", flat=True)) == ["Stroke Club"]


def test_the_commands_back_up_and_restore_after_asking(tmp_path, group, monkeypatch):
    out = StringIO()
    call_command("backup", str(tmp_path / "site.backup"), stdout=out)
    assert "Backed up to" in out.getvalue()
    Group.objects.filter(pk=group.pk).update(name="Changed")

    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore", str(tmp_path / "site.backup"))
    assert Group.objects.get().name == "Changed"

    call_command("restore", str(tmp_path / "site.backup"), "--no-input", stdout=out)
    assert Group.objects.get().name == "Stroke Club"
    assert "Restored from" in out.getvalue()
