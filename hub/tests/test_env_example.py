""".env.example documents every variable the project reads from the environment, and no other.

The names read are found in the code itself: in Python, `os.environ.get`, `os.environ[...]`,
`os.getenv` and the settings' `env*` helpers (`envsecret` also reads NAME_FILE); in the shell
scripts, `${NAME:-default}`; in the Makefile, `NAME ?= default`.
"""

import ast
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_HELPERS = {"envbool", "envint", "envlist", "envsecret"}
SKIPPED_FOLDERS = {"node_modules", "staticfiles", "__pycache__"}
# `NAME=value` sets a variable; `# NAME=value` documents one that is left unset by default.
ENV_LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=")


def python_files():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if not name.startswith(".") and name not in SKIPPED_FOLDERS]
        yield from (Path(folder) / name for name in files if name.endswith(".py"))


def _is_environ(node):
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _reads(tree):
    """(name or None, line) for each read of the environment; None where the name is not written out."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Name) and func.id in SETTINGS_HELPERS:
                name = _literal(node.args[0])
                yield name, node.lineno
                if func.id == "envsecret" and name:
                    yield f"{name}_FILE", node.lineno
            elif isinstance(func, ast.Attribute) and (
                (func.attr == "get" and _is_environ(func.value)) or func.attr == "getenv"
            ):
                yield _literal(node.args[0]), node.lineno
        elif isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Load):
            yield _literal(node.slice), node.lineno


def _helper_lines(tree):
    """Lines of the settings' env* helpers, which read the variable their caller names."""
    return {
        line
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name in SETTINGS_HELPERS
        for line in range(node.lineno, node.end_lineno + 1)
    }


def names_read_by_python():
    names, unnamed = set(), []
    for path in python_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        allowed = _helper_lines(tree)
        for name, line in _reads(tree):
            if name:
                names.add(name)
            elif line not in allowed:
                unnamed.append(f"{path.relative_to(ROOT)}:{line}")
    return names, unnamed


def names_read_by_scripts():
    names = set()
    for path in [*ROOT.glob("scripts/*.sh"), ROOT / ".ci" / "run"]:
        names.update(re.findall(r"\$\{([A-Z][A-Z0-9_]*):?-", path.read_text()))
    names.update(re.findall(r"^([A-Z][A-Z0-9_]*)\s*\?=", (ROOT / "Makefile").read_text(), re.MULTILINE))
    return names


def names_read():
    python_names, _ = names_read_by_python()
    return python_names | names_read_by_scripts()


def env_example_lines():
    return (ROOT / ".env.example").read_text().splitlines()


def names_documented():
    return {match[2] for line in env_example_lines() if (match := ENV_LINE.match(line))}


def test_every_variable_the_code_reads_is_in_env_example():
    missing = names_read() - names_documented()
    assert not missing, f"Read from the environment but not in .env.example: {sorted(missing)}"


def test_env_example_lists_no_variable_the_code_does_not_read():
    unread = names_documented() - names_read()
    assert not unread, f"In .env.example but read nowhere: {sorted(unread)}"


def test_every_read_of_the_environment_names_its_variable_so_it_can_be_checked():
    _, unnamed = names_read_by_python()
    assert not unnamed, f"Write the variable's name out in full at {unnamed}"


def test_each_variable_in_env_example_has_a_comment_of_its_own_above_it():
    lines = env_example_lines()
    uncommented = [
        match[2]
        for before, line in zip(["", *lines], lines, strict=False)
        if (match := ENV_LINE.match(line)) and not (before.startswith("#") and not ENV_LINE.match(before))
    ]
    assert not uncommented, f"Say in a comment line above each of these what it does: {uncommented}"


def test_the_checks_find_the_settings_they_are_meant_to_find():
    # Guards the scanner itself: if it stopped seeing these, the comparison above would prove nothing.
    assert {"DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "SITE_URL", "FRESHNESS_HIDE_DAYS"} <= names_read()
    assert {"PGTEST_PORT", "PYTHON"} <= names_read_by_scripts()
