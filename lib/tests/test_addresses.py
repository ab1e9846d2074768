import pytest
from django.test import RequestFactory

from lib.addresses import client_address

PROXY = "10.0.0.5"


def request_from(peer, forwarded=None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_from_an_untrusted_peer_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_from_a_trusted_proxy_the_visitor_is_the_right_most_untrusted_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
    # The visitor made up the first entry; the proxies appended the rest.
    forwarded = "1.1.1.1, 198.51.100.7, 192.0.2.1, 10.1.2.3"
    assert client_address(request_from(PROXY, forwarded)) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", ["", "   ", "not-an-address", "1.1.1.1, garbage"])
def test_an_empty_or_malformed_header_falls_back_to_the_last_known_hop(settings, forwarded):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(request_from(PROXY, forwarded)) == PROXY


def test_ipv6_peers_and_ranges_are_understood(settings):
    settings.TRUSTED_PROXIES = ["2001:db8::/32"]
    assert client_address(request_from("2001:db8::1", "2001:db8::2, 2a00:1450::5")) == "2a00:1450::/64"


def test_an_ipv6_visitor_is_known_by_their_64_network_and_an_ipv4_visitor_by_their_address(settings):
    """One home or server has a whole /64 to send from: a new address must not be a new visitor."""
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("2001:db8:1:1::1")) == "2001:db8:1:1::/64"
    assert client_address(request_from("2001:db8:1:1:ffff:ffff:ffff:fffe")) == "2001:db8:1:1::/64"
    assert client_address(request_from("2001:db8:1:2::1")) == "2001:db8:1:2::/64"
    assert client_address(request_from("203.0.113.9")) == "203.0.113.9"
    assert client_address(request_from("203.0.113.10")) == "203.0.113.10"
    # An IPv4 visitor written the IPv6 way is the same IPv4 visitor, not the whole internet's /64.
    assert client_address(request_from("::ffff:203.0.113.9")) == "203.0.113.9"


def test_an_ipv6_visitor_behind_a_trusted_proxy_is_known_by_their_64_network(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(request_from(PROXY, "2001:db8:1:1::abcd")) == "2001:db8:1:1::/64"


def test_a_missing_peer_address_gives_an_empty_string(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) == ""
