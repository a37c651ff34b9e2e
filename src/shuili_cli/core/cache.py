"""Content-addressed cache of per-file results.

An entry is keyed by the SHA-1 of the code that produced it, the file's role,
path and bytes, so it can never be stale; deleting the folder is always safe.

The cache lives outside the data repository (``$SHUILI_CACHE_DIR``, else
``$XDG_CACHE_HOME/shuili``, else ``~/.cache/shuili``): data arrive in pull
requests, and a cache committed into the repository could otherwise dictate
the result of a validation. Entries are shared between repositories (the key
holds the path and content); each repository has its own stat index.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

_FORMAT = 1
# The modules whose code decides a cached result (per file, or a whole repository's findings).
_PER_FILE_MODULES = ("yamlio", "pipeline", "pydantic_map", "facts", "findings", "layout", "loader", "repository")


@cache
def code_salt() -> bytes:
    """A digest of the package's core sources: new code, new keys."""
    h = hashlib.sha1(f"shuili-cache-{_FORMAT}".encode())
    core = Path(__file__).resolve().parent
    sources = [core / f"{name}.py" for name in _PER_FILE_MODULES]
    sources += sorted((core / "models").glob("*.py")) + sorted((core / "rules").glob("*.py"))
    for path in sources:
        h.update(path.relative_to(core).as_posix().encode())
        h.update(path.read_bytes())
    return h.digest()


def default_dir() -> Path:
    env = os.environ.get("SHUILI_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "shuili"


def key_for(role: str, rel: str, raw: bytes) -> str:
    h = hashlib.sha1(code_salt())
    h.update(f"\0{role}\0{rel}\0".encode())
    h.update(raw)
    return h.hexdigest()


class ResultCache:
    """Entries under ``<dir>/v1/<2 hex>/<40 hex>``, written atomically."""

    def __init__(self, directory: Path, root: Path | None = None) -> None:
        self.dir = directory
        self.base = directory / f"v{_FORMAT}"
        self.enabled = True
        self._stamp = 0
        where = str(root.resolve()) if root is not None else ""
        self._index_name = "index-" + hashlib.sha1(where.encode("utf-8", "surrogateescape")).hexdigest()[:20]

    @classmethod
    def for_repo(cls, root: Path, override: Path | None = None) -> ResultCache:
        return cls(override or default_dir(), root)

    def get(self, key: str, size: int | None = None) -> Any:
        """The entry, or None (missing, unreadable, or not of ``size`` items)."""
        try:
            with open(self.base / key[:2] / key, "rb") as fh:
                value = marshal.loads(fh.read())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if size is not None and (not isinstance(value, tuple) or len(value) != size):
            return None
        return value

    def put(self, key: str, value: Any) -> None:
        if not self.enabled:
            return
        try:
            blob = marshal.dumps(value)
            folder = self.base / key[:2]
            if not folder.is_dir():
                self._prepare()
                folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, folder / key)
        except (OSError, ValueError):
            self.enabled = False  # read-only checkout or full disk: run uncached

    # ------------------------------------------------------------ stat index
    # Like git's index: a file whose size, mtime and inode are unchanged since
    # the last run keeps its key without being read again. Entries younger than
    # the index itself ("racy") are always re-read.

    def load_index(self) -> dict[str, tuple[int, int, int, str]]:
        try:
            with open(self.base / self._index_name, "rb") as fh:
                salt, stamp, entries = marshal.loads(fh.read())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if salt != code_salt():
            return {}  # keys made by other code
        self._stamp = stamp
        return entries  # type: ignore[no-any-return]

    def fresh(self, entry: tuple[int, int, int, str] | None, st: os.stat_result) -> str | None:
        if entry is None:
            return None
        size, mtime, ino, key = entry
        if size == st.st_size and mtime == st.st_mtime_ns and ino == st.st_ino and mtime < self._stamp - 2_000_000_000:
            return key
        return None

    def save_index(self, entries: dict[str, tuple[int, int, int, str]]) -> None:
        if not self.enabled:
            return
        import time

        try:
            self._prepare()
            self.base.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.base, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps((code_salt(), time.time_ns(), entries)))
            os.replace(tmp, self.base / self._index_name)
        except (OSError, ValueError):
            self.enabled = False

    def _prepare(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        readme = self.dir / "README.txt"
        if not readme.exists():
            readme.write_text("shuili 的解析缓存（按内容哈希），可随时删除。\n", encoding="utf-8")
