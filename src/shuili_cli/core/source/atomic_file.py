"""The one way a file is written atomically: a temporary file in the same folder, renamed over the target.

Every writer of shuili uses it: the cache entries and index (``source/cache.py``), ``shuili init``,
``shuili schema`` and the report folders (``outputs/atomic.py``, which writes a set of files with
``write_temp`` and renames them together). It lives in ``source/`` (a low row of the core table in
tests/test_layers.py) so that the cache may import it as well as the writers above it.

- The temporary file is created with ``O_EXCL`` and never through a link; its mode is ``mode`` less
  the umask, as for any new file.
- ``write_atomic`` refuses a symbolic link at the target (``TargetIsALink``) instead of replacing it;
  ``os.replace`` itself never writes through a link.
- On any error the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

_CREATE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_BINARY", 0))


class TargetIsALink(OSError):
    """The path to be written is a symbolic link (dangling or not); nothing was written."""


def write_temp(folder: Path, data: bytes, *, prefix: str, suffix: str = "", mode: int = 0o666,
               fsync: bool = True) -> Path:
    """A new file ``<prefix><random><suffix>`` in ``folder`` holding ``data``; flushed to disk when ``fsync``."""
    path = folder / f"{prefix}{secrets.token_hex(8)}{suffix}"
    fd = os.open(path, _CREATE_FLAGS, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def write_atomic(path: Path, data: bytes | str, *, mode: int = 0o666, fsync: bool = True,
                 prefix: str | None = None, suffix: str = "") -> None:
    """Put ``data`` (text is written as UTF-8) at ``path`` whole or not at all.

    The temporary file is ``prefix`` (default ``.<name>.``) + random + ``suffix`` in the same folder;
    the folder must exist. Raises ``TargetIsALink`` when ``path`` is a symbolic link.
    """
    if path.is_symlink():
        raise TargetIsALink(errno.ELOOP, "目标是符号链接，不会通过它写入", str(path))
    blob = data.encode("utf-8") if isinstance(data, str) else data
    tmp = write_temp(path.parent, blob, prefix=f".{path.name}." if prefix is None else prefix,
                     suffix=suffix, mode=mode, fsync=fsync)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
