import datetime

import pytest

# The day the printed material is made on, fixed so that "next meeting" dates and the
# printed date do not drift with the calendar.
PRINTED_ON = datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC)


@pytest.fixture
def site_address(settings):
    # Paper carries the site's address (SITE_URL), whatever host the page was asked on.
    settings.SITE_URL = "https://hub.example.org"


@pytest.fixture
def printed_on(time_machine):
    time_machine.move_to(PRINTED_ON, tick=False)
