"""The finder on a partner's website: framed by that website alone, without cookies, with
what the partner fixed applied, and links that open the full group page in a new tab."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory.tests.factory import category, make_group
from embeds.models import Partner

pytestmark = pytest.mark.django_db

ORIGIN = "https://www.riverside-surgery.nhs.uk"


@pytest.fixture
def partner():
    return Partner.objects.create(name="Riverside Surgery", origin=ORIGIN)


@pytest.fixture
def groups():
    return {
        "stroke": make_group(name="Nottingham Stroke Club", categories=["stroke-aphasia"]),
        "diabetes": make_group(name="Nottingham Diabetes Friends", categories=["diabetes"]),
        "derby": make_group(name="Derby Diabetes Circle", categories=["diabetes"], meetings=[{"postcode": "DE1 1AA"}]),
    }


def finder(client, partner, **params):
    return client.get(reverse("embeds:finder", args=[partner.key]), params)


def test_only_the_partners_website_may_frame_the_finder(client, partner):
    response = finder(client, partner)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert f"frame-ancestors {ORIGIN};" in policy
    assert "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
    assert "X-Frame-Options" not in response
    # Nothing from another site, as on every page.
    assert "default-src 'self'" in policy


def test_every_other_page_still_refuses_to_be_framed(client, partner):
    for url in [reverse("directory:search"), reverse("directory:home"), "/embed/no-such-key/"]:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_the_finder_sets_no_cookie_and_asks_for_none(client, partner, groups):
    response = finder(client, partner, q="stroke", where="NG1 5FW")
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    page = response.content.decode()
    assert "csrfmiddlewaretoken" not in page
    assert 'method="get"' in page


def test_an_unknown_key_or_a_partner_switched_off_is_not_found(client, partner):
    assert client.get(reverse("embeds:finder", args=["not-a-key"])).status_code == 404
    # Its number is not its address.
    assert client.get(reverse("embeds:finder", args=[str(partner.pk)])).status_code == 404
    partner.active = False
    partner.save()
    assert finder(client, partner).status_code == 404


def test_it_searches_and_links_open_the_group_page_in_a_new_tab(client, partner, groups):
    page = finder(client, partner, q="stroke").content.decode()
    assert "Nottingham Stroke Club" in page
    assert "Nottingham Diabetes Friends" not in page
    url = groups["stroke"].get_absolute_url()
    assert f'<a href="{url}" target="_blank" rel="noopener">' in page
    assert "(opens in a new tab)" in page
    # A compact page: no site header, footer or language switcher, no "narrow your search".
    assert "site-header" not in page and "site-footer" not in page and "Narrow your search" not in page
    # Its form stays in the frame.
    assert f'action="{reverse("embeds:finder", args=[partner.key])}"' in page


def test_fixed_subjects_and_area_are_applied_and_not_asked(client, partner, groups):
    partner.subjects.set([category("diabetes")])
    partner.place = "NG1 5FW"
    partner.distance = 5
    partner.save()
    response = finder(client, partner)
    page = response.content.decode()
    # Shown straight away: the groups about diabetes near the place, not those further away.
    assert "Nottingham Diabetes Friends" in page
    assert "Derby Diabetes Circle" not in page
    assert "Nottingham Stroke Club" not in page
    assert 'name="where"' not in page and 'name="category"' not in page and 'name="distance"' not in page
    # What someone adds to the address cannot undo what the partner fixed.
    page = finder(client, partner, category="stroke-aphasia", where="DE1 1AA", distance="50").content.decode()
    assert "Nottingham Stroke Club" not in page and "Derby Diabetes Circle" not in page
    assert "Nottingham Diabetes Friends" in page


def test_several_fixed_subjects_are_the_only_choices(client, partner, groups):
    partner.subjects.set([category("diabetes"), category("stroke-aphasia")])
    page = finder(client, partner).content.decode()
    assert "Nottingham Diabetes Friends" in page and "Nottingham Stroke Club" in page
    assert 'value="diabetes"' in page and 'value="stroke-aphasia"' in page
    assert 'value="tinnitus"' not in page
    page = finder(client, partner, category="tinnitus").content.decode()
    assert "Choose a subject from the list." in page


@pytest.mark.parametrize("origin", [
    "http://www.riverside-surgery.nhs.uk", "https://www.riverside-surgery.nhs.uk/contact",
    "https://*.nhs.uk", "https://a.example; script-src *", "https://user@a.example", "riverside-surgery.nhs.uk",
    "https://a.example?x=1", "",
])
def test_only_an_https_origin_can_be_registered(origin):
    partner = Partner(name="Riverside Surgery", origin=origin)
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "origin" in error.value.message_dict


def test_an_origin_is_kept_in_lower_case_without_a_final_slash():
    partner = Partner(name="Riverside Surgery", origin="HTTPS://WWW.Riverside-Surgery.nhs.uk:8443/")
    partner.full_clean()
    assert partner.origin == "https://www.riverside-surgery.nhs.uk:8443"


def test_a_place_the_search_cannot_find_is_refused():
    partner = Partner(name="Riverside Surgery", origin=ORIGIN, place="Nowhere-on-sea")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "place" in error.value.message_dict
