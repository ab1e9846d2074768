"""Reading other directories' Open Referral data, a record at a time.

Every source becomes the same stream: fully nested HSDS 3 services (the shape of
`/services/{id}`), plus the taxonomy terms it defines. Sources:

- an HSDS 3 JSON datapackage: one JSON object whose keys are the table file names
  ("services.csv": [...], "locations.csv": [...], ...), as HSDS publishes `tabular.json`;
- the CSV tables: a folder (with or without `datapackage.json`) or a .zip of one;
- an Open Referral UK feed saved as JSON (a 3.0 page with `contents`, a 1.0 page with
  `content`, a single service, or a list of services);
- a live feed's base URL, followed page by page.

Files are streamed, never loaded whole: JSON with ijson, CSV row by row; the tables of a
datapackage are joined in a temporary SQLite file on disk, so memory stays flat however
big the dataset. Archives are checked before anything is read: no paths outside the
folder, and limits on size and compression ratio against zip bombs. A value too long or
JSON nested too deep is refused before it is held in memory (JsonGuard), and a feed
fetched by its address stops at a size and a time (settings). Whatever is wrong with a
source, it is a SourceError: one line that says what and where.
"""

import codecs
import contextlib
import csv
import functools
import http.client
import io
import ipaddress
import itertools
import json
import marshal
import os
import re
import sqlite3
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import ijson
from django.conf import settings

MAX_UNCOMPRESSED_BYTES = 2 * 1024**3  # for everything inside one archive
MAX_COMPRESSION_RATIO = 200
MAX_ARCHIVE_MEMBERS = 200
# A value longer than any field of ours by far is a broken or hostile file, refused whole
# before it is held in memory; shorter ones reach the models' own length checks. (In JSON
# the bytes between the quotes are counted, which are never fewer than the characters.)
MAX_VALUE_CHARACTERS = 1_000_000
MAX_JSON_DEPTH = 64  # a service nests about eight deep
MAX_PAGE_BYTES = 10 * 1024**2  # one page of a live feed (a page of 100 services is well under 1 MB)
MAX_PAGES = 100_000
RETRY_PAUSE = 0.5  # seconds before the first retry of a failed page; doubled each time

TABLES = {
    # table: (file names, the column that links it to its parent, a second link)
    "organizations": (["organizations.csv", "organization.csv"], None, None),
    "services": (["services.csv", "service.csv"], "organization_id", None),
    "service_at_locations": (["service_at_location.csv", "service_at_locations.csv", "services_at_location.csv"],
                             "service_id", "location_id"),
    "locations": (["locations.csv", "location.csv"], None, None),
    "addresses": (["addresses.csv", "address.csv", "physical_addresses.csv"], "location_id", None),
    "accessibility": (["accessibility.csv", "accessibility_for_disabilities.csv"], "location_id", None),
    "schedules": (["schedules.csv", "schedule.csv", "regular_schedules.csv"], "service_id",
                  "service_at_location_id"),
    "attributes": (["attributes.csv", "attribute.csv"], "link_id", None),
    "contacts": (["contacts.csv", "contact.csv"], "service_id", None),
    "phones": (["phones.csv", "phone.csv"], "contact_id", "service_id"),
    "languages": (["languages.csv", "language.csv"], "service_id", None),
    "cost_options": (["cost_options.csv", "cost_option.csv"], "service_id", None),
    "taxonomies": (["taxonomies.csv", "taxonomy.csv"], None, None),
    "taxonomy_terms": (["taxonomy_terms.csv", "taxonomy_term.csv"], None, None),
}
FILE_TO_TABLE = {name: table for table, (names, _a, _b) in TABLES.items() for name in names}


class SourceError(Exception):
    """The source as a whole cannot be read; the message says why, plainly."""


# Opening files and archives ---------------------------------------------------------------

class Folder:
    """Files in a folder on disk, or in its data/ folder: a datapackage unzipped keeps
    its CSV files there whatever paths its descriptor gives (as an archive's members are
    found by their names, wherever they are in it)."""

    def __init__(self, path: Path):
        self.root = path.resolve()

    def names(self) -> list[str]:
        data = self.root / "data"
        found = {p.name for p in data.iterdir() if p.is_file()} if data.is_dir() else set()
        return sorted(found | {p.name for p in self.root.iterdir() if p.is_file()})

    def open(self, name: str):
        return open(self._path(name), "rb")

    def _path(self, name: str) -> Path:
        for candidate in (name, f"data/{PurePosixPath(name).name}", PurePosixPath(name).name):
            path = (self.root / candidate).resolve()
            if self.root not in path.parents:
                raise SourceError(f"{name}: the datapackage names a file outside its folder")
            if path.is_file():
                return path
        raise SourceError(f"{name}: the datapackage names a file that is not there")


class Archive:
    """Files in a .zip, checked before use."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise SourceError(f"{path.name}: not a readable zip file") from None
        members = [info for info in self.zip.infolist() if not info.is_dir()]
        if len(members) > MAX_ARCHIVE_MEMBERS:
            raise SourceError(f"{path.name}: holds {len(members)} files; at most {MAX_ARCHIVE_MEMBERS} are read")
        total = 0
        self.members = {}
        for info in members:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                raise SourceError(f"{path.name}: “{info.filename}” points outside the archive; nothing was read")
            if info.flag_bits & 0x1:
                raise SourceError(f"{path.name}: “{info.filename}” is encrypted")
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
                raise SourceError(
                    f"{path.name}: “{info.filename}” unpacks to {info.file_size / info.compress_size:.0f} times "
                    "its size (a zip bomb?); nothing was read"
                )
            self.members[PurePosixPath(name).name] = info
        if total > MAX_UNCOMPRESSED_BYTES:
            raise SourceError(f"{path.name}: unpacks to more than {MAX_UNCOMPRESSED_BYTES // 1024**3} GB")

    def names(self) -> list[str]:
        return sorted(self.members)

    @contextlib.contextmanager
    def open(self, name: str):
        # zipfile gives no more than a member's stated size, and checks its CRC at the end:
        # an archive that lies about a size fails here.
        info = self.members.get(PurePosixPath(name).name)
        if info is None:
            raise SourceError(f"{name}: the datapackage names a file that is not in the archive")
        try:
            with self.zip.open(info) as member:
                yield member
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise SourceError(f"{name}: damaged in the archive ({error})") from None


# Text decoding ----------------------------------------------------------------------------

def text_stream(binary, name):
    """Lines of UTF-8 text (with or without a byte-order mark), or UTF-16 with one; anything
    else is refused, naming the line where it went wrong."""
    head = binary.peek(4)[:4] if hasattr(binary, "peek") else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from codecs.getreader("utf-16")(binary, errors="strict")
        return
    for number, line in enumerate(binary, start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SourceError(
                f"{name}: line {number} is not UTF-8 text ({error.reason}). Save the file as UTF-8 and try again."
            ) from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def csv_rows(binary, name) -> Iterator[dict]:
    """A CSV file's rows as csv.DictReader gives them (blank lines skipped, values beyond
    the header left out), with empty values as None."""
    csv.field_size_limit(MAX_VALUE_CHARACTERS)
    reader = csv.reader(text_stream(binary, name))
    try:
        header = [key.strip() for key in next(reader, [])]
        for values in reader:
            if values:
                yield dict(zip(header, [value or None for value in values], strict=False))
    except csv.Error as error:
        reason = TOO_LONG if "field larger than field limit" in str(error) else error
        raise SourceError(f"{name}: line {reader.line_num}: {reason}") from None


TOO_LONG = f"a value longer than {MAX_VALUE_CHARACTERS:,} characters"
# A string, to its closing quote or to the data's end ("unrolled", so that the run of plain
# characters between escapes is matched at the speed of C).
_STRING = re.compile(rb'("[^"\\]*+(?:\\[\s\S][^"\\]*+)*+(?:(")|\\?\Z))')
_BRACKETS = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NOT_BRACKETS = bytes(set(range(256)) - set(_BRACKETS))


class JsonGuard:
    """A JSON file as the parser reads it, checked a chunk ahead of it: a string longer
    than MAX_VALUE_CHARACTERS or nesting deeper than MAX_JSON_DEPTH is refused before the
    parser builds it (it would hold it whole, or recurse). Strings are found by a regular
    expression, so the check runs at the speed of C; one not ended in a chunk is looked
    at again with the next. A leading byte-order mark is left out."""

    def __init__(self, binary, name):
        self.binary, self.name = binary, name
        self.carry, self.depth, self.line, self.started = b"", 0, 1, False

    def read(self, size=-1):
        chunk = self.binary.read(size)
        if chunk and not self.started:  # (the parser asks for nothing first, to see what read() gives)
            self.started, chunk = True, chunk.removeprefix(codecs.BOM_UTF8)
        data = self.carry + chunk
        pieces = _STRING.split(data)  # outside, string, its closing quote (or None), outside, …
        strings = pieces[1::3]
        if strings and max(map(len, strings)) > MAX_VALUE_CHARACTERS:
            line = self.line + data.count(b"\n", 0, data.find(max(strings, key=len)))
            raise SourceError(f"{self.name}: line {line}: {TOO_LONG}")
        brackets = b"".join(pieces[0::3]).translate(None, _NOT_BRACKETS)
        if self.depth + len(brackets) > MAX_JSON_DEPTH and max(itertools.accumulate(
                map(_BRACKETS.__getitem__, brackets), initial=self.depth)) > MAX_JSON_DEPTH:
            raise SourceError(f"{self.name}: nested more than {MAX_JSON_DEPTH} deep, as no Open Referral "
                              "document is")
        self.depth += sum(map(_BRACKETS.__getitem__, brackets))
        self.carry = strings[-1] if strings and pieces[-2] is None else b""
        self.line += data.count(b"\n", 0, len(data) - len(self.carry))
        return chunk


def json_items(binary, prefix, name) -> Iterator:
    with _json_errors(name):
        yield from ijson.items(JsonGuard(binary, name), prefix, use_float=True)


@contextlib.contextmanager
def _json_errors(name):
    try:
        yield
    except UnicodeDecodeError:
        raise SourceError(f"{name}: not UTF-8 text. Save the file as UTF-8 and try again.") from None
    except ijson.common.IncompleteJSONError as error:
        text = error.args[0] if error.args else ""
        text = (text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)).strip()
        if "UTF8" in text or "UTF-8" in text:
            raise SourceError(f"{name}: not UTF-8 text. Save the file as UTF-8 and try again.") from None
        raise SourceError(f"{name}: not valid JSON ({text.splitlines()[0][:200] if text else 'it ends too soon'})"
                          ) from None


# A document by its first key: where its services are (an ijson prefix), or what it is.
KINDS = {"contents": "contents.item", "content": "content.item", "resources": "datapackage"}
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
             "totalElements", "totalPages", "number", "page", "per_page", "first", "last", "profile", "name", "title",
             "version"}


def sniff_json(files, name) -> str:
    """What a JSON document is, from its first key that is not a page's: "tabular",
    "datapackage", or where its services are (KINDS; "item" for a list, "" for one service)."""
    with files.open(name) as binary, _json_errors(name):
        for prefix, event, value in ijson.parse(JsonGuard(binary, name)):
            if prefix == "" and event == "start_array":
                return "item"
            if prefix == "" and event == "map_key" and value not in PAGE_KEYS:
                return "tabular" if value.endswith(".csv") else KINDS.get(value, "")
            if prefix == "" and event in ("string", "number", "boolean", "null"):
                break
    raise SourceError(f"{name}: not an Open Referral document (no services, contents or tables found)")


# Sources -----------------------------------------------------------------------------------

class Source:
    """A readable source: its services, and the taxonomy terms it defines apart from them."""

    label = ""

    def term(self, term_id: str) -> dict | None:
        return None

    def services(self) -> Iterator[dict]:
        raise NotImplementedError

    def close(self):
        pass


# A datapackage's tables joined into nested services ------------------------------------------

# How a datapackage's rows nest into services: {table: [(key in the row, child table, the
# child's column, the row's column)]}. "organization" and "location" are one record, the
# others lists. Schedules linked to a service at a location are nested there too; the
# importer takes each schedule once.
NESTING = {
    "services": [("organization", "organizations", "id", "organization_id"),
                 ("service_at_locations", "service_at_locations", "link", "id"),
                 ("schedules", "schedules", "link", "id"), ("contacts", "contacts", "link", "id"),
                 ("phones", "phones", "link2", "id"), ("languages", "languages", "link", "id"),
                 ("cost_options", "cost_options", "link", "id"), ("attributes", "attributes", "link", "id")],
    "service_at_locations": [("location", "locations", "id", "location_id"),
                             ("schedules", "schedules", "link2", "id")],
    "locations": [("addresses", "addresses", "link", "id"), ("accessibility", "accessibility", "link", "id"),
                  ("attributes", "attributes", "link", "id")],
    "schedules": [("attributes", "attributes", "link", "id")],
    "contacts": [("phones", "phones", "link", "id")],
}
ONE = {"organization", "location"}
LOOKUPS = {(child, column) for links in NESTING.values() for _key, child, column, _parent in links} | {
    ("taxonomy_terms", "id"), ("taxonomies", "id")}


class TabularSource(Source):
    """A datapackage: JSON tables in one document, or CSV tables in a folder or archive.

    The tables are staged in a temporary SQLite file (private to this process's user,
    removed on close), one table each, indexed by the columns they are looked up by; the
    services are then read a batch at a time with the rows that belong to them, so memory
    stays flat however big the dataset. Rows are kept with marshal, which writes and reads
    plain values several times faster than JSON."""

    def __init__(self, label, files, json_name=None):
        self.label = label
        self.term = functools.lru_cache(maxsize=4096)(self._term)  # a few terms, asked for again and again
        handle, self.path = tempfile.mkstemp(prefix="openreferral-", suffix=".sqlite3")
        os.close(handle)
        self.db = sqlite3.connect(self.path)
        try:
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "locking_mode=EXCLUSIVE"):
                self.db.execute(f"PRAGMA {pragma}")
            for table in TABLES:
                self.db.execute(f'CREATE TABLE "{table}" (n INTEGER PRIMARY KEY, id, link, link2, data BLOB)')
            self.chunk = min(5000, self.db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) - 1)
            if json_name:  # one streamed pass per table, under the names HSDS's own tabular.json uses
                for table, (file_names, _a, _b) in TABLES.items():
                    with files.open(json_name) as binary:
                        self.load(table, json_items(binary, f"{file_names[0]}.item", json_name))
            else:
                for table, path in _csv_tables(files).items():
                    with files.open(path) as binary:
                        self.load(table, csv_rows(binary, path))
            for table, column in LOOKUPS:
                self.db.execute(f'CREATE INDEX "{table}_{column}" ON "{table}" ({column})')
            self.db.commit()
        except BaseException:
            self.close()
            raise

    def load(self, table, rows):
        """Rows streamed into the table (executemany takes them one at a time)."""
        _names, link, link2 = TABLES[table]
        dumps = marshal.dumps

        def row(numbered):
            number, record = numbered
            if not isinstance(record, dict):
                raise SourceError(f"{table}: row {number} is not an object")
            return (_str(record.get("id")), _str(record.get(link)) if link else None,
                    _str(record.get(link2)) if link2 else None, dumps(record))

        self.db.executemany(f'INSERT INTO "{table}" (id, link, link2, data) VALUES (?, ?, ?, ?)',
                            map(row, enumerate(rows, start=1)))

    def _term(self, term_id):
        """A term of the datapackage's taxonomy tables, with its taxonomy's name; looked up
        when a service uses it, so a table of a million terms is never held."""
        term = next(iter(self.by("taxonomy_terms", "id", [term_id]).get(term_id, [])), None)
        if term and not term.get("taxonomy"):
            taxonomy_id = _str(term.get("taxonomy_id"))
            taxonomy = next(iter(self.by("taxonomies", "id", [taxonomy_id]).get(taxonomy_id, [])), None)
            term["taxonomy"] = taxonomy.get("name") if taxonomy else None
        return term

    def by(self, table, column, keys) -> dict[str, list[dict]]:
        found = defaultdict(list)
        read = marshal.loads
        keys = [k for k in set(keys) if k]
        for start in range(0, len(keys), self.chunk):
            chunk = keys[start:start + self.chunk]
            marks = ",".join("?" * len(chunk))
            for key, data in self.db.execute(
                f"SELECT {column}, data FROM {table} WHERE {column} IN ({marks}) ORDER BY n",  # noqa: S608
                chunk,
            ):
                found[key].append(read(data))
        return found

    def services(self, batch_size=500) -> Iterator[dict]:
        cursor = self.db.execute("SELECT data FROM services ORDER BY n")
        while rows := cursor.fetchmany(batch_size):
            yield from self._nest("services", [marshal.loads(data) for (data,) in rows])  # noqa: S302 - ours

    def _nest(self, table, rows) -> list[dict]:
        """The rows with the rows of other tables that belong to them, a table at a time."""
        for key, child, column, parent_column in NESTING.get(table, []):
            found = self.by(child, column, [_str(row.get(parent_column)) for row in rows])
            self._nest(child, [row for children in found.values() for row in children])
            for row in rows:
                children = found.get(_str(row.get(parent_column)), [])
                if key not in ONE:
                    row[key] = children
                elif children:
                    row[key] = children[0]
        return rows

    def close(self):
        self.db.close()
        os.unlink(self.path)


def _csv_tables(files) -> dict[str, str]:
    """{table: file} for the CSV tables named by datapackage.json, or else found by name."""
    paths = {}
    names = files.names()
    if "datapackage.json" in names:
        with files.open("datapackage.json") as binary:
            try:
                descriptor = json.load(io.TextIOWrapper(binary, encoding="utf-8-sig"))
            except (ValueError, UnicodeDecodeError) as error:
                raise SourceError(f"datapackage.json: not valid JSON ({error})") from None
        for resource in descriptor.get("resources", []) if isinstance(descriptor, dict) else []:
            path = resource.get("path") if isinstance(resource, dict) else None
            if isinstance(path, str):
                parts = PurePosixPath(path.replace("\\", "/")).parts
                if path.startswith("/") or ".." in parts:
                    raise SourceError(f"datapackage.json: the path “{path}” points outside the folder")
                table = FILE_TO_TABLE.get(PurePosixPath(path).name)
                if table:
                    paths[table] = path
    for name in names:
        table = FILE_TO_TABLE.get(name)
        if table and table not in paths:
            paths[table] = name
    if "services" not in paths:
        raise SourceError("no services table (services.csv) was found")
    return paths


def _str(value):
    return None if value is None else str(value)


# Feeds ---------------------------------------------------------------------------------------

class FeedFile(Source):
    """A saved feed page, a service or a list of services, streamed."""

    def __init__(self, label, files, name, prefix):
        self.label, self.files, self.name, self.prefix = label, files, name, prefix

    def services(self):
        with self.files.open(self.name) as binary:
            yield from json_items(binary, self.prefix, self.name)


class _PublicOnly:
    """A connection that goes on only if the server it reached is on the public internet:
    an address staff type, or a feed's redirect, cannot make the hub read its own network
    (a database, a cloud's metadata service) unless OPENREFERRAL_FEED_ALLOW_PRIVATE says so.
    The address checked is the one connected to, so a name that resolves differently the
    second time cannot get round it."""

    def connect(self):
        super().connect()
        address = ipaddress.ip_address(self.sock.getpeername()[0].split("%")[0])
        if not (address.is_global or settings.OPENREFERRAL_FEED_ALLOW_PRIVATE):
            self.close()
            raise SourceError(f"{self.host}: {address} is an address on a private network, and feeds are read only "
                              "from the internet (OPENREFERRAL_FEED_ALLOW_PRIVATE)")


class _HTTP(_PublicOnly, http.client.HTTPConnection):
    pass


class _HTTPS(_PublicOnly, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_HTTP, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_HTTPS, req, context=self._context)


_open = urllib.request.build_opener(_HTTPHandler, _HTTPSHandler).open


class LiveFeed(Source):
    """A live Open Referral UK feed (3.0 or 1.0), followed page by page. A page that fails
    is asked for again, a few times, before the import gives up."""

    def __init__(self, base_url, per_page=100, attempts=4, timeout=30, pause=None):
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise SourceError(f"{base_url}: not an http or https address")
        self.base = base_url.rstrip("/")
        if self.base.endswith("/services"):
            self.base = self.base[: -len("/services")]
        self.label = self.base
        self.per_page, self.attempts, self.timeout = per_page, attempts, timeout
        self.pause = RETRY_PAUSE if pause is None else pause
        # The whole feed within a size and a time (settings), however it is served.
        self.bytes_left = settings.OPENREFERRAL_FEED_MAX_MB * 1024**2
        self.deadline = time.monotonic() + settings.OPENREFERRAL_FEED_SECONDS

    def get(self, path, params=None):
        url = f"{self.base}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        last = None
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.pause * 2 ** (attempt - 1))
            try:
                request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
                body = bytearray()
                with _open(request, timeout=self._seconds_left()) as response:
                    for chunk in self._chunks(response):
                        body += chunk
                        if len(body) > MAX_PAGE_BYTES:
                            raise SourceError(f"{url}: a page larger than {MAX_PAGE_BYTES // 1024**2} MB")
                try:
                    return next(json_items(io.BytesIO(body), "", url))
                except SourceError as error:
                    last = str(error).removeprefix(f"{url}: ")
            except urllib.error.HTTPError as error:
                last = f"HTTP {error.code}"
                if 400 <= error.code < 500 and error.code not in (408, 429):
                    break
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
                last = str(getattr(error, "reason", error))
        raise SourceError(f"{url}: {last} (tried {min(attempt + 1, self.attempts)} times)")

    def _seconds_left(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise SourceError(f"{self.base}: the feed took longer than {settings.OPENREFERRAL_FEED_SECONDS} "
                              "seconds (OPENREFERRAL_FEED_SECONDS)")
        return min(self.timeout, left)

    def _chunks(self, response):
        """The answer as it comes, within what is left of the feed's size and time."""
        while chunk := response.read1(64 * 1024):  # what has come, so a trickle meets the time limit
            self.bytes_left -= len(chunk)
            if self.bytes_left < 0:
                raise SourceError(f"{self.base}: the feed is larger than {settings.OPENREFERRAL_FEED_MAX_MB} MB "
                                  "(OPENREFERRAL_FEED_MAX_MB)")
            self._seconds_left()
            yield chunk

    def download(self, url, into, headers=None):
        """The file at `url` (a datapackage .zip or .json) written to the binary file `into`,
        within the same size and time as a whole feed; `headers` go with the request (for a
        conditional one). Returns the answer's headers, or None when the server answers 304
        Not Modified."""
        request = urllib.request.Request(url, headers=dict(headers or {}))  # noqa: S310
        try:
            with _open(request, timeout=self._seconds_left()) as response:
                for chunk in self._chunks(response):
                    into.write(chunk)
                return response.headers
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return None
            raise SourceError(f"{url}: HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
            raise SourceError(f"{url}: {getattr(error, 'reason', error)}") from None

    def services(self):
        page = 1
        while page <= MAX_PAGES:
            body = self.get("/services", {"page": page, "per_page": self.per_page, "full": "true"})
            if not isinstance(body, dict):
                raise SourceError(f"{self.base}/services: the answer is not a page of services")
            items = body.get("contents", body.get("content"))
            if not isinstance(items, list):
                raise SourceError(f"{self.base}/services: the page has no contents")
            for item in items:
                if isinstance(item, dict) and item.get("id") is not None and not is_nested(item):
                    detail = self.get(f"/services/{urllib.parse.quote(str(item['id']), safe='')}")
                    item = detail if isinstance(detail, dict) else item
                yield item
            total_pages = body.get("total_pages", body.get("totalPages"))
            last = body.get("last_page", body.get("last"))
            if not items or last is True or (isinstance(total_pages, int) and page >= total_pages):
                return
            page += 1


def is_nested(service) -> bool:
    """Whether a service comes with its details (places, schedules, contacts…), or is a
    list page's entry: ORUK 1.0 feeds give only a service's own fields in /services."""
    return any(key in service for key in (
        "service_at_locations", "schedules", "regular_schedules", "attributes", "service_taxonomys",
        "contacts", "languages", "locations"))


def open_source(source: str) -> Source:
    """The source named by a path or address."""
    if source.startswith(("http://", "https://")):
        return LiveFeed(source)
    path = Path(source)
    if not path.exists():
        raise SourceError(f"{source}: no such file or folder")
    label = str(path.resolve())
    if path.is_dir():
        files = Folder(path)
        if "datapackage.json" in files.names() or "services.csv" in files.names():
            return TabularSource(label, files)
        raise SourceError(f"{source}: the folder has no datapackage.json or services.csv")
    if zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
        files = Archive(path)
        names = files.names()
        if any(FILE_TO_TABLE.get(n) == "services" for n in names):
            return TabularSource(label, files)
        json_names = [n for n in names if n.endswith(".json") and n != "datapackage.json"]
        if len(json_names) == 1:
            return _json_source(label, files, json_names[0])
        raise SourceError(f"{source}: the archive has no services.csv or JSON datapackage")
    if path.suffix.lower() == ".csv":
        return TabularSource(label, Folder(path.parent))
    return _json_source(label, Folder(path.parent), path.name)


def _json_source(label, files, name) -> Source:
    kind = sniff_json(files, name)
    if kind == "tabular":
        return TabularSource(label, files, json_name=name)
    if kind == "datapackage":
        return TabularSource(label, files)
    return FeedFile(label, files, name, kind)
