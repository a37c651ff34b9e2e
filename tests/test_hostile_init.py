"""``shuili init`` never writes through a symbolic link in the target folder (issue 7 item 15).

A link at any path init writes, or at any folder on the way to one, dangling or pointing at an
existing file or folder, is refused with a usage error naming it, and nothing at all is written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import run_cli
from tests.test_init import PROJECT, step, workflow

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")

# Paths init writes (files and folders), each a place a hostile or stale link can sit. Paths inside
# bureau/ and enterprises/ cannot hold a link without those folders, which make it a repository already.
WRITTEN_FILES = [".gitignore", ".github/workflows/shuili.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml",
                 "shuili.yaml", "schemas/enterprise.schema.json"]
WRITTEN_DIRS = [".github", ".github/workflows", "schemas", "bureau", "enterprises"]


def tree(root: Path) -> dict[str, str]:
    """Every entry below root (links not followed): what it is, and a file's content."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = "link -> " + os.readlink(path)
            elif path.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = path.read_text(encoding="utf-8")
    return out


def refused(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code, out, err = run_cli(["init", str(root), *extra], capsys)
    assert code == 2, (out, err)
    assert "Traceback" not in err and out == ""
    return err


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """The target folder and, beside it, a folder the links point into."""
    target, outside = tmp_path / "repo", tmp_path / "outside"
    target.mkdir()
    outside.mkdir()
    return target, outside


@pytest.mark.parametrize("rel", WRITTEN_FILES + WRITTEN_DIRS)
@pytest.mark.parametrize("example", [False, True])
def test_a_dangling_link_anywhere_init_writes_is_refused(rel: str, example: bool, places: tuple[Path, Path],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    target, outside = places
    link = target / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside / "gone")
    before = tree(target)
    err = refused(target, capsys, *(["--example"] if example else []))
    assert f"“{link}”（指向不存在的位置）" in err and "是符号链接" in err and "什么都没有写入" in err
    assert tree(target) == before                       # nothing written beside the link
    assert list(outside.iterdir()) == []                # nor through it


@pytest.mark.parametrize("rel", WRITTEN_FILES)
def test_a_link_to_an_existing_file_is_refused(rel: str, places: tuple[Path, Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target, outside = places
    victim = outside / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    link = target / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(victim)
    before = tree(target)
    err = refused(target, capsys)
    assert f"“{link}”是符号链接" in err                  # not called dangling: it points at a file
    assert "指向不存在" not in err
    assert tree(target) == before
    assert victim.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("rel", WRITTEN_DIRS)
def test_a_link_to_an_existing_folder_is_refused(rel: str, places: tuple[Path, Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target, outside = places
    link = target / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    before = tree(target)
    err = refused(target, capsys)
    assert f"“{link}”是符号链接" in err
    assert tree(target) == before
    assert list(outside.iterdir()) == []


def test_every_link_is_named(places: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The reproduction of the issue: `.gitignore` and `.github` both dangling; both are named."""
    target, outside = places
    (target / ".gitignore").symlink_to(outside / "ignore")
    (target / ".github").symlink_to(outside / "github")
    err = refused(target, capsys)
    assert f"“{target / '.gitignore'}”（指向不存在的位置）、“{target / '.github'}”（指向不存在的位置）是符号链接" in err
    assert list(outside.iterdir()) == []


def test_a_link_init_would_not_write_is_left_alone(places: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Links elsewhere in the folder (a user's own) are no reason to refuse, and are not followed."""
    target, outside = places
    (target / "notes.md").symlink_to(outside / "gone")
    code, _, err = run_cli(["init", str(target)], capsys)
    assert code == 0, err
    assert os.readlink(target / "notes.md") == str(outside / "gone") and list(outside.iterdir()) == []


def test_a_dangling_link_as_the_target_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "repo"
    target.symlink_to(tmp_path / "gone")
    err = refused(target, capsys)
    assert f"“{target}”是指向不存在位置的符号链接" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo"]


def test_the_target_itself_may_be_a_link_to_a_folder(places: tuple[Path, Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The folder the user names is theirs to choose; only what init creates inside it is checked."""
    target, outside = places
    target.rmdir()
    target.symlink_to(outside, target_is_directory=True)
    code, _, err = run_cli(["init", str(target)], capsys)
    assert code == 0, err
    assert (outside / "shuili.yaml").is_file() and target.is_symlink()


def test_a_file_where_a_folder_goes_is_refused_before_writing(places: tuple[Path, Path],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    target, _ = places
    (target / ".github").write_text("not a folder\n", encoding="utf-8")
    err = refused(target, capsys)
    assert f"“{target / '.github'}”已存在且不是文件夹" in err
    assert tree(target) == {".github": "not a folder\n"}


def test_a_link_that_appears_while_writing_is_not_followed(tmp_path: Path) -> None:
    """The last line of defence: files are opened without following a final link."""
    from shuili_cli.core.init import LinkInTheWay, _make_dirs, _write

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(victim)
    with pytest.raises(OSError):
        _write(tmp_path / "link", b"overwritten")
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    (tmp_path / "dir-link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(LinkInTheWay, match="dir-link"):
        _make_dirs(tmp_path, "dir-link/sub")
    assert not (tmp_path / "elsewhere").exists()


# ----------------------------------------------------------------- CI templates that are safe to copy (item 14)

PIN = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}")
USES = re.compile(r"^\s*(?:- )?uses: (\S+)(.*)$", re.M)
ZIZMOR = shutil.which("zizmor", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
needs_zizmor = pytest.mark.skipif(ZIZMOR is None, reason="the zizmor binary is not installed (pip install -e '.[test]')")
SPEC = "git+https://github.com/owner/shuili@v0.1.0"
GOOD_SPECS = [SPEC, "git+https://git.example.cn:8443/group/sub/shuili.git@0123456789abcdef0123456789abcdef01234567",
              "git+https://gitee.com/o/shuili@release-1.2#egg=shuili"]
# value of SHUILI_PACKAGE -> what the CI step must say; none of them installs anything
BAD_SPECS = {
    "": "未设置 SHUILI_PACKAGE",
    "git+https://<代码托管地址>/<所有者>/shuili@v0.1.0": "仍是占位符",
    "shuili": "不会按包名从 PyPI 安装",
    "shuili==0.1.0": "不会按包名从 PyPI 安装",
    "git+https://github.com/owner/shuili": "不会按包名从 PyPI 安装",
    "git+https://user@github.com/owner/shuili": "不会按包名从 PyPI 安装",
    "https://github.com/owner/shuili@v0.1.0": "不会按包名从 PyPI 安装",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Repositories made without and with ``--package``."""
    from shuili_cli.core.init import create

    base = tmp_path_factory.mktemp("ci")
    create(base / "plain", example=False)
    create(base / "pinned", example=False, package=SPEC)
    return {"plain": base / "plain", "pinned": base / "pinned"}


def zizmor(path: Path, tmp_path: Path) -> list[dict[str, Any]]:
    assert ZIZMOR is not None
    proc = subprocess.run([ZIZMOR, "--offline", "--no-ignores", "--no-config", "--format", "json",
                           "--cache-dir", str(tmp_path / "zizmor-cache"), str(path)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0 or proc.returncode >= 10, proc.stderr   # 1, 2: zizmor itself failed
    findings: list[dict[str, Any]] = json.loads(proc.stdout)
    return findings


def at_least_medium(findings: list[dict[str, Any]]) -> list[str]:
    return [f"{f['ident']} ({f['determinations']['severity']})" for f in findings
            if f["determinations"]["severity"] in ("Medium", "High")]


@needs_zizmor
@pytest.mark.parametrize("which", ["plain", "pinned", "action"])
def test_zizmor_reports_nothing_at_medium_or_above(which: str, generated: dict[str, Path], tmp_path: Path) -> None:
    path = PROJECT / "action.yml" if which == "action" else generated[which] / ".github/workflows/shuili.yml"
    assert at_least_medium(zizmor(path, tmp_path)) == []


@needs_zizmor
def test_zizmor_catches_what_the_old_workflow_did(tmp_path: Path) -> None:
    """The linter is really looking: the old template's injection, tags and permissions are found."""
    old = tmp_path / ".github/workflows/old.yml"
    old.parent.mkdir(parents=True)
    old.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v4\n"
                   "      - run: shuili diff \"origin/${{ github.base_ref }}\"\n", encoding="utf-8")
    found = at_least_medium(zizmor(old, tmp_path))
    assert {"template-injection (High)", "unpinned-uses (High)", "excessive-permissions (Medium)"} <= set(found)


@pytest.mark.parametrize("path", [".github/workflows/shuili.yml", "../action.yml"])
def test_third_party_actions_are_pinned_to_commits(path: str, generated: dict[str, Path]) -> None:
    text = (PROJECT / "action.yml" if path == "../action.yml" else generated["plain"] / path).read_text(encoding="utf-8")
    uses = USES.findall(text)
    assert uses
    for ref, comment in uses:
        assert PIN.fullmatch(ref), ref
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (ref, comment)   # the release the commit is


def test_workflow_permissions_and_no_expression_in_scripts(generated: dict[str, Path]) -> None:
    doc = workflow(generated["plain"])
    assert doc["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for name, job in doc["jobs"].items() if name != "pages")
    assert doc["jobs"]["pages"]["permissions"] == {"pages": "write", "id-token": "write"}   # deploy-pages only
    steps = doc["jobs"]["validate"]["steps"]
    assert steps[0]["with"]["persist-credentials"] is False
    for s in steps:
        assert "${{" not in s.get("run", ""), s["name"]
    diff = step(doc, "变更审阅")
    assert diff["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert diff["run"].startswith('shuili diff "origin/$BASE_REF" ')


def test_templates_never_fall_back_to_pypi(generated: dict[str, Path]) -> None:
    for name in (".github/workflows/shuili.yml", ".gitlab-ci.yml"):
        text = (generated["plain"] / name).read_text(encoding="utf-8")
        assert "|| 'shuili'" not in text and ":-shuili}" not in text and "install shuili" not in text, name
    assert "SHUILI_PACKAGE" not in yaml.safe_load((generated["plain"] / ".gitlab-ci.yml").read_text(encoding="utf-8"))[
        "shuili"]["variables"]


def test_package_is_written_into_both_templates(generated: dict[str, Path]) -> None:
    root = generated["pinned"]
    assert step(workflow(root), "安装 shuili")["env"] == {"SHUILI_PACKAGE": SPEC}
    gitlab = yaml.safe_load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["shuili"]["variables"]["SHUILI_PACKAGE"] == SPEC


def install_scripts(root: Path) -> dict[str, tuple[str, str | None]]:
    """Shell -> (the install script of each template, the SHUILI_PACKAGE it sets itself)."""
    install = step(workflow(root), "安装 shuili")
    env = install["env"]["SHUILI_PACKAGE"]
    gitlab = yaml.safe_load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))["shuili"]
    lines = gitlab["script"]
    script = "\n".join(lines[: next(i for i, line in enumerate(lines) if "pip install" in line) + 1])
    return {"bash": (install["run"], None if "${{" in env else env),
            "sh": (script, gitlab["variables"].get("SHUILI_PACKAGE"))}


def run_install(script: str, shell: str, value: str | None, tmp_path: Path) -> tuple[int, str, list[str]]:
    """Run an install script with a fake ``python`` that records what it was asked to install."""
    bin_dir, record = tmp_path / "bin", tmp_path / "installed.txt"
    bin_dir.mkdir(exist_ok=True)
    record.unlink(missing_ok=True)
    fake = bin_dir / "python"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.defpath}"}
    if value is not None:
        env["SHUILI_PACKAGE"] = value
    proc = subprocess.run([shell, "-e", "-c", script], env=env, capture_output=True, text=True, timeout=30, check=False)
    installed = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
    return proc.returncode, proc.stdout + proc.stderr, installed


@pytest.mark.parametrize("shell", ["bash", "sh"])
@pytest.mark.parametrize("value", [*BAD_SPECS, None])
def test_an_unset_or_unpinned_package_fails_clearly(shell: str, value: str | None, generated: dict[str, Path],
                                                    tmp_path: Path) -> None:
    script, own = install_scripts(generated["plain"])[shell]
    assert own is None
    code, output, installed = run_install(script, shell, value, tmp_path)
    assert (code, installed) == (1, [])
    assert BAD_SPECS[value or ""] in output


@pytest.mark.parametrize("shell", ["bash", "sh"])
@pytest.mark.parametrize("value", GOOD_SPECS)
def test_a_pinned_git_url_is_installed(shell: str, value: str, generated: dict[str, Path], tmp_path: Path) -> None:
    from shuili_cli.core.init import check_package

    assert check_package(value) == value                 # init --package and the CI check agree
    script, _ = install_scripts(generated["plain"])[shell]
    assert run_install(script, shell, value, tmp_path) == (0, "", ["-m", "pip", "install", value])


@pytest.mark.parametrize("shell", ["bash", "sh"])
def test_the_package_written_by_init_is_installed(shell: str, generated: dict[str, Path], tmp_path: Path) -> None:
    script, own = install_scripts(generated["pinned"])[shell]
    assert own == SPEC
    assert run_install(script, shell, own, tmp_path)[2] == ["-m", "pip", "install", SPEC]


@pytest.mark.parametrize("spec", [*(s for s in BAD_SPECS if s), f"{SPEC}\"; rm -rf ~", f"{SPEC} ", f"{SPEC}\n",
                                  "git+https://github.com/owner/shuili@$(id)", "git+https://github.com/o/shuili@${{x}}"])
def test_init_refuses_a_package_that_is_not_a_pinned_git_url(spec: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["init", str(tmp_path / "repo"), "--package", spec], capsys)
    assert code == 2 and out == ""
    assert "--package 的值" in err and "git+https://<代码托管地址>/<所有者>/shuili@<发布标签或提交>" in err
    assert not (tmp_path / "repo").exists()

