"""Keeping the tokens of emailed links out of logs.

An emailed link that acts without a password carries its token in the URL's path
(see lib.links): whoever reads an access log could otherwise use a link before its owner.
Every log line the project writes passes through `redact`: Python's logging through the
`RedactTokens` filter (hub/settings.py), gunicorn's access log through
`RedactingGunicornLogger` (scripts/run.sh). A reverse proxy in front must do the same
with its own access log (README, "Security").
"""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

# A token of lib.links is Django's signed value: data, time and signature joined by ':'
# (which a browser may send as %3A), the signature at least 20 characters long.
TOKEN = re.compile(r"[A-Za-z0-9_\-.]+(?::|%3[Aa])[A-Za-z0-9_\-]+(?::|%3[Aa])[A-Za-z0-9_\-]{20,}")
REDACTED = "[token]"


def redact(text: str) -> str:
    """`text` with every emailed-link token replaced by "[token]"."""
    return TOKEN.sub(REDACTED, text)


class RedactTokens(logging.Filter):
    """A logging filter that takes tokens out of each message before any handler writes it."""

    def filter(self, record):
        if record.args:
            record.msg = redact(record.getMessage())
            record.args = None
        else:
            record.msg = redact(str(record.msg))
        return True


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's logger, with tokens taken out of the request line, path, query and referrer."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
