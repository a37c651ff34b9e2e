"""Imports point one way: cli -> api -> render -> core. The core never prints; neither does the api."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
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


def _imported(name: str, path: Path, text: str | None, nodes: Callable[[ast.Module], Iterable[ast.AST]]
              ) -> Iterator[tuple[str, set[str]]]:
    """Each import among ``nodes``: (the module or package named, the shuili_cli modules it names in it)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    source = path.read_text(encoding="utf-8") if text is None else text
    for node in nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, set()
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base, {f"{base}.{a.name}" for a in node.names} & MODULES.keys()


def module_imports(name: str, path: Path, text: str | None = None) -> set[str]:
    """shuili_cli modules that ``name`` imports at module level (``from pkg import mod`` counts as ``pkg.mod``)."""
    found: set[str] = set()
    for base, modules in _imported(name, path, text, lambda tree: _top_level(tree.body)):
        found |= {base} | modules   # the package runs too
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
    old = ("from shuili_cli.cli.app import app\nfrom shuili_cli.core.review import diff\nfrom . import common\n"
           "def f():\n    import shuili_cli.core.alerts\n"
           "if TYPE_CHECKING:\n    import shuili_cli.core.figures.facts\n")
    edges = module_imports("shuili_cli.cli.cmd_report", SRC / "cli" / "cmd_report.py", old)
    assert edges == {"shuili_cli.cli", "shuili_cli.cli.app", "shuili_cli.cli.common", "shuili_cli.core.review",
                     "shuili_cli.core.review.diff"}


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


# --- Allowed directions between the groups of the core --------------------------------------------
#
# ``core/`` is grouped by what each part does. A group imports only groups in rows below its own
# (never a group in its own row); imports at any level count: module level, inside functions (the
# lazy ones) and ``if TYPE_CHECKING`` ones. Modules directly in ``core/`` are groups of their own.
# The order is the one the code already followed when the folders were made, read off its imports.

CORE_ROWS: tuple[tuple[str, ...], ...] = (
    ("findings", "resources"),                            # shared basics
    ("domain",),                                          # the domain words and rules, one definition each
    ("dates",),                                           # period arithmetic (uses domain.period)
    ("model",),                                           # the pydantic models of the data files
    ("rules",),                                           # one module per check, with its messages
    ("source",),                                          # reading a repository: layout, YAML, cache, loader
    ("figures", "edit"),                                  # catalogue, facts, figures; round-trip YAML edits
    ("outputs", "review", "alerts", "schema", "init"),    # what the commands produce
    ("ledger", "datadoc", "rollup"),                      # ledger workbooks; docs/data-format.md; the city's roll-up
    ("site",),                                            # the static site's pages as data (figures, alerts, outputs)
)
CORE_RANK = {group: rank for rank, row in enumerate(CORE_ROWS) for group in row}

# Imports against the rows that the code had when the groups were made, allowed one by one:
# (importing group, imported module) -> why. A listed import that no longer occurs fails the test.
CORE_EXCEPTIONS: dict[tuple[str, str], str] = {
    # The named records in figures/facts.py are what the readers produce and the domain rules read:
    # by its imports facts belongs below source (it imports only model and domain), not in figures.
    ("source", "shuili_cli.core.figures.facts"): "repository, pipeline, loader and cache build/pack facts",
    ("domain", "shuili_cli.core.figures.facts"): "hazards, risk, standardization type their inputs (TYPE_CHECKING)",
    # Repository checks take the loaded repository; the readers in source/ call the rules' message().
    ("rules", "shuili_cli.core.source.repository"): "RepoCheck functions take a Repository",
    ("rules", "shuili_cli.core.source.layout"): "folder_id uses layout.ENTERPRISE_ID",
}


def _core_group(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["shuili_cli", "core"] else None


def all_imports(name: str, path: Path, text: str | None = None) -> set[str]:
    """Every shuili_cli module ``name`` imports anywhere (functions and ``if TYPE_CHECKING`` too)."""
    found: set[str] = set()
    for base, modules in _imported(name, path, text, ast.walk):
        found.update(modules or {base})  # `from pkg import mod` is `pkg.mod`; `from pkg import name` is `pkg`
    return {m for m in found if m.startswith("shuili_cli") and m != name}


def core_violations(imports: dict[str, set[str]]) -> set[tuple[str, str]]:
    """(importer, imported) pairs of core modules that import a group in their own row or above it."""
    out = set()
    for name, targets in imports.items():
        mine = _core_group(name)
        if mine is None:
            continue
        for target in targets:
            theirs = _core_group(target)
            if theirs is None or theirs == mine:
                continue
            if CORE_RANK[theirs] >= CORE_RANK[mine] and (mine, target) not in CORE_EXCEPTIONS:
                out.add((name, target))
    return out


CORE_IMPORTS = {name: all_imports(name, path) for name, path in MODULES.items() if _core_group(name)}


def test_every_core_module_is_in_a_group_of_the_table() -> None:
    assert sorted({g for g in map(_core_group, CORE_IMPORTS) if g not in CORE_RANK}) == []


def test_core_groups_import_only_rows_below_them() -> None:
    assert sorted(core_violations(CORE_IMPORTS)) == []


def test_each_core_exception_is_still_needed() -> None:
    used = {(_core_group(name), target) for name, targets in CORE_IMPORTS.items() for target in targets}
    assert sorted(set(CORE_EXCEPTIONS) - used) == []


def test_the_core_group_check_can_fail() -> None:
    """A lazy or type-only import up the rows, or across one row, is caught; down the rows is fine."""
    lazy = "def f():\n    from shuili_cli.core.outputs import report\n"
    typed = "if TYPE_CHECKING:\n    from shuili_cli.core.alerts import AlertReport\n"
    path = SRC / "core" / "figures" / "figures.py"
    found = {"shuili_cli.core.figures.x": all_imports("shuili_cli.core.figures.x", path, lazy + typed),
             "shuili_cli.core.review.x": {"shuili_cli.core.alerts", "shuili_cli.core.source.loader"}}
    assert core_violations(found) == {("shuili_cli.core.figures.x", "shuili_cli.core.outputs.report"),
                                      ("shuili_cli.core.figures.x", "shuili_cli.core.alerts"),
                                      ("shuili_cli.core.review.x", "shuili_cli.core.alerts")}
