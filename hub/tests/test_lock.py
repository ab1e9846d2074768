"""requirements.txt, the lock `make install` installs with hashes, fits pyproject.toml's ranges.

After a range or a dependency changes in pyproject.toml, `make lock` remakes the lock.
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(line) for line in [*project["dependencies"], *project["optional-dependencies"]["test"]]]


def pinned():
    text = (ROOT / "requirements.txt").read_text()
    return {canonicalize_name(name): version for name, version in re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, re.M)}


def test_every_dependency_is_pinned_within_its_range():
    pins = pinned()
    wrong = []
    for requirement in declared():
        version = pins.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            wrong.append(f"{requirement} (locked: {version or 'missing'})")
    assert not wrong, f"requirements.txt does not fit pyproject.toml; run `make lock`: {wrong}"


def test_every_pin_has_a_hash():
    text = (ROOT / "requirements.txt").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9._-]+==)", text)
    unhashed = [block.split()[0] for block in blocks if "==" in block.split()[0] and "--hash=sha256:" not in block]
    assert pinned() and not unhashed, unhashed
