"""report-templates/, schemas/ and data-template/ ship as package data (pyproject.toml, no setup.py)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from shuili_cli.core import resources
from shuili_cli.core.resources import project_dir

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
FOLDERS = ("report-templates", "schemas", "data-template")


def _files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    }


def _src_packages() -> set[str]:
    return {".".join(p.parent.relative_to(SRC).parts) for p in SRC.rglob("__init__.py")}


def test_setup_py_is_gone_and_pyproject_lists_every_package() -> None:
    assert not (ROOT / "setup.py").exists()
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    shipped = {f"shuili_cli._share.{name.replace('-', '_')}" for name in FOLDERS}
    assert set(config["packages"]) == _src_packages() | shipped, "add the new sub-package to [tool.setuptools] packages"
    for name in FOLDERS:
        assert config["package-dir"][f"shuili_cli._share.{name.replace('-', '_')}"] == name


def _can_build() -> str | None:
    if importlib.util.find_spec("setuptools") is None:
        return "setuptools is not installed in this environment"
    has_bdist_wheel = importlib.util.find_spec("setuptools.command.bdist_wheel") is not None
    if not has_bdist_wheel and importlib.util.find_spec("wheel") is None:
        return "neither the wheel package nor setuptools>=70.1 (bdist_wheel) is installed"
    return None


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    reason = _can_build()
    if reason:
        pytest.skip(f"cannot build a wheel offline: {reason}")
    tree = tmp_path_factory.mktemp("pkg-src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, tree / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("src", *FOLDERS):
        shutil.copytree(ROOT / name, tree / name, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), "."]
    done = subprocess.run(cmd, cwd=tree, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = out.glob("shuili-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


@pytest.mark.parametrize("name", FOLDERS)
def test_wheel_ships_the_folder(wheel_names: set[str], name: str) -> None:
    expected = _files(ROOT / name)
    assert expected, name
    prefix = f"shuili_cli/_share/{name.replace('-', '_')}/"
    shipped = {n[len(prefix):] for n in wheel_names if n.startswith(prefix)}
    assert shipped == expected


def test_wheel_ships_every_module(wheel_names: set[str]) -> None:
    modules = {p.relative_to(SRC).as_posix() for p in (SRC / "shuili_cli").rglob("*.py") if "__pycache__" not in p.parts}
    assert modules <= wheel_names
    assert "shuili_cli/py.typed" in wheel_names
    assert not [n for n in wheel_names if "__pycache__" in n or n.endswith(".pyc")]


def test_project_dir_from_source_or_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHUILI_SHARE", raising=False)
    for name in FOLDERS:
        found = project_dir(name)
        assert found.is_dir()
        assert _files(found) == _files(ROOT / name)


def test_project_dir_prefers_the_installed_package_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHUILI_SHARE", raising=False)
    (tmp_path / "_share" / "data_template").mkdir(parents=True)
    monkeypatch.setattr(resources.resources, "files", lambda package: tmp_path)
    assert project_dir("data-template") == tmp_path / "_share" / "data_template"
    assert project_dir("schemas") == ROOT / "schemas"


def test_shuili_share_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "schemas").mkdir()
    monkeypatch.setenv("SHUILI_SHARE", str(tmp_path))
    assert project_dir("schemas") == tmp_path / "schemas"
    # A folder the override lacks still comes from the package.
    assert _files(project_dir("report-templates")) == _files(ROOT / "report-templates")


def test_missing_folder_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHUILI_SHARE", raising=False)
    with pytest.raises(FileNotFoundError, match="请重新安装 shuili"):
        project_dir("no-such-folder")
