"""Each request has an id, in its response and on the log lines written while answering it."""

import logging
import re

import pytest
from django.http import HttpResponse

from hub.middleware import RequestIdMiddleware
from lib.logs import RequestIds


@pytest.mark.django_db
class TestRequestIds:
    def test_each_response_names_its_request_and_the_log_lines_written_for_it_carry_it(self, rf):
        written = []

        def view(request):
            record = logging.LogRecord("hub", logging.INFO, __file__, 1, "answering", None, None)
            RequestIds().filter(record)
            written.append(record.request_id)
            return HttpResponse()

        response = RequestIdMiddleware(view)(rf.get("/"))
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
        assert written == [response["X-Request-ID"]]
        outside = logging.LogRecord("hub", logging.INFO, __file__, 1, "between requests", None, None)
        RequestIds().filter(outside)
        assert outside.request_id == "-"
        assert RequestIdMiddleware(view)(rf.get("/"))["X-Request-ID"] != response["X-Request-ID"]

    def test_a_proxys_id_is_kept_when_it_looks_like_one(self, client):
        assert client.get("/privacy/", HTTP_X_REQUEST_ID="abc123def456")["X-Request-ID"] == "abc123def456"
        made = client.get("/privacy/", HTTP_X_REQUEST_ID="<script>\r\nSet-Cookie: x")["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", made)
