"""One county's submission to the city: its figures.json read, checked against its schema, and held exactly.

A submission arrives by e-mail or a shared folder: the file is read once, never through a link and
within :data:`MAX_FIGURES_BYTES`; JSON decimals are read as ``Decimal`` (money stays exact); a
figures.json of a newer ``schema_version`` is refused before its shape is judged (a newer shuili
wrote it); the shape is :class:`~shuili_cli.core.model.figures_doc.FiguresDocument`, the model
``schemas/figures.schema.json`` is generated from. Every refusal is a Chinese sentence naming the
file, what is wrong and what to do.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from shuili_cli.core.figures.catalogue import key_index
from shuili_cli.core.figures.figures import Number
from shuili_cli.core.model.figures_doc import FiguresDocument
from shuili_cli.core.outputs.provenance import FIGURES_SCHEMA_VERSION, sha256_hex
from shuili_cli.core.source.pipeline import read_bytes

FIGURES_FILE = "figures.json"
MAX_FIGURES_BYTES = 4 * 1024 * 1024     # a county's figures.json is a few KB; a draft's findings list more
MAX_ERRORS_SHOWN = 5


class SubmissionError(Exception):
    """A submission that cannot be summed (bad data: exit 1); ``message`` says which, why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Submission:
    """A county's figures, as read from its figures.json or computed from its repository."""

    name: str                          # the unit (填报单位) as its shuili.yaml names it
    unit_type: str
    where: str                         # the path the user gave, for messages and the 分县明细 sheet
    kind: Literal["figures", "repository"]
    month: str
    basis: str
    as_of: str | None
    figures: dict[str, Number]
    sha256: str                        # of the figures.json bytes (read, or as the repository's would be written)
    source: dict[str, Any]
    workbook_sha256: str | None = None  # the digest figures.json gives for the workbook beside it
    folder: Path | None = None          # where the workbook should be (figures submissions)
    draft: bool = False


def parse_figures(raw: bytes, where: str) -> dict[str, Any]:
    """The JSON object of a figures.json, decimals exact; :class:`SubmissionError` when it is not one."""
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:   # RecursionError: nesting thousands deep
        raise SubmissionError(f"{where}：不是有效的 UTF-8 JSON 文件（{exc}）；请使用 shuili report 生成的原文件，"
                              "不要用其他软件打开后另存") from None
    if not isinstance(data, dict):
        raise SubmissionError(f"{where}：内容不是 figures.json 的格式（应为一个 JSON 对象）；请使用 shuili report 生成的原文件")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"不允许 {name}")


def check_version(data: Mapping[str, Any], where: str) -> None:
    """A figures.json from a newer shuili (a larger ``schema_version``) cannot be read by this one."""
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FIGURES_SCHEMA_VERSION:
        raise SubmissionError(f"{where}：由更新版本的 shuili 生成（格式版本 {version}，本程序只认识 "
                              f"{FIGURES_SCHEMA_VERSION}）；请升级 shuili 后再汇总")


def validate_document(data: Mapping[str, Any], where: str) -> FiguresDocument:
    """The document checked against ``schemas/figures.schema.json`` (the same model) and the column catalogue."""
    check_version(data, where)
    try:
        doc = FiguresDocument.model_validate(data)
    except ValidationError as exc:
        lines = list(dict.fromkeys(_line(e) for e in exc.errors()))   # a figure fails each member of its union
        more = f"（另有 {len(lines) - MAX_ERRORS_SHOWN} 处）" if len(lines) > MAX_ERRORS_SHOWN else ""
        hint = "缺少 schema_version 或 source：可能由旧版 shuili 生成，请用新版重新运行 shuili report；" \
            if "schema_version" not in data or "source" not in data else ""
        raise SubmissionError(f"{where}：不符合 figures.json 的格式（schemas/figures.schema.json）："
                              f"{'；'.join(lines[:MAX_ERRORS_SHOWN])}{more}；{hint}"
                              "请使用 shuili report 生成的原文件，不要手工修改") from None
    _check_keys(doc.figures, where)
    return doc


def _line(error: Mapping[str, Any]) -> str:
    loc = [str(p) for p in error["loc"]]
    if len(loc) >= 2 and loc[0] == "figures":
        return f"figures.{loc[1]}：应为不小于 0 的数（计数为整数，金额为小数）"
    return f"{'.'.join(loc) or '（整个文件）'}：{_why(error)}"


def _why(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return "缺少此项"
    if kind == "extra_forbidden":
        return "多出了不认识的项"
    if kind == "literal_error":
        return f"取值不对（应为 {error.get('ctx', {}).get('expected', '')}）"
    if kind == "string_pattern_mismatch":
        return "格式不对"
    return "类型或取值不对"


def _check_keys(figures: Mapping[str, Any], where: str) -> None:
    index = key_index()
    missing = [k for k in index if k not in figures]
    unknown = [k for k in figures if k not in index]
    wrong = [k for k, v in figures.items() if k in index and not index[k].money and not isinstance(v, int)]
    problems = []
    if missing:
        problems.append(f"缺少 {len(missing)} 栏（如 {missing[0]}）")
    if unknown:
        problems.append(f"有 {len(unknown)} 个不认识的栏目（如 {unknown[0]}）")
    if wrong:
        problems.append(f"{wrong[0]} 等 {len(wrong)} 栏应为整数")
    if problems:
        raise SubmissionError(f"{where}：各栏数字与本程序的报表栏目不一致（{'；'.join(problems)}）；"
                              "请双方使用同一版本的 shuili，由县里重新生成后再报送")


def exact(value: Any) -> Number:
    """A figure as read (int, ``Decimal``, or the decimal text of money no float holds) as int or Decimal."""
    if isinstance(value, str):   # the schema's pattern: digits with an optional fraction
        return Decimal(value)
    if isinstance(value, float):   # not from parse_figures (which reads Decimal), but from a caller's dict
        return Decimal(repr(value))
    return value if isinstance(value, (int, Decimal)) else Decimal(value)


def read_submission(path: Path, where: str) -> Submission:
    """The figures.json at ``path`` (a file, never a link) as a :class:`Submission`."""
    raw, bad = read_bytes(path, where, MAX_FIGURES_BYTES)
    if raw is None:
        why = bad.message if bad is not None else "无法读取"
        raise SubmissionError(f"{where}：无法读取（{why}）；请提供县里 shuili report 生成的报表文件夹")
    data = parse_figures(raw, where)
    doc = validate_document(data, where)
    return Submission(
        name=doc.unit.name, unit_type=doc.unit.type, where=where, kind="figures", month=doc.month,
        basis=doc.basis, as_of=doc.as_of, figures={k: exact(v) for k, v in doc.figures.items()},
        sha256=sha256_hex(raw), source=data["source"], workbook_sha256=doc.sha256, folder=path.parent,
        draft=bool(doc.draft),
    )


MAX_WORKBOOK_BYTES = 20 * 1024 * 1024


def find_workbook(sub: Submission) -> Path:
    """The workbook beside a figures.json whose SHA-256 is the one it records; :class:`SubmissionError` otherwise."""
    where = sub.where
    if sub.workbook_sha256 is None:
        raise SubmissionError(f"{where}：figures.json 没有记录工作簿的 SHA-256（sha256），可能是 --format json 的输出；"
                              "请报送 shuili report 生成的整个报表文件夹（工作簿和 figures.json）")
    folder = sub.folder
    books = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xlsx" and not p.is_symlink()) \
        if folder is not None and folder.is_dir() else []
    for book in books:
        raw, _ = read_bytes(book, book.name, MAX_WORKBOOK_BYTES)
        if raw is not None and sha256_hex(raw) == sub.workbook_sha256:
            return book
    if not books:
        raise SubmissionError(f"{where}：旁边没有月报表工作簿（.xlsx）；请报送 shuili report 生成的整个报表文件夹")
    raise SubmissionError(f"{where}：工作簿的 SHA-256 与 figures.json 记录的不符（{'、'.join(b.name for b in books)}），"
                          "工作簿或 figures.json 在生成后被改动过；请县里重新运行 shuili report，报送整个文件夹，不要手工修改")
