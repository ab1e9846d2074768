"""Written material for everyone: leaflets, posters and lists.

Each builder returns (filename, mimetype, bytes), like the calendar; the views only
choose the group or the list and wrap the answer. `base_url` is the site's address
(such as https://hub.example.org), for the links and QR codes printed on paper.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import pdf

PAGE_SIZES = {"a5": "A5", "a4": "A4"}


def _context(title: str, page_size: str = "A4", large_print: bool = False, **extra) -> dict:
    return {
        "title": title,
        "site_name": settings.SITE_NAME,
        "lang": get_language() or settings.LANGUAGE_CODE,
        "produced": timezone.localdate(),
        "page_size": page_size,
        "large_print": large_print,
        "type": pdf.LARGE_PRINT if large_print else pdf.STANDARD_PRINT,
        **extra,
    }


def _meetings(group, dates: int) -> list[tuple]:
    """Each meeting with its next `dates` dates (none while the group is paused)."""
    return [(meeting, [] if group.is_paused else meeting.next_dates(dates)) for meeting in group.meetings.all()]


def group_leaflet(group, base_url: str, size: str = "a5", large_print: bool = False) -> tuple[str, str, bytes]:
    """A leaflet about one group: its own words, who it is for, meetings, access, contact."""
    url = base_url + group.get_absolute_url()
    title = _("%(name)s: leaflet") % {"name": group.name}
    if large_print:
        title = _("%(name)s: large-print leaflet") % {"name": group.name}
    body = pdf.render("publishing/pdf/leaflet.html", _context(
        title, PAGE_SIZES[size], large_print,
        group=group, url=url, qr=pdf.qr_code(url), meetings=_meetings(group, 3),
    ))
    variant = "-large-print" if large_print else ""
    return f"{slugify(group.name)}-leaflet{variant}-{size}.pdf", pdf.MIMETYPE, body


POSTER_MEETINGS = 2


def group_poster(group, base_url: str) -> tuple[str, str, bytes]:
    """An A4 noticeboard poster: the name, who it is for, when it meets, how to get in touch."""
    url = base_url + group.get_absolute_url()
    meetings = _meetings(group, 1)
    body = pdf.render("publishing/pdf/poster.html", _context(
        _("%(name)s: poster") % {"name": group.name}, "A4",
        group=group, url=url, qr=pdf.qr_code(url),
        meetings=meetings[:POSTER_MEETINGS], more_meetings=len(meetings) > POSTER_MEETINGS,
        # Smaller type for long names and summaries, so that the poster stays on one page.
        compact=len(group.name) > 45 or len(group.summary) > 140 or len(meetings) > 1,
    ))
    return f"{slugify(group.name)}-poster.pdf", pdf.MIMETYPE, body


def group_list(found, base_url: str) -> tuple[str, str, bytes]:
    """A list of every group found (publishing.lists.GroupList), to hand to everyone."""
    body = pdf.render("publishing/pdf/list.html", _context(
        found.title, "A4", found=found, base_url=base_url, url=base_url + reverse("publishing:lists"),
    ))
    return found.filename, pdf.MIMETYPE, body
