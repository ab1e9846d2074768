"""Keeping the tokens of emailed links out of logs.

An emailed link that acts without a password carries its token in the URL's path
(see lib.links): whoever reads an access log could otherwise use a link before its owner.
Every log line the project writes passes through `redact`: Python's logging through the
`RedactTokens` filter (hub/settings.py), gunicorn's access log through
`RedactingGunicornLogger` (scripts/run.sh). A reverse proxy in front must do the same
with its own access log (README, "Security").
"""

import contextvars
import json
import logging
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter
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


# Request ids ---------------------------------------------------------------------------------

# The id of the request being answered, for every log line written while answering it.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# An id a proxy sent (nginx's $request_id, a load balancer's): kept only if it looks like one.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIds(logging.Filter):
    """Gives each log record the id of the request it was written for ("-" outside one)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class JsonLines(logging.Formatter):
    """One JSON object a line (LOG_FORMAT=json), for log collectors: time, level, logger,
    request id and message (tokens already taken out by RedactTokens), and the traceback of
    an error."""

    def format(self, record):
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                 "logger": record.name, "request_id": getattr(record, "request_id", "-"),
                 "message": record.getMessage()}
        if record.exc_info:
            entry["traceback"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


# Error reports -------------------------------------------------------------------------------

class NoPersonalData(SafeExceptionReporterFilter):
    """Error reports (the email to ADMINS, the debug page) without what people sent: no form
    data at all and no local variables of any frame, which hold forms, requests and records."""

    def get_post_parameters(self, request):
        return dict.fromkeys(request.POST if request else {}, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return []


class PrivateExceptionReporter(ExceptionReporter):
    """An error report that names the page but not what was asked of it: no query string
    (search words can say what someone lives with), no cookies, files or headers beyond the
    method and host."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        data["request_GET_items"] = []
        data["request_FILES_items"] = []
        data["request_COOKIES_items"] = []
        data["request_meta"] = {key: value for key, value in data.get("request_meta", {}).items()
                                if key in ("REQUEST_METHOD", "SERVER_NAME", "SERVER_PORT")}
        if self.request is not None:
            data["request_insecure_uri"] = f"{self.request.scheme}://{self.request.get_host()}{self.request.path}"
        return data


def sentry_before_send(event, hint):
    """What goes to Sentry (SENTRY_DSN): the error and the page's path, never what was sent,
    asked (query string), or carried (cookies, headers), nor a token in the path."""
    request = event.get("request") or {}
    for key in ("query_string", "cookies", "data", "headers", "env"):
        request.pop(key, None)
    if "url" in request:
        request["url"] = redact(request["url"].split("?")[0])
    event.pop("user", None)
    return event
