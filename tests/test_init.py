"""``shuili init``: the skeleton, the demo county, and CI files that call commands that exist."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import run_cli

TODAY = ["--today", "2024-01-15"]
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)")
SHELL_OPERATORS = {">", ">>", "<", "|", "||", "&&", ";", "2>", "2>&1", "&"}


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from shuili_cli.core.init import create

    root = tmp_path_factory.mktemp("init") / "new-repo"
    create(root, example=False)
    return root


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from shuili_cli.core.init import create

    root = tmp_path_factory.mktemp("init") / "county"
    create(root, example=True)
    return root


def yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml")
                  and ".shuili-cache" not in p.parts)


def validate(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli([*TODAY, "validate", "--repo", str(root), "--format", "json"], capsys)
    assert code in (0, 1), err
    return code, json.loads(out)


# ----------------------------------------------------------------- the skeleton


def test_init_command_creates_the_skeleton(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "new"
    code, out, err = run_cli(["init", str(root)], capsys)
    assert code == 0, err
    assert f"已在 {root} 创建数据仓库" in out
    for rel in ("shuili.yaml", "bureau/documents.yaml", "bureau/assessments.yaml", ".gitignore",
                ".github/workflows/shuili.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml"):
        assert (root / rel).is_file(), rel
    for rel in ("enterprises", "bureau", "bureau/enforcement", "schemas"):
        assert (root / rel).is_dir(), rel
    assert sorted(p.name for p in (root / "schemas").glob("*.json")) == sorted(
        p.name for p in (Path(__file__).parents[1] / "schemas").glob("*.json"))
    assert ".shuili-cache/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("which", ["plain", "example"])
def test_every_created_yaml_parses(which: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(which)
    files = yaml_files(root)
    skeleton = {".github/workflows/shuili.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml", "shuili.yaml",
                "bureau/assessments.yaml", "bureau/documents.yaml"}
    rels = {p.relative_to(root).as_posix() for p in files}
    assert rels == skeleton if which == "plain" else rels > skeleton
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path
    for path in (root / "schemas").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_new_repository_validates(plain: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = validate(capsys, plain)
    assert (code, doc["ok"], doc["errors"], doc["warnings"], doc["diagnostics"]) == (0, True, 0, 0, [])


def test_example_validates_with_one_warning(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = validate(capsys, example)
    assert (code, doc["ok"], doc["errors"], doc["warnings"]) == (0, True, 0, 1)
    [warning] = doc["diagnostics"]
    assert warning["code"] == "SL602" and warning["file"] == "enterprises/xiaban-water/enterprise.yaml"
    assert len([p for p in (example / "enterprises").iterdir() if p.is_dir()]) == 14


@pytest.mark.parametrize("which", ["plain", "example"])
def test_modelines_point_at_the_new_repositorys_schemas(which: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(which)
    schemas = (root / "schemas").resolve()
    seen = 0
    for path in yaml_files(root):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        m = MODELINE.match(first)
        if m is None:
            continue
        seen += 1
        ref = m.group(1)
        assert "://" not in ref and not ref.startswith("/"), (path, ref)
        target = (path.parent / ref).resolve()
        assert target.parent == schemas, (path, ref)
        assert target.is_file(), (path, ref)
    data_files = [p for p in yaml_files(root) if not p.name.startswith(".") and ".github" not in p.parts]
    assert seen == len(data_files)  # every data file has one


def test_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    code, _, _ = run_cli(["init", str(root)], capsys)
    assert code == 0
    settings = root / "shuili.yaml"
    settings.write_text("schema_version: 1\nunit: {name: 我的局, type: 县（市、区）, region: 我的县}\n", encoding="utf-8")
    for args in (["init", str(root)], ["init", str(root), "--example"]):
        code, _, err = run_cli(args, capsys)
        assert code == 2, args
        assert "已有 shuili.yaml" in err and "不会覆盖" in err and "Traceback" not in err
    assert "我的局" in settings.read_text(encoding="utf-8")
    assert not (root / "enterprises" / "taoxi-reservoir").exists()


def test_init_into_an_existing_empty_git_folder_keeps_user_files(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".gitignore").write_text("secret.txt\n", encoding="utf-8")
    code, _, err = run_cli(["init", str(root)], capsys)
    assert code == 0, err
    assert (root / ".gitignore").read_text(encoding="utf-8") == "secret.txt\n"


# ----------------------------------------------------------------- CI files call real commands


def _commands() -> dict[str, Any]:
    import typer

    from shuili_cli.cli.app import app

    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def _invocations(script: str) -> list[list[str]]:
    """Every ``shuili <command> ...`` in a shell script, cut at the first shell operator."""
    out = []
    for line in script.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        tokens = shlex.split(line, comments=True)
        for i, tok in enumerate(tokens):
            if tok == "shuili":
                args = []
                for t in tokens[i + 1:]:
                    if t in SHELL_OPERATORS:
                        break
                    args.append(t)
                out.append(args)
    return out


def _check_invocations(invocations: list[list[str]], capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    commands = _commands()
    assert invocations
    for args in invocations:
        command = args[0]
        assert command in commands, f"shuili {command} is not a command"
        code, help_text, _ = run_cli([command, "--help"], capsys)
        assert code == 0
        for i, arg in enumerate(args[1:], 1):
            if arg.startswith("--"):
                assert arg.split("=")[0] in help_text, f"shuili {command} has no option {arg}"
                if arg == "--format":
                    assert args[i + 1] in help_text, f"shuili {command} --format {args[i + 1]}"


def test_github_workflow_calls_existing_commands(plain: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    doc = yaml.safe_load((plain / ".github/workflows/shuili.yml").read_text(encoding="utf-8"))
    steps = [step for job in doc["jobs"].values() for step in job["steps"]]
    checkout = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkout and checkout[0]["with"]["fetch-depth"] == 0     # shuili diff needs the base branch
    invocations = [inv for s in steps if "run" in s for inv in _invocations(s["run"])]
    assert {inv[0] for inv in invocations} == {"validate", "diff"}
    _check_invocations(invocations, capsys, monkeypatch)


def test_gitlab_ci_calls_existing_commands(plain: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    doc = yaml.safe_load((plain / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    jobs = {name: job for name, job in doc.items() if isinstance(job, dict) and "script" in job}
    assert jobs
    invocations = [inv for job in jobs.values() for line in job["script"] for inv in _invocations(line)]
    assert {inv[0] for inv in invocations} == {"validate", "diff"}
    _check_invocations(invocations, capsys, monkeypatch)
    for job in jobs.values():
        report = job["artifacts"]["reports"]["codequality"]
        assert any(f"--format gitlab > {report}" in line for line in job["script"])


def test_ci_validate_invocations_pass_on_the_new_repository(plain: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The validate lines of both CI files, run as written, succeed on a fresh repository."""
    scripts = [s.get("run", "") for job in yaml.safe_load(
        (plain / ".github/workflows/shuili.yml").read_text(encoding="utf-8"))["jobs"].values() for s in job["steps"]]
    scripts += yaml.safe_load((plain / ".gitlab-ci.yml").read_text(encoding="utf-8"))["shuili"]["script"]
    runs = [inv for script in scripts for inv in _invocations(script) if inv[0] == "validate"]
    assert len(runs) == 4
    for inv in runs:
        code, out, err = run_cli([*TODAY, *inv, "--repo", str(plain)], capsys)
        assert code == 0, (inv, err)
        if "gitlab" in inv:
            assert json.loads(out) == []
