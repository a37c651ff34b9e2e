"""The parts of a Word package around the text: document defaults, built-in styles, settings,
font table, properties, and byte-reproducible saving.

python-docx starts from its own default template, written by Word for Mac with a Japanese
theme language. What would show through of it is replaced here: the theme font language
(``w:themeFontLang``) is zh-CN; the built-in 标题 1–9, 标题 and 副标题 styles name the GB/T
9704 fonts in black instead of the theme's fonts in blue; the font table lists only the fonts
the document names (no ＭＳ 明朝, ＭＳ ゴシック), each GB font with its stand-in (see
:mod:`shuili_cli.render.docx_style`); Word 2010's copy of the template styles
(``stylesWithEffects.xml``) is dropped; ``docProps/app.xml`` claims no application; the author
is the issuing unit. And the measure of a text's width, for table columns and the signature.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection, Sequence
from datetime import date, datetime
from io import BytesIO
from itertools import pairwise

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from lxml import etree  # type: ignore[import-untyped]

from shuili_cli.core.outputs.report import restamp_zip

TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
LATIN_FONT = "Times New Roman"
PAGE_FONT = "宋体"
FALLBACK_FONTS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", H2_FONT: "楷体"}
# PANOSE number, family and pitch of the Chinese fonts, as Word's own font tables give them.
_PANOSE = {"宋体": ("02010600030101010101", "auto", "variable"), "仿宋": ("02010609060101010101", "modern", "fixed"),
           "楷体": ("02010609060101010101", "modern", "fixed"), "黑体": ("02010609060101010101", "modern", "fixed")}
LANGUAGE, LATIN_LANGUAGE = "zh-CN", "en-US"
MAX_PROPERTY = 255   # characters of a core property (python-docx refuses more)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BLACK = "000000"
# The built-in styles a user may apply in Word: (East Asian font, size, bold). GB/T 9704 usage:
# 一、黑体; （一）楷体; 1. 仿宋 bold; (1) and below 仿宋; the title 小标宋 二号.
BUILT_IN = {"Heading1": (H1_FONT, Pt(16), False), "Heading2": (H2_FONT, Pt(16), False),
            "Heading3": (BODY_FONT, Pt(16), True), **{f"Heading{n}": (BODY_FONT, Pt(16), False) for n in range(4, 10)},
            "Title": (TITLE_FONT, Pt(22), False), "Subtitle": (H2_FONT, Pt(16), False)}
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_FONT_ATTRS = ("ascii", "hAnsi", "eastAsia", "cs")


def defaults(doc: DocxDocument) -> None:
    """Document defaults (zh-CN, named fonts instead of the template's theme fonts), the built-in
    styles, and the theme font language."""
    styles = doc.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts, lang = rpr.find(qn("w:rFonts")), rpr.find(qn("w:lang"))
    fonts.attrib.clear()
    for slot, font in (("ascii", LATIN_FONT), ("hAnsi", LATIN_FONT), ("eastAsia", BODY_FONT), ("cs", LATIN_FONT),
                       ("hint", "eastAsia")):
        fonts.set(qn(f"w:{slot}"), font)
    lang.set(qn("w:val"), LATIN_LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    doc.core_properties.language = LANGUAGE
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LATIN_LANGUAGE)
        theme_lang.set(qn("w:eastAsia"), LANGUAGE)
    _named_fonts(styles)


def _named_fonts(styles: etree._Element) -> None:
    """No style names a theme font or a theme colour: theme slots are dropped (the defaults' named
    fonts apply), paragraph and character styles are set in black, the built-in headings as GB/T 9704."""
    for fonts in styles.iter(qn("w:rFonts")):   # table styles' conditional formats included
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)
    for style in styles.iter(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        if rpr is None:
            continue
        if style.get(qn("w:type")) in ("paragraph", "character"):
            for color in rpr.iter(qn("w:color")):
                color.attrib.clear()
                color.set(qn("w:val"), BLACK)
        built = BUILT_IN.get(style.get(qn("w:styleId")) or "")
        if built is not None:
            _built_in(style, rpr, *built)


def _built_in(style: etree._Element, rpr: etree._Element, east_asia: str, size: Pt, bold: bool) -> None:
    for tag in ("w:rFonts", "w:b", "w:bCs", "w:color", "w:sz", "w:szCs", "w:i", "w:iCs", "w:spacing", "w:kern"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    new = [("w:rFonts", dict(zip(_FONT_ATTRS, (LATIN_FONT, LATIN_FONT, east_asia, LATIN_FONT), strict=True)))]
    if bold:
        new += [("w:b", {}), ("w:bCs", {})]
    new += [("w:color", {"val": BLACK}), ("w:sz", {"val": str(int(size.pt * 2))}),
            ("w:szCs", {"val": str(int(size.pt * 2))})]
    for i, (tag, attrs) in enumerate(new):   # rPr children in schema order (rFonts, b, bCs, …, color, …, sz)
        el = etree.Element(qn(tag))
        for key, value in attrs.items():
            el.set(qn(f"w:{key}"), value)
        rpr.insert(i, el)
    spacing = style.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    if spacing is not None:   # the template's 24 pt before a heading: GB/T 9704 sets headings on the grid
        spacing.attrib.clear()
        spacing.set(qn("w:before"), "0")
        spacing.set(qn("w:after"), "0")


AUTOSPACE_EM = 0.25   # the space Word and LibreOffice add where Chinese meets Latin or digits (autoSpaceDE/DN)


def em_width(text: str) -> float:
    """The width of ``text`` in ems as set: CJK and full-width characters 1, Latin capitals 0.72 (Times
    New Roman's "H"), other ASCII 0.5 (its digits), plus :data:`AUTOSPACE_EM` at each change between
    the two ("2023年5月16日" is 7.75); a multi-line text is as wide as its longest line."""
    def line_width(line: str) -> float:
        wide = [ord(ch) > 0x2E7F for ch in line]
        changes = sum(a != b for a, b in pairwise(wide))
        return sum(1.0 if w else 0.72 if ch.isupper() else 0.5 for ch, w in zip(line, wide, strict=True)) + (
            changes * AUTOSPACE_EM)

    return max((line_width(line) for line in text.split("\n")), default=0.0)


CELL_PADDING_MM = 2 * 1.905 + 1.0   # Table Grid's left and right cell margins (108 twips each), and a reserve
HEADER_EM = 4.0      # a header up to this wide stays on one line; a longer one may wrap


def fitted_widths(header: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float],
                  size: Length, nowrap: Collection[int] = ()) -> list[float]:
    """Column widths (mm) with the same total as ``widths_mm``: each ``nowrap`` column (ids like
    H-2023-005, dates, 一般/重大, numbers) widened to its widest cell, header included up to
    :data:`HEADER_EM`, so that none of them wraps; the width taken from the columns with room to
    spare (a ``nowrap`` column above its widest cell, another above half its given width) in
    proportion to that room; ``widths_mm`` as given when there is not enough room."""
    em_mm = size.pt * 25.4 / 72
    least = []
    for c, (head, given) in enumerate(zip(header, widths_mm, strict=True)):
        if c not in nowrap:
            least.append(given / 2)
            continue
        cells = max((em_width(row[c]) for row in rows if c < len(row)), default=0.0)
        head_em = em_width(head)
        least.append(max(cells, head_em if head_em <= HEADER_EM else 0.0) * em_mm + CELL_PADDING_MM)
    need = sum(max(0.0, m - w) for m, w in zip(least, widths_mm, strict=True))
    room = [max(0.0, w - m) for m, w in zip(least, widths_mm, strict=True)]
    if need == 0 or sum(room) < need:
        return list(widths_mm)
    share = need / sum(room)
    return [max(m, w - r * share) for m, w, r in zip(least, widths_mm, room, strict=True)]


def _font_entry(name: str, alt: str | None, like: str) -> bytes:
    panose, family, pitch = _PANOSE[like]
    alt_name = f'<w:altName w:val="{alt}"/>' if alt else ""
    return (f'<w:font w:name="{name}">{alt_name}<w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>').encode()


_CHINESE = {**{name: (alt, alt) for name, alt in FALLBACK_FONTS.items()}, H1_FONT: (None, "黑体"),
            PAGE_FONT: (None, "宋体")}
_NAMED = re.compile(rb'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"')
_FONT = re.compile(rb'<w:font w:name="([^"]+)">.*?</w:font>\s*', re.S)


def font_table(table: bytes, parts: list[bytes]) -> bytes:
    """The font table with the fonts ``parts`` name and no other; each Chinese font with its
    charset and PANOSE, a GB font also with its stand-in (``w:altName``)."""
    used = {m.decode("utf-8") for part in parts for m in _NAMED.findall(part)}
    kept = _FONT.sub(lambda m: m.group(0) if m.group(1).decode("utf-8") in used - _CHINESE.keys() else b"", table)
    extra = b"".join(_font_entry(name, alt, like) for name, (alt, like) in _CHINESE.items() if name in used)
    return kept.replace(b"</w:fonts>", extra + b"</w:fonts>")


_APPLICATION = re.compile(rb"\s*<(Application|AppVersion)>[^<]*</\1>")


def _property(text: str) -> str:
    """A core property: at most the 255 characters python-docx accepts."""
    text = NOT_XML.sub("", text)
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


def reproducible(doc: DocxDocument, title: str, subject: str, fill_date: date, author: str = "") -> bytes:
    """The document's bytes, the same on every run: fixed properties and zip timestamps, no thumbnail,
    the tidied font table and application properties. The author (作者, 最后修改者) is ``author``, else
    the issuing unit that :func:`shuili_cli.render.docx_style.closing` signed with."""
    stamp = datetime(fill_date.year, fill_date.month, fill_date.day)
    cp = doc.core_properties
    signer = _property(author) if author else cp.author if cp.author != "python-docx" else ""
    cp.title, cp.author, cp.last_modified_by = _property(title), signer, signer
    cp.comments, cp.subject, cp.keywords, cp.category = "", subject, "", ""
    cp.created = cp.modified = stamp
    cp.revision = 1
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]
    doc_rels = doc.part.rels   # Word 2010's copy of the styles, with the template's theme fonts and colours
    for rid in [rid for rid, rel in doc_rels.items() if rel.reltype.endswith("/stylesWithEffects")]:
        del doc_rels[rid]
    raw = BytesIO()
    doc.save(raw)
    with zipfile.ZipFile(BytesIO(raw.getvalue())) as z:
        names = z.namelist()
        parts = [z.read(n) for n in names if n.startswith("word/") and n.endswith(".xml") and n != "word/fontTable.xml"]
        replace = {"word/fontTable.xml": font_table(z.read("word/fontTable.xml"), parts)}
        if "docProps/app.xml" in names:
            replace["docProps/app.xml"] = _APPLICATION.sub(b"", z.read("docProps/app.xml"))
    return restamp_zip(raw.getvalue(), fill_date, replace)
