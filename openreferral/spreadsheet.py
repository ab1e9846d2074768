"""A local directory kept in a spreadsheet (CSV or Excel .xlsx), read as Open Referral.

Two steps, kept apart so that every rule stays the models':

1. `read_sheet` reads the file into a header and rows, whatever state it is in: CSV in
   UTF-8 (with or without a byte-order mark), UTF-16, or else Windows-1252 (named in a
   note); .xlsx through openpyxl with each cell's value as last calculated, merged cells
   filled in, blank rows and columns skipped, any sheet. What cannot be read at all is a
   SourceError: one line that says where.
2. `SpreadsheetSource` turns each row, by the columns staff chose (`FIELDS`), into an
   HSDS 3 service, the shape every other source gives the one Importer. Nothing here
   decides whether a value is good: the importer and the models do, and report it. This
   module only says where each cell goes, and turns a spreadsheet's own ways of writing
   dates and times (day numbers, fractions of a day) into what they mean.

Rows are numbered as the spreadsheet numbers them, so the report can say "row 12".
"""

import codecs
import csv
import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Category
from directory.recurrence import ICAL_DAYS

from . import ids
from .schedules import DAY_NAMES
from .sources import MAX_COMPRESSION_RATIO, MAX_VALUE_CHARACTERS, Source, SourceError

# (field, its label, header names that suggest it). The first header name is the template's.
FIELDS = [
    ("id", gettext_lazy("Reference (the same each time)"), ["Reference", "id", "ref", "record id", "group id"]),
    ("name", gettext_lazy("Group name"), ["Group name", "name", "group", "title", "organisation", "organization"]),
    ("summary", gettext_lazy("One-line summary"), ["Summary", "short description", "strapline"]),
    ("description", gettext_lazy("Description"), ["Description", "about", "details", "what happens"]),
    ("who_for", gettext_lazy("Who it is for"), ["Who it is for", "eligibility", "who for", "audience"]),
    ("newcomers", gettext_lazy("What newcomers can expect"), ["What newcomers can expect", "newcomers"]),
    ("subjects", gettext_lazy("Subjects (separated by ;)"),
     ["Subjects", "subject", "categories", "category", "topics", "topic", "issues", "issue"]),
    ("email", gettext_lazy("Email"), ["Email", "e-mail", "email address", "contact email"]),
    ("phone", gettext_lazy("Phone"), ["Phone", "telephone", "tel", "phone number", "contact number"]),
    ("website", gettext_lazy("Website"), ["Website", "web", "url", "web site", "web address"]),
    ("venue", gettext_lazy("Venue name"), ["Venue", "venue name", "location", "place"]),
    ("address", gettext_lazy("Street address"), ["Address", "street", "address line 1", "street address"]),
    ("town", gettext_lazy("Town"), ["Town", "city", "town/city", "locality"]),
    ("postcode", gettext_lazy("Postcode"), ["Postcode", "post code", "postal code", "zip"]),
    ("day", gettext_lazy("Meeting day"), ["Day", "meeting day", "weekday", "day of week"]),
    ("frequency", gettext_lazy("How often (weekly, fortnightly, 1st, 2nd, last…)"),
     ["How often", "frequency", "week of month", "which week"]),
    ("start_time", gettext_lazy("Start time"), ["Starts", "start time", "start", "from", "time", "opens"]),
    ("end_time", gettext_lazy("End time"), ["Ends", "end time", "end", "until", "to", "finish", "closes"]),
    ("meeting_notes", gettext_lazy("About the meetings"), ["Meeting notes", "when", "schedule", "meetings"]),
    ("online", gettext_lazy("How to join online"), ["Online", "how to join online", "online details", "zoom"]),
    ("languages", gettext_lazy("Languages spoken"), ["Languages", "language", "languages spoken"]),
    ("women_only", gettext_lazy("Women only (yes or no)"), ["Women only", "women"]),
    ("family_welcome", gettext_lazy("Family and friends welcome (yes or no)"),
     ["Family welcome", "families welcome", "family and friends welcome"]),
    ("affiliation", gettext_lazy("National organisation"),
     ["National organisation", "affiliation", "national organization", "part of"]),
    ("started", gettext_lazy("When the group started"), ["Started", "year started", "founded", "established"]),
    ("last_confirmed", gettext_lazy("Last confirmed"),
     ["Last confirmed", "last checked", "verified", "last updated", "checked"]),
]
FIELD_NAMES = [name for name, _label, _headers in FIELDS]
EXAMPLE = {
    "id": "GRP-001", "name": "Riverside Tinnitus Circle",
    "summary": "A friendly monthly meeting for people living with tinnitus.",
    "description": "We share what helps, over tea. Newcomers are always welcome.",
    "who_for": "Anyone with tinnitus, and their family.", "newcomers": "Someone will meet you at the door.",
    "subjects": "Tinnitus and hearing loss", "email": "hello@example.org", "phone": "01632 960123",
    "website": "www.example.org", "venue": "Riverside Community Centre", "address": "1 Mill Lane",
    "town": "Sheffield", "postcode": "S1 2HE", "day": "Tuesday", "frequency": "2nd",
    "start_time": "7:30pm", "end_time": "9pm", "meeting_notes": "", "online": "", "languages": "English; BSL",
    "women_only": "no", "family_welcome": "yes", "affiliation": "", "started": "2015",
    "last_confirmed": "2026-01-15",
}
DATE_FIELDS = {"started", "last_confirmed"}
TIME_FIELDS = {"start_time", "end_time"}
ORDINALS = {"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3, "4th": 4, "fourth": 4, "last": -1}
FORTNIGHTLY = re.compile(r"fortnight|every (2|two|other) weeks?|alternate", re.IGNORECASE)
SEPARATORS = re.compile(r"\s*[;\n]\s*|\s*,\s*")
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)  # day 0 of Excel's (and LibreOffice's) date numbers
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


@dataclass
class Sheet:
    """A spreadsheet as read: its header and rows (each with the spreadsheet's own row
    number), the sheets it has, and notes about how it was read."""

    header: list[str]
    rows: list[tuple[int, list]]
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    notes: list[str] = field(default_factory=list)
    rows_in_all: int | None = None  # when only the first rows were read

    @property
    def count(self) -> int:
        return self.rows_in_all or len(self.rows)


def read_sheet(data: bytes, file_name: str, sheet: str = "", first_rows: int | None = None) -> Sheet:
    """The header and rows of a CSV or .xlsx file. Raises SourceError, one line, if it
    cannot be read. With `first_rows`, a workbook is read only that far (the pages where
    staff choose columns and see a preview answer while they wait; the check reads all)."""
    if data.startswith(b"PK\x03\x04"):
        found = _read_xlsx(data, file_name, sheet, first_rows)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(_("%(file)s is an Excel 97–2003 (.xls) file: save it as .xlsx (Excel Workbook) or as "
                            "CSV UTF-8, and upload that.") % {"file": file_name})
    else:
        found = _read_csv(data, file_name)
    header = found.header
    used = [i for i, name in enumerate(header) if name or any(
        i < len(values) and values[i] not in (None, "") for _n, values in found.rows)]
    if not used or not found.rows:
        raise SourceError(_("%(file)s: no rows under a header row were found.") % {"file": file_name})
    seen = {}
    names = []
    for i in used:
        name = header[i] or _("Column %(number)s") % {"number": _column_letters(i)}
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    found.header = names
    found.rows = [(n, [values[i] if i < len(values) else None for i in used]) for n, values in found.rows]
    return found


def _cell_text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def _bounded(sheet: Sheet, file_name: str) -> Sheet:
    limit = settings.IMPORT_MAX_ROWS
    if len(sheet.rows) > limit:
        raise SourceError(_("%(file)s has more than %(limit)s rows; at most %(limit)s are read at once "
                            "(IMPORT_MAX_ROWS). Split it into smaller files.") % {
            "file": file_name, "limit": f"{limit:,}"})
    return sheet


def _read_csv(data: bytes, file_name: str) -> Sheet:
    notes = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            bad = CP1252_UNDEFINED.search(data)
            if bad:
                line = data[:bad.start()].count(b"\n") + 1
                raise SourceError(_("%(file)s: line %(line)s is neither UTF-8 nor Windows-1252 text. Save the file "
                                    "as “CSV UTF-8” and upload it again.") % {"file": file_name, "line": line}) \
                    from None
            text = data.decode("cp1252")
            line = data[:error.start].count(b"\n") + 1
            notes.append(_("The file is not UTF-8 (line %(line)s is the first that is not), so it was read as "
                           "Windows-1252, as Excel saves “CSV” on Windows. Check that accented letters look right "
                           "in the preview; if not, save it as “CSV UTF-8”.") % {"line": line})
    csv.field_size_limit(MAX_VALUE_CHARACTERS)
    reader = csv.reader(io.StringIO(text, newline=""))
    header, rows, limit = None, [], settings.IMPORT_MAX_ROWS
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue  # a blank row
            if header is None:
                header = [_cell_text(v) for v in values]
                continue
            rows.append((reader.line_num, [v.strip() or None for v in values]))
            if len(rows) > limit:
                break
    except csv.Error as error:
        reason = (_("a value longer than %(limit)s characters") % {"limit": f"{MAX_VALUE_CHARACTERS:,}"}
                  if "field larger than field limit" in str(error) else str(error))
        raise SourceError(_("%(file)s: line %(line)s: %(reason)s. Nothing was imported.") % {
            "file": file_name, "line": reader.line_num, "reason": reason}) from None
    return _bounded(Sheet(header or [], rows, notes=notes), file_name)


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _read_xlsx(data: bytes, file_name: str, chosen: str, first_rows: int | None = None) -> Sheet:
    import openpyxl  # only staff importing a spreadsheet need it loaded
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise SourceError(_("%(file)s is not a readable .xlsx file (it may be damaged).") % {
            "file": file_name}) from None
    unpacked = sum(info.file_size for info in members)
    if unpacked > settings.IMPORT_MAX_UNPACKED_MB * 1024**2 or any(
            info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO for info in members):
        raise SourceError(_("%(file)s unpacks to far more than its size (%(mb)s MB; a zip bomb?): nothing was read "
                            "(IMPORT_MAX_UNPACKED_MB).") % {"file": file_name, "mb": f"{unpacked / 1024**2:,.0f}"})
    try:
        # Values as last calculated (data_only): a formula's result, not its text. Read-only
        # mode streams the sheet, several times faster than building it whole.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, TypeError, OSError, zipfile.BadZipFile) as error:
        raise SourceError(_("%(file)s is not a readable .xlsx file (%(reason)s).") % {
            "file": file_name, "reason": type(error).__name__}) from None
    names = book.sheetnames
    if chosen and chosen not in names:
        raise SourceError(_("%(file)s has no sheet called “%(sheet)s”.") % {"file": file_name, "sheet": chosen})
    name = chosen or names[0]
    worksheet = book[name]
    notes = []
    if len(names) > 1:
        notes.append(_("The file has %(count)s sheets; the sheet “%(sheet)s” is read. You can choose another.") % {
            "count": len(names), "sheet": name})
    fill, widths, ranges = {}, {}, _merged_ranges(archive, getattr(worksheet, "_worksheet_path", ""))
    for first_row, first_col, last_row, last_col in ranges:
        for row in range(first_row, last_row + 1):
            widths[row] = max(widths.get(row, 0), last_col)
            for col in range(first_col, last_col + 1):
                fill[(row, col)] = (first_row, first_col)
    if ranges:
        notes.append(_("Merged cells (%(ranges)s) were read as their value in every row and column they cover.") % {
            "ranges": ", ".join(f"{_column_letters(a - 1)}{r}:{_column_letters(d - 1)}{c}"
                                for r, a, c, d in ranges[:5])})
    tops = {}  # the value of each merged range's first cell, as the rows go by
    header, rows = None, []
    for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
        values = list(cells)
        if number in widths:
            width = max(len(values), widths[number])
            values += [None] * (width - len(values))
            for col in range(1, width + 1):
                top = fill.get((number, col))
                if top == (number, col):
                    tops[top] = values[col - 1]
                elif top is not None:
                    values[col - 1] = tops.get(top)
        for col, value in enumerate(values):
            if isinstance(value, str) and len(value) > MAX_VALUE_CHARACTERS:
                raise SourceError(_("%(file)s: cell %(cell)s holds more than %(limit)s characters. Nothing was "
                                    "imported.") % {"file": file_name, "cell": f"{_column_letters(col)}{number}",
                                                    "limit": f"{MAX_VALUE_CHARACTERS:,}"})
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            continue  # a blank row (a merged cell reaching into it does not fill it)
        if header is None:
            header = [_cell_text(v) for v in values]
            continue
        rows.append((number, [v.strip() or None if isinstance(v, str) else v for v in values]))
        if len(rows) > settings.IMPORT_MAX_ROWS or (first_rows and len(rows) >= first_rows):
            break
    in_all = worksheet.max_row  # from the sheet's own dimension: a guess, only shown
    book.close()
    _explain_formulas(data, name, rows, file_name)
    found = _bounded(Sheet(header or [], rows, sheets=names, sheet=name, notes=notes), file_name)
    if first_rows and len(rows) >= first_rows and in_all:
        found.rows_in_all = max(len(rows), in_all - 1)
    return found


MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _merged_ranges(archive, path) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges (first row, first column, last row, last column), read from
    its XML: openpyxl's streaming reader leaves them out."""
    try:
        text = archive.read(path.lstrip("/"))
    except KeyError:
        return []
    return [(int(r1), _column_number(c1), int(r2), _column_number(c2))
            for c1, r1, c2, r2 in MERGE.findall(text)]


def _explain_formulas(data, sheet_name, rows, file_name):
    """A formula whose result the file does not keep (saved by a program that does not
    calculate) reads as empty: refused whole, naming the cell, rather than imported blank."""
    if not any(v is None for _n, values in rows for v in values):
        return
    import openpyxl

    empty = {(n, col) for n, values in rows for col, v in enumerate(values) if v is None}
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        found = [f"{_column_letters(col)}{number}"
                 for number, cells in enumerate(book[sheet_name].iter_rows(values_only=True), start=1)
                 for col, value in enumerate(cells)
                 if (number, col) in empty and isinstance(value, str) and value.startswith("=")]
    finally:
        book.close()
    if found:
        raise SourceError(_("%(file)s: cell %(cell)s (and %(more)s more) holds a formula whose result the file does "
                            "not keep. Open the file in Excel or LibreOffice, save it again, and upload it; or "
                            "paste the values instead of the formulas.") % {
            "file": file_name, "cell": found[0], "more": len(found) - 1})


# Choosing columns ------------------------------------------------------------------------

def _plain(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).casefold()).strip()


def guess_columns(header: list[str]) -> dict:
    """Each header → the field its name suggests ("" for none); each field at most once."""
    guesses, taken = {}, set()
    for exact in (True, False):
        for name in header:
            if guesses.get(name):
                continue
            plain = _plain(name)
            for field_name, _label, words in FIELDS:
                if field_name in taken:
                    continue
                options = [_plain(w) for w in words]
                if (plain in options) if exact else any(o and len(o) > 3 and o in plain for o in options):
                    guesses[name] = field_name
                    taken.add(field_name)
                    break
    return {name: guesses.get(name, "") for name in header}


# Rows as Open Referral services ---------------------------------------------------------------

def _date(value) -> str:
    """A date cell as ISO text: a date, a year, or a spreadsheet's day number."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = _cell_text(value)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        number = float(text)
        if 1800 <= number <= 2200 and number == int(number):
            return f"{int(number)}-01-01"  # a year
        if 0 < number < 2_958_466:  # Excel's last day, 31 December 9999
            return (EXCEL_EPOCH + datetime.timedelta(days=int(number))).date().isoformat()
    return text


def _time(value) -> str:
    """A time cell as text: a time, or a fraction of a day (0.8125 is 19:30)."""
    if isinstance(value, datetime.datetime):
        value = value.time()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return _cell_text(value)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value == int(value):
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return _date(value)
    if isinstance(value, datetime.time):
        return _time(value)
    return str(value).strip()


def _digest(*parts) -> str:
    return hashlib.sha256("|".join(parts).casefold().encode()).hexdigest()[:16]


class SpreadsheetSource(Source):
    """The rows of a spreadsheet as HSDS 3 services, by the columns chosen
    ({header: field name}). `lines` gives each service's row number."""

    def __init__(self, sheet: Sheet, columns: dict, label: str):
        self.sheet, self.label = sheet, label
        index = {name: i for i, name in enumerate(sheet.header)}
        self.where = {f: index[h] for h, f in columns.items() if f in FIELD_NAMES and h in index}
        self.lines: dict[str, int] = {}
        self.total = len(sheet.rows)
        self.terms: dict[str, dict] = {}
        categories = list(Category.objects.all())
        self.categories = {key: c for c in categories for key in (c.slug.casefold(), c.name.casefold())}

    def term(self, term_id):
        return self.terms.get(term_id)

    def services(self) -> Iterator[dict]:
        for number, values in self.sheet.rows:
            service = self.service(number, values)
            self.lines[str(service["id"])] = number
            yield service

    def value(self, values, name) -> str:
        i = self.where.get(name)
        if i is None or i >= len(values):
            return ""
        raw = values[i]
        if name in DATE_FIELDS:
            return _date(raw)
        if name in TIME_FIELDS:
            return _time(raw)
        return _text(raw)

    def service(self, number, values) -> dict:
        def get(name):
            return self.value(values, name)

        name, postcode = get("name"), get("postcode")
        rid = get("id") or (f"row:{_digest(name, postcode)}" if name else f"row {number}")
        service = {"id": rid, "name": name, "description": get("description"),
                   "eligibility_description": get("who_for"), "email": get("email"), "url": get("website")}
        if get("phone"):
            service["phones"] = [{"number": get("phone")}]
        attributes = []
        for code, column in [("summary", "summary"), ("newcomers", "newcomers"), ("women-only", "women_only"),
                             ("family-welcome", "family_welcome"), ("affiliation", "affiliation"),
                             ("started", "started"), ("last-confirmed", "last_confirmed")]:
            if get(column):
                attributes.append({"taxonomy_term_id": ids.detail_term_id(code), "value": get(column)})
        for subject in filter(None, SEPARATORS.split(get("subjects"))):
            attributes.append({"taxonomy_term_id": self._subject(subject)})
        service["attributes"] = attributes
        service["languages"] = [{"name": language} for language in filter(None, SEPARATORS.split(get("languages")))]
        place = [get("venue"), get("address"), get("town"), postcode]
        online = get("online")
        sal = None
        if any(place):
            location_id = f"place:{_digest(*place)}"
            sal = {"id": f"{rid}|place", "location": {
                "id": location_id, "name": get("venue"), "location_type": "physical",
                "addresses": [{"address_1": get("address"), "city": get("town"), "postal_code": postcode}]}}
        elif online:
            sal = {"id": f"{rid}|online", "location": {"id": f"{rid}|online", "location_type": "virtual",
                                                       "description": online}}
        service["service_at_locations"] = [sal] if sal else []
        schedule = self._schedule(get("day"), get("frequency"))
        said = " ".join(filter(None, [schedule.get("description"), get("meeting_notes")]))
        schedule.update({"opens_at": get("start_time"), "closes_at": get("end_time"), "description": said})
        if any(schedule.values()):
            schedule.update({"id": f"{rid}|meeting", "service_at_location_id": sal["id"] if sal else None})
            if online and any(place):
                schedule["attending_type"] = "in person and online"
                schedule["attributes"] = [{"taxonomy_term_id": ids.detail_term_id("online-details"),
                                           "value": online}]
            elif online and not sal:
                schedule["attending_type"] = "online"
            service["schedules"] = [schedule]
        else:
            service["schedules"] = []
        return service

    def _subject(self, subject) -> str:
        """A subject as a term: one of our categories by its name or short name, or a term
        of the spreadsheet's own that the report lists as not mapped."""
        category = self.categories.get(subject.casefold())
        if category is not None:
            term_id = str(category.uuid)
            self.terms.setdefault(term_id, {"id": term_id, "name": category.name})
            return term_id
        term_id = f"subject:{subject.casefold()}"
        self.terms.setdefault(term_id, {"id": term_id, "name": subject, "taxonomy": _("spreadsheet subjects")})
        return term_id

    @staticmethod
    def _schedule(day, frequency) -> dict:
        """A meeting day and how often, as the schedule fields that say the same; words
        that say something else are kept as the schedule's description."""
        if not day and not frequency:
            return {}
        weekday = DAY_NAMES.get(day.casefold()[:3]) if day else None
        words = frequency.casefold()
        nth = next((n for word, n in ORDINALS.items() if re.search(rf"\b{word}\b", words)), None)
        if weekday is None:
            return {"weekday": day, "freq": "WEEKLY"} if day else {"description": frequency}
        code = ICAL_DAYS[weekday]
        if nth is not None:
            return {"freq": "MONTHLY", "byday": f"{nth}{code}"}
        if FORTNIGHTLY.search(words):
            return {"freq": "WEEKLY", "interval": 2, "byday": code, "description": f"{frequency} {day}"}
        if not words or words in ("weekly", "every week", "each week"):
            return {"freq": "WEEKLY", "byday": code}
        return {"description": f"{frequency} {day}".strip()}


def template_rows() -> tuple[list[str], list[str]]:
    """The template's header and its one example row."""
    return [str(words[0]) for _name, _label, words in FIELDS], [EXAMPLE[name] for name in FIELD_NAMES]
