"""Everything that happens to one file: read, parse, validate, check, extract.

The result depends only on the file's role, path and bytes (and on "today"
for the future-date check, handled through ``max_event``), so it can be
cached by content hash and computed in a worker process.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from shuili_cli.core import facts as factmod
from shuili_cli.core.findings import Finding, Issue, format_path
from shuili_cli.core.models import FILE_KINDS
from shuili_cli.core.models.common import Record
from shuili_cli.core.pydantic_map import map_errors
from shuili_cli.core.rules import (
    file_checks,
    file_too_large,
    future_date,
    noncanonical_number,
    symlink,
    unreadable_file,
)
from shuili_cli.core.yamlio import ParsedYaml, decode, locate, parse_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ID_KEYS = frozenset({"id", "checklist", "checklist_item", "risk_point", "inspection", "enterprise", "hazards"})


@dataclass(slots=True)
class FileResult:
    rel: str
    role: str
    enterprise: str | None
    findings: list[Finding] = field(default_factory=list)
    facts: Any = None
    max_event: str | None = None   # newest "has happened" date, ISO
    complete: bool = True          # False when records were dropped (unreadable, syntax or model errors)
    model: Record | None = None    # only kept in-process (never cached)


@dataclass(slots=True)
class FileContext:
    """What a per-file check sees."""

    rel: str
    role: str
    model: Any
    data: Any
    today: date | None


def read_bytes(path: Path, rel: str, max_bytes: int) -> tuple[bytes | None, Finding | None]:
    """Read a file without following links and within the size cap."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if os.path.islink(path):
            r = symlink.RULE
            return None, Finding(r.code, r.severity, rel, 1, 1, "", f"“{rel}”是符号链接，不会被读取；请换成真实文件")
        r = unreadable_file.RULE
        return None, Finding(r.code, r.severity, rel, 1, 1, "",
                             f"无法读取“{rel}”（{exc.strerror or exc}）；请检查文件权限，或重新检出仓库")
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            r = unreadable_file.RULE
            return None, Finding(r.code, r.severity, rel, 1, 1, "", f"“{rel}”不是普通文件，不会被读取；请换成普通的 YAML 文件")
        size = st.st_size
        if size > max_bytes:
            r = file_too_large.RULE
            return None, Finding(
                r.code, r.severity, rel, 1, 1, "",
                f"文件大小 {size / 1048576:.1f} MB 超过上限 {max_bytes // 1048576} MB，未读取；"
                "请按年份拆分，或在 shuili.yaml 的 limits.max_file_mb 中调整上限",
            )
        return fh.read(max_bytes + 1), None


def parse_bytes(raw: bytes, rel: str) -> ParsedYaml:
    text, bad = decode(raw, rel)
    if bad is not None or text is None:
        out = ParsedYaml(fatal=True)
        if bad is not None:
            out.findings.append(bad)
        return out
    return parse_text(text, rel)


def locate_issue(parsed: ParsedYaml, issue: Issue) -> Finding:
    line, col = locate(parsed.root, issue.path, at_key=issue.at_key)
    return Finding(issue.code, issue.severity, issue.file, line, col, format_path(issue.path), issue.message)


def validate_model(role: str, parsed: ParsedYaml, rel: str) -> tuple[Record | None, list[Finding]]:
    kind = FILE_KINDS[role]
    data = parsed.data
    if data is None and role != "settings":
        data = {}
    try:
        return kind.model.model_validate(data), []
    except ValidationError as exc:
        return None, list(map_errors(exc, parsed, kind.model, rel))


def partial_model(role: str, data: Any) -> tuple[Record | None, list[int]]:
    """The valid records of a file that has errors, so references still resolve.

    Returns the model of the good records and their positions in the file.
    """
    kind = FILE_KINDS[role]
    key = kind.records_key
    if key is None or not isinstance(data, dict) or not isinstance(data.get(key), list):
        return None, []
    kept: list[int] = []
    for i, item in enumerate(data[key]):
        try:
            kind.model.model_validate({key: [item]})
            kept.append(i)
        except ValidationError:
            continue
    rest = {k: v for k, v in data.items() if k != key}
    try:
        return kind.model.model_validate({**rest, key: [data[key][i] for i in kept]}), kept
    except ValidationError:
        return None, []


def _remap(issue: Issue, key: str | None, kept: list[int] | None) -> Issue:
    path = issue.path
    if kept is None or key is None or len(path) < 2 or path[0] != key or not isinstance(path[1], int):
        return issue
    return Issue(issue.code, issue.severity, issue.file, (key, kept[path[1]], *path[2:]), issue.message, issue.at_key)


def _as_number(raw: str) -> int:
    return int(raw, 0) if raw[:2] in ("0o", "0x") else int(raw)


def _noncanonical_ids(parsed: ParsedYaml, rel: str) -> list[Finding]:
    out = []
    r = noncanonical_number.RULE
    for path, raw in parsed.noncanonical.items():
        names = [p for p in path if isinstance(p, str)]
        if names and names[-1] in ID_KEYS:
            line, col = locate(parsed.root, path)
            out.append(Finding(
                r.code, r.severity, rel, line, col, format_path(path),
                f"编号“{raw}”会被 YAML 读成数字 {_as_number(raw)}，与原文不同；请加引号写成 \"{raw}\"，或写成 {_as_number(raw)}",
            ))
    return out


def process(root: Path, rel: str, role: str, enterprise: str | None, *,
            today: date | None, max_bytes: int = DEFAULT_MAX_BYTES, keep_model: bool = False,
            raw: bytes | None = None) -> FileResult:
    """Run the whole per-file pipeline. ``today=None`` skips the future-date check."""
    result = FileResult(rel, role, enterprise)
    if raw is None:
        raw, bad = read_bytes(root / rel, rel, max_bytes)
        if bad is not None or raw is None:
            result.findings.append(bad)  # type: ignore[arg-type]
            result.complete = False
            return result
    parsed = parse_bytes(raw, rel)
    result.findings.extend(parsed.findings)
    if parsed.fatal:
        result.complete = False
        return result
    result.findings.extend(_noncanonical_ids(parsed, rel))
    model, errors = validate_model(role, parsed, rel)
    result.findings.extend(errors)
    kept: list[int] | None = None
    if model is None:
        result.complete = False
        model, kept = partial_model(role, parsed.data)
    if model is None:
        return result
    key = FILE_KINDS[role].records_key
    ctx = FileContext(rel, role, model, parsed.data, today)
    for check in file_checks(role):
        for issue in check.check_file(ctx):
            result.findings.append(locate_issue(parsed, _remap(issue, key, kept)))
    result.max_event = future_date.newest_event(role, model)
    result.facts = factmod.extract(role, model, parsed.root, rel, kept)
    if keep_model:
        result.model = model
    return result
