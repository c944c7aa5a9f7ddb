"""The package's layout rules that a reader relies on (issue #11)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mpp_lite"


def imported_modules(path: Path) -> set[tuple[str, ...]]:
    """Every module a file imports (or imports a name from), as dotted parts, relative
    imports resolved: `from ..queue.routes import x` in mpp_lite/village/routes.py gives
    ("mpp_lite", "queue", "routes") and ("mpp_lite", "queue", "routes", "x")."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = parts[:-1]
    found: set[tuple[str, ...]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(tuple(alias.name.split(".")) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else ()
            module = base + tuple(filter(None, (node.module or "").split(".")))
            found.add(module)
            found.update(module + (alias.name,) for alias in node.names)
    return found


def test_no_module_imports_the_routes_of_another_package():
    """Shared helpers live in presenters/services modules, never in another noun's views."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE.parent).parts[:2]   # ("mpp_lite", "queue")
        for module in imported_modules(path):
            if len(module) >= 3 and module[0] == "mpp_lite" and module[2] == "routes" \
                    and module[:2] != own:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {'.'.join(module[:3])}")
    assert sorted(set(offenders)) == []
