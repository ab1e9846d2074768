"""A partner's web page (a GP practice's, served from another address) shows the finder in a
frame, and a search inside it works, in a real Chromium with axe-core inside the frame; a page
from a website nobody registered gets nothing: the browser refuses to show the finder there."""

import functools
import http.server
import threading

import pytest
from playwright.sync_api import expect

from embeds.models import Partner

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def partner_site(tmp_path, finder_url):
    """A tiny website on another port whose one page frames the finder; (origin, server)."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Riverside Surgery</title></head>'
        f'<body><main><h1>Riverside Surgery</h1><iframe src="{finder_url}" title="Find a self-help group" '
        'width="100%" height="700"></iframe></main></body></html>', encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def test_a_partners_page_shows_the_finder_and_a_search_inside_it_works(live_server, page, directory, tmp_path):
    # Registered as the tests' partner site. Its origin is http, which the admin refuses
    # (Partner.origin accepts https only); made directly so the test needs no certificate.
    partner = Partner.objects.create(name="Riverside Surgery", origin="http://127.0.0.1:1")
    finder_url = f"{live_server.url}/embed/{partner.key}/"
    origin, server = partner_site(tmp_path, finder_url)
    try:
        Partner.objects.filter(pk=partner.pk).update(origin=origin)
        page.goto(origin + "/index.html")
        frame = page.frame_locator("iframe")
        frame.get_by_label("Words to search for").fill("twins")
        frame.get_by_role("button", name="Search").click()
        expect(frame.get_by_role("heading", name="1 group found")).to_be_visible()
        link = frame.get_by_role("link", name="Derby Twins and Multiples Club (opens in a new tab)")
        expect(link).to_have_attribute("target", "_blank")
        inner = next(f for f in page.frames if f.url.startswith(finder_url))
        assert_accessible(inner)
        # The finder set no cookie (the group's full page, a page of the site, may).
        assert page.context.cookies(live_server.url) == []
        # The group's full page opens in a new tab, outside the partner's page.
        with page.context.expect_page() as opened:
            link.click()
        expect(opened.value.get_by_role("heading", name="Derby Twins and Multiples Club", level=1)).to_be_visible()
    finally:
        server.shutdown()


def test_a_website_nobody_registered_cannot_show_the_finder(live_server, page, directory, tmp_path):
    partner = Partner.objects.create(name="Riverside Surgery", origin="https://riverside-surgery.example")
    finder_url = f"{live_server.url}/embed/{partner.key}/"
    origin, server = partner_site(tmp_path, finder_url)
    try:
        page.goto(origin + "/index.html")
        expect(page.get_by_role("heading", name="Riverside Surgery")).to_be_visible()
        page.wait_for_timeout(500)
        frame = page.frame_locator("iframe")
        expect(frame.get_by_role("button", name="Search")).to_have_count(0)
        assert not any(f.url.startswith(finder_url) and f.locator("form").count() for f in page.frames)
    finally:
        server.shutdown()
