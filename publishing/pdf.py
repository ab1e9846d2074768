"""HTML to PDF with WeasyPrint, and QR codes with segno.

Every PDF is tagged (headings, lists and tables are marked, so screen readers and
reflow work), carries a title and a language (right to left for Urdu and Arabic), and is
set in DejaVu Sans from the machine's own fonts (Debian's fonts-dejavu-core), with Noto for
other scripts (fonts-noto-core, fonts-noto-cjk; print.css). Nothing is fetched while a PDF is
made: the only resources allowed are data: URIs, such as the QR codes made here.
"""

import contextlib
import contextvars
import logging
import time

import segno
from django.template.loader import render_to_string

MIMETYPE = "application/pdf"

# Sizes in points, used by the stylesheet templates/publishing/pdf/print.css.
STANDARD_PRINT = {"body": 10.5, "small": 9, "h1": 20, "h2": 14, "h3": 11.5}
# Large print: every piece of text, notes and page footers included, is at least 16pt
# (the RNIB's minimum for large print); headings are larger still.
LARGE_PRINT = {"body": 16, "small": 16, "h1": 28, "h2": 22, "h3": 18}


# The stages a PDF made with `reporting` reports, after its HTML is ready.
LAYING_OUT = "laying_out"
WRITING = "writing"


class TooSlow(Exception):
    """A PDF was not made within its time budget (see time_budget)."""


_deadline = contextvars.ContextVar("pdf_deadline", default=None)
_reporter = contextvars.ContextVar("pdf_reporter", default=None)


class _Progress(logging.Filter):
    """WeasyPrint reports each step, and each page it lays out, on its progress logger.

    Those reports are where a PDF past its deadline is stopped: between two pages, so the
    overrun is at most one page's work, and where a long PDF tells how far it has got
    (`reporting`). The site's logs need only WeasyPrint's warnings.
    """

    def filter(self, record):
        deadline = _deadline.get()
        if deadline is not None and time.monotonic() > deadline:
            raise TooSlow
        report = _reporter.get()
        if report is not None and record.levelno == logging.INFO:
            if str(record.msg).startswith("Step 5 - Creating layout - Page") and record.args:
                report(LAYING_OUT, record.args[0])
            elif str(record.msg).startswith("Step 6"):
                report(WRITING, None)
        return record.levelno >= logging.WARNING


_progress = logging.getLogger("weasyprint.progress")
_progress.setLevel(logging.INFO)
_progress.addFilter(_Progress())


@contextlib.contextmanager
def time_budget(seconds: float):
    """Raise TooSlow from a PDF made in this block once `seconds` have passed since it began."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


@contextlib.contextmanager
def reporting(report):
    """Call `report(LAYING_OUT, page_number)` for each page a PDF made in this block lays out,
    then `report(WRITING, None)` once it writes the file."""
    token = _reporter.set(report)
    try:
        yield
    finally:
        _reporter.reset(token)


def qr_code(url: str) -> str:
    """A QR code for `url`, as an SVG data URI ready for an <img src>."""
    # Medium error correction survives a crease or a smudge on a printed leaflet.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2, dark="#000")


def render(template_name: str, context: dict) -> bytes:
    """The PDF of an HTML template (which extends publishing/pdf/base.html)."""
    return html_to_pdf(render_to_string(template_name, context))


def html_to_pdf(html: str) -> bytes:
    # Imported here: loading WeasyPrint takes about a second, which commands and web
    # processes that never make a PDF need not pay. Loading it is outside any time budget:
    # it reports making its own stylesheets as progress, and stopping it half-loaded
    # would break every PDF after.
    token = _deadline.set(None)
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    finally:
        _deadline.reset(token)

    # Only data: URIs may be loaded, so no PDF can make a request to another site.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_tags=True)
