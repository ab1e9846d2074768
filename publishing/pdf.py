"""HTML to PDF with WeasyPrint, and QR codes with segno.

Every PDF is tagged (headings, lists and tables are marked, so screen readers and
reflow work), carries a title and a language, and is set in DejaVu Sans from the
machine's own fonts (Debian's fonts-dejavu-core). Nothing is fetched while a PDF is
made: the only resources allowed are data: URIs, such as the QR codes made here.
"""

import logging

import segno
from django.template.loader import render_to_string

MIMETYPE = "application/pdf"

# Sizes in points, used by the stylesheet templates/publishing/pdf/print.css.
STANDARD_PRINT = {"body": 10.5, "small": 9, "h1": 20, "h2": 14, "h3": 11.5}
# Large print: every piece of text, notes and page footers included, is at least 16pt
# (the RNIB's minimum for large print); headings are larger still.
LARGE_PRINT = {"body": 16, "small": 16, "h1": 28, "h2": 22, "h3": 18}

# WeasyPrint reports each step of every PDF at INFO level; the site's logs need only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def qr_code(url: str) -> str:
    """A QR code for `url`, as an SVG data URI ready for an <img src>."""
    # Medium error correction survives a crease or a smudge on a printed leaflet.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2, dark="#000")


def render(template_name: str, context: dict) -> bytes:
    """The PDF of an HTML template (which extends publishing/pdf/base.html)."""
    return html_to_pdf(render_to_string(template_name, context))


def html_to_pdf(html: str) -> bytes:
    # Imported here: loading WeasyPrint takes about a second, which commands and web
    # processes that never make a PDF need not pay.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only data: URIs may be loaded, so no PDF can make a request to another site.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_tags=True)
