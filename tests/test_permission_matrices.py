"""Every URL of the project is in some URL × role permission matrix.

Each app's matrix lives in `<app>/tests/test_permissions.py` and declares `MATRIX`, a list
of rows whose first item is a URL name ("support:request"). A new page without a row fails
here, so nobody adds a page without saying who may open it.
"""

import importlib
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

# Pages deliberately left out of the matrices, each for a reason. Keep this short.
NOT_IN_A_MATRIX = {
    # Django's admin checks staff itself, page by page.
    "admin:*",
    # The Open Referral API and its OpenAPI document: public, read-only, the same for
    # everyone; tested against the standard in openreferral/tests.
    "openreferral:*",
    # Signing in, signing up and resetting a password: the ways in, open to everyone.
    "accounts:sign-in", "accounts:sign-up", "accounts:sign-in-link", "accounts:sign-in-link-use",
    "accounts:password-reset", "accounts:password-reset-sent", "accounts:password-reset-confirm",
    "accounts:password-reset-done",
    # A public group's leaflet, poster and calendar, and the lists anyone may print:
    # public, the same for everyone; tested in publishing/tests.
    "publishing:group-calendar", "publishing:group-leaflet", "publishing:group-poster", "publishing:lists",
    "publishing:list-pdf", "publishing:list-card",
    # The site's icon: the same redirect for everyone; tested in hub/tests/test_pages.py.
    "favicon",
    # The health page for monitors: the same for everyone, no personal data; tested in
    # hub/tests/test_health.py.
    "healthz",
    # Choosing a language: the same for everyone; tested in hub/tests/test_languages.py.
    "choose-language",
}


def _url_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else str(pattern.name)


def _left_out(name) -> bool:
    return name in NOT_IN_A_MATRIX or f"{name.partition(':')[0]}:*" in NOT_IN_A_MATRIX


def _names_in_matrices() -> set[str]:
    names = set()
    for module_file in sorted(Path(settings.BASE_DIR).glob("*/tests/test_permissions.py")):
        app = module_file.parent.parent.name
        module = importlib.import_module(f"{app}.tests.test_permissions")
        names.update(row[0] for row in module.MATRIX)
    return names


def test_every_url_is_in_a_permission_matrix():
    names = list(_url_names(get_resolver()))
    unnamed = [name for name in names if name.endswith("None") and not _left_out(name)]
    assert not unnamed, f"URL patterns without a name cannot be in a matrix: {unnamed}"
    missing = sorted({name for name in names if not _left_out(name)} - _names_in_matrices())
    assert not missing, f"URLs in no permission matrix (add them to their app's tests/test_permissions.py): {missing}"


def test_the_matrices_name_only_urls_that_exist():
    names = set(_url_names(get_resolver()))
    assert _names_in_matrices() <= names


def test_the_walk_finds_the_urls_it_should():
    # If the walk found nothing, the test above would pass for the wrong reason.
    names = set(_url_names(get_resolver()))
    assert {"directory:edit-meeting", "support:request", "voice:take-back", "admin:index"} <= names
