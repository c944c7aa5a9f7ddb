"""Rules of the test suite itself: test modules share helpers through tests/support/, never by
importing each other or conftest.py (an import of a test module runs its fixtures twice and
ties modules together in ways that break when one is renamed or run alone)."""
from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_test_module_imports_another_or_a_conftest():
    offending = []
    for path in sorted(TESTS.rglob("*.py")):
        if "support" in path.relative_to(TESTS).parts:
            continue
        for name in imported_modules(path):
            last = name.rsplit(".", 1)[-1]
            if last.startswith("test_") or last == "conftest" or name in (".", ".support"):
                offending.append(f"{path.relative_to(TESTS)} imports {name}")
    assert offending == [], "move shared helpers to tests/support/:\n" + "\n".join(offending)


def test_support_modules_import_no_test_module():
    for path in sorted((TESTS / "support").glob("*.py")):
        for name in imported_modules(path):
            last = name.rsplit(".", 1)[-1]
            assert not last.startswith("test_") and last != "conftest", (path.name, name)
