"""Delivery is the bottom floor: its code imports no other Newsdesk app, settings included (read via django.conf)."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1]


def newsdesk_imports(app: Path) -> dict[str, set[str]]:
    """Return, per module of an app (its tests left out), the newsdesk.* modules it imports, in functions too."""
    found = {}
    for path in sorted(app.rglob("*.py")):
        if "tests" in path.relative_to(app).parts:
            continue
        names = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
        found[str(path.relative_to(app))] = {name for name in names if name.split(".")[0] == "newsdesk"}
    return found


def test_delivery_imports_no_other_newsdesk_app():
    outside = {
        module: sorted(name for name in names if not name.startswith("newsdesk.delivery"))
        for module, names in newsdesk_imports(APP).items()
    }
    assert {module: names for module, names in outside.items() if names} == {}
