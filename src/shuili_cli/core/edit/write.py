"""``write_files``: put edited files in the repository, each atomically, never through a link.

Every path is checked before any file is written: it must stay inside the repository, and no
folder on the way nor the file itself may be a symbolic link (a pull request may carry
``enterprises/x/hazards -> /somewhere/else``). Missing folders are made one by one, each inside
a folder already checked. A file that existed keeps its permission bits.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from shuili_cli.core.edit.edits import EditError
from shuili_cli.core.source.atomic_file import write_temp


def _refuse(rel: str, why: str) -> EditError:
    return EditError(f"不能写入“{rel}”：{why}；没有写入任何文件")


def _parts(rel: str) -> tuple[str, ...]:
    path = PurePosixPath(rel)
    if not rel or path.is_absolute() or "\\" in rel or ":" in rel.split("/", 1)[0]:
        raise _refuse(rel, "路径必须是仓库内的相对路径（用 / 分隔）")
    parts = tuple(p for p in path.parts if p != ".")
    if ".." in parts:
        raise _refuse(rel, "路径不能离开仓库（不能含有“..”）")
    if not parts:
        raise _refuse(rel, "路径必须指向仓库内的一个文件")
    return parts


def _check(root: Path, rel: str) -> tuple[Path, list[Path], int | None]:
    """The target, the folders to make, and the target's permission bits (None: a new file)."""
    parts = _parts(rel)
    folder, missing = root, list[Path]()
    for part in parts[:-1]:
        folder = folder / part
        if missing:
            missing.append(folder)
            continue
        try:
            st = os.lstat(folder)
        except FileNotFoundError:
            missing.append(folder)
            continue
        if stat.S_ISLNK(st.st_mode):
            raise _refuse(rel, f"文件夹“{folder.relative_to(root).as_posix()}”是符号链接，不会通过它写入")
        if not stat.S_ISDIR(st.st_mode):
            raise _refuse(rel, f"“{folder.relative_to(root).as_posix()}”不是文件夹")
    target = folder / parts[-1]
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return target, missing, None
    if stat.S_ISLNK(st.st_mode):
        raise _refuse(rel, "它是符号链接，不会通过它写入")
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(rel, "它不是普通文件")
    return target, missing, stat.S_IMODE(st.st_mode)


def _make(folder: Path, rel: str) -> None:
    """Make ``folder`` (its parent is a real folder); one made already for another file is fine."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            raise EditError(f"写入“{rel}”时“{folder.name}”被同时改成了文件或链接；请重试") from None


def write_files(root: Path, files: Mapping[str, bytes]) -> None:
    """Write each repository-relative (posix) path atomically; refuse (``EditError``, nothing written)
    when any target or folder inside ``root`` is a symbolic link or the path leaves ``root``."""
    checked = [(rel, *_check(root, rel), data) for rel, data in files.items()]
    for rel, target, missing, mode, data in checked:
        try:
            for folder in missing:
                _make(folder, rel)
            tmp = write_temp(target.parent, data, prefix=f".{target.name}.", suffix=".tmp")
            try:
                if mode is not None:
                    os.chmod(tmp, mode)
                os.replace(tmp, target)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise EditError(f"写入“{rel}”失败：{exc.strerror or exc}") from None
