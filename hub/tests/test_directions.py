"""Text that reads left to right stays so on a right-to-left page (hub/templatetags/directions.py)."""

import re

import pytest

from directory.tests.factory import make_group
from hub.templatetags.directions import ltr
from hub.templatetags.phones import phone


def test_left_to_right_text_is_isolated_and_escaped():
    assert ltr("NG7 2RD") == '<bdi dir="ltr">NG7 2RD</bdi>'
    assert ltr("<b>") == '<bdi dir="ltr">&lt;b&gt;</bdi>'
    assert ltr("") == ""
    assert ltr(None) == ""


def test_a_phone_number_reads_left_to_right():
    assert phone("01159460000") == '<bdi dir="ltr">0115 946 0000</bdi>'


@pytest.mark.django_db
def test_a_group_page_in_urdu_keeps_numbers_and_addresses_left_to_right(client):
    group = make_group(phone="01159460000", email="hello@example.org", website="https://group.example.org")
    page = client.get(f"/ur/groups/{group.slug}/").content.decode()
    assert '<html lang="ur" dir="rtl">' in page
    for text in ["0115 946 0000", "hello@example.org", "https://group.example.org", "NG1 5FW"]:
        assert re.search(rf'<bdi dir="ltr">[^<]*{re.escape(text)}[^<]*</bdi>', page), text
