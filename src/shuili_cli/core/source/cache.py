"""Content-addressed cache of per-file results.

An entry is keyed by the SHA-1 of the code that produced it, the file's role,
path and bytes, so it can never be stale; deleting the folder is always safe.

The cache lives outside the data repository (``$SHUILI_CACHE_DIR``, else
``$XDG_CACHE_HOME/shuili``, else ``~/.cache/shuili``): data arrive in pull
requests, and a cache committed into the repository could otherwise dictate
the result of a validation. Entries are shared between repositories (the key
holds the path and content); each repository has its own stat index.

Nothing read back is trusted further than its shape: an entry or index that is
not exactly what this code writes (wrong types, a list for a tuple, a missing
item, a key that is not hex) is a miss, and the result is computed again.

Growth is bounded:

- A stat index is kept only for a real working tree; the caller says
  ``stat_index=False`` for a temporary export (``diff``), which would otherwise
  leave one index per run. At most ``MAX_INDEXES`` (64) index files are kept:
  saving one removes the least recently saved beyond that.
- Entries are pruned when a run has written some and the last pruning is more
  than an hour old: while they take more than ``ENTRY_BUDGET`` (1 GiB), the
  oldest written are removed first, down to three quarters of it. Entries made
  by older versions of shuili are never read again and go first.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import NoneType, UnionType
from typing import Any, Literal, Optional, Union, get_args, get_origin, get_type_hints

from shuili_cli.core.source.atomic_file import write_atomic

_FORMAT = 1
# The modules whose code decides a cached result (per file, or a whole repository's findings).
_PER_FILE_MODULES = ("source/yamlio", "source/pipeline", "source/pydantic_map", "figures/facts", "findings",
                     "source/layout", "source/loader", "source/repository",
                     "source/positions")  # paths under core/, without .py

MAX_INDEXES = 64
ENTRY_BUDGET = 1 << 30
PRUNE_INTERVAL_NS = 3600 * 10**9
_KEY = re.compile(r"(?:repo-)?[0-9a-f]{40}\Z")

IndexEntry = tuple[int, int, int, int, int, str]  # size, mtime_ns, ctime_ns, inode, device, content key
FindingTuple = tuple[str, Literal["error", "warning"], str, int, int, str, str]
TableTuple = tuple[int, dict[str, bytes]]  # positions.Table


@cache
def code_salt() -> bytes:
    """A digest of the package's core sources: new code, new keys."""
    h = hashlib.sha1(f"shuili-cache-{_FORMAT}".encode())
    core = Path(__file__).resolve().parents[1]
    sources = [core / f"{name}.py" for name in _PER_FILE_MODULES]
    sources += sorted((core / "model").glob("*.py"))
    sources += sorted(p for p in (core / "rules").glob("*.py") if p.name != "_doc.py")  # _doc.py writes docs/rules.md
    sources += sorted((core / "domain").glob("*.py"))  # the vocabularies the models and facts use
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
    h.update(f"\0{role}\0{rel}\0".encode("utf-8", "surrogatepass"))
    h.update(raw)
    return h.hexdigest()


# ------------------------------------------------------------------ shapes

Check = Callable[[Any], bool]
_SCALARS = (NoneType, bool, int, str, bytes)
_TUPLE = frozenset({tuple})


def _simple(hint: Any) -> frozenset[type] | None:
    """The exact types allowed by a scalar hint or a union of scalars; None for anything else."""
    if hint is None:
        hint = NoneType
    if hint in _SCALARS:
        return frozenset({hint})
    if get_origin(hint) in (Union, UnionType):
        parts = [_simple(a) for a in get_args(hint)]
        if all(p is not None for p in parts):
            return frozenset().union(*parts)  # type: ignore[arg-type]
    return None


def shape(hint: Any) -> Check:
    """A test that a value read back from marshal has exactly the shape of ``hint``.

    Understands None, bool, int, str, bytes, unions, ``Literal``, ``tuple[X, ...]``,
    ``tuple[A, B]``, ``list[X]``, ``dict[K, V]`` and NamedTuple classes (as plain
    tuples). Types are exact: a bool is not an int, a list is not a tuple.
    """
    simple = _simple(hint)
    if simple is not None:
        return lambda v: type(v) in simple
    origin, args = get_origin(hint), get_args(hint)
    if origin is Literal:
        return lambda v: any(type(v) is type(a) and v == a for a in args)
    if origin in (Union, UnionType):
        checks = [shape(a) for a in args]
        return lambda v: any(c(v) for c in checks)
    if origin is dict:
        kc, vc = shape(args[0]), shape(args[1])
        return lambda v: type(v) is dict and all(map(kc, v.keys())) and all(map(vc, v.values()))
    if origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        return _many(list if origin is list else tuple, args[0])
    fields = _fields(hint)
    if fields is None:
        raise TypeError(f"no shape for {hint!r}")
    return _fixed(fields)


def _fields(hint: Any) -> tuple[Any, ...] | None:
    """The item hints of a fixed-length tuple or a NamedTuple class."""
    if get_origin(hint) is tuple:
        return get_args(hint)
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        hints = get_type_hints(hint)
        return tuple(hints[name] for name in hint._fields)
    return None


def _many(container: Any, item: Any) -> Check:
    """A list, or a tuple of any length, of ``item``. Records are tested column by column, in C loops."""
    item_types = _simple(item)
    if item_types is not None:
        return lambda v: type(v) is container and item_types.issuperset(map(type, v))
    fields = _fields(item)
    if fields is None:
        ic = shape(item)
        return lambda v: type(v) is container and all(map(ic, v))
    columns = [(_simple(f), shape(f)) for f in fields]
    width = frozenset({len(fields)})

    def check(v: Any) -> bool:
        if type(v) is not container or not _TUPLE.issuperset(map(type, v)) or not width.issuperset(map(len, v)):
            return False
        return all(types.issuperset(map(type, col)) if types is not None else all(map(c, col))
                   for (types, c), col in zip(columns, zip(*v, strict=True), strict=False))

    return check


def _fixed(fields: tuple[Any, ...]) -> Check:
    """A tuple of exactly these fields."""
    n = len(fields)
    checks = [shape(f) for f in fields]
    return lambda v: type(v) is tuple and len(v) == n and all(c(x) for c, x in zip(checks, v, strict=True))


@cache
def _as_stored(hint: Any) -> Any:
    """A fact hint as marshal stores it: a vocabulary word (``Literal``) is checked as its type only.

    The words themselves were validated when the entry was written, and an entry of another shuili
    version has another key (``code_salt``); testing each word again would cost more than reading it.
    """
    if get_origin(hint) is Literal:
        return Union[tuple(type(a) for a in get_args(hint))]
    fields = _fields(hint)
    if fields is not None and get_origin(hint) is not tuple:
        return tuple.__class_getitem__(tuple(_as_stored(f) for f in fields))
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, UnionType):
        return Union[tuple(_as_stored(a) for a in args)]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return tuple.__class_getitem__((_as_stored(args[0]), ...))
    return hint


@cache
def packed_shape(role: str) -> Check:
    """The shape of a per-file entry: (findings, facts, newest event, complete, positions)."""
    from shuili_cli.core.figures import facts
    plain: Any
    if role == "enterprise":
        plain = facts.EnterpriseFact
    elif role == "checklists":
        plain = facts.ChecklistsFact
    elif role in facts.FACT_TYPES:
        plain = tuple.__class_getitem__((facts.FACT_TYPES[role], ...))
    else:
        plain = None
    stored: Any = _as_stored(plain)
    return shape(tuple[list[FindingTuple], Optional[stored], Optional[str], bool, Optional[TableTuple]])


WHOLE_SHAPE = shape(tuple[list[FindingTuple], Optional[str]])
TABLE_SHAPE = shape(TableTuple)
_INDEX_SHAPE = shape(tuple[bytes, int, dict[str, IndexEntry]])


# ------------------------------------------------------------------- cache


class ResultCache:
    """Entries under ``<dir>/v1/<2 hex>/<40 hex>``, written atomically."""

    def __init__(self, directory: Path, root: Path | None = None, *, stat_index: bool = True) -> None:
        self.dir = directory
        self.base = directory / f"v{_FORMAT}"
        self.enabled = True
        self.written = 0  # entries written by this run
        self._stamp = 0
        self._index_name: str | None = None
        if root is not None and stat_index:
            where = str(root.resolve()).encode("utf-8", "surrogateescape")
            self._index_name = "index-" + hashlib.sha1(where).hexdigest()[:20]

    @classmethod
    def for_repo(cls, root: Path, override: Path | None = None, *, stat_index: bool = True) -> ResultCache:
        return cls(override or default_dir(), root, stat_index=stat_index)

    def _path(self, key: str) -> Path | None:
        return self.base / key[:2] / key if _KEY.match(key) else None

    def get(self, key: str, check: Check | None = None) -> Any:
        """The entry, or None (missing, unreadable, or not of the shape ``check`` accepts)."""
        path = self._path(key)
        if path is None:
            return None
        try:
            with open(path, "rb") as fh:
                value = marshal.loads(fh.read())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if check is not None and not check(value):
            return None
        return value

    def put(self, key: str, value: Any) -> None:
        path = self._path(key)
        if not self.enabled or path is None:
            return
        try:
            blob = marshal.dumps(value)
            if not path.parent.is_dir():
                self._prepare()
                path.parent.mkdir(parents=True, exist_ok=True)
            self._write(path, blob)
            self.written += 1
        except (OSError, ValueError):
            self.enabled = False  # read-only checkout or full disk: run uncached

    def _write(self, path: Path, blob: bytes) -> None:
        """Atomically, private to the user, not synced (a lost entry is only recomputed); OSError disables the cache."""
        write_atomic(path, blob, mode=0o600, fsync=False, prefix=".tmp-")

    # ------------------------------------------------------------ stat index
    # Like git's index: a file whose size, mtime, ctime, inode and device are
    # unchanged since the last run keeps its key without being read again.
    # Entries younger than the index itself ("racy") are always re-read.

    def load_index(self) -> dict[str, IndexEntry]:
        if self._index_name is None:
            return {}
        try:
            with open(self.base / self._index_name, "rb") as fh:
                value = marshal.loads(fh.read())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if not _INDEX_SHAPE(value):
            return {}  # not ours
        salt, stamp, entries = value
        if salt != code_salt():
            return {}  # keys made by other code
        self._stamp = stamp
        return {rel: entry for rel, entry in entries.items() if _KEY.match(entry[-1])}  # the content key is last

    def fresh(self, entry: IndexEntry | None, st: os.stat_result) -> str | None:
        if entry is None:
            return None
        size, mtime, ctime, ino, dev, key = entry
        if ((size, mtime, ctime, ino, dev) == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
                and mtime < self._stamp - 2_000_000_000):
            return key
        return None

    @staticmethod
    def index_entry(st: os.stat_result, key: str) -> IndexEntry:
        return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, key)

    def save_index(self, entries: dict[str, IndexEntry]) -> None:
        if not self.enabled or self._index_name is None:
            return
        try:
            self._prepare()
            self.base.mkdir(parents=True, exist_ok=True)
            self._write(self.base / self._index_name, marshal.dumps((code_salt(), time.time_ns(), entries)))
        except (OSError, ValueError):
            self.enabled = False
            return
        self._prune_indexes()

    def _prune_indexes(self) -> None:
        """Keep the ``MAX_INDEXES`` most recently saved index files."""
        try:
            with os.scandir(self.base) as it:
                found = [(e.stat(follow_symlinks=False).st_mtime_ns, e.path) for e in it
                         if e.name.startswith("index-") and e.name != self._index_name]
            found.sort()
            for _, path in found[: max(0, len(found) + 1 - MAX_INDEXES)]:
                os.unlink(path)
        except OSError:
            pass

    # ----------------------------------------------------------------- prune

    def prune(self, budget: int = ENTRY_BUDGET, *, force: bool = False) -> None:
        """Oldest entries first, down to 3/4 of ``budget``: after a run that wrote entries, at most hourly."""
        if not self.enabled or not (self.written or force):
            return
        marker = self.base / "pruned"
        try:
            if not force and time.time_ns() - os.stat(marker).st_mtime_ns < PRUNE_INTERVAL_NS:
                return
        except OSError:
            pass
        try:
            marker.touch()
            entries = []
            with os.scandir(self.base) as top:
                folders = [e.path for e in top if len(e.name) == 2 and e.is_dir(follow_symlinks=False)]
            for folder in folders:
                with os.scandir(folder) as it:
                    for e in it:
                        st = e.stat(follow_symlinks=False)
                        entries.append((st.st_mtime_ns, st.st_size, e.path))
            total = sum(size for _, size, _ in entries)
            if total <= budget:
                return
            entries.sort()
            for _, size, path in entries:
                if total <= budget * 3 // 4:
                    break
                os.unlink(path)
                total -= size
        except OSError:
            pass

    def _prepare(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        readme = self.dir / "README.txt"
        if not readme.exists():
            readme.write_text("shuili 的解析缓存（按内容哈希），可随时删除。\n", encoding="utf-8")
