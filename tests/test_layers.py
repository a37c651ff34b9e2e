"""Imports point one way: cli -> render -> core. The core never prints."""

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
              or m.startswith(("shuili_cli.cli", "shuili_cli.render"))]
    assert not banned, f"{path.name} imports {banned}"
    calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"]
    assert not calls, f"{path.name} prints"


@pytest.mark.parametrize("path", sorted((SRC / "render").rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_renderers_do_not_import_the_cli(path: Path) -> None:
    assert not [m for m in _imports(path) if m.startswith("shuili_cli.cli") or m.split(".")[0] == "typer"]
