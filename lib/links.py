"""Emailed links that act without a password: one scheme for every one of them.

A link's token is made with Django's public signing API (`django.core.signing`). It holds
the record's primary key and a fingerprint of the record's state, signed with SECRET_KEY
under a salt naming the link's purpose, with the time it was made. Both the signature and
the fingerprint are made with the current key and accepted under SECRET_KEY_FALLBACKS too,
so rotating the key does not break the links already sent:

- **Purpose.** Each kind of link has its own salt, so a token made to confirm a listing
  is refused by the sign-in page, and the other way round.
- **Expiry.** The signed time is checked against the link's `max_age`.
- **Once.** The fingerprint covers fields that using the link changes (the time of the
  last sign-in, when an invitation was accepted, when a listing was confirmed), the way
  Django's password-reset tokens cover the password hash and the last sign-in. Once the
  link is used they change, and every token made before stops matching. Nothing is
  stored for a link, and the fingerprint is a keyed hash, so the token shows none of the
  values (never a password hash).
"""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        # The same moment reads the same whatever time zone the database hands back.
        return repr(value.timestamp())
    return str(value)


class OneTimeLink:
    """One kind of emailed link.

    purpose: a name of its own, such as "directory.confirm-listing" (the signing salt).
    max_age: how long a link works, asked each time (settings are read when used).
    state: the values, for a record, that using the link changes.
    """

    def __init__(self, purpose: str, max_age: Callable[[], datetime.timedelta], state: Callable[[object], Iterable]):
        self.salt = f"lib.links:{purpose}"
        self.max_age = max_age
        self.state = state

    def _fingerprint(self, record, secret=None) -> str:
        values = "\x1f".join(_text(value) for value in self.state(record))
        return salted_hmac(self.salt, values, secret=secret, algorithm="sha256").hexdigest()[:32]

    def make(self, record) -> str:
        """A token for `record`, to put in a URL (it holds only URL-safe characters and ':')."""
        return signing.dumps([record.pk, self._fingerprint(record)], salt=self.salt)

    def _read(self, token: str) -> tuple | None:
        if not isinstance(token, str):
            return None
        try:
            key, fingerprint = signing.loads(token, salt=self.salt, max_age=self.max_age())
        except (signing.BadSignature, ValueError, TypeError):  # forged, tampered, expired, another purpose
            return None
        return key, fingerprint

    def _matches(self, record, fingerprint) -> bool:
        # As signing.loads does, a fingerprint made under a key being retired still counts,
        # so rotating SECRET_KEY (the old one kept in SECRET_KEY_FALLBACKS) keeps links alive.
        return any(constant_time_compare(self._fingerprint(record, secret), fingerprint)
                   for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS])

    def find(self, token: str, queryset):
        """The record of `queryset` that `token` was made for, if the link still works; else None."""
        read = self._read(token)
        if read is None:
            return None
        record = queryset.filter(pk=read[0]).first()
        return record if record is not None and self._matches(record, read[1]) else None

    def check(self, record, token: str) -> bool:
        """Whether `token` is a working link for `record`."""
        read = self._read(token)
        return read is not None and read[0] == record.pk and self._matches(record, read[1])
