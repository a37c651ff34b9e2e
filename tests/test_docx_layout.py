"""The page layout of the Word documents (issue 10 items 12 and 19): page numbers in GB/T 9704 style,
the signature kept with the text, zh-CN, and fonts with their East Asian slots and stand-ins.

The documents are built with the style helpers the monthly and annual renderers call
(``new_document``, ``opening``, ``para``, ``table``, ``page_orientation``, ``closing``), so the
layout is tested apart from the wording. Two tests render real PDFs with LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from shuili_cli.render import docx_style as style

FILL = date(2024, 1, 15)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
UNIT, DATE = "清溪县水利局", "2024年1月15日"


def w(name: str) -> str:
    return qn(f"w:{name}")


def build(body: int = 3, *, landscape: bool = False, findings: tuple[str, ...] = (), table_last: bool = False,
          short: bool = False) -> DocxDocument:
    """A document as the renderers make one: title, ``body`` paragraphs (two lines each, or one if
    ``short``), optionally a landscape table section, optionally a closing table, then the closing."""
    doc = style.new_document()
    style.opening(doc, "清溪县水利局2023年5月工作总结", None)
    style.heading(doc, "一、总体情况", 1)
    tail = "" if short else "6家次，发现隐患17条，督促整改隐患16条"
    for i in range(body):
        style.para(doc, f"第{i + 1}段：本月检查企业{tail}。")
    if landscape:
        style.page_orientation(doc, landscape=True)
        style.table(doc, ("月份", "检查企业（家次）"), [(f"{m}月", str(m)) for m in range(1, 13)], (40.0, 60.0))
        style.page_orientation(doc, landscape=False)
        style.para(doc, "横向表格之后的正文。")
    if table_last:
        style.table(doc, ("编号", "类型"), [("ENF-1", "检查"), ("ENF-2", "罚款")], (40.0, 40.0))
    style.closing(doc, "二、草稿问题", list(findings), UNIT, DATE)
    return doc


def saved(doc: DocxDocument) -> bytes:
    return style.reproducible(doc, "工作总结", "工作总结", FILL)


def part(data: bytes, name: str) -> Any:
    return etree.fromstring(zipfile.ZipFile(BytesIO(data)).read(name))


def footer_parts(data: bytes) -> dict[str, Any]:
    """{footer type: the footer part's root} for the first section's footer references."""
    doc = part(data, "word/document.xml")
    rels = part(data, "word/_rels/document.xml.rels")
    target = {r.get("Id"): r.get("Target") for r in rels}
    sect = doc.find(f"{W}body/{W}p/{W}pPr/{W}sectPr")
    if sect is None:
        sect = doc.find(f"{W}body/{W}sectPr")
    refs = sect.findall(w("footerReference"))
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {ref.get(w("type")): part(data, "word/" + target[ref.get(rid)]) for ref in refs}


# ----------------------------------------------------------------- 12. page numbers


def test_odd_and_even_footers_are_set_apart_in_the_settings() -> None:
    settings = part(saved(build()), "word/settings.xml")
    assert settings.find(w("evenAndOddHeaders")) is not None


@pytest.mark.parametrize(("kind", "align", "indent"), [("default", "right", "right"), ("even", "left", "left")])
def test_page_number_footer(kind: str, align: str, indent: str) -> None:
    ftr = footer_parts(saved(build()))[kind]
    (p,) = ftr.findall(w("p"))
    ppr = p.find(w("pPr"))
    assert ppr.find(w("jc")).get(w("val")) == align                     # odd pages right, even pages left
    ind = ppr.find(w("ind"))
    assert ind.get(w(indent)) == "280" and ind.get(w("firstLine")) == "0"   # one 四号 character in (14 pt)
    runs = p.findall(w("r"))
    assert "".join(t.text for r in runs for t in r.findall(w("t"))) == "\u2014 1 \u2014"   # 一字线, space, number
    assert [r[1].get(w("fldCharType")) for r in runs if r[1].tag == w("fldChar")] == ["begin", "separate", "end"]
    assert [r[1].text for r in runs if r[1].tag == w("instrText")] == [" PAGE "]
    for r in runs:
        rpr = r.find(w("rPr"))
        assert rpr.find(w("sz")).get(w("val")) == "28"                   # 四号 = 14 pt = 28 half-points
        fonts = rpr.find(w("rFonts"))
        assert [fonts.get(w(s)) for s in ("eastAsia", "ascii", "hAnsi")] == ["宋体", "宋体", "宋体"]


def test_every_section_shows_the_page_numbers() -> None:
    """The first section defines both footers; the landscape section and the one after inherit them."""
    doc = docx.Document(BytesIO(saved(build(landscape=True))))
    assert len(doc.sections) == 3
    first, *rest = doc.sections
    assert not first.footer.is_linked_to_previous and not first.even_page_footer.is_linked_to_previous
    assert "PAGE" in first.footer._element.xml and "PAGE" in first.even_page_footer._element.xml
    for sec in rest:
        assert sec.footer.is_linked_to_previous and sec.even_page_footer.is_linked_to_previous
        assert sec._sectPr.find(w("pgNumType")) is None                   # numbering runs on, not restarted
    for sec in doc.sections:   # the footer sits 10 mm inside each page's bottom margin, landscape too
        assert abs(sec.footer_distance - (sec.bottom_margin - style.FOOTER_BELOW_TEXT)) < 635   # stored in twips
    assert [s.orientation for s in doc.sections] == [0, 1, 0]


# ----------------------------------------------------------------- 19. the signature kept with the text


def keeps(p: Any) -> tuple[bool, bool]:
    fmt = p.paragraph_format
    return bool(fmt.keep_with_next), bool(fmt.keep_together)


def test_signature_block_is_kept_with_the_last_paragraph() -> None:
    ps = docx.Document(BytesIO(saved(build(body=3)))).paragraphs
    assert [p.text for p in ps[-4:]] == [ps[-4].text, "", UNIT, DATE]
    assert ps[-4].text.startswith("第3段")
    assert [keeps(p) for p in ps[-4:]] == [(True, False), (True, True), (True, True), (False, True)]
    assert [keeps(p) for p in ps[:-4] if p.text.startswith("第")] == [(False, False), (False, False)]
    assert docx.Document(BytesIO(saved(build()))).styles["Normal"].paragraph_format.widow_control is True


def test_the_last_draft_finding_is_kept_with_the_signature() -> None:
    ps = docx.Document(BytesIO(saved(build(findings=("缺少 found_on", "日期格式错误"))))).paragraphs
    assert [(p.text, keeps(p)[0]) for p in ps[-5:-3]] == [("1. 缺少 found_on", False), ("2. 日期格式错误", True)]


def test_a_closing_table_keeps_its_last_row_with_the_signature() -> None:
    doc = docx.Document(BytesIO(saved(build(table_last=True))))
    last_row = doc.tables[-1].rows[-1]
    assert [keeps(c.paragraphs[0])[0] for c in last_row.cells] == [True, True]
    assert [keeps(c.paragraphs[0])[0] for c in doc.tables[-1].rows[-2].cells] == [False, False]
    # the empty paragraph after the table is the one empty line before the signature, not one of two
    assert [p.text for p in doc.paragraphs[-3:]] == ["", UNIT, DATE] and doc.paragraphs[-4].text != ""
    assert doc.element.body.index(doc.tables[-1]._tbl) == doc.element.body.index(doc.paragraphs[-3]._p) - 1
    assert keeps(doc.paragraphs[-3]) == (True, True)


# ----------------------------------------------------------------- 19. language and fonts


def test_language_is_zh_cn() -> None:
    """East Asian text and the document are zh-CN; Latin runs keep en-US (as Chinese Word's Normal
    template has them), else LibreOffice breaks numbers: see test_rendered_numbers_are_not_broken."""
    data = saved(build())
    styles = part(data, "word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert (lang.get(w("val")), lang.get(w("eastAsia")), lang.get(w("bidi"))) == ("en-US", "zh-CN", "ar-SA")
    assert docx.Document(BytesIO(data)).core_properties.language == "zh-CN"


def test_document_defaults_name_fonts_instead_of_theme_fonts() -> None:
    fonts = part(saved(build()), "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert dict(fonts.attrib) == {w("ascii"): "Times New Roman", w("hAnsi"): "Times New Roman",
                                  w("eastAsia"): "仿宋_GB2312", w("cs"): "Times New Roman", w("hint"): "eastAsia"}


def test_font_table_names_the_stand_ins() -> None:
    table = part(saved(build()), "word/fontTable.xml")
    found = {}
    for font in table.findall(w("font")):
        alt = font.find(w("altName"))
        if alt is not None:
            found[font.get(w("name"))] = (alt.get(w("val")), *(font.find(w(e)).get(w("val")) for e in
                                                              ("charset", "panose1", "family", "pitch")))
    assert found == {"方正小标宋简体": ("宋体", "86", "02010600030101010101", "auto", "variable"),
                     "仿宋_GB2312": ("仿宋", "86", "02010609060101010101", "modern", "fixed"),
                     "楷体_GB2312": ("楷体", "86", "02010609060101010101", "modern", "fixed")}


def runs_with_fonts(doc: DocxDocument) -> Iterator[tuple[str, str | None, str | None, str | None]]:
    """(text, East Asian, ascii, hAnsi font) of every run of the body and footers, as Word resolves them:
    the run's own w:rFonts, else its paragraph style's (Footer and table cells are based on Normal)."""
    normal = doc.styles["Normal"].element.rPr.rFonts
    roots = [doc.element.body, doc.sections[0].footer._element, doc.sections[0].even_page_footer._element]
    for root in roots:
        for r in root.iter(w("r")):
            own = r.find(f"{w('rPr')}/{w('rFonts')}")
            fonts = own if own is not None else normal
            text = "".join(t.text or "" for t in r.iter(w("t")))
            yield text, fonts.get(w("eastAsia")), fonts.get(w("ascii")), fonts.get(w("hAnsi"))


def test_every_run_sets_its_east_asian_and_latin_fonts() -> None:
    doc = docx.Document(BytesIO(saved(build(landscape=True, findings=("一条问题",)))))
    seen = set()
    for text, east_asia, ascii_, h_ansi in runs_with_fonts(doc):
        assert east_asia in {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"}, text
        assert (ascii_, h_ansi) in {("Times New Roman", "Times New Roman"), ("宋体", "宋体")}, text
        seen.add(east_asia)
    assert seen == {"方正小标宋简体", "仿宋_GB2312", "黑体", "宋体"}   # title, body, headings/table header, page number


# ----------------------------------------------------------------- the documents the tool writes

TEMPLATE = Path(__file__).parents[1] / "data-template"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DocxDocument]:
    """The monthly and annual 工作总结 of data-template/, as ``report`` and ``summary`` write them."""
    from shuili_cli import api
    from shuili_cli.core.figures.figures import Period
    from shuili_cli.core.outputs.annual import year_period

    root = tmp_path_factory.mktemp("docs") / "repo"
    shutil.copytree(TEMPLATE, root)
    packages = {"monthly": api.monthly_package(root, Period(2023, 5), today=FILL),
                "annual": api.annual_package(root, year_period(2023, FILL, partial=False), today=FILL)}
    return {kind: docx.Document(BytesIO(next(data for name, data in pkg.files.items() if name.endswith(".docx"))))
            for kind, pkg in packages.items()}


@pytest.mark.parametrize("kind", ["monthly", "annual"])
def test_the_written_documents_have_the_layout(written: dict[str, DocxDocument], kind: str) -> None:
    doc = written[kind]
    first, *rest = doc.sections
    assert doc.settings.odd_and_even_pages_header_footer
    assert "PAGE" in first.footer._element.xml and "PAGE" in first.even_page_footer._element.xml
    assert all(sec.footer.is_linked_to_previous and sec.even_page_footer.is_linked_to_previous for sec in rest)
    assert (kind == "annual") == any(sec.orientation == 1 for sec in rest)   # the annual month table is landscape
    assert doc.core_properties.language == "zh-CN"
    ps = doc.paragraphs[-4:]
    assert ps[0].text and [p.text for p in ps[1:]] == ["", UNIT, DATE]
    assert [keeps(p) for p in ps] == [(True, False), (True, True), (True, True), (False, True)]
    for text, east_asia, ascii_, _ in runs_with_fonts(doc):
        assert east_asia in {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"} and ascii_, text


# ----------------------------------------------------------------- rendered with LibreOffice

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """{name: the text of each page} of three documents converted in one LibreOffice run.

    ``long``: several pages with a landscape section. ``near_end``/``near_end_unkept``: the body
    ends so close to the foot of page 1 that only the signature would fit on page 2; the second
    has the keep properties stripped, to show that this layout would strand the signature.
    """
    if SOFFICE is None or PDFTOTEXT is None:
        pytest.skip("LibreOffice (soffice) and pdftotext are not installed: apt-get install libreoffice-writer poppler-utils")
    out = tmp_path_factory.mktemp("pdf")
    docs = {"long": build(body=40, landscape=True), "near_end": build(body=18, short=True),
            "near_end_unkept": build(body=18, short=True), "numbers": style.new_document()}
    style.para(docs["numbers"], NUMBERS)
    unkept = docs["near_end_unkept"].element.body
    for el in [*unkept.iter(w("keepNext")), *unkept.iter(w("keepLines"))]:
        el.getparent().remove(el)
    for name, doc in docs.items():
        (out / f"{name}.docx").write_bytes(saved(doc))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to", "pdf",
                    "--outdir", str(out), *(str(out / f"{n}.docx") for n in docs)],
                   check=True, capture_output=True, timeout=180)
    pages: dict[str, list[str]] = {}
    for name in docs:
        pdf = out / f"{name}.pdf"
        if not pdf.is_file():
            pytest.skip("LibreOffice cannot open .docx here (Writer missing): apt-get install libreoffice-writer")
        text = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        pages[name] = re.split(r"<page ", text)[1:]
    return pages


def words(page: str) -> list[tuple[float, str]]:
    """(x of the word's centre as a share of the page width, text) of one ``pdftotext -bbox`` page."""
    width = float(re.search(r'width="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
    word = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [((float(x0) + float(x1)) / 2 / width, text) for x0, x1, text in re.findall(word, page)]


def lines(page: str) -> list[str]:
    """The page's words run together (pdftotext's -bbox gives one word per CJK run)."""
    return [text for _, text in words(page)]


def test_rendered_pages_show_their_numbers(rendered: dict[str, list[str]]) -> None:
    pages = rendered["long"]
    landscape = [n for n, page in enumerate(pages, 1) if page.startswith('width="841')]
    assert len(pages) >= 4 and landscape and landscape[-1] < len(pages)  # the table's pages, then portrait again
    for n, page in enumerate(pages, 1):
        # pdftotext drops the spaces LibreOffice sets between the 一字线 and the digits
        numbers = [(x, text) for x, text in words(page) if re.fullmatch(r"\u2014\s*\d+\s*\u2014", text)]
        assert [text.replace(" ", "") for _, text in numbers] == [f"\u2014{n}\u2014"], n
        x = numbers[0][0]
        assert (x > 0.75) if n % 2 else (x < 0.25), (n, x)                  # odd pages right, even pages left


NUMBERS = ("截至2023年12月31日（隐患、执法等为全年累计数），在册企业13家（与上年持平）；编制全员安全生产"
           "责任制及考核清单的企业12家（较上年+1）；健全“三张清单”的企业11家（较上年+8）；企业自查隐患112条。")


def test_rendered_numbers_are_not_broken(rendered: dict[str, list[str]]) -> None:
    """Here "11" falls at a line end: with Latin runs tagged zh-CN, LibreOffice set "1" / "1家"."""
    shown = re.findall(r"\d+", " ".join(t for t in lines(rendered["numbers"][0]) if "\u2014" not in t))  # not "—1—"
    assert shown == re.findall(r"\d+", NUMBERS) == ["2023", "12", "31", "13", "12", "1", "11", "8", "112"]


def test_rendered_signature_does_not_stand_alone(rendered: dict[str, list[str]]) -> None:
    def text(page: str) -> str:
        return "".join(t for t in lines(page) if "\u2014" not in t)

    unkept, kept = rendered["near_end_unkept"], rendered["near_end"]
    assert len(unkept) == len(kept) == 2
    assert text(unkept[1]) == UNIT + DATE                                   # the defect this guards against
    assert text(kept[1]) == "第18段：本月检查企业。" + UNIT + DATE            # the last paragraph came along
