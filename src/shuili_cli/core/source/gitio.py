"""Reading the repository at a git revision, without touching the checkout.

A revision is read from git's objects (``git ls-tree`` and ``git cat-file --batch``) into
a temporary folder and loaded like any repository; unchanged files hit the content-hash
cache, so only the files a change touches are parsed again. The bytes are the blobs'
bytes: ``.gitattributes`` (``export-ignore``, ``export-subst``, ``ident``, filters,
end-of-line conversion) never changes what is read, as it would through ``git archive``
or a checkout.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

CHUNK = 1 << 16
LINK_MAX = 4096          # longer link targets are not real paths: the link is made to a placeholder
FILE_MODE = b"100"       # 100644, 100755 and the modes of old or hand-made trees: a regular file
LINK_MODE = b"120000"    # a symbolic link; 160000 (a submodule's commit) is left out

SHALLOW_HINT = ("请获取完整历史后再比较：在本地运行 git fetch --unshallow；GitHub Actions 中给 actions/checkout "
                "设置 fetch-depth: 0；GitLab CI 中设置变量 GIT_DEPTH: 0")


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
    ``base`` itself when the two share no history. A shallow clone whose history stops
    before the branch point is a usage error: comparing with ``base`` would show base's
    own later changes as the branch's."""
    top = toplevel(root)
    base_commit = verify(root, base)
    head_commit = verify(root, head or "HEAD") if head is not None or _has_head(top) else None
    if head_commit is None:
        return base_commit
    try:
        found = _git(top, "merge-base", base_commit, head_commit).decode().strip()
    except GitProblem:
        found = ""
    if found:
        return found
    if is_shallow(top):
        raise GitProblem(f"这是浅克隆（shallow clone），本地历史中找不到“{base}”与“{head or 'HEAD'}”的分叉点"
                         f"（merge-base），无法确定这个分支改了什么。{SHALLOW_HINT}")
    return base_commit  # unrelated histories: compare with base itself


def is_shallow(top: Path) -> bool:
    """Whether the clone's history is cut off (``git clone --depth``)."""
    try:
        return _git(top, "rev-parse", "--is-shallow-repository").strip() == b"true"
    except GitProblem:  # git before 2.15: look for the list of cut-off commits
        shallow = _git(top, "rev-parse", "--git-path", "shallow").decode("utf-8", "surrogateescape").strip()
        return (top / shallow).is_file()


def _has_head(top: Path) -> bool:
    try:
        _git(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitProblem:
        return False
    return True


def export(root: Path, rev: str, dest: Path) -> Path:
    """Write the data repository as it was at ``rev`` under ``dest``; return its root there.

    Files hold exactly their blobs' bytes. A revision from before the repository existed
    gives an empty folder. Symbolic links are recreated as links (the loader reports and
    never follows them, as in the work tree), submodules are left out, and nothing is
    written outside ``dest`` or through a link. Blobs are streamed: memory does not grow
    with the size of a file or of the tree.
    """
    top = toplevel(root)
    commit = verify(root, rev)
    prefix = root.resolve().relative_to(top).as_posix()
    sub = prefix not in ("", ".")
    out = dest / prefix if sub else dest
    out.mkdir(parents=True, exist_ok=True)
    tree = f"{commit}:{prefix}" if sub else commit
    if sub and _object_type(top, tree) != "tree":
        return out  # the data folder did not exist yet at that revision
    inside = os.path.realpath(out)
    with tempfile.TemporaryFile() as errors, subprocess.Popen(
        ["git", "ls-tree", "-r", "-z", "--full-tree", tree], cwd=top, stdout=subprocess.PIPE, stderr=errors,
    ) as listing, _Blobs(top) as blobs:
        assert listing.stdout is not None
        try:
            for mode, oid, name in _entries(listing.stdout):
                if mode.startswith(FILE_MODE) or mode == LINK_MODE:
                    _write(blobs, oid, name, out, inside, link=mode == LINK_MODE)
        except OSError as exc:
            raise GitProblem(f"无法把版本 {rev} 写入临时文件夹“{dest}”（{exc.strerror or exc}）；"
                             "请检查磁盘空间，或用环境变量 TMPDIR 指定其他临时文件夹") from None
        listing.wait()
        if listing.returncode != 0:
            errors.seek(0)
            raise GitProblem(errors.read().decode("utf-8", "replace").strip() or "git ls-tree 失败")
    return out


def _object_type(top: Path, spec: str) -> str | None:
    try:
        return _git(top, "cat-file", "-t", spec).decode().strip()
    except GitProblem:
        return None


def _entries(stream: IO[bytes]) -> Iterator[tuple[bytes, bytes, bytes]]:
    """``(mode, object id, path)`` of each ``git ls-tree -z`` record, read as they come."""
    pending = b""
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return
        pending += chunk
        *records, pending = pending.split(b"\0")
        for record in records:
            meta, _, name = record.partition(b"\t")
            parts = meta.split(b" ")
            if len(parts) == 3 and name:
                yield parts[0], parts[2], name


class _Blobs:
    """One ``git cat-file --batch`` process: ask for one object, stream its bytes out."""

    def __init__(self, top: Path) -> None:
        self.proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=top, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def __enter__(self) -> _Blobs:
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.kill()
        self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def chunks(self, oid: bytes) -> Iterator[bytes]:
        """The blob's bytes in pieces; every piece must be consumed before the next request."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(oid + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise GitProblem(f"git 对象 {oid.decode('ascii', 'replace')} 无法读取（仓库可能不完整）")
        left = int(header[2])
        while left > 0:
            piece = self.proc.stdout.read(min(CHUNK, left))
            if not piece:
                raise GitProblem("git cat-file 意外结束")
            left -= len(piece)
            yield piece
        self.proc.stdout.read(1)  # the newline after the contents


def _write(blobs: _Blobs, oid: bytes, name: bytes, out: Path, inside: str, *, link: bool) -> None:
    """One tree entry as a file or link under ``out``; an entry that would leave it, go
    through a link, or replace another is skipped (its bytes are still read past)."""
    target = _place(name, out, inside)
    if link:
        data = b"".join(_bounded(blobs.chunks(oid), LINK_MAX + 1))
        if target is not None:
            _symlink(os.fsdecode(data) if len(data) <= LINK_MAX else "…", target)
        return
    fh = None
    if target is not None:
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
            fh = os.fdopen(fd, "wb")
        except OSError:
            fh = None  # a name this file system cannot hold: not representable in a checkout either
    try:
        for piece in blobs.chunks(oid):
            if fh is not None:
                fh.write(piece)
    finally:
        if fh is not None:
            fh.close()


def _place(name: bytes, out: Path, inside: str) -> Path | None:
    """Where a tree entry goes, with its folder made; None when it must not be written."""
    parts = name.split(b"/")
    if any(p in (b"", b".", b"..") or p.lower() == b".git" for p in parts):
        return None
    target = out.joinpath(*(os.fsdecode(p) for p in parts))
    real = os.path.realpath(target.parent)  # before making folders: never make them through a link
    if not (real == inside or real.startswith(inside + os.sep)) or os.path.lexists(target):
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a file stands where the folder would be
    return target


def _symlink(to: str, target: Path) -> None:
    for link in (to, "…"):  # a target the system refuses becomes a placeholder: still a link, still reported
        try:
            os.symlink(link, target)
            return
        except (OSError, ValueError):
            continue


def _bounded(pieces: Iterator[bytes], limit: int) -> Iterator[bytes]:
    """The first ``limit`` bytes of ``pieces``; the rest is read and dropped."""
    for piece in pieces:
        if limit > 0:
            yield piece[:limit]
            limit -= len(piece)
