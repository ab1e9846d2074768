import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from lib.refusals import refusal_as_message


class Refused(Exception):
    pass


def a_request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def test_a_refusal_becomes_an_error_message_and_the_view_carries_on():
    request = a_request()
    with refusal_as_message(request, Refused):
        raise Refused("That group has closed.")
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "That group has closed.")]


def test_without_a_refusal_nothing_is_added():
    request = a_request()
    with refusal_as_message(request, Refused):
        pass
    assert list(get_messages(request)) == []


def test_other_errors_are_not_hidden():
    request = a_request()
    with pytest.raises(ValueError), refusal_as_message(request, Refused):
        raise ValueError("a bug, not a refusal")
    assert list(get_messages(request)) == []
