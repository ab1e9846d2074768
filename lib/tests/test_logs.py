import datetime
import json
import logging
import sys

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from lib.links import OneTimeLink
from lib.logs import JsonLines, PrivateExceptionReporter, RedactTokens, redact


class Record:
    pk = 42
    used_at = None


def test_tokens_of_emailed_links_are_removed_from_logged_paths():
    import datetime

    token = OneTimeLink("tests.logs", lambda: datetime.timedelta(hours=1), state=lambda r: [r.used_at]).make(Record())
    path = reverse("accounts:sign-in-link-use", args=[token])
    assert token not in redact(f'"GET {path} HTTP/1.1" 200')
    assert "/account/sign-in/link/" in redact(path)
    escaped = path.replace(":", "%3A")
    assert token.split(":")[-1] not in redact(escaped)


def test_ordinary_paths_are_logged_as_they_are():
    for text in ["/groups/twins-club/", "/search/?q=diabetes", "12:30:45 GET /"]:
        assert redact(text) == text


def test_the_logging_filter_redacts_messages_and_their_arguments():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s",
                               ("/confirm/AbC_1:1t2u3v:s1gnatureXYZs1gnatureXYZ/",), None)
    assert RedactTokens().filter(record)
    assert "s1gnatureXYZs1gnatureXYZ" not in record.getMessage()


def test_gunicorns_access_log_leaves_the_token_out(capsys):
    import datetime
    from types import SimpleNamespace

    from gunicorn.config import Config

    from lib.logs import RedactingGunicornLogger

    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '"%(r)s" %(U)s %(f)s %(s)s')
    logger = RedactingGunicornLogger(config)
    path = "/invitations/AbC_1:1t2u3v:s1gnatureXYZs1gnatureXYZ/"
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "SERVER_PROTOCOL": "HTTP/1.1",
               "QUERY_STRING": "", "HTTP_REFERER": f"https://hub.example.org{path}"}
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(seconds=0))
    written = capsys.readouterr().out
    assert "/invitations/[token]/" in written
    assert "s1gnatureXYZ" not in written


def test_json_lines_hold_the_request_id_and_no_token():
    token = OneTimeLink("tests.logs", lambda: datetime.timedelta(hours=1), state=lambda r: [r.used_at]).make(Record())
    record = logging.LogRecord("hub", logging.ERROR, __file__, 1, "Opened %s", (f"/withdraw/{token}/",), None)
    RedactTokens().filter(record)
    record.request_id = "abc123def456"
    line = json.loads(JsonLines().format(record))
    assert line["level"] == "ERROR" and line["logger"] == "hub" and line["request_id"] == "abc123def456"
    assert line["message"] == "Opened /withdraw/[token]/"


@pytest.mark.django_db
def test_an_error_report_holds_no_query_form_data_cookies_or_local_variables(rf, settings):
    request = rf.post("/groups/stroke-club/get-in-touch/?q=grief+after+suicide",
                      {"name": "Mukti", "contact_value": "07700 900555"}, HTTP_COOKIE="sessionid=secret-session")
    request.user = AnonymousUser()
    try:
        contact = "07700 900555"  # noqa: F841 - a local variable a report must not show
        raise ValueError("it broke")
    except ValueError:
        report = PrivateExceptionReporter(request, *sys.exc_info(), is_email=True).get_traceback_text()
    assert "ValueError" in report and "/groups/stroke-club/get-in-touch/" in report
    for secret in ("grief", "Mukti", "07700", "secret-session"):
        assert secret not in report, secret
