"""Written material for everyone: leaflets, posters, lists and the printed directory.

Each builder returns (filename, mimetype, bytes), like the calendar; the views only
choose the group or the list and wrap the answer. Links and QR codes printed on paper
use the site's address, the SITE_URL setting (lib.urls.absolute_url).
"""

import contextlib
import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.models import Category, Group
from directory.services import has_active_coordinator
from lib.urls import absolute_url

from . import pdf
from .models import PrintedDirectory

PAGE_SIZES = {"a5": "A5", "a4": "A4"}

# What bounds a leaflet, so that it is made well within the time budget for PDFs
# (publishing.pdf.time_budget) whatever the listing holds. The forms allow less text than
# this; a listing stored before they did may hold more, and a single huge field once made
# a leaflet too slow to make at all. Paper says where the rest is: the group's web page.
PRINTED_TEXT_LIMIT = 10_000
LEAFLET_MEETINGS = 10
# An A5 leaflet is one sheet, printed on both sides, for a typical group. A group's long
# words are cut there at the end of a sentence, and the leaflet says the rest is on the
# group's web page. The demo's longest description is about 330 characters; the forms
# allow 3,000 (lib.text.OWN_WORDS). Large print and A4 carry up to PRINTED_TEXT_LIMIT.
A5_TEXT_LIMITS = {"who_for": 500, "description": 1200, "newcomers": 500}


def document_context(title: str, page_size: str = "A4", large_print: bool = False, **extra) -> dict:
    """What every printed document's template (publishing/pdf/base.html) needs."""
    return {
        "title": title,
        "site_name": settings.SITE_NAME,
        "lang": get_language() or settings.LANGUAGE_CODE,
        "produced": timezone.localdate(),
        "page_size": page_size,
        "large_print": large_print,
        "type": pdf.LARGE_PRINT if large_print else pdf.STANDARD_PRINT,
        # The site's address, printed before each group's page path.
        "base_url": absolute_url(""),
        **extra,
    }


_context = document_context


def _meetings(group, dates: int) -> list[tuple]:
    """Each meeting with its next `dates` meetings, one-off changes applied (none while the
    group is paused)."""
    return [(meeting, [] if group.is_paused else meeting.upcoming(dates)) for meeting in group.meetings.all()]


# A full stop, question or exclamation mark or ellipsis, with any closing quote or bracket,
# before a space or the end of the text.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*(?=\s|$)")


def _printed_text(text: str, limit: int = PRINTED_TEXT_LIMIT) -> tuple[str, bool]:
    """The text as far as paper carries it (`limit` characters), and whether it was cut.

    It is cut after the last sentence that fits, unless that would leave less than half
    of what fits; then after the last whole word, with an ellipsis.
    """
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    ends = [match.end() for match in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= limit // 2:
        return head[:ends[-1]], True
    return head.rsplit(" ", 1)[0] + " …", True


def _leaflet_meetings(meetings) -> list[tuple]:
    """Each meeting with its dates and whether its venue was already described above it
    (then the leaflet names the place once more but does not repeat its access and travel)."""
    described = set()
    rows = []
    for meeting, dates in meetings:
        rows.append((meeting, dates, meeting.venue_id is not None and meeting.venue_id in described))
        if meeting.venue_id is not None:
            described.add(meeting.venue_id)
    return rows


def group_leaflet(group, size: str = "a5", large_print: bool = False) -> tuple[str, str, bytes]:
    """A leaflet about one group: its own words, who it is for, meetings, access, contact."""
    url = absolute_url(group.get_absolute_url())
    title = _("%(name)s: leaflet") % {"name": group.name}
    if large_print:
        title = _("%(name)s: large-print leaflet") % {"name": group.name}
    # The A5 leaflet in standard print is set compactly to fit one sheet; large print and
    # A4 have the room.
    compact = size == "a5" and not large_print
    limits = A5_TEXT_LIMITS if compact else {}
    # The name and own words in the reader's language, if the group wrote them in it.
    own_words = group.text_for(get_language())
    texts = {name: _printed_text(getattr(group, name), limits.get(name, PRINTED_TEXT_LIMIT))
             for name in ["who_for", "newcomers", "stage_note"]}
    texts["description"] = _printed_text(own_words.description, limits.get("description", PRINTED_TEXT_LIMIT))
    meetings = _meetings(group, 3)
    body = pdf.render("publishing/pdf/leaflet.html", _context(
        title, PAGE_SIZES[size], large_print,
        group=group, url=url, qr=pdf.qr_code(url), compact=compact, own_words=own_words,
        text={name: value for name, (value, _cut) in texts.items()},
        cut={name: cut for name, (_value, cut) in texts.items()},
        text_cut=any(cut for _value, cut in texts.values()),
        meetings=_leaflet_meetings(meetings[:LEAFLET_MEETINGS]), more_meetings=len(meetings) > LEAFLET_MEETINGS,
        # It never suggests asking the group to get in touch when nobody would read it.
        kept_by_team=not has_active_coordinator(group),
    ))
    variant = "-large-print" if large_print else ""
    return f"{slugify(group.name)}-leaflet{variant}-{size}.pdf", pdf.MIMETYPE, body


POSTER_MEETINGS = 2


def group_poster(group) -> tuple[str, str, bytes]:
    """An A4 noticeboard poster: the name, who it is for, when it meets, how to get in touch."""
    url = absolute_url(group.get_absolute_url())
    meetings = _meetings(group, 1)
    body = pdf.render("publishing/pdf/poster.html", _context(
        _("%(name)s: poster") % {"name": group.name}, "A4",
        group=group, url=url, qr=pdf.qr_code(url),
        meetings=meetings[:POSTER_MEETINGS], more_meetings=len(meetings) > POSTER_MEETINGS,
        # Smaller type for long names and summaries, so that the poster stays on one page.
        compact=len(group.name) > 45 or len(group.summary) > 140 or len(meetings) > 1,
    ))
    return f"{slugify(group.name)}-poster.pdf", pdf.MIMETYPE, body


def group_list(found) -> tuple[str, str, bytes]:
    """A list of every group found (publishing.lists.GroupList), to hand to everyone."""
    body = pdf.render("publishing/pdf/list.html", _context(
        found.title, "A4", found=found, url=absolute_url(reverse("publishing:lists")),
    ))
    return found.filename, pdf.MIMETYPE, body


@dataclass
class Section:
    """A heading in the printed directory, and the groups under it."""

    category: Category | None  # None: groups with no subject
    entries: list = field(default_factory=list)  # (group, printed here in full?)
    children: list = field(default_factory=list)  # Sections, for a top-level category

    @property
    def is_empty(self) -> bool:
        return not self.entries and all(child.is_empty for child in self.children)


def directory_sections(groups) -> list[Section]:
    """Top-level subjects, each with its groups and its sub-subjects.

    A group appears in full once, under the first of its subjects in the order of the
    subject tree, and as a "see page" line under each of its other subjects.
    """
    categories = list(Category.objects.all())
    sections = {c.pk: Section(c) for c in categories}
    tops = []
    for category in categories:  # already in tree order: position, then name
        if category.parent_id is None:
            tops.append(sections[category.pk])
    for category in categories:
        if category.parent_id is not None and category.parent_id in sections:
            sections[category.parent_id].children.append(sections[category.pk])
    order = {}
    for top in tops:
        order[top.category.pk] = len(order)
        for child in top.children:
            order[child.category.pk] = len(order)
    unplaced = Section(None)
    for group in groups:
        placed = sorted((c for c in group.categories.all() if c.pk in order), key=lambda c: order[c.pk])
        for number, category in enumerate(placed):
            sections[category.pk].entries.append((group, number == 0))
        if not placed:
            unplaced.entries.append((group, True))
    for top in tops:
        top.children = [child for child in top.children if not child.is_empty]
    return [top for top in [*tops, unplaced] if not top.is_empty]


GATHERING = "gathering"


def _directory_html() -> tuple[str, int]:
    """The HTML of the whole directory, and how many groups it has."""
    groups = list(
        Group.objects.listed()
        .prefetch_related("meetings__venue", "categories")
        .order_by("name", "pk")
    )
    index = sorted(groups, key=lambda group: (group.name.casefold(), group.pk))
    letters = []
    for group in index:
        letter = group.name[:1].upper() if group.name[:1].isalpha() else "#"
        if not letters or letters[-1][0] != letter:
            letters.append((letter, []))
        letters[-1][1].append(group)
    html = render_to_string("publishing/pdf/directory.html", _context(
        _("Directory of self-help groups"), "A4",
        sections=directory_sections(groups), index=letters, count=len(groups),
    ))
    return html, len(groups)


def printed_directory() -> tuple[str, str, bytes]:
    """The whole directory, every listed group: cover, contents, groups by subject, index of names."""
    html, _count = _directory_html()
    return f"directory-{timezone.localdate().isoformat()}.pdf", pdf.MIMETYPE, pdf.html_to_pdf(html)


def remake_printed_directory(force: bool = False, report=None) -> PrintedDirectory | None:
    """Make and keep the printed directory if what it would print differs from the kept copy.

    The HTML carries the date it is made, so a copy is made again at least once a day,
    which also keeps the "may be out of date" marks and the groups hidden for being
    out of date in step with search. None when the kept copy is still right.

    `report(stage, number)`, if given, hears how far it has got: GATHERING with the number
    of groups, then pdf.LAYING_OUT with each page's number, then pdf.WRITING.
    """
    html, count = _directory_html()
    if report is not None:
        report(GATHERING, count)
    fingerprint = hashlib.sha256(html.encode()).hexdigest()
    kept = PrintedDirectory.objects.order_by("-made_at").only("fingerprint").first()
    if kept is not None and kept.fingerprint == fingerprint and not force:
        return None
    with pdf.reporting(report) if report is not None else contextlib.nullcontext():
        body = pdf.html_to_pdf(html)
    with transaction.atomic():
        made = PrintedDirectory.objects.create(groups=count, fingerprint=fingerprint, pdf=body)
        PrintedDirectory.objects.exclude(pk=made.pk).delete()
    return made


def patients_card(subjects: str, place: str, url: str) -> tuple[str, str, bytes]:
    """An A5 card for a waiting room, "Groups for your patients": a QR code leading to the
    groups about `subjects` (their names, or "") near `place` (or "") at `url`."""
    if subjects and place:
        scan = _("Scan to find a self-help group about %(subject)s near %(place)s.") % {
            "subject": subjects, "place": place}
    elif subjects:
        scan = _("Scan to find a self-help group about %(subject)s.") % {"subject": subjects}
    elif place:
        scan = _("Scan to find a self-help group near %(place)s.") % {"place": place}
    else:
        scan = _("Scan to find a self-help group.")
    body = pdf.render("publishing/pdf/patients_card.html", _context(
        _("Groups for your patients"), "A5", scan=scan, url=url, qr=pdf.qr_code(url)))
    return f"{slugify(' '.join(['groups', subjects, place]))[:120]}-card.pdf", pdf.MIMETYPE, body
