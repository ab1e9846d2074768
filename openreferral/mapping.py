"""Which of our categories another directory's taxonomy terms mean.

The intermediary keeps a CSV file with one line per term:

    term_id,term_code,term_name,taxonomy,category
    f0b1…,,,,diabetes
    ,BME,,esd-needs,south-asian-women
    ,,Carers support,,carers
    ,,Housing advice,,

A line matches a term by its id, or else by its code (within the named taxonomy, if
one is given), or else by its name (case does not matter). `category` is one of our
category short names; leave it empty to say "this term means none of ours", which stops
the term being reported. Terms of our own published taxonomy map without a line. Nothing
else is guessed: an unmapped term is reported.
"""

import csv
import hashlib
from pathlib import Path

from directory.models import Category

from . import ids


class MappingError(ValueError):
    pass


IGNORE = object()


class TermMapping:
    def __init__(self, path: str | None = None):
        self.by_id, self.by_code, self.by_name = {}, {}, {}
        self.digest = ""
        self.categories = {str(c.uuid): c for c in Category.objects.select_related("parent")}
        self.by_pk = {c.pk: c for c in self.categories.values()}
        self.by_slug = slugs = {c.slug: c for c in self.categories.values()}
        if not path:
            return
        file = Path(path)
        if not file.is_file():
            raise MappingError(f"{path}: no such mapping file")
        raw = file.read_bytes()
        self.digest = hashlib.sha256(raw).hexdigest()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MappingError(f"{path}: not UTF-8 text. Save it as UTF-8.") from None
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or "category" not in reader.fieldnames:
            raise MappingError(f"{path}: needs a header line with term_id, term_code, term_name, taxonomy, category")
        for line, row in enumerate(reader, start=2):
            slug = (row.get("category") or "").strip()
            target = IGNORE
            if slug:
                target = slugs.get(slug)
                if target is None:
                    raise MappingError(f"{path}, line {line}: there is no category “{slug}”")
            term_id = (row.get("term_id") or "").strip()
            code = (row.get("term_code") or "").strip()
            name = (row.get("term_name") or "").strip().casefold()
            taxonomy = (row.get("taxonomy") or "").strip().casefold()
            if term_id:
                self.by_id[term_id] = target
            elif code:
                self.by_code[(taxonomy, code)] = target
            elif name:
                self.by_name[name] = target
            else:
                raise MappingError(f"{path}, line {line}: give a term_id, term_code or term_name")

    def category_for(self, term: dict):
        """A Category, IGNORE, or None when the term is not mapped."""
        term_id = str(term.get("id") or "")
        if term_id in self.by_id:
            return self.by_id[term_id]
        if term_id in self.categories:
            return self.categories[term_id]
        code = str(term.get("code") or "").strip()
        taxonomy = str(term.get("taxonomy") or term.get("vocabulary") or "").strip().casefold()
        if code and term.get("taxonomy_id") == ids.CATEGORIES_TAXONOMY_ID and code in self.by_slug:
            return self.by_slug[code]
        if code and ((taxonomy, code) in self.by_code or ("", code) in self.by_code):
            return self.by_code.get((taxonomy, code), self.by_code.get(("", code)))
        name = str(term.get("name") or "").strip().casefold()
        if name in self.by_name:
            return self.by_name[name]
        return None
