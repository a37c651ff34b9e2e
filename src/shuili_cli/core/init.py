"""``shuili init``: a new data repository, with CI files and (optionally) the demo county.

Everything to be written is planned first and checked, so that a refusal writes nothing: no path
``init`` would write, nor any folder on the way to it, may be a symbolic link (dangling or not).
Files are then written with ``source.atomic_file.write_atomic``, which refuses a link that appears meanwhile.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path, PurePosixPath

from shuili_cli.core.resources import project_dir
from shuili_cli.core.source.atomic_file import write_atomic

MODELINE = re.compile(r"^(# yaml-language-server: \$schema=)(\S+)", re.M)

# A pip requirement that pins this project by git URL and tag or commit, e.g.
# git+https://github.com/owner/shuili@v0.1.0. Its characters are safe in a double-quoted YAML
# scalar and in a quoted shell word (no quotes, backslash, $, backtick, blank or control character).
PACKAGE = re.compile(
    r"git\+https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%+-]+)+"
    r"@[A-Za-z0-9][A-Za-z0-9._+-]*(?:#[A-Za-z0-9._=&-]+)?"
)
PACKAGE_FORM = "git+https://<代码托管地址>/<所有者>/shuili@<发布标签或提交>"
# The line of each CI template that ``--package`` replaces with ``SHUILI_PACKAGE: "<spec>"``.
PACKAGE_LINES = {
    "github-workflow.yml": "SHUILI_PACKAGE: ${{ vars.SHUILI_PACKAGE }}",
    "gitlab-ci.yml": f'# SHUILI_PACKAGE: "{PACKAGE_FORM}"',
}

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


class InitRefused(Exception):
    """A usage error found before anything was written."""


class AlreadyARepository(InitRefused):
    """The target already holds a data repository."""


class LinkInTheWay(InitRefused):
    """A path init would write, or a folder on the way to it, is a symbolic link."""


class BadPackage(InitRefused):
    """``--package`` is not a git URL pinned to a tag or commit."""


def check_package(spec: str) -> str:
    """The package spec for the CI files, or :class:`BadPackage`."""
    if PACKAGE.fullmatch(spec) is None:
        raise BadPackage(
            f"--package 的值“{spec}”不是固定到发布标签或提交的 git 地址；应为 {PACKAGE_FORM}，"
            "例如 git+https://github.com/<所有者>/shuili@v0.1.0（不会按包名从 PyPI 安装）"
        )
    return spec


def _template(name: str, package: str | None = None) -> str:
    text = resources.files("shuili_cli").joinpath("init_templates", name).read_text(encoding="utf-8")
    line = PACKAGE_LINES.get(name)
    if package is not None and line is not None:
        assert text.count(line) == 1, name
        text = text.replace(line, f'SHUILI_PACKAGE: "{package}"')
    return text


def _point_modeline(text: str, file: Path, schemas: Path) -> str:
    """Rewrite the first-line schema reference to the repository's own ``schemas/``."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(2).rsplit("/", 1)[-1]
        return m.group(1) + Path(os.path.relpath(schemas / name, file.parent)).as_posix()

    return MODELINE.sub(repl, text, count=1)


def _data_files(target: Path, *, example: bool) -> dict[str, bytes]:
    """Relative path -> content of the schemas and the data (skeleton or demo county)."""
    files: dict[str, bytes] = {}
    schemas = target / "schemas"
    for path in sorted(project_dir("schemas").iterdir()):
        if path.is_file() and not path.is_symlink():
            files[f"schemas/{path.name}"] = path.read_bytes()
    if example:
        source = project_dir("data-template")
        for path in sorted(source.rglob("*")):
            if path.is_symlink() or not path.is_file() or ".shuili-cache" in path.parts:
                continue
            rel = path.relative_to(source).as_posix()
            if path.suffix in (".yaml", ".yml"):
                text = _point_modeline(path.read_text(encoding="utf-8"), target / rel, schemas)
                files[rel] = text.encode("utf-8")
            else:
                files[rel] = path.read_bytes()
    else:
        for rel, name in _SKELETON.items():
            files[rel] = _template(name).encode("utf-8")
        for rel in _EMPTY_DIRS:
            files[f"{rel}/.gitkeep"] = b""
    return files


def _check_paths(target: Path, rels: list[str], files: set[str]) -> None:
    """Refuse links and non-folders on every path to be written; nothing is written yet."""
    links: list[str] = []
    seen: set[str] = set()
    for rel in rels:
        parts = PurePosixPath(rel).parts
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub in seen:
                continue
            seen.add(sub)
            path = target / sub
            if path.is_symlink():
                links.append(f"“{path}”" + ("（指向不存在的位置）" if not path.exists() else ""))
            elif sub not in files and path.exists() and not path.is_dir():
                raise AlreadyARepository(f"“{path}”已存在且不是文件夹，shuili init 需要在这里建文件夹")
            elif sub in files and path.is_dir():
                raise AlreadyARepository(f"“{path}”是文件夹，shuili init 需要在这里写文件")
    if links:
        raise LinkInTheWay(
            f"{'、'.join(links)}是符号链接。shuili init 不会通过链接写入任何文件，"
            "请删除或改名这些链接后重试（什么都没有写入）"
        )


def _make_dirs(target: Path, rel: str) -> None:
    path = target
    for part in PurePosixPath(rel).parts:
        path = path / part
        try:
            path.mkdir()
        except FileExistsError:
            if path.is_symlink() or not path.is_dir():
                raise LinkInTheWay(f"“{path}”在 shuili init 运行时变成了符号链接或文件，已停止写入") from None


def _write(path: Path, data: bytes) -> None:
    """Atomically; a link that appeared at ``path`` raises ``TargetIsALink`` (an OSError, as O_NOFOLLOW did)."""
    write_atomic(path, data, fsync=False)


def create(target: Path, *, example: bool, package: str | None = None) -> list[Path]:
    """Create the repository; return the files written. Never overwrites a repository.

    ``package`` (a git URL pinned to a tag or commit) is written into the CI files as
    ``SHUILI_PACKAGE``; without it the CI files fail until the variable is set.
    """
    if package is not None:
        package = check_package(package)
    for marker in ("shuili.yaml", "enterprises", "bureau"):
        if (target / marker).exists() and not (target / marker).is_symlink():  # links: _check_paths
            raise AlreadyARepository(f"“{target}”中已有 {marker}，不会覆盖已有的数据仓库")
    if target.is_symlink() and not target.exists():
        raise LinkInTheWay(f"“{target}”是指向不存在位置的符号链接，shuili init 不会通过它写入")
    if target.exists() and not target.is_dir():
        raise AlreadyARepository(f"“{target}”已存在且不是文件夹")
    files = _data_files(target, example=example)
    dirs = [] if example else list(_EMPTY_DIRS)
    _check_paths(target, [*files, *dirs, *_CI_FILES], set(files) | set(_CI_FILES))
    for rel, name in _CI_FILES.items():
        if not (target / rel).exists():  # an existing .gitignore or workflow of the user's is kept as it is
            files[rel] = _template(name, package).encode("utf-8")
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for rel in dirs:
        _make_dirs(target, rel)
    for rel, data in files.items():
        parent = PurePosixPath(rel).parent
        if parent.parts:
            _make_dirs(target, str(parent))
        _write(target / rel, data)
        written.append(target / rel)
    return written
