"""Nowhere a dead end: a search that finds no group near offers national organisations and
helplines for its subject, with a number to tap, at phone and desktop width, axe-clean."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def national_list(directory):
    """The everyday words and the national organisations, as their migrations make them (the
    database is emptied between browser tests)."""
    schema_editor = SimpleNamespace(connection=connection)
    import_module("directory.migrations.0006_everyday_words").seed_phrases(apps, schema_editor)
    import_module("directory.migrations.0008_national_organisations").seed(apps, schema_editor)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_search_finding_no_group_offers_the_national_helplines_for_its_subject(
        live_server, browser, national_list, width, tmp_path):
    page = browser.new_context(viewport=WIDTHS[width]).new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Words to search for").fill("lost my husband")
    page.get_by_label("Where").fill("LE1 6AA")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_text("No groups matched your search. You could:")).to_be_visible()
    steps = page.locator(".no-results")
    expect(steps.get_by_role("heading", name="National helplines and organisations", level=3)).to_be_visible()
    expect(steps.get_by_text("About: Losing someone close.")).to_be_visible()
    assert steps.locator(".national-list h4").all_inner_texts() == [
        "WAY Widowed and Young", "Cruse Bereavement Support", "At a Loss"]

    # The helpline is a number to tap, in its usual groupings, reached by keyboard.
    helpline = steps.get_by_role("link", name="0808 808 1677")
    expect(helpline).to_have_attribute("href", "tel:08088081677")
    helpline.focus()
    expect(helpline).to_be_focused()
    expect(steps.get_by_role("link", name="cruse.org.uk")).to_have_attribute("href", "https://www.cruse.org.uk/")
    # After the other next steps, before starting a group and asking the team.
    items = steps.locator("> ul > li").all_inner_texts()
    assert items[-1].startswith("Ask the self-help team")
    assert items[-2].startswith("No group near you? Start one")
    assert items[-3].startswith("National helplines and organisations")

    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / f"national-{width}.png"), full_page=True)
    assert_accessible(page)
