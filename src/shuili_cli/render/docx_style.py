"""The GB/T 9704 page and type style shared by the Word documents (monthly and annual 工作总结).

Everything here is about layout: page size and margins, fonts, language, page numbers,
paragraphs, bordered tables, the opening (草稿 line and page headers, the title in lines) and
closing (findings, signature and date) of a document; the package around the text (styles, font
table, properties, saving) is :mod:`~shuili_cli.render.docx_package`; the words are the renderers'.

Fonts. The GB/T 9704 fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are named first, because
the offices that send these papers up have them installed. Where one is missing, the
document names its stand-in in ``word/fontTable.xml``: ``w:altName`` ("alternate names which
can be used to locate the font", ECMA-376 §17.8.3.1) plus the stand-in's ``w:panose1``,
``w:charset`` 86 (GB2312), family and pitch, which is what Word's and WPS's font substitution
match on: 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体. All four stand-ins ship
with Chinese Windows and WPS. OOXML cannot say "bold only when substituted" (``w:altName``
and the font table carry no weight, and a run's ``w:b`` applies whichever font is used), so a
title shown in 宋体 is not made bold: bolding it would also thicken 小标宋 where it is installed.
Every run's East Asian slot is set (``w:eastAsia``; body runs take it from the Normal style,
and the document defaults name 仿宋_GB2312 instead of a theme font, with
``w:hint="eastAsia"`` so that “ ” — … are set as Chinese), its Latin slots
(``w:ascii``/``w:hAnsi``) name Times New Roman.

Language. The East Asian language is zh-CN, and so is the document's language property;
the language of Latin-script runs stays en-US, as Chinese Word's own Normal template has it:
with Latin runs tagged zh-CN, LibreOffice breaks lines inside numbers ("1" / "1家").
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_Merge
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree  # type: ignore[import-untyped]

from shuili_cli.render.docx_package import (
    BODY_FONT,
    H1_FONT,
    H2_FONT,
    LATIN_FONT,
    NOT_XML,
    PAGE_FONT,
    TITLE_FONT,
    em_width,
    fitted_widths,
)
from shuili_cli.render.docx_package import defaults as _defaults
from shuili_cli.render.docx_package import reproducible as reproducible
from shuili_cli.render.mdtext import paragraphs

Row = tuple[str, ...]

SIZE_2, SIZE_3, SIZE_TABLE, SIZE_SMALL = Pt(22), Pt(16), Pt(12), Pt(10.5)  # 二号, 三号, 小四, 五号
SIZE_PAGE = Pt(14)   # 四号: the page number
LINE = Pt(28)
INDENT = Pt(32)  # two characters of 三号
PAGE_LONG, PAGE_SHORT = Mm(297), Mm(210)  # A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
FOOTER_BELOW_TEXT = Mm(10)   # footer distance = bottom margin − this: the "— 1 —" line about 7 mm under the text
DASH = "\u2014"   # 一字线 (EM DASH) on each side of the page number
RED = RGBColor(0xFF, 0, 0)


_RUN_STYLES: dict[tuple[str, int, bool], BaseOxmlElement] = {}


def run(p: Paragraph, text: str, east_asia: str, size: Length, bold: bool = False) -> None:
    """A run of text; characters XML cannot hold (control codes from hostile data) are dropped.

    Body text (仿宋 三号, not bold) has no run properties of its own: the Normal style gives
    them, which keeps a long document small (a paragraph of bureau notes is then about 4
    XML nodes, not 10). Other runs' properties are built once per (font, size, bold) and
    copied: building them through python-docx costs about as much as everything else.
    """
    r = OxmlElement("w:r")
    if (east_asia, size, bold) != (BODY_FONT, SIZE_3, False):  # body text takes the Normal style's fonts
        r.append(deepcopy(_run_style(p, east_asia, size, bold)))
    p._p.append(r)
    Run(r, p).text = NOT_XML.sub("", text)


def _run_style(p: Paragraph, east_asia: str, size: Length, bold: bool) -> BaseOxmlElement:
    key = (east_asia, int(size), bold)
    rpr = _RUN_STYLES.get(key)
    if rpr is None:
        proto = Run(OxmlElement("w:r"), p)   # not attached: only its properties are kept
        proto.font.name = LATIN_FONT
        proto.font.size = size
        proto.font.bold = bold or None
        proto._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
        rpr = _RUN_STYLES[key] = proto._element.get_or_add_rPr()
    return rpr


def no_indent(p: Paragraph) -> None:
    """Cancel the style's two-character indent (``firstLineChars`` wins over ``firstLine`` in Word)."""
    p.paragraph_format.first_line_indent = Pt(0)
    p._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")


def _add_paragraph(doc: DocxDocument) -> Paragraph:
    """``doc.add_paragraph()`` in constant time.

    python-docx finds the body's closing ``w:sectPr`` by scanning every paragraph before
    it, so a document of n paragraphs took n² steps (150,000 lines of bureau notes ran
    for minutes). The ``w:sectPr`` is always the body's last child: look there.
    """
    body = doc.element.body
    p = OxmlElement("w:p")
    try:
        last = body[-1]   # lxml finds the last child directly (len() would count them all)
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(p)
    else:
        body.append(p)
    return Paragraph(p, doc._body)


def para(doc: DocxDocument, text: str, east_asia: str = BODY_FONT, *, size: Length = SIZE_3,
         align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = True, outline: int | None = None,
         bold: bool = False) -> Paragraph:
    p = _add_paragraph(doc)
    if not indent:
        no_indent(p)
    if align is not None:
        p.alignment = align
    if outline is not None:
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(outline))
        p._p.get_or_add_pPr().append(lvl)
    if text:
        run(p, text, east_asia, size, bold)
    return p


def heading(doc: DocxDocument, text: str, level: int) -> None:
    """一、 headings in 黑体 (level 1), （一） headings in 楷体 (level 2); kept with what follows."""
    p = para(doc, text, H1_FONT if level == 1 else H2_FONT, outline=level - 1)
    p.paragraph_format.keep_with_next = True


def _setup(doc: DocxDocument) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = PAGE_SHORT, PAGE_LONG
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (
        MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = INDENT
    pf.widow_control = True   # no single line of a paragraph alone at the top or foot of a page
    normal.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    _footer_distance(sec)
    _defaults(doc)


def new_document() -> DocxDocument:
    """An empty A4 document with the GB/T 9704 margins and body style."""
    doc = Document()
    _setup(doc)
    _page_numbers(doc)
    return doc


def _footer_distance(sec: Section) -> None:
    sec.footer_distance = Length(int(sec.bottom_margin or MARGIN_BOTTOM) - FOOTER_BELOW_TEXT)


def _page_numbers(doc: DocxDocument) -> None:
    """GB/T 9704 page numbers: "— 1 —" in 四号宋体, odd pages right and even pages left, one character in.

    Odd and even footers differ (``w:evenAndOddHeaders``). They are defined on the first
    section; the sections :func:`page_orientation` adds inherit them, and numbering runs on.
    """
    doc.settings.odd_and_even_pages_header_footer = True
    sec = doc.sections[0]
    for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        no_indent(p)
        fmt = p.paragraph_format
        fmt.alignment = align
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = SIZE_PAGE
        else:
            fmt.left_indent = SIZE_PAGE
        _page_field(p)


def _page_field(p: Paragraph) -> None:
    """``— {PAGE} —`` as runs of 四号宋体 around a complex PAGE field (Word and WPS both update these)."""
    rpr = deepcopy(_run_style(p, PAGE_FONT, SIZE_PAGE, False))
    fonts = rpr.find(qn("w:rFonts"))
    fonts.set(qn("w:ascii"), PAGE_FONT)   # 半角宋体阿拉伯数字: the digits too
    fonts.set(qn("w:hAnsi"), PAGE_FONT)
    fonts.set(qn("w:hint"), "eastAsia")   # the dashes are full-width 一字线

    def add(child: str, **attrs: str) -> BaseOxmlElement:
        r = OxmlElement("w:r")
        r.append(deepcopy(rpr))
        el = OxmlElement(child)
        for key, value in attrs.items():
            el.set(qn(f"w:{key}"), value)
        r.append(el)
        p._p.append(r)
        return el

    add("w:t", space="preserve").text = f"{DASH} "
    add("w:fldChar", fldCharType="begin")
    add("w:instrText", space="preserve").text = " PAGE "
    add("w:fldChar", fldCharType="separate")
    add("w:t").text = "1"
    add("w:fldChar", fldCharType="end")
    add("w:t", space="preserve").text = f" {DASH}"


def opening(doc: DocxDocument, title: str | Sequence[str], draft: str | None) -> None:
    """The 草稿 warning (if any: first line and, in red, the header of every page), the title in
    小标宋 二号, and an empty line.

    A title given as lines is broken there (``w:br``): GB/T 9704 wraps a title at meaningful
    points, not wherever 二号 runs out of line (which split "提/升", "巩/固").
    """
    if draft is not None:
        para(doc, draft, H1_FONT, indent=False, bold=True)
        _draft_headers(doc, draft)
    lines = [title] if isinstance(title, str) else list(title)
    p = para(doc, lines[0], TITLE_FONT, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for line in lines[1:]:
        p.runs[-1].add_break()
        run(p, line, TITLE_FONT, SIZE_2)
    para(doc, "")


def _draft_headers(doc: DocxDocument, text: str) -> None:
    """``text`` in red 黑体 五号 in the first-page, odd and even headers of the first section (the
    sections added later inherit them), so that every printed page says 草稿."""
    sec = doc.sections[0]
    for header in (sec.header, sec.even_page_header, sec.first_page_header):
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        no_indent(p)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        run(p, text, H1_FONT, SIZE_SMALL)
        p.runs[-1].font.color.rgb = RED


SIGN_DATE_INDENT = 4   # characters between the date and the right margin (GB/T 9704 7.3.5.1: 右空四字)


def closing(doc: DocxDocument, findings_heading: str, findings: list[str], unit_name: str, date_text: str) -> None:
    """The draft findings (if any), one empty line, then the issuing unit centred over the date,
    the date four characters in from the right margin (GB/T 9704 7.3.5.1).

    The signature never stands alone on the last page: the text before it is kept with it
    (:func:`_keep_with_signature`), and the blank line, unit and date are kept together. The
    unit is also the document's author.
    """
    if findings:
        heading(doc, findings_heading, 1)
        for i, finding in enumerate(findings, 1):
            para(doc, f"{i}. {' '.join(finding.split())}")
    doc.core_properties.author = NOT_XML.sub("", unit_name)[:255]
    _keep_with_signature(doc)
    last = doc.element.body[-2] if len(doc.element.body) > 1 else None   # [-1] is the w:sectPr
    empty = last is not None and last.tag == qn("w:p") and not "".join(last.itertext()).strip()
    block = [Paragraph(last, doc._body) if last is not None and empty else para(doc, "")]   # after a table
    date_indent = SIGN_DATE_INDENT * SIZE_3.pt
    unit_indent = max(0.0, date_indent + (em_width(date_text) - em_width(unit_name)) * SIZE_3.pt / 2)
    for text, indent in ((unit_name, unit_indent), (date_text, date_indent)):
        p = para(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(indent)
        block.append(p)
    for p in block:
        p.paragraph_format.keep_together = True
        p.paragraph_format.keep_with_next = p is not block[-1]


def _keep_with_signature(doc: DocxDocument) -> None:
    """Keep the end of the text on the signature's page: ``keep_with_next`` on the trailing empty
    paragraphs and on the last paragraph with text (or the last row of a closing table).

    Word then moves at least the last two lines of that paragraph (widow control) to the
    signature's page, LibreOffice the whole paragraph, rather than leave the signature alone.
    """
    for block in reversed(doc.element.body):
        if block.tag == qn("w:sectPr"):
            continue
        rows = block.findall(qn("w:tr")) if block.tag == qn("w:tbl") else []
        paragraphs = rows[-1].iter(qn("w:p")) if rows else [block] if block.tag == qn("w:p") else []
        for p in paragraphs:
            Paragraph(p, doc._body).paragraph_format.keep_with_next = True
        if rows or "".join(block.itertext()).strip():
            return


def page_orientation(doc: DocxDocument, landscape: bool) -> None:
    """Start a new page in landscape (for a wide table) or back in portrait; margins turn with the page."""
    sec = doc.add_section(WD_SECTION.NEW_PAGE)   # footers (page numbers) are inherited
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        sec.page_width, sec.page_height = PAGE_LONG, PAGE_SHORT
        sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = (
            MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT)
    else:
        sec.page_width, sec.page_height = PAGE_SHORT, PAGE_LONG
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (
            MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT)
    _footer_distance(sec)


def table(doc: DocxDocument, header: Row, rows: list[Row], widths_mm: tuple[float, ...], *, left: tuple[int, ...] = (),
          grouped: bool = False, size: Length = SIZE_TABLE, bold_last: bool = False, nowrap: tuple[int, ...] = ()
          ) -> None:
    """A bordered table, header in 黑体; cells centred except the ``left`` columns; the ``nowrap`` columns
    as wide as their content (:func:`fitted_widths`); no row split across pages, the header row repeated.

    ``grouped`` merges the first column over the rows that leave it empty; ``bold_last``
    sets the last row (a total) in bold.
    """
    widths = fitted_widths(header, rows, widths_mm, size, nowrap)
    t = doc.add_table(rows=2 if rows else 1, cols=len(header))  # the header and one row to copy
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, width in enumerate(widths):
        t.columns[c].width = Mm(width)
    ncols = len(header)
    grid = t._cells  # all cells in one pass: rows[r].cells and cell(r, c) rescan the table each time
    for r in range(2 if rows else 1):
        for c in range(ncols):
            cell = grid[r * ncols + c]
            cell.width = Mm(widths[c])
            p = cell.paragraphs[0]
            no_indent(p)
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            if r == 0 or c not in left:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if r == 0 and header[c]:
                run(p, header[c], H1_FONT, size, bold=bold_last and not rows)
        tr_pr = t.rows[r]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))      # a row is never split across pages
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # the header row is repeated on each page
    if rows:
        # Each row is a copy of the formatted empty row, given its runs: formatting every cell through
        # python-docx made a table of 2,000 rows take seconds (issue 13's dense repository).
        tbl = t._tbl
        proto = t.rows[1]._tr
        tbl.remove(proto)
        for r, values in enumerate(rows, 1):
            tr = deepcopy(proto)
            tbl.append(tr)
            for tc, value in zip(tr.tc_lst, values, strict=False):
                if value:
                    run(Paragraph(tc.p_lst[0], t), value, BODY_FONT, size, bold=bold_last and r == len(rows))
    if grouped:  # merge the enterprise column of each group
        firsts = [tr.tc_lst[0] for tr in t._tbl.tr_lst]
        start = 1
        for r in range(2, len(rows) + 2):
            if r == len(rows) + 1 or rows[r - 1][0]:
                if r - 1 > start:
                    _merge_down(firsts[start:r], t)
                start = r
    _add_paragraph(doc)


def _merge_down(tcs: list[Any], table: Table) -> None:
    """What python-docx's ``top.merge(bottom)`` does to one column, without finding each row's index
    by scanning the whole table (which made merging quadratic: 11 s for a table of 2,800 rows)."""
    first = tcs[0]
    first.vMerge = ST_Merge.RESTART
    for tc in tcs[1:]:
        tc._move_content_to(first)
        tc.vMerge = ST_Merge.CONTINUE
    _Cell(first, table).vertical_alignment = WD_ALIGN_VERTICAL.CENTER


def notes(doc: DocxDocument, text: str) -> None:
    """The bureau's own text as the Markdown 工作总结 prints it (:func:`~shuili_cli.render.mdtext.paragraphs`):
    a body paragraph per paragraph of the text, its lines joined by line breaks (``w:br``), every
    character kept literally ("# ", "- ", "**" included, as the Markdown shows them).

    The paragraphs are bare (``w:p/w:r/w:t``, the Normal style gives their fonts and indent),
    built with lxml directly inside the body so that they carry no namespace declarations of
    their own: notes can be long, and python-docx's ``Run.text`` costs ten times the time and
    twice the memory.
    """
    anchor = _add_paragraph(doc)._p   # the notes go before this empty paragraph, which is then removed
    body = anchor.getparent()
    w_p, w_r, w_t, w_br = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:br")
    space = qn("xml:space")
    for lines in paragraphs(text):
        p = etree.SubElement(body, w_p)
        r = etree.SubElement(p, w_r)
        for i, line in enumerate(lines):
            if i:
                etree.SubElement(r, w_br)
            t = etree.SubElement(r, w_t)
            t.text = NOT_XML.sub("", line.replace("\t", " "))
            if t.text != t.text.strip(" "):
                t.set(space, "preserve")
        anchor.addprevious(p)
    body.remove(anchor)
