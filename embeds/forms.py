from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from directory.forms import SearchForm


class FinderForm(SearchForm):
    """The public search as a partner's website shows it: the same fields, messages and
    place look-up, without "narrow your search", and with what the partner fixed (subjects,
    an area) taken out of the person's hands."""

    FILTER_FIELDS = []

    def __init__(self, data=None, *, partner, **kwargs):
        super().__init__(data, **kwargs)
        self.partner = partner
        for name in SearchForm.FILTER_FIELDS:
            del self.fields[name]
        self.subjects = list(partner.subjects.all())
        if len(self.subjects) == 1:
            del self.fields["category"]
        elif self.subjects:
            self.fields["category"].choices = [("", _("Any of these subjects"))] + [
                (subject.slug, subject.label) for subject in self.subjects]
        if partner.place:
            del self.fields["where"]
            del self.fields["distance"]

    def to_query(self, page: int = 1):
        query = super().to_query(page=page)
        changes = {}
        if self.subjects and not query.category_ids:
            changes["category_ids"] = self.partner.subject_ids()
        if self.partner.place:
            changes["point"] = self.partner.point()
            changes["miles"] = self.partner.distance
        return replace(query, **changes) if changes else query
