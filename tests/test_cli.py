"""Every output format and exit code of `shuili validate`, through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MakeRepo, run_cli

HAZARDS = """\
hazards:
  - id: H-1
    found_on: 2023-05-04
    source: 自查
    description: 钢丝绳断丝
    grade: 一般
    responsible: 陈志强
    deadline: 2023-05-01
"""
NO_CODE = """\
id: b
name: 上洋村水库
kind: 事业单位
scale: 小微企业
industry: 水库管理
"""


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    return make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS, "enterprises/b/enterprise.yaml": NO_CODE})


def test_text_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == ("enterprises/a/hazards/2023.yaml:8:15: 错误 SL401 "
                        "deadline（2023-05-01）应不早于 found_on（2023-05-04）；请核对这两个日期")
    assert lines[1].startswith("enterprises/b/enterprise.yaml:1:1: 警告 SL602 ")
    assert lines[2].startswith("未通过：检查了 4 个文件、2 家企业，1 个错误，1 个警告，用时 ")
    assert err == ""


def test_json_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo), "--format", "json"], capsys)
    assert code == 1
    doc = json.loads(out)
    assert doc["ok"] is False and doc["errors"] == 1 and doc["warnings"] == 1
    first = doc["diagnostics"][0]
    assert first == {
        "code": "SL401", "severity": "error", "file": "enterprises/a/hazards/2023.yaml", "line": 8, "column": 15,
        "message": "deadline（2023-05-01）应不早于 found_on（2023-05-04）；请核对这两个日期",
        "path": "hazards[0].deadline",
    }
    assert set(doc) == {"ok", "errors", "warnings", "diagnostics"}


def test_github_format(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo.parent))
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo), "-f", "github"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=repo/enterprises/a/hazards/2023.yaml,line=8,col=15,title=SL401::"
        "deadline（2023-05-01）应不早于 found_on（2023-05-04）；请核对这两个日期"
    )
    assert lines[1].startswith("::warning file=repo/enterprises/b/enterprise.yaml,line=1,col=1,title=SL602::")


def test_gitlab_format(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI_PROJECT_DIR", str(repo))
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo), "-f", "gitlab"], capsys)
    assert code == 1
    report = json.loads(out)
    assert [(r["check_name"], r["severity"], r["location"]["path"], r["location"]["lines"]["begin"]) for r in report] == [
        ("SL401", "major", "enterprises/a/hazards/2023.yaml", 8),
        ("SL602", "minor", "enterprises/b/enterprise.yaml", 1),
    ]
    assert len({r["fingerprint"] for r in report}) == 2


def test_warnings_alone_pass_unless_strict(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"enterprises/b/enterprise.yaml": NO_CODE})
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
    assert code == 0 and "通过：" in out
    code, _, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo), "--strict"], capsys)
    assert code == 1
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo), "--strict", "-f", "json"], capsys)
    assert code == 1 and json.loads(out)["ok"] is False


def test_clean_repository_exits_zero(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo()
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
    assert code == 0
    assert out.startswith("通过：检查了 2 个文件、1 家企业，0 个错误，0 个警告")


def test_paths_limit_the_report(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo), str(repo / "enterprises/b")],
                           capsys)
    assert code == 0
    assert "SL401" not in out and "SL602" in out


def test_today_moves_the_future_check(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS.replace("2023-05-01", "2023-05-09")})
    assert run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)[0] == 0
    code, out, _ = run_cli(["--today", "2023-05-01", "validate", "--repo", str(repo)], capsys)
    assert code == 1
    assert "SL402" in out and "晚于今天（2023-05-01）" in out
    # the cache from the first run must not hide the future date in the second
    assert run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--format", "xml"], "--format 的值“xml”无效"),
        (["validate", "--bogus"], "没有选项“--bogus”"),
        (["--today", "2024-13-01", "validate"], "--today 的值“2024-13-01”：没有 13 月（月份为 1–12）"),
        (["nosuch"], "没有命令“nosuch”"),
    ],
)
def test_usage_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    if args[0] == "validate" or "validate" in args:
        args = [*args, "--repo", str(repo)]
    code, out, err = run_cli(args, capsys)
    assert code == 2
    assert err.startswith("用法错误：") and message in err
    assert "Traceback" not in out + err


def test_no_repository_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["validate"], capsys)
    assert code == 2 and "找不到 shuili.yaml" in err


def test_repo_found_upwards(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "enterprises" / "a")
    code, out, _ = run_cli(["--today", "2024-01-15", "validate"], capsys)
    assert code == 1 and "SL401" in out


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--help"], capsys)
    assert code == 0 and "校验数据仓库" in out


def test_rules_command_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    from shuili_cli.core.rules import rule_modules

    code, out, _ = run_cli(["rules"], capsys)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [m.RULE.code for m in rule_modules()]


def test_schema_check_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "schemas"
    code, _, err = run_cli(["schema", "--check", "--out", str(out_dir)], capsys)
    assert code == 1 and "hazards.schema.json" in err
    assert run_cli(["schema", "--out", str(out_dir)], capsys)[0] == 0
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "assessments.schema.json", "checklists.schema.json", "documents.schema.json", "enforcement.schema.json",
        "enterprise.schema.json", "figures.schema.json", "five-s.schema.json", "hazards.schema.json",
        "risks.schema.json", "rollup.schema.json", "shuili.schema.json",
    ]
    code, out, _ = run_cli(["schema", "--check", "--out", str(out_dir)], capsys)
    assert code == 0 and "均为最新" in out
    (out_dir / "risks.schema.json").write_text("{}", encoding="utf-8")
    code, _, err = run_cli(["schema", "--check", "--out", str(out_dir)], capsys)
    assert code == 1 and "risks.schema.json" in err and "hazards.schema.json" not in err


def test_github_format_escapes_newlines_and_commas() -> None:
    from shuili_cli.core.findings import Finding, Severity
    from shuili_cli.core.review.validate import ValidationResult
    from shuili_cli.render.registry import VALIDATE_REPORTERS, RenderContext

    f = Finding("SL001", Severity.ERROR, "enterprises/a,b/x.yaml", 3, 4, "", "第一行\n第二行 100%")
    result = ValidationResult(findings=(f,), files=1, enterprises=0, seconds=0.5)
    assert VALIDATE_REPORTERS["github"](result, RenderContext(path_prefix="data/")) == (
        "::error file=data/enterprises/a%2Cb/x.yaml,line=3,col=4,title=SL001::第一行%0A第二行 100%25\n"
        "未通过：检查了 1 个文件、0 家企业，1 个错误，0 个警告，用时 0.50 秒\n"
    )


def test_demo_repository_validates(capsys: pytest.CaptureFixture[str]) -> None:
    template = Path(__file__).resolve().parents[1] / "data-template"
    code, out, _ = run_cli(["validate", "--repo", str(template), "--format", "json", "--no-cache"], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["errors"] == 0
    # the one warning is deliberate: a village water station without a credit code
    assert [(d["code"], d["file"]) for d in doc["diagnostics"]] == [("SL602", "enterprises/xiaban-water/enterprise.yaml")]


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from shuili_cli.cli import common

    monkeypatch.setattr(common, "interactive", lambda: False)
    with common.progress_bar("校验中") as bar:
        assert bar is None
    clock = iter([0.0, 0.1, 1.0, 1.1, 1.2, 1.3])
    monkeypatch.setattr(common.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(common, "interactive", lambda: True)
    started: list[object] = []
    import rich.progress

    class FakeProgress:
        def __init__(self, *args: object, **kwargs: object) -> None:
            started.append(self)

        def start(self) -> None: ...
        def stop(self) -> None: started.append("stopped")
        def add_task(self, *args: object, **kwargs: object) -> int: return 1
        def update(self, *args: object, **kwargs: object) -> None: started.append(kwargs["completed"])

    monkeypatch.setattr(rich.progress, "Progress", FakeProgress)
    with common.progress_bar("校验中") as bar:
        assert bar is not None
        bar(1, 10)          # at 0.1 s: too early for a bar
        assert started == []
        bar(5, 10)          # after half a second: the bar appears
    assert started[1:] == [5, "stopped"]


def test_help_starts_without_the_heavy_modules() -> None:
    """`shuili --help` and `shuili report --help` register every command but import no core, API, YAML,
    workbook or document module: those are imported inside the command bodies. (typer itself
    imports pydantic when it is installed, so pydantic is not in the list.)"""
    import subprocess
    import sys

    heavy = ("yaml", "openpyxl", "docx", "jinja2", "shuili_cli.core", "shuili_cli.api")
    probe = (
        "import sys, contextlib, io\n"
        "from shuili_cli.cli.app import app, main\n"
        "for args in (['--help'], ['report', '--help'], ['summary', '--help']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        main(args)\n"
        f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))\n"
        "print(sorted(c.callback.__name__ for c in app.registered_commands if c.callback))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded, commands = proc.stdout.splitlines()
    assert loaded == "[]"
    assert commands == str(sorted(["alerts", "cards", "diff", "explain", "export", "import_", "init", "new", "report",
                                   "rollup", "rules", "schema", "set", "site", "summary", "template", "validate"]))
