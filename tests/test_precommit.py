"""The pre-commit hook: pre-commit itself accepts the definitions, and the entry is a real command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from tests.conftest import run_cli

clientlib = pytest.importorskip("pre_commit.clientlib")

PROJECT = Path(__file__).parents[1]
HOOKS = PROJECT / ".pre-commit-hooks.yaml"


@pytest.fixture(scope="module")
def new_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from shuili_cli.core.init import create

    root = tmp_path_factory.mktemp("precommit") / "repo"
    create(root, example=False)
    return root


def _check_hook(hook: dict[str, object]) -> None:
    assert hook["id"] == "shuili-validate"
    assert hook["pass_filenames"] is False
    assert hook["entry"] == "shuili validate"
    files = re.compile(str(hook["files"]))
    for rel in ("shuili.yaml", "enterprises/a/hazards/2023.yaml", "enterprises/a/risks.yml", "bureau/notes/2023-05.md"):
        assert files.search(rel), rel
    assert not files.search("enterprises/a/attachments/photo.jpg")


def test_manifest_is_accepted_by_pre_commit() -> None:
    hooks = clientlib.load_manifest(str(HOOKS))
    assert [h["id"] for h in hooks] == ["shuili-validate"]
    _check_hook(hooks[0])
    assert hooks[0]["language"] == "python"   # installs this package, which provides the entry


def test_generated_config_is_accepted_by_pre_commit(new_repo: Path) -> None:
    config = clientlib.load_config(str(new_repo / ".pre-commit-config.yaml"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    assert [h["id"] for h in hooks] == ["shuili-validate"]
    assert config["repos"][0]["repo"] == "local"
    _check_hook(hooks[0])
    # pre-commit 4 reads the deprecated ``system`` as ``unsupported``: either runs the command from PATH
    assert hooks[0]["language"] in ("system", "unsupported")


def test_entry_is_a_real_command(new_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program, command = clientlib.load_manifest(str(HOOKS))[0]["entry"].split()
    scripts = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts[program] == "shuili_cli.cli.app:main"
    code, out, _ = run_cli([command, "--help"], capsys)
    assert code == 0 and "--changed-since" in out
    # the installed console script, run as pre-commit would (no file names), in the repository
    exe = Path(sys.executable).parent / program
    if not exe.exists():
        pytest.skip("console script not installed next to the interpreter")
    proc = subprocess.run([str(exe), command], cwd=new_repo, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 个错误" in proc.stdout
