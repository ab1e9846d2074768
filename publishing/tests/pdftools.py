"""Reading PDFs back with poppler's command-line tools, as a person's PDF reader would.

The tests fail, never skip, when poppler-utils is missing: `make test` installs it.
"""

import contextlib
import re
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest


def _run(tool: str, *args: str, data: bytes) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install Debian's poppler-utils (apt-get install poppler-utils).",
                    pytrace=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        result = subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                                capture_output=True, text=True, check=True, timeout=60)
    return result.stdout


def text(data: bytes) -> str:
    """The words of the PDF in reading order, lines joined with spaces."""
    return " ".join(_run("pdftotext", "-raw", data=data).split())


def text_pages(data: bytes) -> list[str]:
    """The text of each page, with its line breaks."""
    return _run("pdftotext", "-raw", data=data).split("\f")


def has_address(address: str, words: str) -> bool:
    """Long web addresses wrap from one line to the next; look for them without the breaks."""
    return address in words.replace(" ", "")


def info(data: bytes) -> dict[str, str]:
    lines = _run("pdfinfo", data=data).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def structure(data: bytes) -> str:
    """The tagged structure tree: Document, H1, P, L, LI, Figure …"""
    return _run("pdfinfo", "-struct", data=data)


def fonts(data: bytes) -> list[dict[str, str]]:
    rows = _run("pdffonts", data=data).splitlines()[2:]
    return [{"name": row.split()[0], "embedded": row.split()[-5]} for row in rows if row.strip()]


def font_sizes(data: bytes) -> list[float]:
    """The size in points of every run of text on every page, as poppler reads it."""
    xml = _run("pdftohtml", "-xml", "-i", "-zoom", "1", "-stdout", "-q", data=data)
    sizes = {spec: float(size) for spec, size in re.findall(r'<fontspec id="(\d+)" size="([\d.]+)"', xml)}
    return [sizes[spec] for spec in re.findall(r'<text [^>]*font="(\d+)"', xml)]


def catalog_entries(data: bytes) -> bytes:
    """The PDF's objects with their compressed streams opened, to look for catalog entries."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(match.group(1)))
    return b"\n".join(parts)
