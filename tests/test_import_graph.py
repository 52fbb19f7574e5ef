"""The package's layering, read from its source: no import circles among the
validator's modules (imports inside functions count; ``if TYPE_CHECKING:`` ones
do not), the validator does not reach into the release, and the release does not
reach into the validation cache."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "newsledger"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    return skipped


def _imports(name: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *([base] if base else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles(nodes: set[str]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH[v] & nodes:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def test_the_graph_is_read() -> None:
    assert "newsledger.validators.result" in GRAPH["newsledger.validators.cache"]
    assert "newsledger.validators.cache" in GRAPH["newsledger.validators.engine"]  # an import inside a function


def test_no_import_circles_in_the_validator() -> None:
    assert _cycles({m for m in MODULES if m.startswith("newsledger.validators")}) == []


def test_the_validator_does_not_import_the_release() -> None:
    reaching = {m: sorted(i for i in GRAPH[m] if i.startswith("newsledger.release")) for m in MODULES if m.startswith("newsledger.validators")}
    assert {m: i for m, i in reaching.items() if i} == {}


def test_the_release_does_not_reach_into_the_validation_cache() -> None:
    reaching = [m for m in MODULES if m.startswith("newsledger.release") and "newsledger.validators.cache" in GRAPH[m]]
    assert reaching == []


def test_one_store_for_both_caches() -> None:
    assert "newsledger.store" in GRAPH["newsledger.validators.cache"]
    assert "newsledger.store" in GRAPH["newsledger.release.rows"]
