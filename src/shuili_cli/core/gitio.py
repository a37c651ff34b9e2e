"""Reading the repository at a git revision, without touching the checkout.

A revision is exported with ``git archive`` into a temporary folder and loaded
like any repository; unchanged files hit the content-hash cache, so only the
files a change touches are parsed again.
"""

from __future__ import annotations

import os
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


def merge_base(root: Path, base: str, head: str | None) -> str:
    """Where ``head`` (default: HEAD) branched off ``base``, like ``git diff base...head``;
    ``base`` itself when the two share no history."""
    top = toplevel(root)
    base_commit = verify(root, base)
    head_commit = verify(root, head or "HEAD") if head is not None or _has_head(top) else None
    if head_commit is None:
        return base_commit
    try:
        return _git(top, "merge-base", base_commit, head_commit).decode().strip() or base_commit
    except GitProblem:
        return base_commit


def _has_head(top: Path) -> bool:
    try:
        _git(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitProblem:
        return False
    return True


def export(root: Path, rev: str, dest: Path) -> Path:
    """Write the data repository as it was at ``rev`` under ``dest``; return its root there.

    A revision from before the repository existed gives an empty folder. Symbolic links are
    recreated as links (the loader reports and never follows them, as in the work tree), and
    nothing is written outside ``dest`` or through a link.
    """
    top = toplevel(root)
    commit = verify(root, rev)
    prefix = root.resolve().relative_to(top).as_posix()
    out = dest / prefix if prefix not in ("", ".") else dest
    out.mkdir(parents=True, exist_ok=True)
    if prefix not in ("", ".") and not _exists(top, commit, prefix):
        return out  # the data folder did not exist yet at that revision
    args = ["git", "archive", "--format=tar", commit, *(["--", prefix] if prefix not in ("", ".") else [])]
    inside = os.path.realpath(dest)
    # Stream the archive: a large repository is never held in memory whole.
    with subprocess.Popen(args, cwd=top, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        try:
            with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
                for member in tar:
                    _extract(tar, member, dest, inside)
        except tarfile.ReadError:
            pass  # an empty archive; the exit status below says whether git failed
        error = proc.stderr.read() if proc.stderr is not None else b""
    if proc.returncode != 0:
        raise GitProblem(error.decode("utf-8", "replace").strip() or "git archive 失败")
    return out


def _exists(top: Path, commit: str, path: str) -> bool:
    try:
        _git(top, "cat-file", "-e", f"{commit}:{path}")
    except GitProblem:
        return False
    return True


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, dest: Path, inside: str) -> None:
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts:
        return
    target = dest / path
    if not os.path.realpath(target.parent).startswith(inside):
        return  # would go through a link
    if member.isdir():
        target.mkdir(parents=True, exist_ok=True)
    elif member.issym():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(member.linkname, target)
    elif member.isfile():
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        if source is not None:
            with open(target, "xb") as fh:
                fh.write(source.read())


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
