"""Write report files into a folder that also holds the user's own files.

Only the files of this run are replaced; every other file in the folder is kept.

- Each file is first written to a hidden temporary file in the same folder and flushed
  to disk (``source.atomic_file.write_temp``, the writer all of shuili shares); only when
  all of them are complete are they renamed into place (``os.replace``), so no file is ever
  half written and the set is replaced together.
- ``.shuili-manifest.json`` lists what shuili wrote last time, with each file's size and
  SHA-256. A file of an earlier run that this run does not write again (the unit was
  renamed, or ``--format`` changed) is deleted only when the manifest lists it and its
  content is unchanged; a file the user edited, or one no manifest lists (written by an
  older version of shuili, or by the user), is kept.
- One run at a time writes a folder (an advisory lock on the folder, where the system has
  one). Temporary files left by a killed run (``.shuili-tmp-*``, and the
  ``.<folder>.tmp-*`` folders of older versions next to the folder) are removed by the next run.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from shuili_cli.core.source.atomic_file import write_temp

MANIFEST = ".shuili-manifest.json"
TEMP_PREFIX = ".shuili-tmp-"
MAX_MANIFEST_BYTES = 1024 * 1024
LOCK_WAIT_SECONDS = 10.0
_CHUNK = 1024 * 1024

Manifest = dict[str, tuple[int, str]]   # file name -> (size in bytes, sha256 hex)


def plain_name(name: str) -> bool:
    """A file name of the folder itself: no path separators, and not hidden (so never the manifest or a temporary file)."""
    return bool(name) and not name.startswith(".") and not any(c in name for c in "/\\\x00")


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Put ``files`` (name -> bytes) into ``folder``, keeping everything else there.

    Raises ``OSError`` (with a Chinese ``strerror`` where the cause is ours to explain)
    when the folder cannot be written; nothing is half written then.
    """
    for name in files:
        if not plain_name(name):
            raise ValueError(f"not a plain file name: {name!r}")
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder) as fd:
        _remove_leftovers(folder)
        previous = _read_manifest(folder)
        temps: dict[str, Path] = {}
        try:
            for name, data in files.items():
                if (folder / name).is_dir() and not (folder / name).is_symlink():
                    raise IsADirectoryError(errno.EISDIR, f"已有同名文件夹“{name}”，请改名或移走", str(folder / name))
                temps[name] = _write_temp(folder, data)
            for name, tmp in temps.items():
                os.replace(tmp, folder / name)
            written: Manifest = {name: (len(data), hashlib.sha256(data).hexdigest()) for name, data in files.items()}
            written.update(_remove_stale(folder, previous, written))
            body = json.dumps({"written_by": "shuili", "files": {n: {"bytes": s, "sha256": h}
                                                                 for n, (s, h) in sorted(written.items())}},
                              ensure_ascii=False, indent=1) + "\n"
            temps[MANIFEST] = _write_temp(folder, body.encode("utf-8"))
            os.replace(temps[MANIFEST], folder / MANIFEST)
        except BaseException:
            for tmp in temps.values():
                tmp.unlink(missing_ok=True)
            raise
        if fd is not None:
            _fsync(fd)


@contextmanager
def _locked(folder: Path) -> Iterator[int | None]:
    """Hold an exclusive lock on ``folder`` (yields its descriptor, or None where folders cannot be opened)."""
    try:
        fd: int | None = os.open(folder, os.O_RDONLY)
    except OSError:
        fd = None   # Windows cannot open a folder; os.replace there refuses files in use anyway
    if fd is None:
        yield None
        return
    try:
        _lock(fd)
        yield fd
    finally:
        os.close(fd)   # releases the lock


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:   # pragma: no cover - not POSIX
        return
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise BlockingIOError(errno.EAGAIN, "另一个 shuili 进程正在写入这个文件夹；请等它结束后再运行") from None
            time.sleep(0.05)
        except OSError:
            return   # a file system without locks: write unlocked


def _fsync(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError:   # pragma: no cover - some file systems cannot sync a folder
        pass


def _write_temp(folder: Path, data: bytes) -> Path:
    """A new hidden file in ``folder`` holding ``data``, on disk (mode as for any new file)."""
    return write_temp(folder, data, prefix=TEMP_PREFIX)


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a killed run: ours inside the folder, older versions' folders beside it."""
    old_prefix = f".{folder.name}.tmp-"
    for where, prefix in ((folder, TEMP_PREFIX), (folder.parent, old_prefix)):
        try:
            names = [n for n in os.listdir(where) if n.startswith(prefix)]
        except OSError:
            continue
        for name in names:
            path = where / name
            try:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            except OSError:
                pass


def _read_manifest(folder: Path) -> Manifest:
    """What shuili wrote last time; empty (so nothing is deleted) when missing or not ours in shape."""
    path = folder / MANIFEST
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return {}
        with open(path, "rb") as fh:
            raw = fh.read(MAX_MANIFEST_BYTES + 1)
        doc = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_MANIFEST_BYTES else None
    except (OSError, ValueError):
        return {}
    entries = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(entries, dict):
        return {}
    out: Manifest = {}
    for name, entry in entries.items():
        size = entry.get("bytes") if isinstance(entry, dict) else None
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        if not (plain_name(name) and type(size) is int and isinstance(digest, str) and len(digest) == 64
                and all(c in "0123456789abcdef" for c in digest)):
            return {}
        out[name] = (size, digest)
    return out


def _remove_stale(folder: Path, previous: Manifest, written: Manifest) -> Manifest:
    """Delete the files of the last run that this run did not write, if unchanged; those that could not go."""
    kept: Manifest = {}
    for name, (size, digest) in previous.items():
        if name in written:
            continue
        path = folder / name
        try:
            st = path.lstat()
            if not stat.S_ISREG(st.st_mode) or st.st_size != size or _sha256(path) != digest:
                continue   # changed since shuili wrote it: the user's now
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            kept[name] = (size, digest)
    return kept


def remove_written(folder: Path) -> bool:
    """Delete what shuili wrote into ``folder`` (the files its manifest lists, if unchanged) when a
    run no longer produces the folder at all; then the manifest and the folder, if nothing else is
    left. The user's files (and files changed since) are kept. Returns whether the folder is gone.
    A folder that is a link, or holds no manifest, is left alone."""
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode) or not stat.S_ISREG((folder / MANIFEST).lstat().st_mode):
            return False
    except OSError:
        return False
    with _locked(folder):
        _remove_leftovers(folder)
        if _remove_stale(folder, _read_manifest(folder), {}):
            return False   # a file that could not go: the manifest still lists it
        (folder / MANIFEST).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        return False       # the user's own files are still there
    return True


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()
