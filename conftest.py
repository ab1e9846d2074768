import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from directory.tests.factory import make_practitioner, make_user

# Playwright's sync API runs an event loop in the test thread; Django would otherwise
# refuse database work during live_server teardown.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _staff_two_factor_optional(settings):
    """Staff in tests about other things sign in with a password alone (with no device, the
    optional setting asks for nothing); accounts/tests/test_two_factor.py tests staff under
    both settings, and the pages and admin refused to a session without its code."""
    settings.STAFF_TWO_FACTOR = "optional"


@pytest.fixture(autouse=True)
def _english_to_begin_with():
    """Each test starts in English. A request leaves its language active in the thread (the
    test client runs in the test's own), so a page asked for in Welsh would otherwise make
    the next test's reverse() answer with /cy/ addresses."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


# The people every app's tests are about, declared once. Each signs in with the factory's
# PASSWORD. A test module gives alice and charlie their groups (make_coordinator), since
# which group matters to what it tests.


@pytest.fixture
def alice(db):
    """A group's coordinator: the tests make her one of the group they are about."""
    return make_user("alice@example.org")


@pytest.fixture
def charlie(db):
    """Another group's coordinator: an outsider to alice's group, with an account of his own."""
    return make_user("charlie@example.org")


@pytest.fixture
def pat(db):
    """A practitioner: in the stroke team of an NHS trust."""
    return make_practitioner("pat@example.org")


@pytest.fixture
def sam(db):
    """The intermediary's staff."""
    return make_user("sam@example.org", staff=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium), "
            "or CHROMIUM_PATH set to another Chromium.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(items):
    # Every journey in tests/browser is a browser test, marked or not, so that `-m "not
    # browser"` (the PostgreSQL run of scripts/test.sh) never runs one by mistake.
    # Only those journeys may use Playwright's `page`: a test elsewhere that asks for a
    # fixture of that name is parametrised by browser, and pytest then regroups the suite
    # around it, running flushing browser tests between database tests that need the
    # migrations' data.
    strays = []
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
        elif "page" in getattr(item, "fixturenames", ()):
            strays.append(item.nodeid)
    if strays:
        raise pytest.UsageError(
            "Only tests in tests/browser/ may use a fixture named `page` (Playwright's); "
            "rename the fixture in: " + ", ".join(strays)
        )


@pytest.fixture
def keep_the_test_connection(monkeypatch):
    """For a test that runs `run_jobs --forever`: between rounds the runner closes a connection
    left in a transaction, as Django does between requests; a test's connection is one, for the
    test's own rollback."""
    monkeypatch.setattr("hub.management.commands.run_jobs.close_old_connections", lambda: None)
