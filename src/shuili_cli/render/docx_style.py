"""The GB/T 9704 page and type style shared by the Word documents (monthly and annual 工作总结).

Everything here is about layout: page size and margins, fonts, language, page numbers,
paragraphs, bordered tables, the opening (草稿 line, title) and closing (findings, signature
and date) of a document, and byte-reproducible saving. What the documents say is decided
by their own renderers.

Fonts. The GB/T 9704 fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are named first, because
the offices that send these papers up have them installed. Where one is missing, the
document names its stand-in in ``word/fontTable.xml``: ``w:altName`` ("alternate names which
can be used to locate the font", ECMA-376 §17.8.3.1) plus the stand-in's ``w:panose1``,
``w:charset`` 86 (GB2312), family and pitch, which is what Word's and WPS's font substitution
match on: 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体. All four stand-ins ship
with Chinese Windows and WPS. OOXML cannot say "bold only when substituted", so a title
shown in 宋体 is not made bold (bolding it would also thicken 小标宋 where it is installed).
Every run's East Asian slot is set (``w:eastAsia``; body runs take it from the Normal style,
and the document defaults name 仿宋_GB2312 instead of a theme font, with
``w:hint="eastAsia"`` so that “ ” — … are set as Chinese), its Latin slots
(``w:ascii``/``w:hAnsi``) name Times New Roman.

Language. The East Asian language is zh-CN, and so is the document's language property;
the language of Latin-script runs stays en-US, as Chinese Word's own Normal template has it:
with Latin runs tagged zh-CN, LibreOffice breaks lines inside numbers ("1" / "1家").
"""

from __future__ import annotations

import re
from copy import deepcopy
from datetime import date, datetime
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree  # type: ignore[import-untyped]

from shuili_cli.core.outputs.report import restamp_zip

Row = tuple[str, ...]

TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
LATIN_FONT = "Times New Roman"
PAGE_FONT = "宋体"
FALLBACK_FONTS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", H2_FONT: "楷体"}
# The stand-ins' PANOSE number, family and pitch, as Word's own font tables give them.
_PANOSE = {"宋体": ("02010600030101010101", "auto", "variable"), "仿宋": ("02010609060101010101", "modern", "fixed"),
           "楷体": ("02010609060101010101", "modern", "fixed")}
LANGUAGE, LATIN_LANGUAGE = "zh-CN", "en-US"   # see "Language" above
SIZE_2, SIZE_3, SIZE_TABLE, SIZE_SMALL = Pt(22), Pt(16), Pt(12), Pt(10.5)  # 二号, 三号, 小四, 五号
SIZE_PAGE = Pt(14)   # 四号: the page number
LINE = Pt(28)
INDENT = Pt(32)  # two characters of 三号
PAGE_LONG, PAGE_SHORT = Mm(297), Mm(210)  # A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
FOOTER_BELOW_TEXT = Mm(10)   # footer distance = bottom margin − this: the "— 1 —" line about 7 mm under the text
DASH = "\u2014"   # 一字线 (EM DASH) on each side of the page number
MAX_PROPERTY = 255   # characters of a core property (python-docx refuses more)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


def _defaults(doc: DocxDocument) -> None:
    """Document defaults: zh-CN, and named fonts instead of the template's theme fonts (Calibri, ＭＳ 明朝)."""
    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts, lang = rpr.find(qn("w:rFonts")), rpr.find(qn("w:lang"))
    fonts.attrib.clear()
    for slot, font in (("ascii", LATIN_FONT), ("hAnsi", LATIN_FONT), ("eastAsia", BODY_FONT), ("cs", LATIN_FONT),
                       ("hint", "eastAsia")):
        fonts.set(qn(f"w:{slot}"), font)
    lang.set(qn("w:val"), LATIN_LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    doc.core_properties.language = LANGUAGE


def _font_fallbacks(doc: DocxDocument) -> None:
    """Name each GB font's installed stand-in in the font table (see the module docstring)."""
    extra = "".join(f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{_PANOSE[alt][0]}"/>'
                    f'<w:charset w:val="86"/><w:family w:val="{_PANOSE[alt][1]}"/><w:pitch w:val="{_PANOSE[alt][2]}"/>'
                    '</w:font>' for name, alt in FALLBACK_FONTS.items())
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            part._blob = part.blob.replace(b"</w:fonts>", extra.encode("utf-8") + b"</w:fonts>")


def new_document() -> DocxDocument:
    """An empty A4 document with the GB/T 9704 margins and body style."""
    doc = Document()
    _setup(doc)
    _font_fallbacks(doc)
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


def opening(doc: DocxDocument, title: str, draft: str | None) -> None:
    """The 草稿 warning (if any), the title in 小标宋 二号, and an empty line."""
    if draft is not None:
        para(doc, draft, H1_FONT, indent=False, bold=True)
    para(doc, title, TITLE_FONT, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    para(doc, "")


def closing(doc: DocxDocument, findings_heading: str, findings: list[str], unit_name: str, date_text: str) -> None:
    """The draft findings (if any), then the issuing unit and date, right-aligned.

    The signature never stands alone on the last page: the text before it is kept with it
    (:func:`_keep_with_signature`), and the blank line, unit and date are kept together.
    """
    if findings:
        heading(doc, findings_heading, 1)
        for i, finding in enumerate(findings, 1):
            para(doc, f"{i}. {' '.join(finding.split())}")
    _keep_with_signature(doc)
    block = [para(doc, "")]
    for text in (unit_name, date_text):
        p = para(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = INDENT * 2
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
          grouped: bool = False, size: Length = SIZE_TABLE, bold_last: bool = False) -> None:
    """A bordered table, header in 黑体; cells centred except the ``left`` columns.

    ``grouped`` merges the first column over the rows that leave it empty; ``bold_last``
    sets the last row (a total) in bold.
    """
    t = doc.add_table(rows=1 + len(rows), cols=len(header))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, width in enumerate(widths_mm):
        t.columns[c].width = Mm(width)
    ncols = len(header)
    grid = t._cells  # all cells in one pass: rows[r].cells and cell(r, c) rescan the table each time
    for r, values in enumerate([header, *rows]):
        cells = grid[r * ncols:(r + 1) * ncols]
        for c, value in enumerate(values):
            cells[c].width = Mm(widths_mm[c])
            p = cells[c].paragraphs[0]
            no_indent(p)
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            if r == 0 or c not in left:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if value:
                run(p, value, H1_FONT if r == 0 else BODY_FONT, size, bold=bold_last and r == len(rows))
    head = t.rows[0]._tr.get_or_add_trPr()
    head.append(OxmlElement("w:tblHeader"))  # repeat the header row on each page
    if grouped:  # merge the enterprise column of each group
        start = 1
        for r in range(2, len(rows) + 2):
            if r == len(rows) + 1 or rows[r - 1][0]:
                if r - 1 > start:
                    merged = grid[start * ncols].merge(grid[(r - 1) * ncols])
                    merged.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
                start = r
    _add_paragraph(doc)


_NOTE_MARKS = re.compile(r"^\s*(#+|[-*+>])\s+")


def notes(doc: DocxDocument, text: str) -> None:
    """The bureau's own Markdown as plain paragraphs: heading marks, list marks and bold dropped.

    Each line becomes a bare body paragraph (``w:p/w:r/w:t``, the Normal style gives its
    fonts and indent), built with lxml directly inside the body so that it carries no
    namespace declarations of its own: notes can be long, and python-docx's ``Run.text``
    costs ten times the time and twice the memory.
    """
    anchor = _add_paragraph(doc)._p   # the notes go before this empty paragraph, which is then removed
    body = anchor.getparent()
    w_p, w_r, w_t = qn("w:p"), qn("w:r"), qn("w:t")
    for raw in text.splitlines():
        line = NOT_XML.sub("", _NOTE_MARKS.sub("", raw).replace("**", "").replace("\t", " ")).strip()
        if line:
            p = etree.SubElement(body, w_p)
            etree.SubElement(etree.SubElement(p, w_r), w_t).text = line
            anchor.addprevious(p)
    body.remove(anchor)


def _property(text: str) -> str:
    """A core property (the Word file's 标题): at most the 255 characters python-docx accepts."""
    text = NOT_XML.sub("", text)
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


def reproducible(doc: DocxDocument, title: str, subject: str, fill_date: date) -> bytes:
    """The document's bytes, the same on every run: fixed properties and zip timestamps, no thumbnail."""
    stamp = datetime(fill_date.year, fill_date.month, fill_date.day)
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by = _property(title), "shuili", "shuili"
    cp.comments, cp.subject, cp.keywords, cp.category = "", subject, "", ""
    cp.created = cp.modified = stamp
    cp.revision = 1
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]
    raw = BytesIO()
    doc.save(raw)
    return restamp_zip(raw.getvalue(), fill_date)
