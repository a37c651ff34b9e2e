"""Where a figures.json came from: the ``source`` object every report's figures.json carries.

``source`` = ``{"repository", "commit": {"head", "clean"}, "shuili_version", "generated_on",
"content_sha256"}``; ``commit`` only when the repository is a git checkout. A county's
figures.json travels to the city (``shuili rollup``) with this proof of origin:

- ``content_sha256``: SHA-256 over the lines ``<relative path>\\0<SHA-256 of the file>\\n`` of
  ``shuili.yaml`` and every data file the loader read, sorted by path (the same records give the
  same digest on any machine, whatever the cache holds);
- ``commit.head`` / ``commit.clean``: ``git rev-parse HEAD`` and whether ``git status`` shows no
  change under the repository's folder, apart from the folders shuili writes (reports/, site/).
  Git runs with fixed arguments, no shell and no repository hooks
  (``core.fsmonitor`` off); no git, or not a checkout: no ``commit``.

Everything is reproducible: ``generated_on`` is the report's date (``--date``), not the clock.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from shuili_cli.core.source.pipeline import DEFAULT_MAX_BYTES, read_bytes

FIGURES_SCHEMA_VERSION = 1
"""``schema_version`` of figures.json; a reader refuses a larger one (written by a newer shuili)."""

OUTPUT_FOLDERS = ("reports", "site")   # what shuili itself writes into the repository by default: never "changes"
_HEAD = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?\Z")   # SHA-1 or SHA-256 object names
_GIT_TIMEOUT = 30


@dataclass(frozen=True, slots=True)
class Commit:
    head: str
    clean: bool


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_sha256(root: Path, rels: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The digest of the records at ``root``: ``rels`` (relative paths) read again, never through a link.

    A file that cannot be read (the loader reported it) is listed with an empty digest.
    """
    h = hashlib.sha256()
    for rel in sorted(set(rels)):
        raw, _ = read_bytes(root / rel, rel, max_bytes)
        digest = sha256_hex(raw) if raw is not None else ""
        h.update(f"{rel}\0{digest}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _git(root: Path, *args: str) -> bytes | None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_OPTIONAL_LOCKS"] = "0"        # status must not write the index of someone's checkout
    try:
        proc = subprocess.run(["git", "-c", "core.fsmonitor=false", *args], cwd=root, capture_output=True,
                              check=False, env=env, timeout=_GIT_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def git_commit(root: Path) -> Commit | None:
    """HEAD of the checkout holding ``root`` and whether ``root``'s files there are unchanged; None without git."""
    out = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    head = out.decode("ascii", "replace").strip() if out is not None else ""
    if not _HEAD.match(head):
        return None
    status = _git(root, "status", "--porcelain", "-z", "--ignore-submodules=all", "--untracked-files=normal",
                  "--", ".", *(f":(exclude){folder}" for folder in OUTPUT_FOLDERS))
    return Commit(head, status == b"") if status is not None else None


def source_document(repository: str, root: Path, rels: Iterable[str], generated_on: date, version: str,
                    max_bytes: int | None = None) -> dict[str, Any]:
    """The ``source`` object of a figures.json made from the repository at ``root``."""
    doc: dict[str, Any] = {"repository": repository}
    commit = git_commit(root)
    if commit is not None:
        doc["commit"] = {"head": commit.head, "clean": commit.clean}
    doc["shuili_version"] = version
    doc["generated_on"] = generated_on.isoformat()
    doc["content_sha256"] = content_sha256(root, rels, max_bytes or DEFAULT_MAX_BYTES)
    return doc
