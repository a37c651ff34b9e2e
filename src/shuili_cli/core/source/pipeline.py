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
from functools import cache
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from shuili_cli.core.figures import facts as factmod
from shuili_cli.core.findings import Finding, Issue, Severity, YamlPath, format_path
from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.model.common import Record
from shuili_cli.core.rules import (
    file_checks,
    file_too_large,
    future_date,
    noncanonical_number,
    symlink,
    unreadable_file,
)
from shuili_cli.core.rules._base import FileContext
from shuili_cli.core.source import positions
from shuili_cli.core.source.pydantic_map import ErrorMapper, _members, _pick_model
from shuili_cli.core.source.yamlio import ParsedYaml, decode, parse_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ID_KEYS = noncanonical_number.ID_KEYS


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
    positions: positions.Table | None = None  # where repository checks may point (cached with the result)


def read_bytes(path: Path, rel: str, max_bytes: int) -> tuple[bytes | None, Finding | None]:
    """Read a regular file without following links and within the size cap.

    Anything else (a link, a folder, a FIFO or device, an unreadable or oversize file) is a
    finding and is not read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if os.path.islink(path):
            return None, symlink.finding(rel)
        return None, unreadable_file.finding(rel, exc)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # checked before fdopen, which refuses folders
            return None, unreadable_file.not_regular(rel, stat.S_ISDIR(st.st_mode))
        if st.st_size > max_bytes:
            return None, file_too_large.finding(rel, st.st_size, max_bytes)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        return None, unreadable_file.finding(rel, exc)
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # grew since fstat
        return None, file_too_large.finding(rel, len(raw), max_bytes)
    return raw, None


def parse_bytes(raw: bytes, rel: str) -> ParsedYaml:
    text, bad = decode(raw, rel)
    if bad is not None or text is None:
        out = ParsedYaml(fatal=True)
        if bad is not None:
            out.add(bad)
        return out
    return parse_text(text, rel)


def locate_issue(parsed: ParsedYaml, issue: Issue) -> Finding:
    line, col = parsed.locate(issue.path, at_key=issue.at_key)
    if issue.char is not None:
        col += parsed.char_offset(issue.path, issue.char)
    return Finding(issue.code, issue.severity, issue.file, line, col, format_path(issue.path), issue.message)


def add_issue(parsed: ParsedYaml, issue: Issue) -> None:
    """Locate and keep an issue while there is room for its severity; beyond it, only count it."""
    if parsed.full(issue.severity is Severity.ERROR):
        parsed.dropped += 1
    else:
        parsed.add(locate_issue(parsed, issue))


ERROR_BUDGET = 30_000
"""The most errors one pydantic call may build: about 1 KB each, so about 30 MB."""


@dataclass(slots=True)
class Checked:
    """A file's model (None when unusable), whether it is valid, and the records a partial model holds."""

    model: Record | None = None
    valid: bool = True
    kept: list[int] | None = None  # positions in the file of the records of a partial model


def _models_in(tp: Any) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in get_args(tp) for m in _models_in(arg)]


@cache
def _mapping_cost() -> int:
    """The most errors pydantic reports for one mapping of its own: every required field missing, plus one."""
    todo: list[type[BaseModel]] = [k.model for k in FILE_KINDS.values()]
    seen: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model not in seen:
            seen.add(model)
            todo.extend(m for f in model.model_fields.values() for m in _models_in(f.annotation))
    return 1 + max(sum(f.is_required() for f in m.model_fields.values()) for m in seen)


def cost(value: Any, limit: int) -> int:
    """An upper bound of the errors pydantic can report for ``value`` (stops counting above ``limit``)."""
    total = 0
    stack = [value]
    per_mapping = _mapping_cost()
    while stack and total <= limit:
        v = stack.pop()
        if isinstance(v, dict):
            total += per_mapping + 2 * len(v)
            stack.extend(v.values())
        elif isinstance(v, list):
            total += 2
            stack.extend(v)
        else:
            total += 2
    return total


@cache
def _adapter(tp: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tp)


def _item_type(tp: Any) -> Any:
    return next((get_args(m)[0] for m in _members(tp) if get_origin(m) is list), None)


class _Bounded:
    """Validation of data of any size in parts, so that pydantic never builds more than
    ``ERROR_BUDGET`` errors at once: long lists in chunks, big mappings field by field (their
    unknown keys reported without pydantic), each part's errors located at once."""

    def __init__(self, mapper: ErrorMapper) -> None:
        self.mapper = mapper

    def value(self, tp: Any, value: Any, loc: YamlPath) -> tuple[Any, bool]:
        if cost(value, ERROR_BUDGET) > ERROR_BUDGET:
            model = _pick_model(_members(tp), value) if isinstance(value, dict) else None
            if model is not None:
                return self._model(model, value, loc)
            item = _item_type(tp) if isinstance(value, list) else None
            if item is not None:
                items, _, ok = self.items(item, value, loc)
                return items, ok
        try:  # small, or a big value where a scalar belongs (one error)
            return _adapter(tp).validate_python(value), True
        except ValidationError as exc:
            self.mapper.report(exc, loc)
            return None, False

    def _model(self, model: type[BaseModel], value: dict[str, Any], loc: YamlPath) -> tuple[Any, bool]:
        fields = model.model_fields
        known: dict[str, Any] = {}
        failed: set[str] = set()
        for k, v in value.items():
            if k not in fields:
                self.mapper.add({"type": "extra_forbidden", "loc": (*loc, k), "msg": "", "input": v})
            elif cost(v, ERROR_BUDGET // 2) > ERROR_BUDGET // 2:  # validated on its own, then passed as valid
                # the field's whole definition: its discriminator and constraints are not in its annotation
                known[k], ok = self.value(Annotated[fields[k].annotation, fields[k]], v, (*loc, k))
                if not ok:
                    failed.add(k)
                    del known[k]
            else:
                known[k] = v
        try:
            result = model.model_validate(known)
        except ValidationError as exc:
            self.mapper.report(exc, loc, skip=failed)  # a failed part has explained itself
            return None, False
        ok = not failed and len(known) + len(failed) == len(value)
        return (result if ok else None), ok

    def items(self, item: Any, values: list[Any], loc: YamlPath) -> tuple[list[Any], list[int], bool]:
        """The valid items of a list, their positions, and whether all were valid."""
        results: list[Any] = []
        kept: list[int] = []
        ok = True
        start, spent = 0, 0
        for i, v in enumerate(values):
            c = cost(v, ERROR_BUDGET)
            if spent and spent + c > ERROR_BUDGET:
                ok = self._chunk(item, values[start:i], start, loc, results, kept) and ok
                start, spent = i, 0
            if c > ERROR_BUDGET:  # one big item on its own
                value, good = self.value(item, v, (*loc, i))
                if good:
                    results.append(value)
                    kept.append(i)
                ok = ok and good
                start = i + 1
                continue
            spent += c
        if start < len(values):
            ok = self._chunk(item, values[start:], start, loc, results, kept) and ok
        return results, kept, ok

    def _chunk(self, item: Any, chunk: list[Any], start: int, loc: YamlPath,
               results: list[Any], kept: list[int]) -> bool:
        adapter = _adapter(list[item])
        try:
            results.extend(adapter.validate_python(chunk))
            kept.extend(range(start, start + len(chunk)))
            return True
        except ValidationError as exc:
            bad = {head[0] for head in self.mapper.report(exc, loc, offset=start) if head}
        good = [i for i in range(start, start + len(chunk)) if i not in bad]
        if good:
            try:
                results.extend(adapter.validate_python([chunk[i - start] for i in good]))
                kept.extend(good)
            except ValidationError:  # pragma: no cover - each item is valid or not on its own
                pass
        return False


def check_model(role: str, parsed: ParsedYaml, rel: str) -> Checked:
    """Validate a file's data; each error becomes a located finding added to ``parsed`` (bounded there).

    When a file has errors, its model keeps the valid records (each record is valid or not on its
    own), so that references to them still resolve. A file whose data could make pydantic build
    more than ``ERROR_BUDGET`` errors is validated in bounded parts.
    """
    kind = FILE_KINDS[role]
    key = kind.records_key
    data = {} if parsed.data is None and role != "settings" else parsed.data
    records = data.get(key) if key is not None and isinstance(data, dict) else None
    mapper = ErrorMapper(parsed, kind.model, rel)
    if _mapping_cost() * parsed.mappings + 2 * parsed.nodes <= ERROR_BUDGET:  # at most 2 errors per entry or item
        try:
            return Checked(kind.model.model_validate(data))
        except ValidationError as exc:
            heads = mapper.report(exc, depth=2)
        if not isinstance(records, list) or any(len(h) < 2 or h[0] != key or not isinstance(h[1], int) for h in heads):
            return Checked(None, valid=False)
        bad = {h[1] for h in heads}
        good = [i for i in range(len(records)) if i not in bad]
        rest = {k: v for k, v in data.items() if k != key}
        try:
            return Checked(kind.model.model_validate({**rest, key: [records[i] for i in good]}), valid=False, kept=good)
        except ValidationError:  # pragma: no cover - each record is valid or not on its own
            return Checked(None, valid=False)
    bounded = _Bounded(mapper)
    if key is None or not isinstance(records, list):
        model, ok = bounded.value(kind.model, data, ())
        return Checked(model, ok)
    base, rest_ok = bounded.value(kind.model, {**{k: v for k, v in data.items() if k != key}, key: []}, ())
    items, kept, items_ok = bounded.items(_item_type(kind.model.model_fields[key].annotation), records, (key,))
    if base is None:
        return Checked(None, valid=False)
    valid = rest_ok and items_ok
    return Checked(base.model_copy(update={key: items}), valid, None if valid else kept)


def validate_model(role: str, parsed: ParsedYaml, rel: str) -> tuple[Record | None, list[Finding]]:
    """The model of a file that is valid as a whole (else None), and the findings of its errors."""
    before = len(parsed.findings)
    checked = check_model(role, parsed, rel)
    return (checked.model if checked.valid else None), parsed.findings[before:]


def _remap(issue: Issue, key: str | None, kept: list[int] | None) -> Issue:
    path = issue.path
    if kept is None or key is None or len(path) < 2 or path[0] != key or not isinstance(path[1], int):
        return issue
    return Issue(issue.code, issue.severity, issue.file, (key, kept[path[1]], *path[2:]), issue.message, issue.at_key, issue.char)


def _check(parsed: ParsedYaml, result: FileResult, today: date | None, keep_model: bool) -> None:
    """Validate and check a parsed file: findings go to ``parsed``, the rest to ``result``."""
    rel, role = result.rel, result.role
    for issue in noncanonical_number.issues(rel, parsed.noncanonical):
        add_issue(parsed, issue)
    checked = check_model(role, parsed, rel)
    result.complete = checked.valid
    model = checked.model
    if model is None:
        return
    key = FILE_KINDS[role].records_key
    ctx = FileContext(rel, role, model, parsed.data, today)
    for check in file_checks(role):
        for issue in check.check_file(ctx):
            add_issue(parsed, _remap(issue, key, checked.kept))
    result.max_event = future_date.newest_event(role, model)
    result.facts = factmod.extract(role, model, parsed.root, rel, checked.kept)
    if keep_model:
        result.model = model


def process(root: Path, rel: str, role: str, enterprise: str | None, *,
            today: date | None, max_bytes: int = DEFAULT_MAX_BYTES, keep_model: bool = False,
            raw: bytes | None = None) -> FileResult:
    """Run the whole per-file pipeline. ``today=None`` skips the future-date check.

    A file lists at most ``MAX_FINDINGS`` findings (errors first) and one more counting the rest.
    """
    result = FileResult(rel, role, enterprise)
    if raw is None:
        raw, bad = read_bytes(root / rel, rel, max_bytes)
        if bad is not None or raw is None:
            result.findings.append(bad)  # type: ignore[arg-type]
            result.complete = False
            return result
    parsed = parse_bytes(raw, rel)
    if parsed.fatal:
        result.complete = False
    else:
        _check(parsed, result, today, keep_model)
        found = positions.table(parsed.root)
        result.positions = (parsed.last_line(), found) if found else None
    result.findings = parsed.listed(rel)
    return result
