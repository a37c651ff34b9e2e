"""Reading a ledger file (.xlsx or .csv) that arrived by e-mail into a :class:`WorkbookGrid`, safely.

The file is read once, without following a link and within ``max_bytes``; an .xlsx's zip members
are checked before anything is decompressed (sizes, names, encryption); every XML part streams
through expat, and a DOCTYPE (entity expansion) is refused. One pass over a sheet gives its
stored values (a formula is never evaluated: its cached result, or ``None``), formula cells,
date-formatted cells (a number stays the serial: ``core/ledger/cells.py`` makes the date), merged
ranges and hidden columns, which openpyxl's read-only mode does not give (it also pads rows and
yields every missing one). Blank rows cost nothing; over ``max_cells`` cells in a sheet is an error.
"""

from __future__ import annotations

import codecs
import csv
import io
import lzma
import os
import posixpath
import pyexpat
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Collection
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl.styles.numbers import is_date_format  # type: ignore[import-untyped,unused-ignore]

from shuili_cli.core.domain.numbers import plain_text
from shuili_cli.core.ledger import grid
from shuili_cli.core.ledger.cells import key_values
from shuili_cli.core.ledger.grid import Cell, CellValue, SheetGrid, SheetReadError, WorkbookGrid

ZIP_RATIO = 20            # declared uncompressed size of all members <= ZIP_RATIO * max_bytes
MAX_MEMBERS = 10_000
ELEMENTS_PER_CELL = 5     # <c> elements (empty formatted ones too) a sheet may hold per allowed cell
META_SHEET = "_shuili"
MAX_CELL_CHARS = 32767   # Excel's limit of characters in one cell
_CHUNK = 1 << 16
# Built-in number formats that are dates or times; 27-36 and 50-58 are the East Asian ones
# (yyyy"年"m"月"d"日" ...), which Chinese Excel and WPS store without a format code.
_DATE_FORMAT_IDS = frozenset((*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)))
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # compound file: an encrypted .xlsx, or an .xls
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_SAVE_AS = "请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后重试"


def read_workbook(path: Path, *, max_bytes: int = 50 * 1024 * 1024, max_cells: int = 2_000_000,
                  sheets: Collection[str] | None = None) -> WorkbookGrid:
    """The sheets of an .xlsx or .csv file; a :class:`SheetReadError` (in Chinese, naming the file) otherwise.

    ``max_cells`` bounds every sheet and the workbook as a whole; only the sheets named in ``sheets``
    (when given) are parsed, the others are listed without cells; no text may exceed Excel's
    :data:`MAX_CELL_CHARS`."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise SheetReadError(f"“{path}”是旧版 Excel 97-2003 工作簿（.xls），无法读取；请在 Excel 中另存为 .xlsx"
                             "（文件 → 另存为 → Excel 工作簿）")
    if suffix not in (".xlsx", ".csv"):
        raise SheetReadError(f"“{path}”不是 .xlsx 或 .csv 文件；请在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿）或 .csv")
    raw = _read_file(path, max_bytes)
    if suffix == ".csv":
        return _read_csv(path, raw, max_cells)
    reader = _XlsxReader(path, raw, max_bytes, max_cells)
    reader.wanted = None if sheets is None else frozenset(sheets)
    return reader.read()


def _size(n: int) -> str:
    """``52428800`` -> ``50 MB``, ``1000000`` -> ``976.6 KB``."""
    unit, name = (1048576, "MB") if n >= 1048576 else (1024, "KB")
    return f"{plain_text((Decimal(n) / unit).quantize(Decimal('0.1')))} {name}"


def _read_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, read through a descriptor opened without following a link."""
    if os.path.islink(path):
        raise SheetReadError(f"“{path}”是符号链接，不会被读取；请直接指定工作簿文件本身")
    too_large = f"“{path}”超过上限 {_size(max_bytes)}，未读取；请删除多余的工作表、图片和空行，或把台账拆成几个文件"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SheetReadError(f"找不到文件“{path}”；请检查文件名和所在文件夹") from None
    except OSError as exc:   # ELOOP: a link that appeared since islink
        raise SheetReadError(f"无法读取“{path}”（{exc.strerror or exc}）；请检查文件权限，或先关闭正在编辑它的程序") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SheetReadError(f"“{path}”不是普通文件（是文件夹或设备）；请指定一个 .xlsx 或 .csv 文件")
        if st.st_size > max_bytes:
            raise SheetReadError(too_large)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise SheetReadError(f"无法读取“{path}”（{exc.strerror or exc}）；请检查文件权限") from None
    finally:
        os.close(fd)
    if len(raw) > max_bytes:   # grew since fstat
        raise SheetReadError(too_large)
    return raw


# ------------------------------------------------------------------------------- csv


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    if b"\x00" in raw:
        raise SheetReadError(f"“{path}”含有空字符（NUL），可能是 UTF-16 编码或并非文本文件；"
                             "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”")
    body = raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw
    for encoding in ("UTF-8", "GB18030"):
        try:
            return body.decode(encoding), encoding
        except UnicodeDecodeError:
            if body is not raw:   # a UTF-8 BOM promises UTF-8
                break
    raise SheetReadError(f"“{path}”既不是 UTF-8 也不是 GBK/GB18030 编码的文本；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”")


def _read_csv(path: Path, raw: bytes, max_cells: int) -> WorkbookGrid:
    text, encoding = _decode(path, raw)
    header = text.partition("\n")[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if "\t" in header and "," not in header else ",")
    rows: list[tuple[Cell, ...]] = []
    count = 0
    try:
        for index, record in enumerate(reader, start=1):
            count += len(record) or 1
            if count > max_cells:
                raise SheetReadError(f"“{path}”超过 {max_cells} 个单元格，未读取；请删除多余的行列，或把台账拆成几个文件")
            cells = tuple(Cell(index, col, value) for col, value in enumerate(record, start=1) if value.strip())
            if cells:
                rows.append(cells)
    except csv.Error:
        raise SheetReadError(f"“{path}”第 {reader.line_num} 行无法按 CSV 读取（单元格过长或引号不成对）；"
                             "请在 Excel 中打开后重新另存为 CSV") from None
    sheet = SheetGrid(path.stem, tuple(rows), blank_rows_skipped=grid.blank_rows_above_last(tuple(rows)))
    return WorkbookGrid(str(path), "csv", (sheet,), {"encoding": encoding})


# ------------------------------------------------------------------------------- xlsx


def _local(name: str) -> str:
    """``{namespace}c`` (expat: ``namespace}c``) -> ``c``: transitional and strict OOXML name elements alike."""
    return name.rpartition("}")[2]


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot hold as ``_x000D_`` (and ``_`` before such text as ``_x005F_``)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class _Strings:
    """Collects a shared or inline string: its ``t`` texts, rich-text runs included, phonetic guides (``rPh``) not."""

    def __init__(self, too_long: Callable[[], SheetReadError]) -> None:
        self.parts: list[str] | None = None     # inside <si> or <is>
        self.chars: list[str] | None = None     # where the characters read go: inside a <t> of it, or a <v>
        self.phonetic = False
        self.length = 0                         # characters of the current string or value so far
        self.too_long = too_long

    def string_start(self, tag: str) -> None:
        if tag in ("si", "is"):
            self.parts, self.length = [], 0
        elif tag == "t" and not self.phonetic:
            self.chars = self.parts
        elif tag == "rPh":
            self.phonetic = True

    def string_end(self, tag: str) -> str | None:
        """The whole string at the end of its ``si`` or ``is``."""
        self.chars = None
        if tag == "rPh":
            self.phonetic = False
        elif tag in ("si", "is") and self.parts is not None:
            text, self.parts = _unescape("".join(self.parts)), None
            return text
        return None

    def characters(self, data: str) -> None:
        if self.chars is not None:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:   # Excel cannot hold it: never collect a text without end
                raise self.too_long()
            self.chars.append(data)


class _SheetHandler(_Strings):
    """Builds one sheet's rows from expat callbacks; keeps only the row being read."""

    def __init__(self, reader: _XlsxReader, name: str) -> None:
        super().__init__(lambda: reader.fail(f"的工作表“{name}”中有一个单元格的文字超过 {MAX_CELL_CHARS} 个字符"
                                             "（Excel 单元格的上限），未读取；请检查这个工作簿是否由 Excel 或 WPS 保存"))
        self.reader, self.name, self.merged, self.hidden = reader, name, list[str](), list[tuple[int, int]]()
        self.rows, self.row = list[tuple[Cell, ...]](), list[Cell]()
        self.row_no = self.col = self.cells = self.elements = self.style = 0
        self.kind, self.formula = "n", False
        self.stored: str | None = None
        self.inline: str | None = None
        self.formula_text = ""

    def too_many(self) -> SheetReadError:
        return self.reader.fail(f"的工作表“{self.name}”超过 {self.reader.max_cells} 个单元格，未读取；"
                                "请删除多余的行列，或把台账拆成几个文件")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        self.elements += 1
        if self.elements > ELEMENTS_PER_CELL * self.reader.max_cells:
            raise self.too_many()
        if tag == "c":
            self.kind, self.style = attrs.get("t", "n"), int(attrs.get("s", 0))
            self.stored, self.inline, self.formula, self.formula_text = None, None, False, ""
            ref = attrs.get("r")
            m = _REF.fullmatch(ref) if ref else None
            col = grid.column_number(m.group(1)) if m else self.col + 1
            if (ref and (m is None or int(m.group(2)) != self.row_no)) or not self.col < col <= grid.MAX_COLUMN:
                raise self.reader.corrupt()   # not this row's cell, or not to the right of the one before
            self.col = col
        elif tag == "v":
            self.chars, self.length = [], 0
        elif tag == "f":
            self.formula, self.chars, self.length = True, [], 0
        elif tag == "row":
            number = int(attrs.get("r") or self.row_no + 1)
            if not self.row_no < number <= grid.MAX_ROW:
                raise self.reader.corrupt()
            self.row_no, self.col, self.row = number, 0, []
        elif tag == "mergeCell" and len(self.merged) < self.reader.max_cells:
            self.merged.append(attrs.get("ref", ""))
        elif tag == "col" and attrs.get("hidden", "").lower() in ("1", "true"):
            self.hidden.append((max(1, int(attrs.get("min", 1))), min(grid.MAX_COLUMN, int(attrs.get("max", 0)))))
        else:
            self.string_start(tag)

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag == "f" and self.chars is not None:
            self.formula_text, self.chars = "".join(self.chars), None
        elif tag == "v" and self.chars is not None:
            self.stored, self.chars = "".join(self.chars), None
        elif tag == "c":
            self.end_cell()
        elif tag == "row":
            if self.row:
                self.rows.append(tuple(self.row))
        else:
            text = self.string_end(tag)
            if text is not None:
                self.inline = text

    def end_cell(self) -> None:
        if not self.row_no:
            raise self.reader.corrupt()
        value = self.inline if self.kind == "inlineStr" else self.reader.stored_value(self.kind, self.stored)
        if self.formula or not (value is None or (isinstance(value, str) and not value.strip())):
            self.row.append(Cell(self.row_no, self.col, value, self.formula, self.style in self.reader.date_styles,
                                 self.formula_text))
            self.cells += 1
            self.reader.cells += 1
            if self.cells > self.reader.max_cells:
                raise self.too_many()
            if self.reader.cells > self.reader.max_cells:
                raise self.reader.fail(f"的各工作表共超过 {self.reader.max_cells} 个单元格，未读取；"
                                       "请删除多余的工作表和行列，或把台账拆成几个文件")

    def sheet_grid(self, hidden: bool) -> SheetGrid:
        columns: set[int] = set()
        reach = 0
        for low, high in sorted(self.hidden):   # overlapping <col> ranges cost their union, not their sum
            if high > reach:
                columns.update(range(max(low, reach + 1), high + 1))
                reach = high
        rows = tuple(self.rows)
        return SheetGrid(self.name, rows, frozenset(columns), tuple(self.merged), grid.blank_rows_above_last(rows), hidden)


class _XlsxReader:
    def __init__(self, path: Path, raw: bytes, max_bytes: int, max_cells: int) -> None:
        self.path, self.raw, self.max_bytes, self.max_cells = path, raw, max_bytes, max_cells
        self.strings: list[str] = []
        self.date_styles: frozenset[int] = frozenset()
        self.wanted: frozenset[str] | None = None   # the sheets to parse (None: all)
        self.cells = 0                              # non-empty cells read, all sheets together

    def fail(self, why: str) -> SheetReadError:
        return SheetReadError(f"“{self.path}”{why}")

    def corrupt(self) -> SheetReadError:
        return self.fail(f"不是有效的 .xlsx 工作簿（文件已损坏，或是其他格式改了扩展名）；{_SAVE_AS}")

    def read(self) -> WorkbookGrid:
        if self.raw.startswith(_OLE):
            raise self.fail("是加密（设置了打开密码）的工作簿，或其实是旧版 .xls 文件；请在 Excel 中取消打开密码"
                            "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），再另存为 .xlsx")
        try:
            with zipfile.ZipFile(io.BytesIO(self.raw)) as zf:
                self.check_members(zf)
                return self.read_zip(zf)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, pyexpat.ExpatError, KeyError, IndexError, ValueError, EOFError,
                NotImplementedError, OSError, zlib.error, lzma.LZMAError):
            raise self.corrupt() from None

    def check_members(self, zf: zipfile.ZipFile) -> None:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise self.fail(f"含有 {len(infos)} 个内部文件，不像是台账工作簿；{_SAVE_AS}")
        for info in infos:
            name = info.filename.replace("\\", "/")
            if ".." in name.split("/") or name.startswith("/") or ":" in name:
                raise self.fail(f"含有不安全的内部路径“{info.filename}”，不会被读取；{_SAVE_AS}")
            if info.flag_bits & 0x1:
                raise self.fail("是加密的工作簿；请在 Excel 中取消密码后另存为 .xlsx")
        declared = sum(info.file_size for info in infos)
        if declared > ZIP_RATIO * self.max_bytes:
            raise self.fail(f"解压后有 {_size(declared)}，超过上限 {_size(ZIP_RATIO * self.max_bytes)}"
                            f"（可能是“压缩炸弹”），未读取；请删除多余的内容后另存为 .xlsx")

    def refuse_doctype(self, *_: object) -> None:
        """A DOCTYPE is the door to entity expansion (a billion laughs); Excel never writes one."""
        raise self.fail(f"含有 DOCTYPE 声明，Excel 不会写出这样的文件，未读取；{_SAVE_AS}")

    def parse(self, zf: zipfile.ZipFile, member: str, start: Callable[[str, dict[str, str]], None],
              end: Callable[[str], None] | None = None, characters: Callable[[str], None] | None = None) -> None:
        """Stream one XML member through expat; a DOCTYPE is refused before any entity is declared."""
        parser = pyexpat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = self.refuse_doctype
        parser.StartElementHandler = start
        parser.EndElementHandler = end or (lambda _: None)
        parser.CharacterDataHandler = characters or (lambda _: None)
        with zf.open(member) as fh:
            while chunk := fh.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def elements(self, zf: zipfile.ZipFile, member: str, tags: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
        """The elements named ``tags`` of a small XML part, in order, with their attributes."""
        found: list[tuple[str, dict[str, str]]] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            if (tag := _local(name)) in tags:
                if len(found) >= self.max_cells:
                    raise self.corrupt()
                found.append((tag, attrs))

        self.parse(zf, member, start)
        return found

    def relationships(self, zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
        """Id -> (type, member) of a part's relationships (``xl/_rels/workbook.xml.rels``)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        out: dict[str, tuple[str, str]] = {}
        for _, attrs in self.elements(zf, rels, ("Relationship",)) if rels in zf.NameToInfo else ():
            target = attrs.get("Target", "")
            member = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[attrs.get("Id", "")] = (attrs.get("Type", ""), member)
        return out

    def read_zip(self, zf: zipfile.ZipFile) -> WorkbookGrid:
        office = [m for kind, m in self.relationships(zf, "").values() if kind.endswith("/officeDocument")]
        book = office[0] if office else "xl/workbook.xml"
        rels = self.relationships(zf, book)
        epoch_1904 = False
        listed: list[tuple[str, bool, tuple[str, str] | None]] = []   # as many as the zip has members, at most
        for tag, attrs in self.elements(zf, book, ("workbookPr", "sheet")):
            if tag == "workbookPr":
                epoch_1904 = attrs.get("date1904", "").lower() in ("1", "true")
            else:
                rid = next((v for k, v in attrs.items() if k.endswith("}id")), "")
                listed.append((attrs.get("name", ""), attrs.get("state", "visible") != "visible", rels.get(rid)))
        for kind, member in rels.values():
            if kind.endswith("/sharedStrings"):
                self.read_strings(zf, member)
            elif kind.endswith("/styles"):
                self.read_styles(zf, member)
        sheets: list[SheetGrid] = []
        meta: dict[str, str] = {}
        for name, hidden, rel in listed:
            if rel is None or not rel[0].endswith("/worksheet"):
                continue   # a chart sheet or a dialog sheet: no cells
            if self.wanted is not None and name not in self.wanted and name != META_SHEET:
                sheets.append(SheetGrid(name, (), hidden=hidden))   # named, never parsed
                continue
            handler = _SheetHandler(self, name)
            self.parse(zf, rel[1], handler.start, handler.end, handler.characters)
            if name == META_SHEET:
                meta = key_values(handler.sheet_grid(hidden))
            else:
                sheets.append(handler.sheet_grid(hidden))
        return WorkbookGrid(str(self.path), "xlsx", tuple(sheets), meta, epoch_1904)

    def read_strings(self, zf: zipfile.ZipFile, member: str) -> None:
        collector = _Strings(lambda: self.fail(f"中有一段文字超过 {MAX_CELL_CHARS} 个字符（Excel 单元格的上限），未读取；"
                                               "请检查这个工作簿是否由 Excel 或 WPS 保存"))

        def end(tag: str) -> None:
            text = collector.string_end(_local(tag))
            if text is not None:
                if len(self.strings) >= self.max_cells:
                    raise self.fail(f"含有超过 {self.max_cells} 段不同的文字，未读取；请删除多余的内容，或把台账拆成几个文件")
                self.strings.append(text)

        self.parse(zf, member, lambda tag, _: collector.string_start(_local(tag)), end, collector.characters)

    def read_styles(self, zf: zipfile.ZipFile, member: str) -> None:
        codes: dict[int, str] = {}
        formats: list[int] = []
        within = ""   # the <xf> elements of <cellXfs> are the cells' styles, those of <cellStyleXfs> are not
        for tag, attrs in self.elements(zf, member, ("cellXfs", "cellStyleXfs", "numFmt", "xf")):
            if tag == "numFmt":
                codes[int(attrs.get("numFmtId", 0))] = attrs.get("formatCode", "")
            elif tag != "xf":
                within = tag
            elif within == "cellXfs":
                formats.append(int(attrs.get("numFmtId", 0)))
        self.date_styles = frozenset(i for i, f in enumerate(formats)
                                     if (is_date_format(codes[f]) if f in codes else f in _DATE_FORMAT_IDS))

    def stored_value(self, kind: str, stored: str | None) -> CellValue:
        """The value of a cell's ``<v>`` by its type ``t``: shared string, text, error, boolean, ISO date, number."""
        if stored is None:
            return None
        if kind == "s":
            return self.strings[int(stored)]
        if kind in ("str", "e"):
            return _unescape(stored)
        text = stored.strip()
        if kind == "b":
            return text in ("1", "true")
        if kind == "d":
            return datetime.fromisoformat(text.rstrip("Z"))
        if not text:
            return None
        return int(text) if _INTEGER.fullmatch(text) else float(text)

