"""The project's own answers for refusals and the site's icon: an action's address opened as a
page (405), a page the account may not see (403), and /favicon.ico."""

import re
import uuid
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from directory.tests.factory import PASSWORD
from tests import matrix

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture


class TestAnActionOpenedAsAPage:
    def test_it_says_the_button_is_needed_and_links_to_the_actions_page(self, client, people):
        group = people["group"]
        client.force_login(people["coordinator"])
        response = client.get(reverse("directory:invite", args=[group.slug]))
        body = response.content.decode()
        assert response.status_code == 405 and response["Allow"] == "POST"
        assert "This needs a button on another page" in body and "Nothing has been changed." in body
        assert f'href="{reverse("directory:coordinators", args=[group.slug])}"' in body
        assert '<link rel="stylesheet"' in body  # the site's own page, not a bare error

    def test_signing_in_on_the_way_to_an_action_ends_on_that_page_not_on_an_error(self, client, people):
        group = people["group"]
        invite = reverse("directory:invite", args=[group.slug])
        response = client.post(f"{reverse('accounts:sign-in')}?next={invite}",
                               {"username": "alice@example.org", "password": PASSWORD}, follow=True)
        assert response.status_code == 405
        assert reverse("directory:coordinators", args=[group.slug]) in response.content.decode()

    def test_the_outboxs_try_again_leads_back_to_the_outbox(self, client, people):
        client.force_login(people["staff"])
        body = client.get(reverse("outbox:try_again", args=[1])).content.decode()
        assert f'href="{reverse("outbox:staff_outbox")}"' in body

    def test_every_actions_page_link_leads_to_a_page_not_another_action(self, client, people):
        """For every POST-only address of the project, the page it links back to opens."""
        client.force_login(people["staff"])
        checked = set()
        for path in _sample_paths(get_resolver()):
            response = client.get(path)
            if response.status_code != 405:
                continue
            back = re.search(r'<a class="button-link" href="([^"]+)"', response.content.decode()).group(1)
            assert back != path and path.startswith(back), path
            assert client.get(back).status_code != 405, (path, back)
            checked.add(path)
        # The walk found the project's actions (if it found none, the test would pass for nothing).
        assert len(checked) > 20
        assert {reverse("directory:invite", args=["tinnitus-circle"]), reverse("outbox:try_again", args=[1]),
                reverse("directory:withdraw-invitation", args=["tinnitus-circle"])} <= checked

    def test_an_answer_with_a_body_of_its_own_is_left_alone(self, client):
        response = client.post("/api/services")  # the Open Referral API says it itself
        assert response.status_code == 405 and response.content == b"Method not allowed"


class TestRefusedPages:
    def test_staff_refused_a_groups_own_page_are_told_why_not_that_it_is_staff_only(self, client, people):
        client.force_login(people["staff"])
        response = client.get(reverse("introductions:inbox", args=[people["group"].slug]))
        body = response.content.decode()
        assert response.status_code == 403
        assert "Only the group’s own coordinators can open this page" in body
        assert "This page is for the intermediary’s staff" not in body

    def test_a_staff_page_says_it_is_for_staff(self, client, people):
        client.force_login(people["practitioner"])
        body = client.get(reverse("directory:review-queue")).content.decode()
        assert "This page is for the staff of the self-help team." in body

    def test_a_refusal_without_a_reason_gets_wording_true_of_every_refusal(self, client, people):
        client.force_login(people["coordinator"])
        response = client.get(reverse("outbox:staff_outbox"))
        assert response.status_code == 403
        assert "This page isn’t open to the account you are signed in with." in response.content.decode()


class TestFavicon:
    def test_favicon_ico_leads_to_the_sites_own_icon(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 302
        assert response["Location"].endswith("favicon.svg")
        icon = finders.find("favicon.svg")
        assert icon and Path(icon).read_text().startswith("<svg")

    def test_every_page_links_the_icon(self, client):
        body = client.get(reverse("directory:home")).content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in body


SAMPLES = {"slug": "tinnitus-circle", "int": "1", "str": "x", "uuid": str(uuid.uuid4()), "path": "x"}


def _sample_paths(resolver, prefix="/"):
    """One address for each URL pattern, its parameters filled with samples."""
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if route.startswith(("admin/", "api/", "^")):
            continue
        route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
        if isinstance(pattern, URLResolver):
            yield from _sample_paths(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route
