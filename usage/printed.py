"""The one-page "Our year" summary of a group's numbers, made as the leaflets are."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from publishing import pdf
from publishing.printed import document_context

from . import numbers


def our_year(group, year: int, table) -> tuple[str, str, bytes]:
    body = pdf.render("usage/pdf/our_year.html", document_context(
        _("%(name)s: our year, %(year)s") % {"name": group.name, "year": year}, "A4",
        group=group, year=year, table=table, totals=numbers.year_totals(table),
    ))
    return f"{slugify(group.name)}-our-year-{year}.pdf", pdf.MIMETYPE, body
