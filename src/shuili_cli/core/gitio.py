"""Reading the repository at a git revision, without touching the checkout.

A revision is exported with ``git archive`` into a temporary folder and loaded
like any repository; unchanged files hit the content-hash cache, so only the
files a change touches are parsed again.
"""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path, PurePosixPath


class GitProblem(Exception):
    """Not a git repository, or a revision git does not know (a usage error)."""


def _git(cwd: Path, *args: str) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitProblem("找不到 git 命令；请先安装 git") from None
    if proc.returncode != 0:
        raise GitProblem(proc.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} 失败")
    return proc.stdout


def toplevel(root: Path) -> Path:
    try:
        return Path(_git(root, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    except GitProblem:
        raise GitProblem(f"“{root}”不在 git 仓库中；比较版本需要 git 历史") from None


def verify(root: Path, rev: str) -> str:
    """The commit id of ``rev``."""
    if rev.startswith("-"):
        raise GitProblem(f"无效的版本“{rev}”")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitProblem:
        raise GitProblem(f"git 中没有版本“{rev}”；请检查分支名或提交号（浅克隆时需要 fetch-depth: 0）") from None


def export(root: Path, rev: str, dest: Path) -> Path:
    """Write the data repository as it was at ``rev`` under ``dest``; return its root there.

    Symbolic links in the archive are skipped (the loader would refuse them anyway),
    and no member may escape ``dest``.
    """
    top = toplevel(root)
    commit = verify(root, rev)
    prefix = root.resolve().relative_to(top).as_posix()
    args = ["git", "archive", "--format=tar", commit]
    if prefix not in ("", "."):
        args += ["--", prefix]
    dest.mkdir(parents=True, exist_ok=True)
    # Stream the archive: a large repository is never held in memory whole.
    with subprocess.Popen(args, cwd=top, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            for member in tar:
                path = PurePosixPath(member.name)
                if path.is_absolute() or ".." in path.parts:
                    continue
                if member.isdir():
                    (dest / path).mkdir(parents=True, exist_ok=True)
                elif member.isfile():
                    target = dest / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    source = tar.extractfile(member)
                    if source is not None:
                        target.write_bytes(source.read())
        error = proc.stderr.read() if proc.stderr is not None else b""
    if proc.returncode != 0:
        raise GitProblem(error.decode("utf-8", "replace").strip() or "git archive 失败")
    out = dest / prefix if prefix not in ("", ".") else dest
    out.mkdir(parents=True, exist_ok=True)
    return out


def changed_files(root: Path, rev: str) -> list[str]:
    """Files under ``root`` changed since ``rev`` (committed, staged, unstaged or untracked),
    relative to ``root``."""
    top = toplevel(root)
    commit = verify(root, rev)
    prefix = root.resolve().relative_to(top).as_posix()
    spec = ["--", prefix] if prefix not in ("", ".") else []
    names = _git(top, "diff", "--name-only", "-z", "--no-renames", commit, *spec).split(b"\0")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z", *spec).split(b"\0")
    out = set()
    for raw in names:
        if not raw:
            continue
        rel = raw.decode("utf-8", "surrogateescape")
        if prefix not in ("", "."):
            rel = PurePosixPath(rel).relative_to(prefix).as_posix()
        out.add(rel)
    return sorted(out)
