"""Imports point one way: cli -> api -> render -> core. The core never prints; neither does the api."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "shuili_cli"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


@pytest.mark.parametrize("path", sorted((SRC / "core").rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_core_depends_on_nothing_above_it(path: Path) -> None:
    imports = _imports(path)
    banned = [m for m in imports if m.split(".")[0] in ("typer", "rich", "click", "openpyxl", "docx", "jinja2")
              or m.startswith(("shuili_cli.cli", "shuili_cli.render", "shuili_cli.api"))]
    assert not banned, f"{path.name} imports {banned}"
    calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"]
    assert not calls, f"{path.name} prints"


@pytest.mark.parametrize("path", sorted((SRC / "render").rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_renderers_do_not_import_the_cli(path: Path) -> None:
    assert not [m for m in _imports(path) if m.startswith("shuili_cli.cli") or m.split(".")[0] == "typer"]


# --- Allowed directions between the layers -------------------------------------------------------
#
#   cli  ->  api  ->  render  ->  core
#
# ``shuili_cli.api`` is the library API: it sits above render (a package's workbook, docx and
# Markdown bytes come from render/) and below the command line; it never prints and never imports
# typer, rich or the cli. The core imports neither the api nor render. No module imports one
# above it, and there is no import cycle anywhere (module-level imports, i.e. those that run when
# the module is imported; imports inside functions are the lazy ones that keep startup fast).

LAYERS = {"core": 0, "render": 1, "api": 2, "cli": 3}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 and parts[0] == "shuili_cli" else None


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements that run on import: the body, and inside if/try/with blocks (not ``if TYPE_CHECKING``),
    never inside functions."""
    out: list[ast.stmt] = []
    for node in body:
        out.append(node)
        if isinstance(node, ast.If):
            if not _type_checking(node.test):  # `if TYPE_CHECKING:` never runs: annotations only
                out += _top_level(node.body)
            out += _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            out += _top_level(node.body) + _top_level(node.orelse) + _top_level(node.finalbody)
            for h in node.handlers:
                out += _top_level(h.body)
        elif isinstance(node, ast.With):
            out += _top_level(node.body)
    return out


def module_imports(name: str, path: Path, text: str | None = None) -> set[str]:
    """shuili_cli modules that ``name`` imports at module level (``from pkg import mod`` counts as ``pkg.mod``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    source = path.read_text(encoding="utf-8") if text is None else text
    for node in _top_level(ast.parse(source).body):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES)
    return {m for m in found if m in MODULES and m != name}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected set of two or more modules (or a module importing itself), Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


GRAPH = {name: module_imports(name, path) for name, path in MODULES.items()}


def test_no_import_cycle_among_shuili_modules() -> None:
    assert import_cycles(GRAPH) == []


def test_the_cycle_detector_finds_a_cycle() -> None:
    """The check above can fail: a two-module cycle and a longer one are found, a chain is not."""
    assert import_cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b"]]
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    # ...and the graph builder sees the edges the old code had: command modules importing ``app``,
    # ``from pkg import module`` and a relative import; not an import inside a function or for types only.
    old = ("from shuili_cli.cli.app import app\nfrom shuili_cli.core import diff\nfrom . import common\n"
           "def f():\n    import shuili_cli.core.alerts\n"
           "if TYPE_CHECKING:\n    import shuili_cli.core.facts\n")
    edges = module_imports("shuili_cli.cli.cmd_report", SRC / "cli" / "cmd_report.py", old)
    assert edges == {"shuili_cli.cli", "shuili_cli.cli.app", "shuili_cli.cli.common", "shuili_cli.core",
                     "shuili_cli.core.diff"}


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_imports_point_down_the_layers(name: str) -> None:
    """A module imports (at module level) only its own layer or those below it: cli -> api -> render -> core."""
    mine = _layer(name)
    if mine is None:
        return
    up = [m for m in GRAPH[name] if (_layer(m) or 0) > mine]
    assert not up, f"{name} imports {up}, a layer above it"


def test_the_api_is_a_library() -> None:
    """``shuili_cli.api`` (at any level, lazy imports too) imports no typer, rich, click or cli, and never prints."""
    path = SRC / "api.py"
    banned = [m for m in _imports(path) if m.split(".")[0] in ("typer", "rich", "click") or m.startswith("shuili_cli.cli")]
    assert not banned
    calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"]
    assert not calls


@pytest.mark.parametrize("path", sorted((SRC / "cli").glob("cmd_*.py")), ids=lambda p: p.name)
def test_command_modules_do_not_import_the_app(path: Path) -> None:
    """Commands are registered by app.py (``COMMANDS``); a command module importing ``app`` makes a cycle."""
    assert "shuili_cli.cli.app" not in _imports(path)
