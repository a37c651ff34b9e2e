"""Find the repository and every file in it, by the layout of docs/data-format.md.

Nothing here follows a symbolic link: a link is reported and left unread. A folder
that cannot be listed and a name that is not UTF-8 are findings, never "empty".
``shuili.yaml`` is read only through :func:`read_settings`: bounded, never through
a link, and once per run.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from shuili_cli.core.findings import Finding
from shuili_cli.core.rules import (
    encoding,
    missing_enterprises,
    missing_file,
    symlink,
    unknown_file,
    unknown_other_file,
    unreadable_file,
)

SETTINGS_FILE = "shuili.yaml"
ENTERPRISE_ID = re.compile(r"[A-Za-z0-9_-]+\Z")
YAML_SUFFIXES = (".yaml", ".yml")
ATTACHMENTS = "attachments"

_ENTERPRISE_FILES = {"enterprise": "enterprise", "checklists": "checklists", "risks": "risks"}
_ENTERPRISE_DIRS = {"hazards": "hazards", "five-s": "five_s"}
_BUREAU_FILES = {"documents": "documents", "assessments": "assessments"}


class RepositoryNotFound(Exception):
    """No ``shuili.yaml`` here or above: a usage error."""


@dataclass(frozen=True, slots=True)
class RepoFile:
    rel: str          # forward slashes, relative to the repository root
    role: str         # a key of models.FILE_KINDS
    enterprise: str | None  # folder name for enterprise files


@dataclass(slots=True)
class Discovery:
    root: Path
    files: list[RepoFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    enterprise_dirs: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # "2023-05" -> rel path of the .md
    stems: dict[str, str] = field(default_factory=dict)  # rel path without suffix -> file name, for twins
    incomplete: list[tuple[str, str | None]] = field(default_factory=list)  # (role, enterprise) not fully listed


def holds_settings(folder: Path) -> bool:
    """A shuili.yaml file, or a link by that name (reported later, never followed)."""
    try:
        mode = os.lstat(folder / SETTINGS_FILE).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) or stat.S_ISLNK(mode)


def find_root(start: Path | None = None, explicit: Path | None = None) -> Path:
    """``--repo`` when given, else the nearest folder upwards holding shuili.yaml."""
    if explicit is not None:
        root = explicit.resolve()
        if not holds_settings(root):
            raise RepositoryNotFound(f"“{explicit}”不是 shuili 数据仓库：其中没有 {SETTINGS_FILE}")
        return root
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if holds_settings(candidate):
            return candidate
    raise RepositoryNotFound(
        f"在“{here}”及其上级目录中找不到 {SETTINGS_FILE}；请进入数据仓库目录，或用 --repo 指定"
    )


_Signature = tuple[int, int, int, int, int, int]
_read_once: dict[str, tuple[_Signature, bytes | None, Finding | None]] = {}


def _signature(path: Path) -> _Signature | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def read_settings(root: Path, *, keep: bool = False) -> tuple[bytes | None, Finding | None]:
    """The bytes of ``shuili.yaml``, or the finding why they are not read (a link, too large, unreadable).

    Read like every data file (``pipeline.read_bytes``: no link followed, at most
    ``DEFAULT_MAX_BYTES``), before anything else reads it. ``keep=True`` (the command line,
    working out "today" in the repository's time zone) keeps the answer for the one next
    call, from the loader, so that a run reads the file once; it is used only while the
    file's identity, size and times are unchanged.
    """
    from shuili_cli.core.source.pipeline import DEFAULT_MAX_BYTES, read_bytes

    path = root / SETTINGS_FILE
    sig = _signature(path)
    kept = _read_once.pop(str(path), None)
    if kept is not None and sig is not None:
        kept_sig, kept_raw, kept_bad = kept
        if kept_sig == sig:
            return kept_raw, kept_bad
    raw, bad = read_bytes(path, SETTINGS_FILE, DEFAULT_MAX_BYTES)
    if keep and sig is not None and sig == _signature(path):
        _read_once.clear()
        _read_once[str(path)] = (sig, raw, bad)
    return raw, bad


def _is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


_ENTERPRISE_ROLES = ("enterprise", "checklists", "risks", "hazards", "five_s")
_BUREAU_ROLES = ("documents", "assessments", "enforcement")


def _entries(d: Discovery, path: Path, rel: str, roles: tuple[str, ...] = (),
             enterprise: str | None = None) -> list[os.DirEntry[str]] | None:
    """The folder's entries by name; None, with a finding, when it cannot be listed.

    The ``roles`` of ``enterprise`` (or of the bureau) whose files it may hold become
    incomplete, so that references into them are not called broken.
    """
    try:
        with os.scandir(path) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        d.findings.append(unreadable_file.folder(rel, exc))
        d.incomplete.extend((role, enterprise) for role in roles)
        return None


def discover(root: Path) -> Discovery:
    """Every data file of the repository, and findings about the layout."""
    d = Discovery(root=root)
    if (root / SETTINGS_FILE).is_symlink():
        d.findings.append(symlink.finding(SETTINGS_FILE))
    else:
        d.files.append(RepoFile(SETTINGS_FILE, "settings", None))
    ent_root = root / "enterprises"
    if ent_root.is_symlink():
        d.findings.append(symlink.finding("enterprises", "文件夹"))
    elif ent_root.is_dir():
        for entry in _entries(d, ent_root, "enterprises") or ():
            _enterprise_entry(d, entry)
    else:
        d.findings.append(missing_enterprises.finding(os.path.lexists(ent_root)))
    bureau = root / "bureau"
    if bureau.is_symlink():
        d.findings.append(symlink.finding("bureau", "文件夹"))
    elif bureau.is_dir():
        _bureau(d, bureau)
    return d


def _skip(d: Discovery, entry: os.DirEntry[str], rel: str) -> bool:
    """Hidden entries are ignored; links and names that are not UTF-8 are refused."""
    if entry.name.startswith("."):
        return True
    shown = encoding.shown_name(entry.name)
    if shown is not None:
        safe = rel[: len(rel) - len(entry.name)] + shown
        d.findings.append(encoding.name_finding(safe, shown))
        return True
    if entry.is_symlink():
        d.findings.append(symlink.finding(rel, "文件或文件夹"))
        return True
    return False


_KNOWN_IN_ENTERPRISE = ([*_ENTERPRISE_DIRS, ATTACHMENTS], [f"{n}.yaml" for n in _ENTERPRISE_FILES])
_KNOWN_IN_BUREAU = (["enforcement", "notes", ATTACHMENTS], [f"{n}.yaml" for n in _BUREAU_FILES])


def _unknown(d: Discovery, entry: os.DirEntry[str], rel: str, where: str,
             known: tuple[list[str], list[str]] = ([], [])) -> None:
    if entry.is_dir(follow_symlinks=False):
        d.findings.append(unknown_file.finding(rel, unknown_file.folder_message(where, entry.name, known[0])))
    elif _is_yaml(entry.name):
        d.findings.append(unknown_file.finding(rel, unknown_file.yaml_message(where, entry.name, known[1])))
    else:
        d.findings.append(unknown_other_file.finding(rel, where, entry.name))


def _enterprise_entry(d: Discovery, entry: os.DirEntry[str]) -> None:
    rel = f"enterprises/{entry.name}"
    if _skip(d, entry, rel):
        return
    if not entry.is_dir(follow_symlinks=False):
        _unknown(d, entry, rel, "enterprises/ ")
        return
    folder = entry.name
    d.enterprise_dirs.append(folder)
    has_profile = False
    subs = _entries(d, Path(entry.path), rel, _ENTERPRISE_ROLES, folder)
    if subs is None:
        return  # reported as unreadable, not as "without enterprise.yaml"
    for sub in subs:
        srel = f"{rel}/{sub.name}"
        if _skip(d, sub, srel):
            continue
        if sub.is_dir(follow_symlinks=False):
            if sub.name == ATTACHMENTS:
                continue
            role = _ENTERPRISE_DIRS.get(sub.name)
            if role is None:
                _unknown(d, sub, srel, f"企业文件夹 {rel}/ ", _KNOWN_IN_ENTERPRISE)
                continue
            _yaml_folder(d, Path(sub.path), srel, role, folder)
        elif _is_yaml(sub.name) and _stem(sub.name) in _ENTERPRISE_FILES:
            if _twin(d, sub, srel):
                continue
            role = _ENTERPRISE_FILES[_stem(sub.name)]
            has_profile = has_profile or role == "enterprise"
            d.files.append(RepoFile(srel, role, folder))
        else:
            _unknown(d, sub, srel, f"企业文件夹 {rel}/ ", _KNOWN_IN_ENTERPRISE)
    if not has_profile:
        d.findings.append(missing_file.finding(rel))


def _twin(d: Discovery, entry: os.DirEntry[str], rel: str) -> bool:
    """``x.yaml`` beside ``x.yml``: the second would silently replace the first."""
    stem = rel.rsplit(".", 1)[0]
    other = d.stems.get(stem)
    if other is not None:
        d.findings.append(unknown_file.finding(rel, unknown_file.twin_message(entry.name, other)))
        return True
    d.stems[stem] = entry.name
    return False


def _yaml_folder(d: Discovery, path: Path, rel: str, role: str, enterprise: str | None) -> None:
    entries = list(_entries(d, path, rel, (role,), enterprise) or ())
    names = [e.name for e in entries]
    for entry in entries:
        erel = f"{rel}/{entry.name}"
        if _skip(d, entry, erel):
            continue
        if entry.is_file(follow_symlinks=False) and _is_yaml(entry.name):
            original = unknown_file.copy_of(_stem(entry.name))
            twin = next((n for n in names if original is not None and _is_yaml(n) and _stem(n) == original), None)
            if twin is not None:
                d.findings.append(unknown_file.finding(erel, unknown_file.copy_message(entry.name, twin)))
                continue
            d.files.append(RepoFile(erel, role, enterprise))
        elif entry.is_dir(follow_symlinks=False) and entry.name == ATTACHMENTS:
            continue
        else:
            _unknown(d, entry, erel, f"{rel}/ ")


def _bureau(d: Discovery, bureau: Path) -> None:
    for entry in _entries(d, bureau, "bureau", _BUREAU_ROLES) or ():
        rel = f"bureau/{entry.name}"
        if _skip(d, entry, rel):
            continue
        if entry.is_dir(follow_symlinks=False):
            if entry.name == "enforcement":
                _yaml_folder(d, Path(entry.path), rel, "enforcement", None)
            elif entry.name == "notes":
                _notes(d, Path(entry.path), rel)
            elif entry.name != ATTACHMENTS:
                _unknown(d, entry, rel, "bureau/ ", _KNOWN_IN_BUREAU)
        elif _is_yaml(entry.name) and _stem(entry.name) in _BUREAU_FILES:
            if _twin(d, entry, rel):
                continue
            d.files.append(RepoFile(rel, _BUREAU_FILES[_stem(entry.name)], None))
        else:
            _unknown(d, entry, rel, "bureau/ ", _KNOWN_IN_BUREAU)


_NOTE = re.compile(r"([0-9]{4}(?:-[0-9]{2})?)\.md\Z")


def _notes(d: Discovery, path: Path, rel: str) -> None:
    for entry in _entries(d, path, rel) or ():
        erel = f"{rel}/{entry.name}"
        if _skip(d, entry, erel):
            continue
        m = _NOTE.match(entry.name)
        if m and entry.is_file(follow_symlinks=False):
            d.notes[m.group(1)] = erel
        elif not (entry.is_dir(follow_symlinks=False) and entry.name == ATTACHMENTS):
            _unknown(d, entry, erel, "bureau/notes/ ")
