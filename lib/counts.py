"""The small-number rule for counts shown to staff, on every page and in every CSV: a
count of 1 to 4 could point to a person, so it is shown as "fewer than 5"; 0 is shown as
0 (nobody is pointed to by nothing); and where a table would hide only one count, the
next smallest count above 0 is hidden too ("not shown"), so that the hidden one can't
be worked out from a total."""

from django.utils.translation import gettext_lazy

SMALL = 5


class Hidden:
    """A count shown without its value."""

    label = gettext_lazy("not shown")
    short = "–"  # in a chart's label

    def __str__(self):
        return str(self.label)

    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(type(self))


class FewerThan(Hidden):
    """A count from 1 to SMALL - 1."""

    label = gettext_lazy("fewer than 5")
    short = "<5"


class Withheld(Hidden):
    """A larger count hidden beside a lone small one, so the small one can't be worked out."""


def small(n: int):
    return FewerThan() if 0 < n < SMALL else n


def suppress(counts: list[int]) -> list:
    """The counts of one table, each with the rule above."""
    hidden = {index for index, n in enumerate(counts) if 0 < n < SMALL}
    withheld = set()
    if len(hidden) == 1:
        others = sorted((n, index) for index, n in enumerate(counts) if n and index not in hidden)
        if others:
            withheld.add(others[0][1])
    return [FewerThan() if index in hidden else Withheld() if index in withheld else n
            for index, n in enumerate(counts)]
