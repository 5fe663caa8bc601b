"""The floors of the house (STYLE "The shape of an app", docs/DEVELOPING.md "Floors"):
imports run one way, and no app's modules import each other in a circle.

Every import statement of every module of the project apps is read with `ast` — at module
level and inside functions alike (a deferred import is still a dependency) — except those
under `if TYPE_CHECKING:`, which never run.

- `core` imports no app; `committees` imports only `core`;
- `disclosure` imports no mechanism (`meetings`, `cadres`, `finance`, `projects`) and not
  `oversight`;
- nothing imports `oversight` but `oversight` itself (and `config/urls.py`);
- within each app, the graph of its modules has no cycle.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "core",
    "committees",
    "disclosure",
    "meetings",
    "cadres",
    "finance",
    "projects",
    "oversight",
)
MECHANISMS = frozenset({"meetings", "cadres", "finance", "projects"})

# Import circles known when this test was written, each being removed by another engineer
# of issue 11 right now. Each entry is one circle exactly (its set of modules): the test
# still fails on any other circle, and on one of these growing. Delete an entry when its
# circle is gone (the test says so: an entry that matches nothing fails too).
KNOWN_CIRCLES: dict[frozenset[str], str] = {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    """Every module of the project apps (and of config), by dotted name."""
    found = {}
    for top in (*APPS, "config"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "__pycache__" not in path.parts:
                found[_module_name(path)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST):
    """Import and ImportFrom nodes at any depth, skipping `if TYPE_CHECKING:` bodies."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)  # the else branch does run
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = (
        module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    )
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


@cache
def _imports(module: str) -> frozenset[str]:
    """The dotted names `module` imports: for `from a.b import c`, `a.b.c` when that is a
    module of the project, else `a.b`."""
    path = _modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            continue
        target = _resolve(module, path, node)
        for alias in node.names:
            submodule = f"{target}.{alias.name}"
            names.add(submodule if submodule in _modules() else target)
    return frozenset(name for name in names if name)


def _top(name: str) -> str:
    return name.split(".")[0]


def _app_imports(app: str) -> dict[str, set[str]]:
    """Module of `app` -> the other project apps (and config) it imports."""
    result = {}
    for module in _modules():
        if _top(module) != app:
            continue
        others = {
            _top(name)
            for name in _imports(module)
            if _top(name) in (*APPS, "config") and _top(name) != app
        }
        if others:
            result[module] = others
    return result


def _offending(app: str, allowed: set[str]) -> dict[str, list[str]]:
    return {
        module: sorted(others - allowed)
        for module, others in _app_imports(app).items()
        if others - allowed
    }


def test_every_app_is_in_the_floor_plan():
    """A new app must take its floor here before it can import anything."""
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(APPS)


def test_core_imports_no_app():
    assert _offending("core", set()) == {}


def test_committees_imports_only_core():
    assert _offending("committees", {"core"}) == {}


def test_disclosure_imports_no_mechanism_nor_oversight():
    """The column is called by the mechanisms through one publishing service."""
    forbidden = MECHANISMS | {"oversight"}
    found = {
        module: sorted(others & forbidden)
        for module, others in _app_imports("disclosure").items()
        if others & forbidden
    }
    assert found == {}


def test_nothing_imports_oversight():
    importers = sorted(
        module
        for module in _modules()
        if _top(module) != "oversight"
        and module != "config.urls"
        and any(_top(name) == "oversight" for name in _imports(module))
    )
    assert importers == []


def _cycles(app: str) -> list[frozenset[str]]:
    """The strongly connected components of more than one module of `app`'s import
    graph (Tarjan's algorithm, iterative), plus modules importing themselves."""
    nodes = sorted(m for m in _modules() if _top(m) == app)
    graph = {
        m: sorted(n for n in _imports(m) if n in _modules() and _top(n) == app)
        for m in nodes
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for target in edges:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    components.append(frozenset(component))
    return components


def test_the_cycle_finder_finds_cycles(monkeypatch):
    """The finder itself: a -> b -> c -> a and d -> d are circles; e -> a is not."""
    edges = {
        "x.a": {"x.b"},
        "x.b": {"x.c"},
        "x.c": {"x.a"},
        "x.d": {"x.d"},
        "x.e": {"x.a"},
    }
    this = sys.modules[__name__]
    monkeypatch.setattr(this, "_modules", lambda: {name: Path(name) for name in edges})
    monkeypatch.setattr(this, "_imports", lambda module: frozenset(edges[module]))
    assert sorted(map(sorted, _cycles("x"))) == [["x.a", "x.b", "x.c"], ["x.d"]]


@pytest.mark.parametrize("app", APPS)
def test_no_import_circle_within_an_app(app):
    circles = _cycles(app)
    unknown = [sorted(circle) for circle in circles if circle not in KNOWN_CIRCLES]
    assert unknown == []
    known = [circle for circle in KNOWN_CIRCLES if _top(next(iter(circle))) == app]
    for circle in known:
        if circle in circles:
            pytest.xfail(f"known circle {sorted(circle)}: {KNOWN_CIRCLES[circle]}")
    # An allow-list entry whose circle has gone must be deleted, so it cannot hide a
    # new circle of the same modules later.
    gone = [sorted(c) for c in known if c not in circles]
    assert gone == [], "circle gone: delete its KNOWN_CIRCLES entry"


def test_the_import_reader_sees_every_import_but_type_checking_ones(
    tmp_path, monkeypatch
):
    """The reader itself: module level, inside functions, relative, submodules; not
    what only a type checker runs."""
    package = tmp_path / "x"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "b.py").write_text("")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "import y.z\n"
        "from . import b\n"
        "from .c import thing\n"
        "if TYPE_CHECKING:\n"
        "    from oversight import models\n"
        "else:\n"
        "    import w\n"
        "def f():\n"
        "    from meetings.services import x\n"
    )
    (package / "c.py").write_text("")
    modules = {
        "x": package / "__init__.py",
        "x.a": package / "a.py",
        "x.b": package / "b.py",
        "x.c": package / "c.py",
    }
    monkeypatch.setattr(sys.modules[__name__], "_modules", lambda: modules)
    assert _imports.__wrapped__("x.a") == {
        "typing",
        "y.z",
        "x.b",
        "x.c",
        "w",
        "meetings.services",
    }
