"""Validate a repository as it would be after an edit, before anything is written.

``import``, ``new`` and ``set`` compute the new bytes of the files they change, then call
:func:`check`: the files shuili reads are linked (hard links, or copies where the file system
cannot link) into a temporary folder, the changed files are written there instead, and that
folder is validated like any repository. The content-keyed cache is shared, so unchanged files
cost a hash. What the edit *introduced* (a finding the repository did not have before) blocks
the edit; problems that were already there are the user's to fix separately and do not.
The same staging copy gives the review (``shuili diff`` of the repository before and after).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from shuili_cli.core.findings import Finding
from shuili_cli.core.review.diff import DiffResult, compare_trees
from shuili_cli.core.source.cache import ResultCache
from shuili_cli.core.source.layout import SETTINGS_FILE, discover


@dataclass(frozen=True, slots=True)
class StageResult:
    introduced: tuple[Finding, ...]      # findings the edit would add (errors and warnings)
    review: DiffResult | None            # the change in safety terms (when asked for)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.introduced if f.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def _place(src: Path, dst: Path) -> None:
    """``dst`` gets the bytes of ``src``: a hard link when possible, else a copy. Never through a link."""
    st = os.lstat(src)
    if not stat.S_ISREG(st.st_mode) or os.path.lexists(dst):
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst, follow_symlinks=False)
    except (OSError, NotImplementedError):
        shutil.copyfile(src, dst, follow_symlinks=False)


def _inside(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"不是仓库内的相对路径：{rel}")
    return path


def _staging_copy(root: Path, files: Mapping[str, bytes], into: Path) -> None:
    found = discover(root)
    wanted = [f.rel for f in found.files] + list(found.notes.values())
    _place(root / SETTINGS_FILE, into / SETTINGS_FILE)
    for rel in found.enterprise_dirs:
        (into / "enterprises" / rel).mkdir(parents=True, exist_ok=True)
    for rel in wanted:
        if rel not in files:
            _place(root / rel, into / rel)
    for rel, data in files.items():
        target = into / _inside(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # a hard link: never write into the user's file
        target.write_bytes(data)


def check(root: Path, files: Mapping[str, bytes], *, today: date, review: bool = False,
          labels: tuple[str, str] = ("修改前", "修改后")) -> StageResult:
    """Validate ``root`` with ``files`` (repository-relative posix path -> new bytes) in place of
    its own; nothing in ``root`` is written (the shared cache excepted)."""
    cache_dir = ResultCache.for_repo(root).dir
    with tempfile.TemporaryDirectory(prefix="shuili-stage-") as tmp:
        staged = Path(tmp) / "repo"
        staged.mkdir()
        _staging_copy(root, files, staged)
        diff = compare_trees(root, staged, today=today, cache_dir=cache_dir, labels=labels,
                             base_is_export=False)
    return StageResult(tuple(diff.introduced), diff if review else None)


__all__ = ["StageResult", "check"]
