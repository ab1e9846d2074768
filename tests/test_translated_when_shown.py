"""Every string is translated when it is shown, in the language of the person reading it.

`gettext` translates at once, into the language active at that moment. Called where a
module is first imported (a constant, a class attribute, a default), it would fix the
string in whatever language the process happened to start in, for everyone. Such strings
must use `gettext_lazy`; `gettext` belongs inside functions, which run per request.
"""

import ast
from pathlib import Path

from django.conf import settings

EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def project_modules():
    for path in sorted(Path(settings.BASE_DIR).rglob("*.py")):
        parts = set(path.relative_to(settings.BASE_DIR).parts)
        if not parts & {".venv", "migrations", "tests", "node_modules"}:
            yield path


def eager_names(tree) -> set[str]:
    """The names `gettext` and its kin are imported as (`from … import gettext as _`)."""
    return {alias.asname or alias.name for node in tree.body if isinstance(node, ast.ImportFrom)
            and node.module == "django.utils.translation" for alias in node.names if alias.name in EAGER}


def called_on_import(tree, names) -> list[int]:
    """Lines calling one of `names` outside any function body (so, when the module is imported)."""
    lines = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in names:
                lines.append(child.lineno)
            visit(child)

    visit(tree)
    return lines


def test_the_check_finds_a_string_translated_on_import():
    tree = ast.parse('from django.utils.translation import gettext as _\nTITLE = _("Hello")\n'
                     'def view():\n    return _("Hello")\n')
    assert called_on_import(tree, eager_names(tree)) == [2]


def test_no_string_is_translated_when_its_module_is_imported():
    found = []
    for path in project_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = eager_names(tree)
        if names:
            found += [f"{path.relative_to(settings.BASE_DIR)}:{line}" for line in called_on_import(tree, names)]
    assert found == [], "use gettext_lazy for these: " + ", ".join(found)
