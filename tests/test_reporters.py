"""Output formats as tables: each command's ``--format`` choices, help and check come from one table."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, get_type_hints

import pytest

from shuili_cli.core.alerts import AlertReport
from shuili_cli.core.review.diff import DiffResult
from shuili_cli.core.review.validate import ValidationResult
from shuili_cli.render.registry import (
    ALERTS_REPORTERS,
    REVIEW_REPORTERS,
    VALIDATE_REPORTERS,
    RenderContext,
    ReporterTable,
)
from tests.conftest import MakeRepo, run_cli
from tests.test_cli import HAZARDS  # a deadline before the finding: SL401 at line 8, column 15

# The formats the spec (cli.md) documents for each command, in the order --help lists them.
TABLES: list[tuple[str, list[str], ReporterTable[Any], type, tuple[str, ...]]] = [
    ("validate", ["validate"], VALIDATE_REPORTERS, ValidationResult, ("text", "json", "github", "gitlab")),
    ("diff", ["diff", "main"], REVIEW_REPORTERS, DiffResult, ("text", "markdown", "json")),
    ("alerts", ["alerts"], ALERTS_REPORTERS, AlertReport, ("text", "json")),
]
IDS = [t[0] for t in TABLES]


@pytest.mark.parametrize(("command", "args", "table", "result_type", "documented"), TABLES, ids=IDS)
def test_table_lists_exactly_the_documented_formats(command: str, args: list[str], table: ReporterTable[Any],
                                                    result_type: type, documented: tuple[str, ...]) -> None:
    assert table.names == documented
    assert table.help == "输出格式：" + "、".join(documented) + "。"


@pytest.mark.parametrize(("command", "args", "table", "result_type", "documented"), TABLES, ids=IDS)
def test_every_reporter_has_the_one_signature(command: str, args: list[str], table: ReporterTable[Any],
                                              result_type: type, documented: tuple[str, ...]) -> None:
    for name in table.names:
        reporter = table[name]
        params = list(inspect.signature(reporter).parameters.values())
        assert [p.kind for p in params] == [inspect.Parameter.POSITIONAL_ONLY] * 2, name
        hints = get_type_hints(reporter, localns={result_type.__name__: result_type})
        assert list(hints.values()) == [result_type, RenderContext, str], name


@pytest.mark.parametrize(("command", "args", "table", "result_type", "documented"), TABLES, ids=IDS)
def test_unknown_format_is_a_usage_error_listing_the_table(
    command: str, args: list[str], table: ReporterTable[Any], result_type: type, documented: tuple[str, ...],
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    root = make_repo()
    code, out, err = run_cli(["--today", "2024-01-15", *args, "--repo", str(root), "--format", "html"], capsys)
    assert (code, out) == (2, "")
    assert err == f"用法错误：--format 的值“html”无效；可选：{'、'.join(documented)}\n"


@pytest.mark.parametrize(("command", "args", "table", "result_type", "documented"), TABLES, ids=IDS)
def test_help_lists_the_table(command: str, args: list[str], table: ReporterTable[Any], result_type: type,
                              documented: tuple[str, ...], capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = run_cli([command, "--help"], capsys)
    assert code == 0 and table.help in out


def test_command_line_starts_without_the_reporters() -> None:
    """The tables name their reporters: ``shuili --help`` does not load the render modules or the models."""
    probe = ("import sys, shuili_cli.cli.app; "
             "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'shuili_cli.render', 'shuili_cli.core'))))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "['shuili_cli.render', 'shuili_cli.render.registry']"


@pytest.mark.parametrize("fmt", ["text", "json", "github", "gitlab"])
def test_validate_in_a_deleted_working_folder(fmt: str, make_repo: MakeRepo, tmp_path: Path) -> None:
    """The CI path prefix is computed for every format now; a vanished current folder is no prefix, not exit 3."""
    root = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    gone = tmp_path / "gone"
    gone.mkdir()
    script = textwrap.dedent(f"""
        import os
        os.chdir({str(gone)!r}); os.rmdir({str(gone)!r})
        from shuili_cli.cli.app import main
        main(["--today", "2024-01-15", "validate", "--no-cache", "--repo", {str(root)!r}, "--format", {fmt!r}])
    """)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR")}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert (proc.returncode, proc.stderr) == (1, "")
    if fmt == "github":
        assert proc.stdout.startswith("::error file=enterprises/a/hazards/2023.yaml,line=8,col=15,title=SL401::")
