"""Regenerate docs/images/ledger-template-*.png: pictures of the ``shuili template`` workbook.

Run from the repository root with LibreOffice (``soffice``) and poppler (``pdftoppm``,
``pdftotext``) installed::

    .venv/bin/python tools/render_ledger_png.py [--out docs/images]

It writes three pictures, all rendered headless by LibreOffice from workbooks built by
``render/ledger_xlsx.py``:

- ``ledger-template-hazards.png``: the 隐患清单 sheet of a template holding one example row,
  printed to PDF by LibreOffice and cut to the table;
- ``ledger-template-instructions.png``: the first page of the template's 填写说明 sheet;
- ``ledger-template-dropdown.png``: the drop-down of the 隐患等级 column. A list cannot be shown
  open in a headless render, so this picture is drawn: the template is converted to ODS by
  LibreOffice, the data validation LibreOffice attached to cell 隐患清单!G2 is read from that
  ODS (its condition, input message and error message), its list range is resolved on the
  hidden ``_lists`` sheet, and a small sheet laid out like an open drop-down plus a table of
  that validation is printed by LibreOffice. The picture says so in its caption.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from shuili_cli.core.ledger.book import BookSheet, CellOut, LedgerBook
from shuili_cli.core.ledger.catalogue import ledgers
from shuili_cli.render.ledger_xlsx import build_ledger_workbook

DPI = 150
MAX_BYTES = 300_000
INK = bytes(1 if v < 200 else 0 for v in range(256))      # grey levels that count as printed
HAZARD_SHEET = "隐患清单"
GRADE_HEADER = "隐患等级"
EXAMPLE = {
    "隐患编号": "H-2023-001", "发现日期": date(2023, 5, 6), "隐患来源": "自查", "隐患描述": "消防通道堆放杂物，影响疏散",
    "隐患部位": "厂房一楼东侧", "隐患等级": "一般", "整改责任人": "王强", "整改期限": date(2023, 5, 20),
    "整改措施": "清理杂物，设禁止堆放标识", "整改资金（万元）": Decimal("0.3"), "整改完成日期": date(2023, 5, 18),
    "状态": "已整改待验收",
}
CAPTION = ("示意：隐患清单的“隐患等级”栏（G 列）点开后的下拉列表。由 LibreOffice 无界面模式从 shuili template "
           "生成的工作簿读出数据验证后绘制，并非 Excel 截图。")
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


def template_book(example: bool) -> LedgerBook:
    """The template; with ``example`` the 隐患清单 holds one filled row."""
    sheets = []
    for s in ledgers().for_book("template"):
        rows: tuple[tuple[CellOut, ...], ...] = ()
        if example and s.name == HAZARD_SHEET:
            rows = (tuple(EXAMPLE.get(c.header) for c in s.columns),)
        sheets.append(BookSheet(s, s.columns, rows))
    return LedgerBook("template", "企业安全生产台账（填报模板）", "", None, tuple(sheets), {"kind": "template"})


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def soffice(path: Path, fmt: str) -> Path:
    """``path`` converted by LibreOffice (headless) to ``fmt``, next to it."""
    run("soffice", "--headless", "--convert-to", fmt, "--outdir", str(path.parent), str(path))
    return path.with_suffix("." + fmt)


def page_of(pdf: Path, text: str) -> int:
    """The first page of ``pdf`` whose text contains ``text``."""
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf))).group(1))  # type: ignore[union-attr]
    for page in range(1, pages + 1):
        if text in run("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"):
            return page
    raise SystemExit(f"{pdf.name}：找不到“{text}”")


def _ink_box(pgm: Path, top: int, bottom: int) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1) of the non-white pixels of a binary PGM between pixel rows ``top`` and ``bottom``."""
    data = pgm.read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert m is not None, pgm
    width, height = int(m.group(1)), int(m.group(2))
    pixels = data[m.end():]
    xs: list[int] = []
    ys: list[int] = []
    for y in range(max(top, 0), min(bottom, height)):
        line = pixels[y * width:(y + 1) * width].translate(INK)
        first = line.find(b"\x01")
        if first >= 0:
            ys.append(y)
            xs += [first, line.rfind(b"\x01")]
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


def to_png(pdf: Path, page: int, out: Path, *, dpi: int = DPI) -> None:
    """Page ``page`` of ``pdf`` as a PNG cut to what is printed on it, without the page header and footer."""
    box = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    ys = [(float(m[1]), float(m[2])) for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                                                         r'yMax="([\d.]+)"', box)]
    header_end = max(y1 for y0, y1 in ys if y0 <= min(y for y, _ in ys) + 1)       # the page header's line
    footer_start = max(y for y, _ in ys)                                             # the page footer's line
    scale = dpi / 72
    stem = out.parent / (out.stem + "-page")
    run("pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem))
    pgm = stem.with_suffix(".pgm")
    pad = int(6 * scale)
    x0, y0, x1, y1 = _ink_box(pgm, int(header_end * scale) + pad, int(footer_start * scale) - pad)
    pgm.unlink()
    run("pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
        "-x", str(max(x0 - pad, 0)), "-y", str(max(y0 - pad, 0)), "-W", str(x1 - x0 + 2 * pad),
        "-H", str(y1 - y0 + 2 * pad), str(pdf), str(out.with_suffix("")))
    size = out.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"{out}：{size} 字节，超过 {MAX_BYTES}")


# ----------------------------------------------------------------- the drop-down, as LibreOffice reads it


def _column_index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n


def libreoffice_validation(ods: Path, sheet: str, cell: str) -> dict[str, str]:
    """The data validation LibreOffice attached to ``sheet!cell`` in ``ods`` (condition and messages)."""
    tag = "{%s}%s"
    t, x = NS["table"], NS["text"]
    root = ElementTree.fromstring(zipfile.ZipFile(ods).read("content.xml"))
    col_letters, row_no = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()  # type: ignore[union-attr]
    want_col, want_row = _column_index(col_letters), int(row_no)
    table = next(tb for tb in root.iter(tag % (t, "table")) if tb.get(tag % (t, "name")) == sheet)
    row_at = 0
    name = None
    for row in table.iter(tag % (t, "table-row")):
        row_at += int(row.get(tag % (t, "number-rows-repeated"), "1"))
        if row_at < want_row:
            continue
        col_at = 0
        for c in row:
            col_at += int(c.get(tag % (t, "number-columns-repeated"), "1"))
            if col_at >= want_col:
                name = c.get(tag % (t, "content-validation-name"))
                break
        break
    found = next(v for v in root.iter(tag % (t, "content-validation")) if v.get(tag % (t, "name")) == name)
    help_el = found.find(tag % (t, "help-message"))
    error_el = found.find(tag % (t, "error-message"))

    def text_of(el: ElementTree.Element | None) -> str:
        return "".join(p.text or "" for p in el.iter(tag % (x, "p"))) if el is not None else ""

    return {"condition": found.get(tag % (t, "condition"), ""),
            "help_title": help_el.get(tag % (t, "title"), "") if help_el is not None else "",
            "help": text_of(help_el),
            "error_title": error_el.get(tag % (t, "title"), "") if error_el is not None else "",
            "error": text_of(error_el)}


def list_values(xlsx: bytes, condition: str) -> list[str]:
    """The values of the list range named in a LibreOffice ``cell-content-is-in-list`` condition."""
    m = re.search(r"\[\$'?([^'.\]]+)'?\.\$([A-Z]+)\$(\d+):\.\$([A-Z]+)\$(\d+)\]", condition)
    if m is None:
        raise SystemExit(f"不是列表条件：{condition}")
    ws = load_workbook(io.BytesIO(xlsx))[m.group(1)]
    return [str(ws[f"{m.group(2)}{r}"].value) for r in range(int(m.group(3)), int(m.group(5)) + 1)]


def dropdown_book(validation: dict[str, str], values: list[str], xlsx: bytes) -> bytes:
    """A small sheet drawn like an open drop-down under 隐患等级, with the validation as a table."""
    ws_src = load_workbook(io.BytesIO(xlsx))[HAZARD_SHEET]
    ranges = [str(dv.sqref) for dv in ws_src.data_validations.dataValidation if "G2" in dv.sqref]
    wb = Workbook()
    ws = wb.active
    ws.title = "下拉列表"
    thin, thick = Side(style="thin", color="808080"), Side(style="medium", color="1F6FD1")
    grey = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")
    pick = PatternFill("solid", start_color="CFE3FA", end_color="CFE3FA")
    font, bold = Font(name="宋体", size=11), Font(name="宋体", size=11, bold=True)
    for i, width in enumerate((16, 14, 14, 4, 16, 62), 1):
        ws.column_dimensions[chr(64 + i)].width = width
    ws["A1"] = CAPTION
    ws["A1"].font = Font(name="宋体", size=10, italic=True)
    for col, src in zip("ABC", ("F", "G", "H"), strict=True):
        cell = ws[f"{col}3"]
        cell.value = ws_src[f"{src}1"].value
        cell.font, cell.fill, cell.alignment = bold, grey, Alignment(horizontal="center")
        cell.border = Border(thin, thin, thin, thin)
        ws[f"{col}2"] = f"{src} 列"
        ws[f"{col}2"].font = Font(name="宋体", size=9, color="808080")
        ws[f"{col}2"].alignment = Alignment(horizontal="center")
    ws["A4"], ws["C4"] = "厂房一楼东侧", "王强"
    ws["B4"] = values[0] + "   ▼"
    ws["B4"].border = Border(thick, thick, thick, thick)
    for r, value in enumerate(values, 5):
        cell = ws[f"B{r}"]
        cell.value = value
        cell.fill = pick if r == 5 else PatternFill()
        cell.border = Border(thin, thin, thin if r == 5 else None, thin if r == 4 + len(values) else None)
    for c in ("A4", "B4", "C4"):
        ws[c].font = font
    ws["E2"] = "数据验证（条件和提示由 LibreOffice 从模板读出）"
    ws["E2"].font = bold
    rows = [("单元格", f"{HAZARD_SHEET}!{'、'.join(ranges)}"),
            ("条件", validation["condition"]), ("可选值", "、".join(values)),
            ("出错标题", validation["error_title"]), ("出错信息", validation["error"]),
            ("输入提示", validation["help"] or "（无）")]
    for r, (key, value) in enumerate(rows, 3):
        ws[f"E{r}"], ws[f"F{r}"] = key, value
        ws[f"E{r}"].font = bold
        ws[f"F{r}"].font = font
        ws[f"E{r}"].alignment = ws[f"F{r}"].alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[r].height = 18
        for c in ("E", "F"):
            ws[f"{c}{r}"].border = Border(thin, thin, thin, thin)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = "shuili template：下拉列表示意"      # the page header is cut off the picture
    ws.oddFooter.center.text = "第 &P 页"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/images"))
    args = parser.parse_args(argv)
    missing = [tool for tool in ("soffice", "pdftoppm", "pdftotext") if shutil.which(tool) is None]
    if missing:
        print(f"缺少 {', '.join(missing)}：请安装 LibreOffice（libreoffice-calc）和 poppler-utils", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        example = work / "template-example.xlsx"
        example.write_bytes(build_ledger_workbook(template_book(example=True)))
        pdf = soffice(example, "pdf")
        to_png(pdf, page_of(pdf, str(EXAMPLE["隐患编号"])), args.out / "ledger-template-hazards.png", dpi=200)
        to_png(pdf, 1, args.out / "ledger-template-instructions.png", dpi=110)

        blank = work / "template.xlsx"
        data = build_ledger_workbook(template_book(example=False))
        blank.write_bytes(data)
        validation = libreoffice_validation(soffice(blank, "ods"), HAZARD_SHEET, "G2")
        values = list_values(data, validation["condition"])
        drawn = work / "dropdown.xlsx"
        drawn.write_bytes(dropdown_book(validation, values, data))
        to_png(soffice(drawn, "pdf"), 1, args.out / "ledger-template-dropdown.png")
    for name in ("hazards", "instructions", "dropdown"):
        path = args.out / f"ledger-template-{name}.png"
        print(f"{path}：{path.stat().st_size} 字节")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
