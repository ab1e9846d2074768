"""Do the demo's leaflets fit? `python -m bench.leaflet_fit`.

Loads the demo directory into a temporary SQLite database (or the one named by
BENCH_DATABASE_URL) and makes, for every listed group, the A5 leaflet and the A5
large-print leaflet, as publishing.printed.group_leaflet makes them for the web. It reads
each back with poppler (pdfinfo, pdftotext) and reports:

- how many A5 leaflets are on one sheet (at most two pages, printed on both sides);
- the large-print leaflets' page counts;
- large-print leaflets whose phone number or email address is not whole on one page,
  or whose "How to get in touch" heading is on a different page from them.

It prints JSON and writes bench/results/leaflet_fit.json.
"""

import argparse
import collections
import shutil
import subprocess
import tempfile

from bench.common import database_url, setup_django, write_report


def _poppler(tool: str, body: bytes, *args: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise SystemExit(f"{tool} is missing: install Debian's poppler-utils.")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(body)
        handle.flush()
        # The arguments are the tool's own path and a file made here.
        return subprocess.run([path, *args, handle.name, *(["-"] if tool == "pdftotext" else [])],  # noqa: S603
                              capture_output=True, text=True, check=True).stdout


def page_count(body: bytes) -> int:
    output = _poppler("pdfinfo", body)
    return int(next(line.split()[-1] for line in output.splitlines() if line.startswith("Pages:")))


def contact_split(body: bytes, phone: str, email: str) -> list[str]:
    """What of the contact details is not whole on one page: "phone", "email", "block"."""
    pages = [" ".join(page.split()) for page in _poppler("pdftotext", body, "-raw").split("\f")]
    squeezed = [page.replace(" ", "") for page in pages]
    split = []
    found = {}
    for name, value in [("phone", phone), ("email", email)]:
        if not value:
            continue
        where = [number for number, page in enumerate(pages) if value in page or value in squeezed[number]]
        if not where:
            split.append(name)
        else:
            found[name] = where[0]
    heading = [number for number, page in enumerate(pages) if "How to get in touch" in page]
    if found and (not heading or any(number != heading[-1] for number in found.values())):
        split.append("block")
    return split


def measure() -> dict:
    from django.test import override_settings
    from django.utils import translation

    from directory.models import Group
    from hub.phones import display_phone as phone_format
    from publishing.printed import group_leaflet

    groups = list(Group.objects.listed().prefetch_related("meetings__venue", "meetings__changes", "languages")
                  .order_by("slug"))
    a5 = {}
    large = {}
    split = {}
    with translation.override("en-gb"), override_settings(SITE_URL="https://hub.example.org"):
        for group in groups:
            a5[group.slug] = page_count(group_leaflet(group, "a5")[2])
            body = group_leaflet(group, "a5", large_print=True)[2]
            large[group.slug] = page_count(body)
            problems = contact_split(body, phone_format(group.phone) if group.phone else "", group.email)
            if problems:
                split[group.slug] = problems
    return {
        "groups": len(groups),
        "a5_on_one_sheet": sum(1 for pages in a5.values() if pages <= 2),
        "a5_pages": dict(sorted(collections.Counter(a5.values()).items())),
        "a5_longer": {slug: pages for slug, pages in a5.items() if pages > 2},
        "large_print_pages": dict(sorted(collections.Counter(large.values()).items())),
        "large_print_contact_split": split,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="bench/results/leaflet_fit.json")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(database_url(folder))
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        write_report(measure(), arguments.output)


if __name__ == "__main__":
    main()
