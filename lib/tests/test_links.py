"""The one scheme for emailed links: right purpose, in time, once, untouched."""

import datetime
from types import SimpleNamespace

import time_machine
from django.core import signing

from lib.links import OneTimeLink


def _link(purpose="tests.confirm", hours=1):
    return OneTimeLink(purpose, lambda: datetime.timedelta(hours=hours), state=lambda record: [record.used_at])


def _record(used_at=None):
    return SimpleNamespace(pk=7, used_at=used_at)


def test_a_link_works_for_its_record_until_it_is_used():
    link, record = _link(), _record()
    token = link.make(record)
    assert link.check(record, token)
    assert not link.check(SimpleNamespace(pk=8, used_at=None), token)  # another record
    record.used_at = datetime.datetime(2026, 12, 3, 15, 0, 0, 1, tzinfo=datetime.UTC)
    assert not link.check(record, token)


def test_the_same_moment_in_another_time_zone_is_the_same_state():
    moment = datetime.datetime(2026, 12, 3, 15, tzinfo=datetime.UTC)
    link = _link()
    token = link.make(_record(used_at=moment))
    an_hour_east = datetime.timezone(datetime.timedelta(hours=1))
    assert link.check(_record(used_at=moment.astimezone(an_hour_east)), token)


def test_a_link_expires():
    link, record = _link(hours=1), _record()
    token = link.make(record)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=61)):
        assert not link.check(record, token)


def test_a_link_made_for_another_purpose_is_refused_even_with_the_same_state():
    record = _record()
    assert not _link("tests.sign-in").check(record, _link("tests.confirm").make(record))


def test_tampered_forged_and_missing_tokens_are_refused():
    link, record = _link(), _record()
    token = link.make(record)
    payload, stamp, signature = token.split(":")
    forged = signing.dumps([7, "0" * 32], salt="another secret purpose")
    for bad in [token[:-1] + ("A" if token[-1] != "A" else "B"), f"{payload}x:{stamp}:{signature}", forged,
                "", "no-colons", ":::", None]:
        assert not link.check(record, bad)


def test_the_token_shows_none_of_the_state():
    secret = "pbkdf2_sha256$870000$salt$hash"
    link = OneTimeLink("tests.reset", lambda: datetime.timedelta(hours=1), state=lambda record: [record.password])
    token = link.make(SimpleNamespace(pk=7, password=secret))
    key, fingerprint = signing.loads(token, salt=link.salt)  # readable by anyone holding the link
    assert key == 7 and "$" not in fingerprint and "870000" not in fingerprint


def test_a_link_made_before_the_secret_key_was_rotated_still_works(settings):
    link, record = _link(), _record()
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the old key " * 5, []
    token = link.make(record)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the new key " * 5, ["the old key " * 5]
    assert link.check(record, token)
    settings.SECRET_KEY_FALLBACKS = []  # once the old key is retired, so are its links
    assert not link.check(record, token)


def test_a_link_is_made_with_the_current_key(settings):
    link, record = _link(), _record()
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the new key " * 5, ["the old key " * 5]
    token = link.make(record)
    settings.SECRET_KEY_FALLBACKS = []
    assert link.check(record, token)
