"""Lists of every group for a subject near a place, for practitioners and teams to hand out."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory import search
from directory.geo import Point
from directory.models import Category
from directory.postcodes import is_full_postcode

# Enough for any real list; a list longer than this is a directory, not a hand-out. It
# also bounds the list's PDF (about 16 pages), so that it is made well within the time
# budget for PDFs (publishing.pdf.time_budget).
MAX_GROUPS = 100


@dataclass
class GroupList:
    hits: list  # directory.search.Hit, with .group loaded
    total: int
    category: Category | None
    point: Point | None
    miles: int

    @property
    def capped(self) -> bool:
        return self.total > len(self.hits)

    @property
    def title(self) -> str:
        """“Groups about Diabetes within 10 miles of NG1”, in the words of the page and the PDF."""
        return self._title(self.point.label if self.point else "")

    @property
    def heading(self) -> str:
        """The title as shown on a page or on paper, where a postcode never splits across two lines."""
        place = self.point.label if self.point else ""
        if is_full_postcode(place):
            place = place.replace(" ", "\N{NO-BREAK SPACE}")
        return self._title(place)

    def _title(self, place: str) -> str:
        if self.category and self.point:
            return ngettext(
                "Groups about %(subject)s within %(miles)s mile of %(place)s",
                "Groups about %(subject)s within %(miles)s miles of %(place)s", self.miles,
            ) % {"subject": self.category.label, "miles": self.miles, "place": place}
        if self.point:
            return ngettext(
                "Groups within %(miles)s mile of %(place)s",
                "Groups within %(miles)s miles of %(place)s", self.miles,
            ) % {"miles": self.miles, "place": place}
        return _("Groups about %(subject)s") % {"subject": self.category.label}

    @property
    def sections(self) -> list[tuple[str, list]]:
        """(heading, hits): with a place, groups meeting near it, then groups meeting only online."""
        if not self.hits:
            return []
        if not self.point:
            return [("", self.hits)]
        near = [hit for hit in self.hits if hit.distance is not None]
        online = [hit for hit in self.hits if hit.distance is None]
        if not online:
            return [("", near)]
        heading = ngettext("Meeting within %(miles)s mile of %(place)s", "Meeting within %(miles)s miles of %(place)s",
                           self.miles) % {"miles": self.miles, "place": self.point.label}
        return [(heading, near), (_("Meeting online"), online)] if near else [(_("Meeting online"), online)]

    @property
    def filename(self) -> str:
        from django.utils.text import slugify

        return f"{slugify(self.title)[:120]}.pdf"


def find(form) -> GroupList:
    """Every group the valid ListForm `form` asks for, nearest first, up to MAX_GROUPS.

    Search's own rules apply: groups that meet in person within the distance come first,
    nearest first, then groups that meet only online (they can be joined from anywhere).
    """
    query = form.to_query()
    query = search.Query(category_ids=query.category_ids, point=query.point, miles=query.miles,
                         page=1, per_page=MAX_GROUPS)
    results = search.load(search.search(query))
    slug = form.cleaned_data.get("category")
    return GroupList(
        hits=results.hits,
        total=results.total,
        category=Category.objects.filter(slug=slug).first() if slug else None,
        point=query.point,
        miles=query.miles,
    )
