"""``shuili init``: the skeleton, the demo county, and CI files that call commands that exist."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import run_cli

PROJECT = Path(__file__).resolve().parents[1]
TODAY = ["--today", "2024-01-15"]
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)")
SHELL_OPERATORS = {">", ">>", "<", "|", "||", "&&", ";", "2>", "2>&1", "&"}


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from shuili_cli.core.init import create

    root = tmp_path_factory.mktemp("init") / "new-repo"
    create(root, example=False, today=date(2024, 1, 15))
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

EXAMPLE_FILES = {f"enterprises/example-station/{name}" for name in (
    "enterprise.yaml", "checklists.yaml", "risks.yaml", "hazards/2024.yaml", "five-s/2024.yaml")}


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
    assert rels == skeleton | EXAMPLE_FILES if which == "plain" else rels > skeleton
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path
    for path in (root / "schemas").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_new_repository_validates(plain: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = validate(capsys, plain)
    assert (code, doc["ok"], doc["errors"]) == (0, True, 0)
    # what the bureau has to replace, each a warning (SL604) until it is: the unit, the reporter, the example
    assert sorted((d["code"], d["file"], d["path"]) for d in doc["diagnostics"]) == [
        ("SL604", "enterprises/example-station/enterprise.yaml", "name"),
        ("SL604", "enterprises/example-station/enterprise.yaml", "township"),
        ("SL604", "shuili.yaml", "reporter.name"), ("SL604", "shuili.yaml", "reporter.phone"),
        ("SL604", "shuili.yaml", "unit.name"), ("SL604", "shuili.yaml", "unit.region")]


def test_example_validates_with_one_warning(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = validate(capsys, example)
    assert (code, doc["ok"], doc["errors"], doc["warnings"]) == (0, True, 0, 1)
    [warning] = doc["diagnostics"]
    assert warning["code"] == "SL602" and warning["file"] == "enterprises/xiaban-water/enterprise.yaml"
    assert len([p for p in (example / "enterprises").iterdir() if p.is_dir()]) == 14


def test_the_example_enterprise_explains_every_field(plain: Path) -> None:
    from shuili_cli.core.model.enterprise import Enterprise
    from shuili_cli.core.model.records import Hazard, RiskPoint

    folder = plain / "enterprises" / "example-station"
    hazards = (folder / "hazards" / "2024.yaml").read_text(encoding="utf-8").splitlines()
    assert hazards[0] == "# yaml-language-server: $schema=../../../schemas/hazards.schema.json"
    assert hazards[-1] == "hazards: []"
    for name in Hazard.model_fields:  # one comment line per field, in model order
        assert sum(line.startswith(f"#   {name}: ") for line in hazards) == 1, name
    assert "#   grade: 必填，隐患等级：一般事故隐患或重大事故隐患（取值：一般、重大）" in hazards
    assert "#   measures: 可选，整改措施：填写 rectified_on 后必填" in hazards
    risks = (folder / "risks.yaml").read_text(encoding="utf-8").splitlines()
    assert risks[0] == "# yaml-language-server: $schema=../../schemas/risks.schema.json"
    assert [line.split(":")[0] for line in risks if line.startswith("#   ")] == [f"#   {n}" for n in RiskPoint.model_fields]
    profile = (folder / "enterprise.yaml").read_text(encoding="utf-8").splitlines()
    assert profile[0] == "# yaml-language-server: $schema=../../schemas/enterprise.schema.json"
    data = yaml.safe_load("\n".join(profile))
    assert data == {"id": "example-station", "name": "示例水电站（请改为营业执照上的单位名称）",
                    "credit_code": "91350000000000000C", "kind": "企业", "scale": "小微企业",
                    "industry": "水力发电", "township": "某某镇"}
    assert "kind: 企业" in profile[6] and profile[6].endswith("# 必填，单位性质（取值：企业、事业单位）")
    commented = [line.split(":")[0][2:] for line in profile if line.startswith("# ") and ":" in line[:30]
                 and line[2:].split(":")[0] in Enterprise.model_fields]
    assert set(commented) | set(data) == set(Enterprise.model_fields)  # every other field is there to fill in


def test_init_prints_the_next_steps_for_a_bureau(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "county"
    code, out, err = run_cli([*TODAY, "init", str(root)], capsys)
    assert code == 0, err
    steps = [line.strip() for line in out.splitlines() if line.strip()[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert [s[:2] for s in steps] == ["1.", "2.", "3.", "4.", "5."]
    assert "shuili.yaml" in steps[0] and "unit.name" in steps[0] and "reporter" in steps[0]
    assert "enterprises/example-station/" in steps[1] and "shuili new enterprise --id" in out
    assert steps[2].endswith("shuili template --out reports/企业台账模板.xlsx")
    assert "shuili import 文件.xlsx --dry-run" in steps[3]
    assert "  git add -A\n  git commit -m 初始化\n" in out   # one command a line: PowerShell 5 has no &&
    assert steps[4] == "5. 随时 shuili validate 校验；每月 shuili report --month 2023-12 生成报表。"
    assert (root / "enterprises/example-station/hazards/2024.yaml").is_file()  # the year of --today


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


def test_init_says_how_ci_installs_shuili(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["init", str(tmp_path / "a")], capsys)
    assert code == 0, err
    assert "设置 SHUILI_PACKAGE=git+https://<代码托管地址>/<所有者>/shuili@<发布标签或提交>" in out
    spec = "git+https://github.com/owner/shuili@v0.1.0"
    code, out, err = run_cli(["init", str(tmp_path / "b"), "--package", spec], capsys)
    assert code == 0, err
    assert "SHUILI_PACKAGE" not in out
    for name in (".github/workflows/shuili.yml", ".gitlab-ci.yml"):
        assert f'SHUILI_PACKAGE: "{spec}"' in (tmp_path / "b" / name).read_text(encoding="utf-8")


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


def _github_steps(root: Path) -> list[dict[str, Any]]:
    return [step for job in workflow(root)["jobs"].values() for step in job["steps"]]


def _shell_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The steps that run a shell script (not ``uses:``, not ``shell: python``)."""
    return [s for s in steps if "run" in s and s.get("shell", "bash") == "bash"]


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
    steps = _github_steps(plain)
    checkout = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkout and checkout[0]["with"]["fetch-depth"] == 0     # shuili diff needs the base branch
    invocations = [inv for s in _shell_steps(steps) for inv in _invocations(s["run"])]
    assert {inv[0] for inv in invocations} == {"validate", "diff", "site"}
    _check_invocations(invocations, capsys, monkeypatch)


def test_github_workflow_publishes_the_site_from_main(plain: Path) -> None:
    """On a push to main the validate job writes the site and uploads it; the pages job deploys it,
    only after validation passed, with the two permissions GitHub Pages needs and no more."""
    doc = workflow(plain)
    on_main = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    build = step(doc, "生成网站（shuili site，仅 main 分支）")
    assert (build["if"], build["run"]) == (on_main, "shuili site --out _site")
    upload = step(doc, "上传网站（GitHub Pages 制品）")
    assert upload["uses"].startswith("actions/upload-pages-artifact@") and upload["with"] == {"path": "_site/"}
    assert upload["if"] == on_main
    names = [s.get("name") for s in doc["jobs"]["validate"]["steps"]]
    assert names.index("上传网站（GitHub Pages 制品）") == names.index("生成网站（shuili site，仅 main 分支）") + 1
    pages = doc["jobs"]["pages"]
    assert (pages["needs"], pages["if"]) == ("validate", on_main)
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    [deploy] = pages["steps"]
    assert deploy["id"] == "deployment" and deploy["uses"].startswith("actions/deploy-pages@")
    assert set(doc["jobs"]) == {"validate", "pages"}


def test_gitlab_pages_job_publishes_the_site_from_the_default_branch(plain: Path) -> None:
    doc = yaml.safe_load((plain / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    script = "\n".join(doc["shuili"]["script"])
    assert 'if [ "$CI_COMMIT_BRANCH" = "$CI_DEFAULT_BRANCH" ] && [ -z "${status:-}" ]; then' in script
    assert script.index("shuili site --out public") < script.index("exit ${status:-0}")
    assert "public/" in doc["shuili"]["artifacts"]["paths"]
    pages = doc["pages"]
    assert pages["needs"] == ["shuili"] and pages["artifacts"] == {"paths": ["public"]}
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["script"] == ["test -f public/index.html"]


@pytest.mark.parametrize("name", [".github/workflows/shuili.yml", ".gitlab-ci.yml"])
def test_both_ci_files_say_what_the_site_publishes_and_how_to_restrict_it(plain: Path, name: str) -> None:
    head = (plain / name).read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "【发布前请确认：网站公开哪些内容】网站上有各企业的名称、负责人和联系人的姓名与电话" in head
    assert ("Visibility 设为 Private" if "github" in name else "Settings › General › Visibility › Pages") in head
    assert "不发布网站：删除下面的 pages 作业" in head


def test_init_warns_that_the_site_may_be_public(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli([*TODAY, "init", str(tmp_path / "county")], capsys)
    assert code == 0, err
    assert ("  注意：CI 会把全县网站（含负责人和联系人的姓名、电话）发布到 GitHub/GitLab Pages，私有仓库的网站也可能公开；"
            "发布前请按 CI 文件开头的说明限制访问，或删除其中的 pages 作业\n") in out


def test_generated_site_is_ignored(plain: Path) -> None:
    assert "site/" in (plain / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_gitlab_ci_calls_existing_commands(plain: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    doc = yaml.safe_load((plain / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    jobs = {name: job for name, job in doc.items() if isinstance(job, dict) and "script" in job}
    assert jobs
    invocations = [inv for job in jobs.values() for line in job["script"] for inv in _invocations(line)]
    assert {inv[0] for inv in invocations} == {"validate", "diff", "site"}
    _check_invocations(invocations, capsys, monkeypatch)
    for job in (j for j in jobs.values() if any("shuili validate" in line for line in j["script"])):
        report = job["artifacts"]["reports"]["codequality"]
        assert any(f"--format gitlab > {report}" in line for line in job["script"])


def test_ci_validate_invocations_pass_on_the_new_repository(plain: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The validate lines of both CI files, run as written, succeed on a fresh repository."""
    scripts = [s["run"] for s in _shell_steps(_github_steps(plain))]
    scripts += yaml.safe_load((plain / ".gitlab-ci.yml").read_text(encoding="utf-8"))["shuili"]["script"]
    runs = [inv for script in scripts for inv in _invocations(script) if inv[0] == "validate"]
    assert len(runs) == 4
    for inv in runs:
        code, out, err = run_cli([*TODAY, *inv, "--repo", str(plain)], capsys)
        assert code == 0, (inv, err)
        if "gitlab" in inv:   # only the template's placeholders, as warnings ("minor")
            assert {(d["check_name"], d["severity"]) for d in json.loads(out)} == {("SL604", "minor")}


def workflow(root: Path) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((root / ".github/workflows/shuili.yml").read_text(encoding="utf-8"))
    return doc


def step(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """The workflow step of this exact name."""
    found: list[dict[str, Any]] = [s for s in doc["jobs"]["validate"]["steps"] if s.get("name") == name]
    assert len(found) == 1, name
    return found[0]


# ----------------------------------------------------------------- the job summary stays under GitHub's 1 MiB

LIMIT = 900 * 1024
FENCE = "```"


def write_summary(root: Path, tmp_path: Path, validate: str | None, diff: str | None) -> str:
    """Run the workflow's summary step (as GitHub does: ``python script``) on these review files."""
    summary_step = step(workflow(root), "写入作业摘要（GitHub 不显示超过 1 MiB 的摘要：超过 900 KiB 时截断）")
    assert summary_step["shell"] == "python"
    script = tmp_path / "summary.py"
    script.write_text(summary_step["run"], encoding="utf-8")
    review = tmp_path / "shuili-review"
    review.mkdir()
    for name, text in (("validate.txt", validate), ("diff.md", diff)):
        if text is not None:
            (review / name).write_text(text, encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          check=False, env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 0, proc.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")                        # appended, not replaced
    return text.removeprefix("earlier step\n")


def note(name: str) -> str:
    return f"\n> **内容超过 900 KiB，以下已截断。** 完整内容见本次运行的制品（Artifacts）shuili-review 中的 {name}。\n"


def test_a_small_review_is_written_whole(plain: Path, tmp_path: Path) -> None:
    text = write_summary(plain, tmp_path, "a `x` b\n第二行\n", "## 变更\n| a | b |\n")
    assert text == ("## shuili 校验\n\n```text\na 'x' b\n第二行\n```\n\n"
                    "## shuili 变更审阅\n\n## 变更\n| a | b |\n\n")


def test_without_a_pull_request_only_the_validation_is_written(plain: Path, tmp_path: Path) -> None:
    assert write_summary(plain, tmp_path, "0 个错误\n", None) == "## shuili 校验\n\n```text\n0 个错误\n```\n\n"


def test_a_long_validation_is_cut_at_a_line_with_a_note(plain: Path, tmp_path: Path) -> None:
    lines = [f"enterprises/a/hazards.yaml:{i}:5: 错误 SL101 `第{i}条` 应为日期\n" for i in range(40_000)]
    full = "".join(lines)
    assert len(full.encode()) > 2 * 1024 * 1024
    text = write_summary(plain, tmp_path, full, "## 变更\n")
    size = len(text.encode())
    assert LIMIT - 2048 < size <= LIMIT                               # the budget is used, never exceeded
    assert text.endswith(f"{FENCE}\n\n{note('validate.txt')}")       # the code block is closed, then the note
    body = text.removeprefix(f"## shuili 校验\n\n{FENCE}text\n").removesuffix(f"{FENCE}\n\n{note('validate.txt')}")
    kept = body.splitlines(keepends=True)
    assert kept == [line.replace("`", "'") for line in lines[: len(kept)]]   # whole lines, from the start
    assert "shuili 变更审阅" not in text


def test_a_long_review_is_cut_after_the_whole_validation(plain: Path, tmp_path: Path) -> None:
    rows = "".join(f"| R-{i:06d} | 新增风险点 | 橙 |\n" for i in range(60_000))
    text = write_summary(plain, tmp_path, "1 个错误\n", "## 风险点\n" + rows)
    assert len(text.encode()) <= LIMIT
    assert text.startswith(f"## shuili 校验\n\n{FENCE}text\n1 个错误\n{FENCE}\n\n## shuili 变更审阅\n\n## 风险点\n| R-000000 |")
    assert text.endswith(f"|\n\n{note('diff.md')}")


def test_one_enormous_line_is_left_out_whole(plain: Path, tmp_path: Path) -> None:
    text = write_summary(plain, tmp_path, "x" * (2 * 1024 * 1024), None)
    assert text == f"## shuili 校验\n\n{FENCE}text\n{FENCE}\n\n{note('validate.txt')}"


def test_the_full_review_is_uploaded(plain: Path) -> None:
    doc = workflow(plain)
    names = [s.get("name", "") for s in doc["jobs"]["validate"]["steps"]]
    upload = step(doc, "上传完整的问题清单和变更审阅（制品 shuili-review）")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["name"] == "shuili-review" and upload["with"]["path"] == "shuili-review/"
    assert upload["if"] == "always() && steps.install.outcome == 'success'"
    text = "\n".join(s.get("run", "") for s in doc["jobs"]["validate"]["steps"])
    assert "> shuili-review/validate.txt" in text and "> shuili-review/diff.md" in text
    unbounded = [s["name"] for s in doc["jobs"]["validate"]["steps"]
                 if "GITHUB_STEP_SUMMARY" in s.get("run", "") and s.get("shell") != "python"]
    assert unbounded == []                                      # only the bounded step writes the summary
    assert names.index("上传完整的问题清单和变更审阅（制品 shuili-review）") > names.index("变更审阅")


# ----------------------------------------------------------------- the composite action


def action() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((PROJECT / "action.yml").read_text(encoding="utf-8"))
    return doc


def test_the_action_installs_its_own_checkout() -> None:
    doc = action()
    assert doc["runs"]["using"] == "composite"
    assert set(doc["inputs"]) == {"command", "args", "python-version"}
    assert all(re.search(r"[\u4e00-\u9fff]", i["description"]) for i in doc["inputs"].values())  # Chinese help
    steps = doc["runs"]["steps"]
    [install] = [s for s in steps if "pip install" in s.get("run", "")]
    assert install["env"] == {"SHUILI_ACTION_PATH": "${{ github.action_path }}"}
    assert install["run"] == 'python -m pip install "$SHUILI_ACTION_PATH"'
    for s in steps:
        assert "${{" not in s.get("run", "")


def run_action_step(args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    [last] = [s for s in action()["runs"]["steps"] if s.get("name") == "shuili"]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "SHUILI_COMMAND": "validate", "SHUILI_ARGS": args}
    return subprocess.run(["bash", "-e", "-c", last["run"]], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_the_action_passes_quoted_arguments_without_a_shell(plain: Path, tmp_path: Path) -> None:
    spaced = tmp_path / "a repo"
    shutil.copytree(plain, spaced)
    proc = run_action_step(f"--repo '{spaced}' --format json", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ok"] is True
    proc = run_action_step('--repo "$(touch pwned)" `touch pwned2`; touch pwned3', tmp_path)
    assert proc.returncode == 2
    assert not any((tmp_path / name).exists() for name in ("pwned", "pwned2", "pwned3"))
