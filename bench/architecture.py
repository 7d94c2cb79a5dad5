"""The shape of the code, in figures: which app imports which, module pairs that import each other, project imports
placed inside functions (and whether each says why), and lines of code per app.

    .venv/bin/python -m bench.architecture              (the figures for this checkout)
    .venv/bin/python -m bench.architecture --repo DIR   (another checkout, e.g. a `git worktree` of an older commit)

Tests and migrations are left out of every figure. bench/test_architecture.py holds the rules these figures must keep.
"""

from __future__ import annotations

import argparse
import ast
import collections
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {"tests", "migrations", "__pycache__"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. newsdesk.news.models
    target: str  # the imported module, e.g. newsdesk.news.selectors
    line: int
    in_function: bool
    says_why: bool  # a comment on the line or the line above


def _modules(repo: Path):
    package = repo / "newsdesk"
    for path in sorted(package.rglob("*.py")):
        if SKIPPED & set(path.relative_to(package).parts):
            continue
        dotted = ".".join(path.relative_to(repo).with_suffix("").parts)
        yield dotted.removesuffix(".__init__"), path


def _named(module: str, node: ast.ImportFrom, is_package: bool) -> list[str]:
    """Return the dotted names an import statement reaches for: `from a.b import c` may name module a.b.c or
    a name inside a.b; _known() settles which."""
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".") if is_package else module.split(".")[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join(parts + ([node.module] if node.module else []))
    return [f"{base}.{alias.name}" for alias in node.names]


def _known(name: str, modules: set[str]) -> str | None:
    """Return the module a dotted name is in: the longest prefix of it that is one of the project's modules."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def project_imports(repo: Path = ROOT) -> list[Import]:
    """Return every import of newsdesk code by newsdesk code, with where it stands."""
    sources = dict(_modules(repo))
    modules = set(sources)
    found = []
    for module, path in sources.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines), str(path))
        in_function = {
            id(node)
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
            for node in ast.walk(function)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = _named(module, node, path.name == "__init__.py")
            else:
                continue
            for target in {_known(name, modules) for name in names} - {None, module}:
                text, above = lines[node.lineno - 1], lines[node.lineno - 2] if node.lineno > 1 else ""
                found.append(
                    Import(
                        module, target, node.lineno, id(node) in in_function, "#" in text or above.strip()[:1] == "#"
                    )
                )
    return found


def app_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def apps(repo: Path = ROOT) -> list[str]:
    return sorted(path.parent.name for path in (repo / "newsdesk").glob("*/apps.py"))


def app_matrix(imports: list[Import]) -> collections.Counter:
    """Count the imports of each other app, by (importing app, imported app)."""
    return collections.Counter(
        (app_of(i.module), app_of(i.target)) for i in imports if app_of(i.module) != app_of(i.target)
    )


def module_pairs(imports: list[Import]) -> set[tuple[str, str]]:
    """Return the pairs of modules that import each other (imports inside functions count)."""
    edges = {(i.module, i.target) for i in imports}
    return {tuple(sorted(edge)) for edge in edges if (edge[1], edge[0]) in edges}


def lines_of_code(repo: Path = ROOT) -> dict[str, int]:
    """Count the lines of each app's code (tests and migrations left out)."""
    names, counts = set(apps(repo)), collections.Counter()
    for module, path in _modules(repo):
        if app_of(module) in names:
            counts[app_of(module)] += len(path.read_text(encoding="utf-8").splitlines())
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT)
    repo = parser.parse_args().repo.resolve()
    imports, names = project_imports(repo), apps(repo)
    matrix = app_matrix(imports)
    print("imports of other apps (row imports column)")
    print(" " * 14 + "".join(name[:5].rjust(6) for name in names))
    for row in names:
        print(row.ljust(14) + "".join(str(matrix[(row, col)] or ".").rjust(6) for col in names))
    two_way = sorted({tuple(sorted(pair)) for pair in matrix if (pair[1], pair[0]) in matrix})
    print("apps importing each other:", ", ".join(" <-> ".join(pair) for pair in two_way) or "none")
    pairs = sorted(module_pairs(imports))
    print(f"modules importing each other: {len(pairs)}", *(f"  {a} <-> {b}" for a, b in pairs), sep="\n")
    inner = [i for i in imports if i.in_function]
    print(f"project imports inside functions: {len(inner)}, without a reason: {sum(not i.says_why for i in inner)}")
    print("lines of code:", ", ".join(f"{app} {count:,}" for app, count in sorted(lines_of_code(repo).items())))


if __name__ == "__main__":
    main()
