"""The API's URLs, each wrapped so that every answer carries CORS, caching and
conditional-request headers."""

import hashlib
from functools import wraps

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .api import api
from .models import FeedState

MAX_AGE = 300  # seconds; the directory changes a few times a day at most


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def open_data(view):
    """CORS for everyone; ETag and Last-Modified, answering 304 when nothing changed."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            changed = FeedState.last_changed()
            last_modified = http_date(changed.timestamp()) if changed else None
            etag = None
            if not isinstance(response, StreamingHttpResponse):
                etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
                response["ETag"] = etag
            if last_modified:
                response["Last-Modified"] = last_modified
            patch_cache_control(response, public=True, max_age=MAX_AGE)
            patch_vary_headers(response, ["Accept-Encoding"])
            conditional = get_conditional_response(request, etag=etag, last_modified=changed and int(
                changed.timestamp()), response=response)
            if conditional is not response:
                for header in ("Cache-Control", "Vary"):
                    if header in response:
                        conditional[header] = response[header]
                response = conditional
        return _cors(response)

    return wrapped


def _wrap(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _wrap(pattern.url_patterns)
        else:
            pattern.callback = open_data(pattern.callback)
    return patterns


app_name = "openreferral"
urlpatterns = _wrap(list(api.urls[0]))
