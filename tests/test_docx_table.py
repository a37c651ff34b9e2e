"""Tables in the 工作总结 (.docx): rows copied from one formatted row, groups merged without python-docx's
quadratic ``merge`` (issue 13: a county with thousands of open hazards), and the same XML as before."""

from __future__ import annotations

from docx.enum.table import WD_ALIGN_VERTICAL
from lxml import etree

from shuili_cli.render import docx_style as style

HEADER = ("企业", "编号", "隐患")
ROWS = [("甲水库", "H-1", "护栏缺失"), ("", "H-2", "钢丝绳断丝"), ("", "H-3", ""),
        ("乙电站", "H-9", "闸门漏水"), ("丙水厂", "H-4", "消防通道堵塞"), ("", "H-5", "标识缺失")]


def _xml(doc: object) -> bytes:
    body = doc.element.body  # type: ignore[attr-defined]
    return etree.tostring(body.find(style.qn("w:tbl")))


def test_grouped_rows_are_merged_as_python_docx_merges_them() -> None:
    fast = style.new_document()
    style.table(fast, HEADER, ROWS, (30, 20, 40), left=(0, 2), grouped=True)
    slow = style.new_document()  # the same table merged cell by cell with python-docx, as before
    style.table(slow, HEADER, ROWS, (30, 20, 40), left=(0, 2))
    t = slow.tables[0]
    for top, bottom in ((1, 3), (5, 6)):   # 甲水库 over three rows, 丙水厂 over two; 乙电站 stands alone
        t.cell(top, 0).merge(t.cell(bottom, 0)).vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    assert _xml(fast) == _xml(slow)


def test_each_row_has_its_own_text_and_the_last_row_may_be_bold() -> None:
    doc = style.new_document()
    style.table(doc, ("项目", "数量"), [("甲", "1"), ("乙", ""), ("合计", "1")], (30, 20), bold_last=True)
    t = doc.tables[0]
    assert [[c.text for c in row.cells] for row in t.rows] == [["项目", "数量"], ["甲", "1"], ["乙", ""], ["合计", "1"]]
    assert [r.bold for r in t.rows[3].cells[0].paragraphs[0].runs] == [True]
    assert [r.bold for r in t.rows[1].cells[0].paragraphs[0].runs] == [None]
    assert t.rows[0]._tr.trPr.find(style.qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(style.qn("w:cantSplit")) is not None for row in t.rows)
