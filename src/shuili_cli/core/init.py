"""``shuili init``: a new data repository, with CI files and (optionally) the demo county."""

from __future__ import annotations

import os
import re
import shutil
from importlib import resources
from pathlib import Path

from shuili_cli.core.resources import project_dir

MODELINE = re.compile(r"^(# yaml-language-server: \$schema=)(\S+)", re.M)

_CI_FILES = {
    ".gitignore": "gitignore",
    ".github/workflows/shuili.yml": "github-workflow.yml",
    ".gitlab-ci.yml": "gitlab-ci.yml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
}
_SKELETON = {
    "shuili.yaml": "shuili.yaml",
    "bureau/documents.yaml": "documents.yaml",
    "bureau/assessments.yaml": "assessments.yaml",
}
_EMPTY_DIRS = ("enterprises", "bureau/enforcement", "bureau/notes")


class AlreadyARepository(Exception):
    """The target already holds a data repository (a usage error)."""


def _template(name: str) -> str:
    return resources.files("shuili_cli").joinpath("init_templates", name).read_text(encoding="utf-8")


def _point_modeline(text: str, file: Path, schemas: Path) -> str:
    """Rewrite the first-line schema reference to the repository's own ``schemas/``."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(2).rsplit("/", 1)[-1]
        return m.group(1) + Path(os.path.relpath(schemas / name, file.parent)).as_posix()

    return MODELINE.sub(repl, text, count=1)


def create(target: Path, *, example: bool) -> list[Path]:
    """Create the repository; return the files written. Never overwrites a repository."""
    for marker in ("shuili.yaml", "enterprises", "bureau"):
        if (target / marker).exists():
            raise AlreadyARepository(f"“{target}”中已有 {marker}，不会覆盖已有的数据仓库")
    if target.exists() and not target.is_dir():
        raise AlreadyARepository(f"“{target}”已存在且不是文件夹")
    written: list[Path] = []
    target.mkdir(parents=True, exist_ok=True)
    schemas = target / "schemas"
    shutil.copytree(project_dir("schemas"), schemas, dirs_exist_ok=True)
    written += sorted(schemas.iterdir())
    if example:
        source = project_dir("data-template")
        for path in sorted(source.rglob("*")):
            if path.is_symlink() or not path.is_file() or ".shuili-cache" in path.parts:
                continue
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix in (".yaml", ".yml"):
                dest.write_text(_point_modeline(path.read_text(encoding="utf-8"), dest, schemas), encoding="utf-8")
            else:
                shutil.copyfile(path, dest)
            written.append(dest)
    else:
        for rel, name in _SKELETON.items():
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(_template(name), encoding="utf-8")
            written.append(dest)
        for rel in _EMPTY_DIRS:
            (target / rel).mkdir(parents=True, exist_ok=True)
            keep = target / rel / ".gitkeep"
            keep.touch()
            written.append(keep)
    for rel, name in _CI_FILES.items():
        dest = target / rel
        if dest.exists():
            continue  # an existing .gitignore or workflow of the user's is kept as it is
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(_template(name), encoding="utf-8")
        written.append(dest)
    return written
