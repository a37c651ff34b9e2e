"""Reading ledger files safely into a grid (render/ledger_read.py).

Workbooks are built in each test: with openpyxl where it can make the case, and as raw zip/XML
where it cannot (cached formula results, phonetic guides, East Asian date formats, hostile files).
"""

from __future__ import annotations

import io
import os
import timeit
import warnings
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from shuili_cli.core.ledger.cells import cell_value
from shuili_cli.core.ledger.grid import Cell, SheetGrid, SheetReadError
from shuili_cli.render.ledger_read import read_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SAVE_AS = "请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后重试"


def raw_xlsx(sheets: dict[str, str], *, strings: str | None = None, styles: str | None = None,
             workbook_pr: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook: ``sheets`` maps a name to the XML inside ``<worksheet>``; ``strings``,
    ``styles``: the XML inside ``<sst>`` / ``<styleSheet>``."""
    rels = [f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)]
    members = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Override PartName="/xl/workbook.xml" ContentType="application/'
                               'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/officeDocument" '
                       'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">{workbook_pr}<sheets>'
                           + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(sheets, 1))
                           + "</sheets></workbook>",
    }
    if strings is not None:
        rels.append(f'<Relationship Id="rS" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>')
        members["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{strings}</sst>'
    if styles is not None:
        rels.append(f'<Relationship Id="rT" Type="{RELS}/styles" Target="/xl/styles.xml"/>')   # an absolute target
        members["xl/styles.xml"] = f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>'
    members["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    for i, body in enumerate(sheets.values(), 1):
        members[f"xl/worksheets/sheet{i}.xml"] = f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">{body}</worksheet>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def write(tmp_path: Path, data: bytes, name: str = "台账.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def cells(sheet: SheetGrid) -> list[tuple[str, object, bool, bool]]:
    return [(c.ref, c.value, c.formula, c.date_format) for row in sheet.rows for c in row]


def error(path: Path, **kw: int) -> str:
    with pytest.raises(SheetReadError) as info:
        read_workbook(path, **kw)
    return info.value.message


# ------------------------------------------------------------------------------- what a workbook holds


def test_a_workbook_written_by_openpyxl(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "隐患清单"
    ws.append(["隐患编号", "发现日期", "整改资金（万元）", "联系电话", "已销号"])
    ws.append(["H-2023-001", date(2023, 5, 6), 0.35, 5952388, True])
    ws["C3"] = "=C2*2"                        # openpyxl saves a formula without a cached result
    ws["B3"] = 45052
    ws["B3"].number_format = 'yyyy"年"m"月"d"日"'
    ws.merge_cells("A3:A4")
    ws.column_dimensions.group("D", "E", hidden=True)
    lists = wb.create_sheet("下拉选项")
    lists.sheet_state = "hidden"
    lists["A1"] = "一般"
    meta = wb.create_sheet("_shuili")
    meta.sheet_state = "veryHidden"
    meta.append(["enterprise", "chengqu-flood"])
    meta.append(["schema", 1])
    path = tmp_path / "城区防洪-台账-2023-06-30.xlsx"
    wb.save(path)

    book = read_workbook(path)
    assert (book.path, book.kind, book.epoch_1904) == (str(path), "xlsx", False)
    assert book.meta == {"enterprise": "chengqu-flood", "schema": "1"}
    assert [(s.name, s.hidden) for s in book.sheets] == [("隐患清单", False), ("下拉选项", True)]
    sheet = book.sheets[0]
    assert cells(sheet) == [
        ("A1", "隐患编号", False, False), ("B1", "发现日期", False, False), ("C1", "整改资金（万元）", False, False),
        ("D1", "联系电话", False, False), ("E1", "已销号", False, False),
        ("A2", "H-2023-001", False, False), ("B2", 45052, False, True), ("C2", 0.35, False, False),
        ("D2", 5952388, False, False), ("E2", True, False, False),
        ("B3", 45052, False, True), ("C3", None, True, False),
    ]
    assert (sheet.merged, sheet.hidden_columns, sheet.blank_rows_skipped) == (("A3:A4",), frozenset({4, 5}), 0)
    assert book.sheet("下拉选项") is book.sheets[1] and book.sheet("_shuili") is None


def test_a_1904_workbook_and_its_dates(tmp_path: Path) -> None:
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    wb.active["A1"] = date(2023, 5, 6)        # stored as 43590 days after 1904-01-01
    wb.save(tmp_path / "mac.xlsx")
    book = read_workbook(tmp_path / "mac.xlsx")
    cell = book.sheets[0].rows[0][0]
    assert (book.epoch_1904, cell.value, cell.date_format) == (True, 43590, True)
    assert cell_value(cell, "date", epoch_1904=book.epoch_1904) == date(2023, 5, 6)


def test_formulas_keep_their_cached_results_and_are_never_evaluated(tmp_path: Path) -> None:
    body = ('<sheetData><row r="2">'
            '<c r="A2"><f>1+1</f><v>2</v></c>'
            '<c r="B2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
            '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
            '<c r="D2"><f t="shared" ref="D2:D3" si="0">A2*10</f><v>20</v></c>'
            '<c r="E2"><f>NOW()</f></c>'
            '<c r="F2" t="str"><v>=1+1</v></c>'                 # text that looks like a formula: text
            "</row></sheetData>")
    sheet = read_workbook(write(tmp_path, raw_xlsx({"s": body}))).sheets[0]
    assert cells(sheet) == [("A2", 2, True, False), ("B2", "ab", True, False), ("C2", "#DIV/0!", True, False),
                            ("D2", 20, True, False), ("E2", None, True, False), ("F2", "=1+1", False, False)]
    assert sheet.blank_rows_skipped == 1


def test_every_kind_of_stored_string_and_value(tmp_path: Path) -> None:
    strings = ('<si><t>泵房</t></si>'
               '<si><r><rPr><b/></rPr><t>重大</t></r><r><t xml:space="preserve">隐患 </t></r></si>'
               '<si><t>安全</t><rPh sb="0" eb="2"><t>ānquán</t></rPh></si>'      # phonetic guide: not text
               '<si><t>第一行_x000D_\n第二行</t></si>'
               '<si><t>_x005F_x000D_</t></si>'                                   # an escaped escape
               '<si><t></t></si>')
    body = ('<dimension ref="A1:H2"/><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
            '<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>'
            '<row><c t="inlineStr"><is><t>内联</t></is></c><c t="b"><v>0</v></c><c t="e"><v>#N/A</v></c>'
            '<c t="d"><v>2023-05-06T00:00:00Z</v></c><c><v>1.5E3</v></c><c><v>-7</v></c><c s="0"><v></v></c>'
            '<c t="str"><v>  </v></c></row>'
            "</sheetData>")
    sheet = read_workbook(write(tmp_path, raw_xlsx({"s": body}, strings=strings))).sheets[0]
    values = [(c.ref, c.value) for row in sheet.rows for c in row]
    assert values[:5] == [("A1", "泵房"), ("B1", "重大隐患 "), ("C1", "安全"), ("D1", "第一行\r\n第二行"), ("E1", "_x000D_")]
    assert [(ref, v) for ref, v in values[5:7]] == [("A2", "内联"), ("B2", False)]
    assert values[7][1] == "#N/A" and values[8][1].isoformat()[:19] == "2023-05-06T00:00:00"  # type: ignore[union-attr]
    assert values[9:] == [("E2", 1500.0), ("F2", -7)]        # empty and blank cells are not kept
    assert type(values[9][1]) is float and type(values[10][1]) is int


def test_date_number_formats_including_the_east_asian_built_in_ones(tmp_path: Path) -> None:
    styles = ('<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
              '<numFmt numFmtId="177" formatCode="0.00_ "/></numFmts>'
              '<cellStyleXfs count="2"><xf numFmtId="14"/><xf numFmtId="14"/></cellStyleXfs>'   # not cell formats
              '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="176"/>'
              '<xf numFmtId="177"/><xf numFmtId="58"/></cellXfs>')
    body = "<sheetData><row r=\"1\">" + "".join(f'<c r="{c}1" s="{i}"><v>45052</v></c>' for i, c in enumerate("ABCDEF")) + (
        "</row></sheetData>")
    sheet = read_workbook(write(tmp_path, raw_xlsx({"s": body}, styles=styles))).sheets[0]
    assert [c.date_format for c in sheet.rows[0]] == [False, True, True, True, False, True]


def test_merged_ranges_hidden_columns_and_blank_rows_from_the_sheet_xml(tmp_path: Path) -> None:
    # <col> ranges overlapping and out of order (a hostile file): only their union counts
    body = ('<cols><col min="2" max="3" width="0" hidden="1"/><col min="5" max="5" hidden="0"/>'
            '<col min="7" max="20000" hidden="true"/><col min="8" max="9" hidden="1"/>'
            '<col min="1" max="2" hidden="1"/></cols>'
            '<sheetData><row r="3"><c r="A3" t="str"><v>h</v></c></row><row r="4" ht="30" customHeight="1"/>'
            '<row r="9"><c r="B9"><v>1</v></c></row></sheetData>'
            '<mergeCells count="2"><mergeCell ref="A3:B4"/><mergeCell ref="C9:D9"/></mergeCells>')
    sheet = read_workbook(write(tmp_path, raw_xlsx({"s": body}))).sheets[0]
    assert sheet.merged == ("A3:B4", "C9:D9")
    assert sheet.hidden_columns == frozenset({1, 2, 3, *range(7, 16385)})
    assert [[c.ref for c in row] for row in sheet.rows] == [["A3"], ["B9"]]
    assert sheet.blank_rows_skipped == 7        # rows 1, 2, 4, 5, 6, 7, 8


# ------------------------------------------------------------------------------- size and cost


def _fastest(path: Path) -> float:
    return min(timeit.repeat(lambda: read_workbook(path), number=1, repeat=5))


def test_ten_thousand_blank_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["隐患编号", "隐患描述"])
    for r in range(2, 10002):
        ws.row_dimensions[r].height = 20      # formatted but empty rows, as Excel writes them
    ws.cell(10002, 1, "H-1")
    wb.save(tmp_path / "blank.xlsx")
    sheet = read_workbook(tmp_path / "blank.xlsx").sheets[0]
    assert [[c.ref for c in row] for row in sheet.rows] == [["A1", "B1"], ["A10002"]]
    assert sheet.blank_rows_skipped == 10000


def test_a_dimension_claiming_every_row_and_column_costs_nothing(tmp_path: Path) -> None:
    """openpyxl's read-only rows would pad the far row to 16,384 cells and yield 1,048,575 empty rows."""
    base = '<c r="A1" t="str"><v>编号</v></c></row>'
    small = write(tmp_path, raw_xlsx({"s": f'<dimension ref="A1"/><sheetData><row r="1">{base}</sheetData>'}), "a.xlsx")
    huge = write(tmp_path, raw_xlsx({"s": f'<dimension ref="A1:XFD1048576"/><sheetData><row r="1">{base}'
                                          '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'}), "b.xlsx")
    sheet = read_workbook(huge).sheets[0]
    assert [[c.ref for c in row] for row in sheet.rows] == [["A1"], ["XFD1048576"]]
    assert sheet.blank_rows_skipped == 1048574
    assert _fastest(huge) < 5 * _fastest(small) + 0.005


def test_a_sheet_over_max_cells_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "隐患清单"
    for _ in range(3):
        wb.active.append([1, 2])
    wb.save(tmp_path / "x.xlsx")
    assert read_workbook(tmp_path / "x.xlsx", max_cells=6).sheets[0].rows[-1][-1].ref == "B3"
    assert error(tmp_path / "x.xlsx", max_cells=5) == (
        f"“{tmp_path / 'x.xlsx'}”的工作表“隐患清单”超过 5 个单元格，未读取；请删除多余的行列，或把台账拆成几个文件")


def test_formatted_empty_cells_count_against_the_bound(tmp_path: Path) -> None:
    row = "".join(f'<c r="{c}1" s="1"/>' for c in "ABCDEFGHIJK")      # 11 empty cells with a style, no value
    path = write(tmp_path, raw_xlsx({"空": f"<sheetData><row r=\"1\">{row}</row></sheetData>"}))
    assert read_workbook(path, max_cells=3).sheets[0].rows == ()        # 14 elements <= 5 x 3
    assert error(path, max_cells=2) == (
        f"“{path}”的工作表“空”超过 2 个单元格，未读取；请删除多余的行列，或把台账拆成几个文件")


def test_a_file_over_max_bytes_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = write(tmp_path, b"PK" + b"\0" * 3000)      # not even a zip: the size is checked first
    assert error(path, max_bytes=2048) == (
        f"“{path}”超过上限 2 KB，未读取；请删除多余的工作表、图片和空行，或把台账拆成几个文件")
    big = write(tmp_path, b"\0" * (1024 * 1024 + 1), "big.xlsx")
    assert error(big, max_bytes=1024 * 1024) == (
        f"“{big}”超过上限 1 MB，未读取；请删除多余的工作表、图片和空行，或把台账拆成几个文件")


# ------------------------------------------------------------------------------- hostile and broken files


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    real = write(tmp_path, raw_xlsx({"s": "<sheetData/>"}), "real.xlsx")
    link = tmp_path / "link.xlsx"
    os.symlink(real, link)
    assert error(link) == f"“{link}”是符号链接，不会被读取；请直接指定工作簿文件本身"


NOT_A_FILE = "不是普通文件（是文件夹或设备）；请指定一个 .xlsx 或 .csv 文件"


def test_missing_files_folders_and_other_formats(tmp_path: Path) -> None:
    assert error(tmp_path / "无.xlsx") == f"找不到文件“{tmp_path / '无.xlsx'}”；请检查文件名和所在文件夹"
    (tmp_path / "folder.xlsx").mkdir()
    assert error(tmp_path / "folder.xlsx") == f"“{tmp_path / 'folder.xlsx'}”{NOT_A_FILE}"
    old = write(tmp_path, b"\xd0\xcf\x11\xe0", "旧.XLS")
    assert error(old) == (f"“{old}”是旧版 Excel 97-2003 工作簿（.xls），无法读取；"
                          "请在 Excel 中另存为 .xlsx（文件 → 另存为 → Excel 工作簿）")
    os.mkfifo(tmp_path / "pipe.csv")          # would block a reader that waited for a writer
    assert error(tmp_path / "pipe.csv") == f"“{tmp_path / 'pipe.csv'}”{NOT_A_FILE}"
    ods = write(tmp_path, b"", "表.ods")
    assert error(ods) == f"“{ods}”不是 .xlsx 或 .csv 文件；请在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿）或 .csv"


def test_an_encrypted_workbook_is_refused(tmp_path: Path) -> None:
    # Excel saves a workbook with an open password as an OLE compound file, whatever its name.
    path = write(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert error(path) == (f"“{path}”是加密（设置了打开密码）的工作簿，或其实是旧版 .xls 文件；请在 Excel 中取消打开密码"
                           "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），再另存为 .xlsx")
    data = bytearray(raw_xlsx({"s": "<sheetData/>"}))
    central = data.index(b"PK\x01\x02")     # the first member's central directory entry
    data[central + 8] |= 0x1                 # its "encrypted" flag (ZipCrypto)
    path = write(tmp_path, bytes(data), "zipcrypto.xlsx")
    assert error(path) == f"“{path}”是加密的工作簿；请在 Excel 中取消密码后另存为 .xlsx"


def test_a_zip_bomb_is_refused_before_decompressing(tmp_path: Path) -> None:
    path = write(tmp_path, raw_xlsx({"s": "<sheetData/>"}, extra={"xl/media/image1.png": b"\0" * 2_000_000}))
    assert path.stat().st_size < 10_000       # two megabytes of zeros deflate to a few kilobytes
    assert error(path, max_bytes=50_000) == (f"“{path}”解压后有 1.9 MB，超过上限 976.6 KB（可能是“压缩炸弹”），"
                                             "未读取；请删除多余的内容后另存为 .xlsx")
    assert read_workbook(path, max_bytes=200_000).sheets[0].rows == ()   # 20 x 200,000 bytes is enough


@pytest.mark.parametrize("name", ["../../evil.xml", "xl/../../evil.xml", "/etc/evil.xml", "C:/evil.xml"])
def test_unsafe_member_names_are_refused(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, raw_xlsx({"s": "<sheetData/>"}, extra={name: b"x"}))
    assert error(path) == f"“{path}”含有不安全的内部路径“{name}”，不会被读取；{SAVE_AS}"


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    laughs = ('<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    members = raw_xlsx({"s": '<sheetData><row r="1"><c r="A1" t="str"><v>&c;</v></c></row></sheetData>'})
    src = zipfile.ZipFile(io.BytesIO(members))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            data = src.read(info)
            zf.writestr(info, laughs.encode() + data if info.filename.endswith("sheet1.xml") else data)
    path = write(tmp_path, buf.getvalue())
    assert error(path) == f"“{path}”含有 DOCTYPE 声明，Excel 不会写出这样的文件，未读取；{SAVE_AS}"


def _corrupt(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, data)
    assert error(path) == f"“{path}”不是有效的 .xlsx 工作簿（文件已损坏，或是其他格式改了扩展名）；{SAVE_AS}"


def test_corrupt_files_are_named_not_tracebacks(tmp_path: Path) -> None:
    good = raw_xlsx({"s": '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'})
    _corrupt(tmp_path, b"<html>not a workbook</html>")
    _corrupt(tmp_path, good[: len(good) // 2])                                 # truncated in transit
    _corrupt(tmp_path, raw_xlsx({"s": "<sheetData><row>"}))                   # XML cut short
    _corrupt(tmp_path, raw_xlsx({"s": '<sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData>'},
                                strings="<si><t>only one</t></si>"))          # no shared string 7
    _corrupt(tmp_path, raw_xlsx({"s": '<sheetData><row r="2"/><row r="1"/></sheetData>'}))   # rows backwards
    _corrupt(tmp_path, raw_xlsx({"s": '<sheetData><row r="1"><c r="A2"><v>1</v></c></row></sheetData>'}))
    _corrupt(tmp_path, raw_xlsx({"s": '<sheetData><row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row></sheetData>'}))
    _corrupt(tmp_path, raw_xlsx({"s": '<sheetData><row r="1"><c r="A1"><v>abc</v></c></row></sheetData>'}))
    _corrupt(tmp_path, raw_xlsx({"s": '<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData>'}))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "a zip, but no workbook in it")
    _corrupt(tmp_path, buf.getvalue())


def test_nothing_reaches_the_terminal(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """openpyxl warns about the data-validation extension Excel writes for lists on other sheets."""
    ext = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0"/>'
           "</ext></extLst>")
    path = write(tmp_path, raw_xlsx({"s": f'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>{ext}'}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_workbook(path, read_only=True)["s"].calculate_dimension(force=True)
        assert any("extension is not supported" in str(w.message) for w in caught)   # the case is real
        caught.clear()
        assert read_workbook(path).sheets[0].rows[0][0].value == 1
        assert caught == []
    assert capfd.readouterr() == ("", "")


# ------------------------------------------------------------------------------- csv


def test_csv_in_utf8_with_and_without_bom(tmp_path: Path) -> None:
    text = '隐患编号,隐患描述,整改资金（万元）\r\nH-1,"泵房漏水，\r\n需更换",0.35\r\n\r\n,,\r\nH-2,  ,1\r\n'
    for data in (text.encode("utf-8-sig"), text.encode()):
        book = read_workbook(write(tmp_path, data, "隐患清单.csv"))
        assert (book.kind, book.meta, book.epoch_1904) == ("csv", {"encoding": "UTF-8"}, False)
        sheet = book.sheets[0]
        assert sheet.name == "隐患清单"
        assert [[(c.ref, c.value) for c in row] for row in sheet.rows] == [
            [("A1", "隐患编号"), ("B1", "隐患描述"), ("C1", "整改资金（万元）")],
            [("A2", "H-1"), ("B2", "泵房漏水，\r\n需更换"), ("C2", "0.35")],
            [("A5", "H-2"), ("C5", "1")],
        ]
        assert sheet.blank_rows_skipped == 2 and sheet.merged == () and sheet.hidden_columns == frozenset()


def test_csv_saved_by_chinese_excel_is_gbk_and_tabs_are_found(tmp_path: Path) -> None:
    data = "隐患编号\t隐患等级\t发现日期\nH-1\t重大\t2023/5/6\n".encode("gbk")
    book = read_workbook(write(tmp_path, data, "ledger.CSV"))
    assert book.meta == {"encoding": "GB18030"}
    assert [[c.value for c in row] for row in book.sheets[0].rows] == [
        ["隐患编号", "隐患等级", "发现日期"], ["H-1", "重大", "2023/5/6"]]
    # a comma in the header: commas separate, tabs stay inside the values
    book = read_workbook(write(tmp_path, b"a,b\tc\n1,2\n", "mixed.csv"))
    assert [[c.value for c in row] for row in book.sheets[0].rows] == [["a", "b\tc"], ["1", "2"]]


def test_bad_csv_files(tmp_path: Path) -> None:
    utf16 = write(tmp_path, "编号,描述\n".encode("utf-16"), "u16.csv")
    assert error(utf16) == (f"“{utf16}”含有空字符（NUL），可能是 UTF-16 编码或并非文本文件；"
                            "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”")
    bad = write(tmp_path, b"\xef\xbb\xbf\xff\xfe,1\n", "bom.csv")     # a UTF-8 BOM, then no UTF-8
    assert error(bad) == f"“{bad}”既不是 UTF-8 也不是 GBK/GB18030 编码的文本；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"
    long = write(tmp_path, b"a\n" + b"x" * 200_000 + b"\n", "long.csv")
    assert error(long) == f"“{long}”第 2 行无法按 CSV 读取（单元格过长或引号不成对）；请在 Excel 中打开后重新另存为 CSV"
    many = write(tmp_path, b"\n" * 30, "blank.csv")
    assert error(many, max_cells=20) == f"“{many}”超过 20 个单元格，未读取；请删除多余的行列，或把台账拆成几个文件"
    assert read_workbook(many, max_cells=30).sheets[0].rows == ()


def test_a_csv_cell_reads_like_the_same_xlsx_cell(tmp_path: Path) -> None:
    book = read_workbook(write(tmp_path, "2023年5月6日,\"\u00a01,234.5\u00a0\"\n".encode(), "c.csv"))
    first, second = book.sheets[0].rows[0]
    assert cell_value(first, "date") == date(2023, 5, 6)
    assert isinstance(second, Cell) and str(cell_value(second, "decimal")) == "1234.5"


def test_only_the_sheets_asked_for_are_parsed_and_the_cells_of_all_count(tmp_path: Path) -> None:
    from shuili_cli.render.ledger_read import read_workbook

    wb = Workbook()
    wb.active.title = "隐患清单"
    wb.active.append(["隐患编号"])
    other = wb.create_sheet("照片说明")
    for r in range(30):
        other.append([f"第{r}行"] * 2)
    path = tmp_path / "two.xlsx"
    wb.save(path)
    grid = read_workbook(path, max_cells=10, sheets={"隐患清单"})        # 60 cells elsewhere: never parsed
    assert [(s.name, len(s.rows)) for s in grid.sheets] == [("隐患清单", 1), ("照片说明", 0)]
    with pytest.raises(SheetReadError, match="超过 10 个单元格"):
        read_workbook(path, max_cells=10)


def test_a_text_longer_than_an_excel_cell_is_refused_while_it_is_read(tmp_path: Path) -> None:
    from shuili_cli.render.ledger_read import MAX_CELL_CHARS, read_workbook

    wb = Workbook()
    wb.active.title = "隐患清单"
    wb.active.append(["隐患描述"])
    wb.active.append(["PLACEHOLDER"])
    made = tmp_path / "made.xlsx"
    wb.save(made)                                   # openpyxl itself cuts texts at 32,767: edit the XML
    path = tmp_path / "long.xlsx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, body.replace(b"PLACEHOLDER", ("长" * (MAX_CELL_CHARS + 1)).encode()))
    with pytest.raises(SheetReadError, match="超过 32767 个字符"):
        read_workbook(path)
