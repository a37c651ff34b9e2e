"""The monthly report as data: the period, figures.json, the output folder and file names, zip stamps."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from shuili_cli.core.dates import BadDate, month_end, parse_month, previous_month
from shuili_cli.core.domain.numbers import json_number
from shuili_cli.core.figures.figures import Figures, Period
from shuili_cli.core.model.bureau import Settings
from shuili_cli.core.outputs.provenance import FIGURES_SCHEMA_VERSION


class PeriodError(ValueError):
    """A month that cannot be reported (a usage error)."""


def resolve_period(month: str | None, *, ytd: bool, partial: bool, today: date) -> Period:
    """``--month`` (default: the previous month), refusing months that have not ended."""
    try:
        year, mon = parse_month(month) if month else previous_month(today)
    except BadDate as exc:
        raise PeriodError(str(exc)) from None
    first = date(year, mon, 1)
    if first > today:
        raise PeriodError(f"{year}年{mon}月还没有开始（今天是 {today.isoformat()}）")
    if month_end(year, mon) >= today:
        if not partial:
            raise PeriodError(
                f"{year}年{mon}月还没有结束（今天是 {today.isoformat()}）；要生成截至今天的报表请加 --partial"
            )
        return Period(year, mon, ytd, today)
    return Period(year, mon, ytd)


def figures_document(fig: Figures, settings: Settings | None, generated_on: date,
                     draft: list[str] | None = None, *, source: Mapping[str, Any] | None = None,
                     workbook_sha256: str | None = None) -> dict[str, Any]:
    """The ``figures.json`` / ``--format json`` object (keys from ``report-templates/annex*.yaml``; shape in README.md).

    With ``source`` (``core.outputs.provenance.source_document``) it starts with ``schema_version``
    and carries where it came from; ``workbook_sha256``: the SHA-256 of the workbook written beside it.
    """
    per = fig.period
    doc: dict[str, Any] = {"schema_version": FIGURES_SCHEMA_VERSION} if source is not None else {}
    doc |= {
        "month": per.label,
        "basis": per.basis,
        "unit": {
            "name": settings.unit.name if settings else "",
            "type": settings.unit.type if settings else "",
            "region": settings.unit.region if settings else "",
        },
        "generated_on": generated_on.isoformat(),
    }
    if source is not None:
        doc["source"] = dict(source)
    if workbook_sha256 is not None:
        doc["sha256"] = workbook_sha256
    doc["figures"] = {k: json_number(v) for k, v in fig.values.items()}
    if per.partial_end is not None:
        doc["as_of"] = per.end
    if draft:
        doc["draft"] = True
        doc["findings"] = list(draft)
    return doc


def figures_json(fig: Figures, settings: Settings | None, generated_on: date, draft: list[str] | None = None, *,
                 source: Mapping[str, Any] | None = None, workbook_sha256: str | None = None) -> str:
    return dumps_document(figures_document(fig, settings, generated_on, draft, source=source,
                                           workbook_sha256=workbook_sha256))


def dumps_document(doc: Mapping[str, Any]) -> str:
    """A figures.json document as written: UTF-8 text, indented, ending in a newline."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


_UNSAFE = frozenset('\\/:*?"<>|')   # not allowed in file names on Windows (or anywhere: / and \\)
_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))   # controls, bidi and zero-width, surrogates, line breaks
MAX_NAME_BYTES = 255   # a file name, in UTF-8 bytes (ext4, APFS; NTFS counts UTF-16 units, never more)
REPORTS = "reports"
DATA_FOLDERS = ("enterprises", "bureau")


@dataclass(frozen=True, slots=True)
class OutputNames:
    folder: str
    workbook: str
    summary_md: str
    summary_docx: str
    figures: str = "figures.json"
    charts: str = ""    # the year-end package's HTML overview of its charts


def shorten(text: str, budget: int) -> str:
    """``text`` in at most ``budget`` UTF-8 bytes.

    A longer text is cut at a character boundary and ends in ``…`` and 8 hex digits of
    the SHA-256 of the whole, so two long texts with the same beginning stay different.
    """
    raw = text.encode("utf-8")
    if len(raw) <= budget:
        return text
    mark = "…" + hashlib.sha256(raw).hexdigest()[:8]
    return raw[: max(budget - len(mark.encode("utf-8")), 0)].decode("utf-8", "ignore") + mark


def safe_stem(name: str, *tails: str) -> str:
    """``name`` (a unit's or an enterprise's) made safe as the start of a file name ending in any
    of ``tails``: no separators or invisible characters, never hidden, short enough."""
    name = "".join("_" if c in _UNSAFE or unicodedata.category(c) in _INVISIBLE else c for c in name)
    if name.startswith("."):
        name = "_" + name[1:]   # never a hidden file (and never one of the writer's own names)
    return shorten(name, MAX_NAME_BYTES - max(len(t.encode("utf-8")) for t in tails))


def _named(settings: Settings | None, folder: str, *tails: str) -> OutputNames:
    """File names ``<unit><tail>``: the unit name made safe and short enough for the longest tail."""
    unit = safe_stem(settings.unit.name if settings else "shuili", *tails)
    workbook, md, docx, *charts = (unit + t for t in tails)
    return OutputNames(folder, workbook, md, docx, charts=charts[0] if charts else "")


def output_names(settings: Settings | None, per: Period) -> OutputNames:
    when = f"{per.year}年{per.month}月"
    if per.ytd:
        when += f"（1-{per.month}月累计）"
    if per.partial_end is not None:
        when += f"（截至{per.partial_end.month}月{per.partial_end.day}日）"
    folder = per.label + ("-ytd" if per.ytd else "")
    return _named(settings, folder, f"-{when}-月报表.xlsx", f"-{when}-工作总结.md", f"-{when}-工作总结.docx")


def annual_names(settings: Settings | None, per: Period) -> OutputNames:
    upto = f"截至{per.partial_end.month}月{per.partial_end.day}日" if per.partial_end else "1-12月累计"
    return _named(settings, f"{per.year}-年度", f"-{per.year}年度-月报表（{upto}）.xlsx",
                  f"-{per.year}年度工作总结.md", f"-{per.year}年度工作总结.docx", f"-{per.year}年度图表.html")


class OutputDirError(ValueError):
    """An output folder inside the repository's data (a usage error)."""


def output_dir(root: Path, out: Path | None) -> Path:
    """Where reports go: ``out`` (relative to the current folder), by default ``<root>/reports``.

    Refuses a folder inside ``enterprises/`` or ``bureau/`` (after resolving ``..`` and
    links): the reports would be read as data, and could replace a data folder.
    """
    if out is None:
        return root / REPORTS
    name = data_folder_of(root, out)
    if name is not None:
        raise OutputDirError(
            f"--out“{out}”在数据仓库的 {name}/ 文件夹里：那里只放数据，报表写进去会被当作数据校验，"
            f"还可能替换同名的文件夹；请去掉 --out（默认写入仓库根目录下的 {REPORTS}/），或换一个 {name}/ 以外的目录"
        )
    return out


def check_output_folder(root: Path, folder: Path) -> None:
    """The folder about to be written (``<out>/2023-05``) must not lead into the data either, e.g. by a link."""
    name = data_folder_of(root, folder)
    if name is not None:
        raise OutputDirError(
            f"输出文件夹“{folder}”指向数据仓库的 {name}/ 文件夹（经由符号链接）：报表不能写进数据；"
            f"请删除这个链接，或用 --out 换一个 {name}/ 以外的目录"
        )


def data_folder_of(root: Path, path: Path) -> str | None:
    """``enterprises`` or ``bureau`` when ``path`` lies in that folder of the repository, else None."""
    where = Path(os.path.abspath(path))
    resolved = where.resolve()
    for name in DATA_FOLDERS:
        if _inside(resolved, root / name) or _inside(where, root / name):
            return name
    return None


def _inside(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or below it (by name, by resolved name, or the same folder on disk)."""
    targets = {folder, folder.resolve()}
    if any(t == path or t in path.parents for t in targets):
        return True
    if not folder.is_dir():
        return False
    for candidate in (path, *path.parents):
        try:
            if os.path.samefile(candidate, folder):
                return True
        except OSError:
            continue
    return False


ZIP_FIRST = (1980, 1, 1, 0, 0, 0)      # the DOS timestamps of ZIP entries cover 1980-2107
ZIP_LAST = (2107, 12, 31, 23, 59, 58)


def zip_time(day: date) -> tuple[int, int, int, int, int, int]:
    """Midnight of ``day`` as a ZIP entry time, moved into the years ZIP can store."""
    return max(ZIP_FIRST, min((day.year, day.month, day.day, 0, 0, 0), ZIP_LAST))


def restamp_zip(data: bytes, day: date, replace: Mapping[str, bytes] | None = None) -> bytes:
    """The zip ``data`` with every entry dated :func:`zip_time` of ``day`` and deflated (the same bytes
    on every run); ``replace`` gives new bodies for some entries."""
    stamp = zip_time(day)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            body = replace.get(info.filename) if replace else None
            if body is not None:
                dst.writestr(entry, body)
            else:  # streamed: a sheet of 300,000 rows is never held whole (uncompressed) in memory
                with src.open(info) as fin, dst.open(entry, "w") as fout:
                    shutil.copyfileobj(fin, fout, 1 << 20)
    return out.getvalue()
