"""``shuili new`` and ``shuili set`` planned as data: which file, which edit, the next id.

The fields a command line may name are the columns of the record's ledger sheet
(``report-templates/ledgers.yaml``), so ``new``/``set``, the template and ``import`` accept the
same fields; a value is read as a spreadsheet cell is (``2023/6/1`` is a date, ``、`` separates a
list). Existing records are read from the files with the project's own bounded reader, never
through a link. Nothing here prints or writes: the command validates the planned bytes
(``ledger.stage.check``) and writes them (``edit.write_files``).
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from shuili_cli.core.edit import AppendRecord, Edit, FieldPath, SetFields, SetTop, Value
from shuili_cli.core.init import nest
from shuili_cli.core.ledger.catalogue import RECORD_MODELS, RECORD_WORDS, _members, _strip, ledgers
from shuili_cli.core.ledger.placement import next_id, target_file, year_of
from shuili_cli.core.ledger.stored import Stored, read_repo
from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.source.layout import discover
from shuili_cli.core.source.pipeline import DEFAULT_MAX_BYTES, parse_bytes, read_bytes


@dataclass(frozen=True, slots=True)
class KindSpec:
    word: str                 # the command line's word: hazard, risk, five-s, action, enterprise
    record: str               # the catalogue's record kind
    role: str                 # the file role (core.model.FILE_KINDS)
    sheet: str                # the ledger sheet whose columns are the fields
    date_field: str | None    # filled with today when absent (a record's year picks the yearly file)


KINDS: dict[str, KindSpec] = {k.word: k for k in (
    KindSpec("hazard", "hazard", "hazards", "隐患清单", "found_on"),
    KindSpec("risk", "risk", "risks", "风险点清单", "identified_on"),
    KindSpec("five-s", "evaluation", "five_s", "5S考评", "date"),
    KindSpec("action", "action", "enforcement", "执法激励约束", "date"),
    KindSpec("enterprise", "enterprise", "enterprise", "基本信息", "registered_on"),  # not counted before it
)}
EVALUATION_KEY = ("date", "post", "person")


class EntryUsage(Exception):
    """The command line names something that is not there (exit code 2); ``message`` is Chinese."""

    code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EntryBlocked(EntryUsage):
    """A file the edit needs cannot be read or has syntax errors (exit code 1: the data is wrong)."""

    code = 1


def kind_spec(word: str) -> KindSpec:
    spec = KINDS.get(word.replace("_", "-").lower())
    if spec is None:
        raise EntryUsage(f"没有记录种类“{word}”；可选：{'、'.join(KINDS)}")
    return spec


def list_key(spec: KindSpec) -> str:
    key = FILE_KINDS[spec.role].records_key
    assert key is not None, spec.role
    return key


# ----------------------------------------------------------------- fields and values


@dataclass(frozen=True, slots=True)
class FieldSpec:
    path: FieldPath
    title: str              # the model's title (Chinese)
    note: str               # the model's description, when it says more than the title
    kind: str               # the ledger column kind
    allowed: tuple[str, ...]
    synonyms: Mapping[str, str]
    required: bool
    places: int | None = None

    @property
    def name(self) -> str:
        return ".".join(self.path)

    def describe(self) -> str:
        """The title, with the allowed values when the vocabulary is closed."""
        return f"{self.title}（可选：{'、'.join(self.allowed)}）" if self.allowed else self.title


def _model_field(record: str, path: FieldPath) -> Any:
    """The pydantic ``FieldInfo`` at ``path`` in the record's model (any union member)."""
    models = _members(RECORD_MODELS[record])
    for depth, name in enumerate(path):
        infos = [m.model_fields[name] for m in models if name in m.model_fields]
        if not infos:
            return None
        if depth == len(path) - 1:
            return infos[0]
        models = []
        for info in infos:
            tp, _ = _strip(info.annotation)
            models += _members(typing.get_args(tp)[0] if typing.get_origin(tp) is list else tp)
    return None


@cache
def fields(word: str) -> dict[str, FieldSpec]:
    """The fields of a record kind that a command line may set, by dotted name, in sheet order."""
    spec = kind_spec(word)
    sheet = ledgers().sheet(spec.sheet)
    assert sheet is not None, spec.sheet
    out: dict[str, FieldSpec] = {}
    for column in sheet.columns:
        if column.field is None:
            continue
        info = _model_field(spec.record, column.field)
        title = (info.title if info is not None else None) or column.header
        note = (info.description if info is not None else None) or ""
        out[".".join(column.field)] = FieldSpec(column.field, title, "" if note == title else note, column.kind,
                                                column.allowed, dict(column.synonyms), column.required, column.places)
    return out


def _short_names(specs: Mapping[str, FieldSpec]) -> dict[str, str]:
    """``L`` for ``assessment.L``, ``phone`` for ``contact.phone``: a nested field's last part, when unique."""
    lasts = [s.path[-1] for s in specs.values()]
    return {s.path[-1]: name for name, s in specs.items()
            if len(s.path) > 1 and lasts.count(s.path[-1]) == 1 and s.path[-1] not in specs}


def _chinese_names(word: str, specs: Mapping[str, FieldSpec]) -> dict[str, str]:
    """The workbook's column headers (``整改完成日期``) and the fields' titles, as names of the fields."""
    from shuili_cli.core.ledger.bind import normal_header

    sheet = ledgers().sheet(kind_spec(word).sheet)
    out = {normal_header(s.title): name for name, s in specs.items()}
    out.update({normal_header(c.header): ".".join(c.field) for c in sheet.columns if c.field is not None} if sheet else {})
    return out


def resolve_field(word: str, written: str) -> FieldSpec:
    """The field an option or ``FIELD=`` names: ``--found-on``, ``found_on``, ``assessment.L``, ``L``, or
    the workbook's column header (``整改完成日期``)."""
    from shuili_cli.core.ledger.bind import normal_header

    specs = fields(word)
    name = written.lstrip("-").replace("-", "_")
    name = _short_names(specs).get(name, name)
    name = _chinese_names(word, specs).get(normal_header(name), name)
    if name in specs:
        return specs[name]
    names = list(specs)
    close = difflib.get_close_matches(name, [*names, *_short_names(specs)], n=1, cutoff=0.6)
    hint = f"是不是 {_short_names(specs).get(close[0], close[0])}？" if close else ""
    listed = "、".join(f"{n}（{specs[n].title}）" for n in names)
    raise EntryUsage(f"{RECORD_WORDS[kind_spec(word).record]}没有字段“{written.lstrip('-')}”；{hint}"
                     f"可用的字段：{listed}")


def parse_value(field: FieldSpec, text: str) -> Value:
    """``text`` as the field's value, read as a ledger cell is; a bad value is :class:`EntryUsage`."""
    from shuili_cli.core.ledger.cells import KINDS as CELL_KINDS
    from shuili_cli.core.ledger.cells import CellProblem, cell_value
    from shuili_cli.core.ledger.grid import Cell

    kind = field.kind if field.kind in CELL_KINDS else "list"   # lines: one item per line or 、
    value = cell_value(Cell(1, 1, text), kind, allowed=field.allowed, synonyms=field.synonyms, places=field.places)
    if isinstance(value, CellProblem):
        said = value.message
        for sheet_words, terminal_words in _NO_DROPDOWN:
            said = said.replace(sheet_words, terminal_words)
        raise EntryUsage(f"{field.name}（{field.title}）的值“{text}”无效：{said}")
    return value


# A cell's message speaks of the workbook's drop-down list; on the command line there is none.
_NO_DROPDOWN = (("，请从下拉列表选择：", "；可选："), ("下拉列表中的取值", "允许的取值"))


def parse_assignments(word: str, pairs: Sequence[tuple[str, str]]) -> dict[FieldPath, Value]:
    """Command-line ``(field, text)`` pairs as changes; an empty text removes the field (``None``).

    A list field may be repeated (its values are joined); any other field given twice is an error.
    """
    out: dict[FieldPath, Value] = {}
    for written, text in pairs:
        field = resolve_field(word, written)
        value = None if not text else parse_value(field, text)
        if text and value is None:   # only spaces or invisible characters: never a silent removal
            raise EntryUsage(f"{field.name}（{field.title}）的值只有空白或不可见字符；"
                             f"要删除这个字段请写 {field.name}=（等号后什么都不写）")
        before = out.get(field.path)
        if field.path in out and isinstance(before, list) and isinstance(value, list):
            out[field.path] = [*before, *value]
        elif field.path in out:
            raise EntryUsage(f"字段 {field.name} 给了两次；请只给一次")
        else:
            out[field.path] = value
    return out


def missing(word: str, values: Mapping[FieldPath, Value]) -> list[FieldSpec]:
    """The required fields that ``values`` lacks (``id`` is assigned, so never missing for a record)."""
    return [f for f in fields(word).values()
            if f.required and values.get(f.path) is None and (f.path != ("id",) or word == "enterprise")]


# ----------------------------------------------------------------- existing records


def ident_of(word: str, data: Mapping[str, Any]) -> str:
    """A record's id; a 5S evaluation's is ``日期/岗位`` or ``日期/岗位/被考评人``."""
    if word == "five-s":
        return "/".join(str(data.get(k) or "") for k in EVALUATION_KEY).rstrip("/")
    return str(data.get("id", ""))


@dataclass(frozen=True, slots=True)
class Records:
    """The records of one kind (one enterprise's, or the bureau's actions) and the files holding them."""

    word: str
    stored: list[Stored]
    files: list[str]

    def ids(self) -> list[str]:
        return [ident_of(self.word, r.data) for r in self.stored]


def check_enterprise(root: Path, enterprise: str | None) -> str:
    """``enterprise`` when its folder exists, else :class:`EntryUsage` naming the closest ones."""
    known = sorted(discover(root).enterprise_dirs)
    if enterprise is None:
        raise EntryUsage("请用 --enterprise 指定企业编号（enterprises/ 下的文件夹名）")
    if enterprise not in known:
        close = difflib.get_close_matches(enterprise, known, n=3, cutoff=0.4)
        hint = f"是不是 {'、'.join(close)}？" if close else f"已有的企业：{'、'.join(known[:20]) or '（无）'}"
        raise EntryUsage(f"没有企业“{enterprise}”（enterprises/{enterprise}/enterprise.yaml 不存在）；{hint}")
    return enterprise


def read_records(root: Path, word: str, enterprise: str | None) -> Records:
    """Every record of the kind (``stored.read_repo``); a file that cannot be read is :class:`EntryBlocked`:
    the next id, or the record to change, could be in it."""
    spec = kind_spec(word)
    repo = read_repo(root, [] if word == "action" or enterprise is None else [enterprise], actions=word == "action")
    if word == "action":
        found = Records(word, repo.actions, repo.action_files)
    else:
        ent = repo.enterprises[check_enterprise(root, enterprise)]
        rels = [ent.profile_rel] if ent.profile_rel else []
        found = Records(word, [Stored(r, 0, ent.profile) for r in rels], rels) if word == "enterprise" else \
            Records(word, ent.records.get(spec.record, []), ent.files.get(spec.record, []))
    broken = [rel for rel in found.files if rel in repo.unreadable or _syntax_errors(file_bytes(root, rel), rel)]
    if broken:
        raise EntryBlocked(f"{'、'.join(broken)} 无法读取或有 YAML 语法错误；"
                           "请先用 shuili validate 查看并改正，再新增或修改记录")
    return found


def _syntax_errors(raw: bytes, rel: str) -> bool:
    parsed = parse_bytes(raw, rel)
    return parsed.fatal or any(f.is_error for f in parsed.findings)


def file_bytes(root: Path, rel: str) -> bytes:
    raw, bad = read_bytes(root / rel, rel, DEFAULT_MAX_BYTES)
    if raw is None or bad is not None:
        raise EntryBlocked(f"{rel} 无法读取：{bad.message if bad is not None else '不是普通文件'}")
    return raw


# ----------------------------------------------------------------- plans


@dataclass(frozen=True, slots=True)
class Plan:
    """One edit of one file: ``original`` None makes a new file starting with ``header``."""

    word: str
    ident: str
    rel: str
    original: bytes | None
    edits: tuple[Edit, ...]
    header: str = ""

    def new_bytes(self) -> bytes:
        from shuili_cli.core.edit import apply_edits

        return apply_edits(self.original, self.edits, header=self.header)

    def record_line(self, data: bytes) -> int:
        """The line of the record in the edited file (the last one of its list for a new record)."""
        spec = kind_spec(self.word)
        parsed = parse_bytes(data, self.rel)
        if spec.role == "enterprise":
            return 1
        items = parsed.data.get(list_key(spec)) if isinstance(parsed.data, dict) else None
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and ident_of(self.word, item) == self.ident:
                return parsed.locate((list_key(spec), i))[0]
        return 1


def _fill_color(values: dict[FieldPath, Value]) -> None:
    """A LEC risk point without a colour takes the colour of D = L × E × C."""
    from decimal import Decimal

    from shuili_cli.core.domain.risk import lec_color, lec_d

    factors = [values.get(("assessment", k)) for k in "LEC"]
    if values.get(("color",)) is None and all(isinstance(f, (Decimal, int)) for f in factors):
        values.setdefault(("assessment", "method"), "LEC")
        if values[("assessment", "method")] == "LEC":
            values[("color",)] = lec_color(lec_d(*(Decimal(f) for f in typing.cast("list[Decimal]", factors))))


def fill_defaults(word: str, values: Mapping[FieldPath, Value], today: date) -> dict[FieldPath, Value]:
    """``values`` with the natural defaults: today's date (found_on, identified_on, the 5S or action
    date, an enterprise's registered_on: it does not count in months already reported), and a LEC
    risk point's method and colour from L, E and C."""
    record = dict(values)
    date_field = kind_spec(word).date_field
    if date_field is not None and record.get((date_field,)) is None:
        record[(date_field,)] = today
    if word == "risk":
        _fill_color(record)
    return record


def plan_new(root: Path, word: str, enterprise: str | None, values: Mapping[FieldPath, Value],
             today: date) -> Plan:
    """Add one hazard, risk point, 5S evaluation or action; ``values`` are complete but for the id."""
    spec = kind_spec(word)
    if word == "action":
        named = values.get(("enterprise",))
        enterprise = check_enterprise(root, str(named)) if named is not None else None
    record = fill_defaults(word, values, today)
    found = read_records(root, word, enterprise)
    order = {spec_.path: i for i, spec_ in enumerate(fields(word).values())}
    nested = nest(dict(sorted(record.items(), key=lambda kv: order.get(kv[0], len(order)))))
    sheet = ledgers().sheet(spec.sheet)
    if sheet is not None and sheet.id_format is not None and "id" not in nested:
        nested = {"id": next_id(sheet.id_format, found.ids(), year_of(spec.record, nested) or today.year),
                  **nested}
    ident = ident_of(word, nested)
    if ident in found.ids():
        raise EntryUsage(f"{RECORD_WORDS[spec.record]} {ident} 已存在；修改它请用 shuili set")
    target = target_file(root, spec.record, enterprise, nested, found.files, found.stored)
    original = file_bytes(root, target.rel) if target.rel in found.files else None
    if original is None and (root / target.rel).is_symlink():
        raise EntryBlocked(f"{target.rel} 是符号链接，shuili 不会通过链接写入；请先删除它")
    return Plan(word, ident, target.rel, original, (AppendRecord(list_key(spec), nested),), target.header)


def _closest(ident: str, ids: Sequence[str]) -> str:
    close = difflib.get_close_matches(ident, ids, n=3, cutoff=0.3)
    return f"；相近的：{'、'.join(close)}" if close else f"；已有 {len(ids)} 条" if ids else "；还没有任何记录"


def find_record(found: Records, ident: str) -> Stored:
    spec = kind_spec(found.word)
    wanted = ident.split("/") if found.word == "five-s" else [ident]
    hits = [r for r in found.stored if ident_of(found.word, r.data).split("/")[:len(wanted)] == wanted] \
        if found.word == "five-s" else [r for r in found.stored if ident_of(found.word, r.data) == ident]
    if not hits:
        raise EntryUsage(f"没有{RECORD_WORDS[spec.record]} {ident}{_closest(ident, found.ids())}")
    if len(hits) > 1:
        where = "、".join(dict.fromkeys(r.rel for r in hits))
        fix = "请写全“日期/岗位/被考评人”" if found.word == "five-s" else "请先改正重复的编号"
        raise EntryUsage(f"{RECORD_WORDS[spec.record]} {ident} 有 {len(hits)} 条（{where}）；{fix}")
    return hits[0]


def plan_set(root: Path, word: str, enterprise: str, ident: str, changes: Mapping[FieldPath, Value]) -> Plan:
    """Change fields of one existing record (``ident``: its id; for 5S 日期/岗位 or 日期/岗位/被考评人)."""
    spec = kind_spec(word)
    if not changes:
        raise EntryUsage("没有要修改的字段；写成 字段=值，如 rectified_on=2023-06-01（字段= 表示删除该字段）")
    for path, value in changes.items():
        field = fields(word)[".".join(path)]
        if value is None and field.required:
            raise EntryUsage(f"{field.name}（{field.title}）是必填字段，不能删除")
    if word == "enterprise" and ident not in ("-", enterprise):
        raise EntryUsage(f"修改企业基本信息时编号应为 - 或与企业相同（{enterprise}），而不是“{ident}”")
    found = read_records(root, word, None if word == "action" else enterprise)
    if word == "enterprise":
        rel = found.files[0]
        return Plan(word, enterprise, rel, file_bytes(root, rel), (SetTop(dict(changes)),))
    record = find_record(found, ident)
    owner = str(record.data.get("enterprise", ""))
    if word == "action" and enterprise not in ("-", owner):
        raise EntryUsage(f"执法行动 {ident} 的企业是 {owner or '（未填）'}，不是 {enterprise}；不确定时企业写 -")
    keys = EVALUATION_KEY if word == "five-s" else ("id",)
    match = {k: "" if record.data.get(k) is None else str(record.data[k]) for k in keys}
    renamed = {k: changes[(k,)] for k in keys if (k,) in changes}
    after = ident_of(word, {**record.data, **renamed})
    edit = SetFields(list_key(spec), match, dict(changes))
    return Plan(word, after, record.rel, file_bytes(root, record.rel), (edit,))


__all__ = ["KINDS", "EntryBlocked", "EntryUsage", "FieldSpec", "KindSpec", "Plan", "Records", "check_enterprise",
           "fields", "fill_defaults", "find_record", "ident_of", "kind_spec", "missing", "parse_assignments",
           "parse_value", "plan_new", "plan_set", "read_records", "resolve_field"]
