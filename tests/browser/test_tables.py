"""Tables on a phone: the page never scrolls sideways and no word is split across two lines.

Each page with tables is opened by the person who uses it, over the demo data (written like
real listings, with long names), at a phone's 320 and 375 pixels and a desktop's 1280.
A table wider than the screen scrolls inside its own region (hub.css, .table-scroll).
Screenshots of every page at every width are kept in the test's temporary folder.
"""

from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from directory.demo import load_demo
from directory.models import Category, Group, Language
from outbox.models import OutboxMessage
from voice.models import Reflection

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

STAFF, COORDINATOR, PRACTITIONER = "staff@example.org", "coordinator@example.org", "practitioner@example.org"

# Every word in a table cell laid out on more than one line. Words are what lies between
# spaces, hyphens and slashes, where lines may rightly break. Only text the stylesheet lets
# break anywhere (email and web addresses) may split; other cells never may.
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll("main td, main th")) {
    if (getComputedStyle(cell).overflowWrap === "anywhere" && !cell.matches(".long-address")) {
      split.push("a whole cell: " + cell.textContent);
    }
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (getComputedStyle(node.parentElement).overflowWrap === "anywhere") continue;
      for (const match of node.data.matchAll(/[^\\s\\-\\u2010-\\u2014\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""

CELLS = "() => document.querySelectorAll('main td, main th').length"
CLIPPED_CAPTIONS = """() => [...document.querySelectorAll('main .table-scroll caption:not(.visually-hidden)')]
  .filter(c => c.getBoundingClientRect().right > c.closest('.table-scroll').getBoundingClientRect().right + 1)
  .map(c => c.textContent)"""
PAGE_SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
TABLES_OUTSIDE_A_REGION = "() => [...document.querySelectorAll('main table')].filter(t => !t.closest('.table-scroll[role=region][tabindex=\"0\"]')).length"  # noqa: E501


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEMO = True  # the outbox shows emails' text, as in `make run`
    import_module("directory.migrations.0001_initial").seed(Category, Language)
    load_demo()
    # An email that could not be sent, to a long address, so that both outbox tables have rows.
    OutboxMessage.objects.create(
        recipients="someone.with.a.rather.long.address@nottingham-self-help-example.org.uk",
        from_email="hub@example.org", subject="Your listing on Self Help Hub needs a look",
        body_text="Sign in at https://hub.example.org/account/sign-in/?next=/groups/a-long-group-name/manage/",
        status=OutboxMessage.Status.FAILED, attempts=6, last_error="SMTPServerDisconnected",
    )


def pages():
    """(who opens it, its address) for every page whose tables are checked."""
    reflection = Reflection.objects.select_related("group").first()
    coordinated = Group.objects.filter(coordinators__user__email=COORDINATOR).first()
    return [
        (STAFF, reverse("introductions:staff-counts")),
        (PRACTITIONER, reverse("introductions:mine")),
        (STAFF, reverse("voice:posted")),
        (COORDINATOR, reverse("voice:reflection", args=[reflection.group.slug, reflection.pk])),
        (STAFF, reverse("support:staff")),
        (PRACTITIONER, reverse("support:agency")),
        (STAFF, reverse("outbox:staff_outbox")),
        (STAFF, reverse("directory:freshness")),
        (STAFF, reverse("directory:claims")),
        (STAFF, reverse("directory:review-queue")),
        (COORDINATOR, reverse("directory:history", args=[coordinated.slug])),
        (COORDINATOR, reverse("usage:group-numbers", args=[coordinated.slug])),
        (COORDINATOR, reverse("voice:compare", args=[reflection.group.slug])),
        (STAFF, reverse("enquiries:staff-enquiries")),
        (STAFF, reverse("enquiries:staff-problems")),
        (STAFF, reverse("imports:history")),
        (STAFF, reverse("openreferral-feeds:feeds")),
        (STAFF, reverse("subscriptions:staff-bulletins")),
        *((STAFF, reverse(f"insights:{name}")) for name in (
            "growth", "freshness", "introductions", "opportunities", "support", "reflections", "interest-list",
            "numbers")),
        (STAFF, reverse("insights:coverage") + "?areas=NG&miles=5"),
    ]


def signed_in(browser, live_server, email, width):
    """A browser of the given width, signed in as `email` (the session made as the site makes it)."""
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_tables_reflow_without_splitting_words(live_server, browser, demo, width, tmp_path):
    assert Group.objects.exists()
    contexts = {}
    for email, path in pages():
        if email not in contexts:
            contexts[email] = signed_in(browser, live_server, email, width)
        page = contexts[email].pages[0] if contexts[email].pages else contexts[email].new_page()
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.screenshot(path=tmp_path / f"{width}-{path.strip('/').replace('/', '-')}.png", full_page=True)
        assert page.evaluate(CELLS) > 0, f"{path} shows no table to check"
        assert page.evaluate(TABLES_OUTSIDE_A_REGION) == 0, f"{path} has a table outside a scrolling region"
        assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS), f"{path} scrolls sideways at {width} px"
        assert page.evaluate(CLIPPED_CAPTIONS) == [], f"{path} has captions wider than the screen at {width} px"
        assert page.evaluate(SPLIT_WORDS) == [], f"{path} splits words at {width} px: {page.evaluate(SPLIT_WORDS)}"
        if width == 320:
            assert_accessible(page)
    for context in contexts.values():
        context.close()
    print(f"Screenshots: {tmp_path}")
