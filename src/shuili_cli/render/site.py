"""The static site of ``shuili site`` as HTML pages, one at a time (:func:`site_pages`).

Templates: ``report-templates/site/*.j2`` and ``site.css``, rendered by jinja2 with autoescape ON;
the only markup not escaped by jinja2 is the SVG of :mod:`shuili_cli.render.svg_charts`, which
escapes its own labels. The pages are XHTML-compatible (every element closed) and link only to each
other, with relative URLs built from percent-encoded ids (never from user text), so the site works
from the file system and on GitHub/GitLab Pages:

    index.html                         county overview (headline month, four colours, table, alerts)
    enterprises/<id>/index.html        一企一档 of each enterprise
    forms/<YYYY-MM>.html               the month's 附件1 and 附件2; every number links to
    forms/<YYYY-MM>/k<NNN>.html        the records it counted (``shuili explain`` in the browser)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from shuili_cli.core.alerts import KIND_LABELS, LEVEL_LABELS, Alert
from shuili_cli.core.domain.hazards import OPEN, OVERDUE, RECTIFIED, VERIFIED
from shuili_cli.core.domain.numbers import fixed_text
from shuili_cli.core.figures.catalogue import Form, forms, key_index, templates_dir
from shuili_cli.core.figures.figures import Contribution, Number
from shuili_cli.core.ledger.stored import read_repo
from shuili_cli.core.outputs.report import safe_stem
from shuili_cli.core.site import EnterprisePage, SiteData, enterprise_page
from shuili_cli.render import svg_charts as charts
from shuili_cli.render import xlsx as forms_xlsx
from shuili_cli.render.ledger_batch import export_chunks
from shuili_cli.render.xlsx import UNIT_TYPE_HEADER, FormMeta, header_cells, period_text

CSS_COLOR = {"红": "red", "橙": "orange", "黄": "yellow", "蓝": "blue"}
TIMELINE_ROWS = 40          # the hazard timeline draws the newest this many; the table lists them all
FORMS = "forms"
ENTERPRISES = "enterprises"


class SitePage(NamedTuple):
    """The files of one folder of the site (``folder`` relative to the site's root, () for the root)."""

    folder: tuple[str, ...]
    files: dict[str, bytes]


@cache
def environment() -> Environment:
    """jinja2 over ``report-templates/site/``, autoescape ON for every template."""
    return Environment(loader=FileSystemLoader(str(templates_dir() / "site")), autoescape=True, finalize=charts.finalize,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _render(template: str, **context: Any) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def segment(text: str) -> str:
    """One path segment of a relative URL, percent-encoded (ids are restricted already: encode anyway)."""
    return quote(text, safe="")


def enterprise_href(up: str, folder: str) -> str:
    return f"{up}{ENTERPRISES}/{segment(folder)}/index.html"


def key_file(key: str) -> str:
    """The explain page of a figure key: its position in the catalogue (keys hold Chinese and dots)."""
    return f"k{list(key_index()).index(key):03d}.html"


def _fields(record: Any) -> dict[str, Any]:
    """A dataclass's fields by name, one level deep (the template adds link and colour keys beside them)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def number(value: Number, money: bool = False) -> str:
    return fixed_text(value, money=money)


def _delta(m: Any) -> str:
    if not m.comparable:
        return "无可比数据"
    d = m.delta
    return "持平" if d == 0 else (f"+{number(d)}" if d > 0 else f"−{number(-d)}")


@dataclass(frozen=True, slots=True)
class _Frame:
    """What the frame (base.html.j2) of a page needs."""

    up: str
    unit_name: str
    as_of: str
    validation_errors: int
    forms_href: str
    forms_label: str
    generated: str = ""

    def context(self) -> dict[str, Any]:
        return {"up": self.up, "unit_name": self.unit_name, "as_of": self.as_of,
                "validation_errors": self.validation_errors, "forms_href": self.forms_href,
                "forms_label": self.forms_label, "generated": self.generated}


def _frame(site: SiteData, up: str) -> _Frame:
    o = site.overview
    return _Frame(up, o.unit_name, o.as_of.isoformat(), o.validation_errors, f"{up}{FORMS}/{o.month.label}.html",
                  f"{o.month.year}年{o.month.month}月报表（附件1、附件2）")


def _alerts(alerts: Sequence[Alert], up: str, known: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"level": a.level, "level_label": LEVEL_LABELS.get(a.level, a.level),
             "kind_label": KIND_LABELS.get(a.kind, a.kind), "name": a.name,
             "href": enterprise_href(up, a.enterprise) if a.enterprise is not None and a.enterprise in known else None,
             "message": a.message, "where": f"{a.file}:{a.line}" if a.file else ""} for a in alerts]


STATUS_COLORS = {OPEN: charts.PALETTE["橙"], OVERDUE: charts.PALETTE["红"], RECTIFIED: charts.PALETTE["黄"],
                 VERIFIED: "#27ae60"}


def _counts_chart(counts: Sequence[Any], title: str, unit: str) -> Markup:
    """Bars of counts: a domain colour by its own colour, a hazard status by ``STATUS_COLORS``, else grey."""
    bars = [charts.Bar(c.label, c.value, charts.PALETTE.get(c.color or "", STATUS_COLORS.get(c.label, charts.GREY)))
            for c in counts]
    return Markup(charts.bar_chart(bars, title=title, unit=unit))


# ----------------------------------------------------------------- the overview


def render_overview(site: SiteData) -> bytes:
    o = site.overview
    up = ""
    index = key_index()
    metrics = [{"label": m.label, "value": number(m.value, index[m.key].money), "delta": _delta(m),
                "href": f"{FORMS}/{o.month.label}/{key_file(m.key)}",
                "sparkline": Markup(charts.sparkline(m.series, title=f"{m.label}：{o.months[0]} 至 {o.months[-1]}"))}
               for m in o.metrics]
    rows = [{**_fields(r), "href": enterprise_href(up, r.id), "css": CSS_COLOR.get(r.overall or "", "none")}
            for r in o.enterprises]
    return _render(
        "index.html.j2", **_frame(site, up).context(), region=o.region,
        month_label=f"{o.month.year}年{o.month.month}月", months=o.months, metrics=metrics,
        month_note=(f"{o.month.year}年{o.month.month}月是截至 {o.as_of.isoformat()} 的最后一个完整月份；"
                    "与上月比较，右侧是近 12 个月的走势。点击指标查看统计了哪些记录。"),
        risk_chart=_counts_chart(o.risk_colors, "风险点四色分布", "处"),
        overall_chart=_counts_chart(o.overall_colors, "企业整体安全风险等级", "家"),
        trend_chart=_risk_trend(site),
        rows=rows, alerts=_alerts(o.alerts, up, site.rows), show_enterprise=True)


def _risk_trend(site: SiteData) -> Markup:
    """Risk points by colour at each month's end of the series, stacked (when the headline figures hold them)."""
    o = site.overview
    by_key = {m.key: m for m in o.metrics}
    series = [charts.Series(c, charts.PALETTE[c], tuple(by_key[f"a1.four_color.{c}"].series))
              for c in CSS_COLOR if f"a1.four_color.{c}" in by_key]
    if not series:
        return Markup("")
    return Markup(charts.stacked_bars(o.months, series, title="风险点四色分布（近 12 个月各月末）", unit="处"))


# ----------------------------------------------------------------- one enterprise


def _timeline(page: EnterprisePage) -> tuple[Markup, str]:
    shown = page.hazards[:TIMELINE_ROWS]
    if not shown:
        return Markup(""), ""
    day = date.fromisoformat
    spans = []
    for h in reversed(shown):   # oldest at the top
        end = h.verified_on or h.rectified_on
        marks = [(day(h.found_on), "found"), (day(h.deadline), "deadline")]
        marks += [(day(d), k) for d, k in ((h.rectified_on, "rectified"), (h.verified_on, "verified")) if d]
        spans.append(charts.Span(f"{h.id} {h.status}", day(h.found_on), day(end) if end else None, tuple(marks),
                                 charts.PALETTE["红"] if h.status == "超期未整改" else charts.GREY))
    start = min(s.start for s in spans)
    note = f"时间线只画最近发现的 {TIMELINE_ROWS} 条，下表列出全部 {len(page.hazards)} 条。" \
        if len(page.hazards) > TIMELINE_ROWS else ""
    chart = charts.timeline(spans, start, page.as_of, title="隐患闭环时间线：发现、整改期限、整改、验收销号")
    return Markup(chart), note


def _five_s_chart(page: EnterprisePage) -> Markup:
    labels = [p.date for p in page.five_s]
    series = [charts.Series("平均分", charts.PALETTE["蓝"], tuple(p.average for p in page.five_s)),
              charts.Series("最低分", charts.PALETTE["橙"], tuple(p.lowest for p in page.five_s))]
    low = float(min([p.lowest for p in page.five_s] + [page.five_s_pass])) // 10 * 10
    return Markup(charts.line_chart(labels, series, title="5S 考评得分（满分 100）", low=max(low - 10, 0), high=100,
                                    reference=(float(page.five_s_pass), f"合格 {page.five_s_pass}")))


def download_name(name: str, file: str) -> str:
    """The name a downloaded ``file`` of an enterprise's folder is saved under: ``<企业名称>-<file>``."""
    return safe_stem(name, f"-{file}") + f"-{file}"


def render_enterprise(site: SiteData, page: EnterprisePage, ledger: str | None = None,
                      cards: str | None = None) -> bytes:
    up = "../../"
    row = page.row
    timeline, note = _timeline(page)

    def where(file: str, line: int) -> str:
        return f"{file}:{line}"

    risks = [{**_fields(r), "css": CSS_COLOR[r.color], "where": where(r.file, r.line)} for r in page.risks]
    hazards = [{**_fields(h), "where": where(h.file, h.line)} for h in page.hazards]
    ratings = [{**_fields(r), "css": CSS_COLOR[r.color]} for r in page.ratings]
    view = _fields(page)
    view.update(risks=risks, hazards=hazards, ratings=ratings)
    return _render(
        "enterprise.html.j2", **_frame(site, up).context(), row=row, page=view,
        row_css=CSS_COLOR.get(row.overall or "", "none"), ledger=ledger, cards=cards,
        ledger_download=download_name(row.name, ledger_file(page.as_of)),
        risk_chart=_counts_chart(page.risk_colors, "有效风险点四色分布", "处"),
        status_chart=_counts_chart(page.hazard_statuses, "隐患状态", "条"),
        timeline=timeline, timeline_note=note,
        five_s_chart=_five_s_chart(page) if page.five_s else Markup(""),
        alerts=_alerts(page.alerts, up, {}), show_enterprise=False)


# ----------------------------------------------------------------- the month's forms


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    href: str | None = None
    vertical: bool = False


def form_head(form: Form) -> list[list[Cell]]:
    """The header rows: 填报单位类型 down the whole block, then the catalogue's cells (as the workbook draws them)."""
    depth = form.depth
    rows: list[list[Cell]] = [[] for _ in range(depth)]
    rows[0].append(Cell(UNIT_TYPE_HEADER, rowspan=depth))
    for hc in sorted(header_cells(form), key=lambda c: (c.top, c.first)):
        rows[hc.top].append(Cell(hc.text, hc.bottom - hc.top + 1, hc.last - hc.first + 1, vertical=hc.vertical))
    return rows


def form_body(form: Form, values: Mapping[str, Number], unit_type: str, link: str) -> list[list[Cell]]:
    """The rows of each unit type; only ``unit_type`` (this repository's) is filled, each number linking
    to ``link`` + its key's page."""
    n = form.sub_rows
    out: list[list[Cell]] = []
    for kind in form.unit_types:
        fill = kind == unit_type
        rows: list[list[Cell]] = [[] for _ in range(n)]
        rows[0].append(Cell(kind, rowspan=n))

        def cell(key: str | None, money: bool, rowspan: int = 1, colspan: int = 1, *, fill: bool = fill) -> Cell:
            if not fill or key is None:
                return Cell("", rowspan, colspan)
            return Cell(number(values[key], money), rowspan, colspan, href=link + key_file(key))

        for col in form.columns:
            if col.is_label:
                for i, label in enumerate(col.labels[:n]):
                    rows[i].append(Cell(label))
            elif not col.split:
                rows[0].append(cell(col.keys[0], col.money, rowspan=n))
            else:
                spans = dict(col.span)
                for i, key in enumerate(col.keys):
                    if key is not None:
                        rows[i].append(cell(key, col.money, colspan=spans.get(i, 1)))
        out += rows
    return out


def fill_line(site: SiteData, filled: date) -> str:
    """填报单位（盖章）：… 填表人：… 联系电话：… <填报日期>, as the workbook of ``shuili report`` prints it."""
    s = site.repo.settings
    reporter = s.reporter if s is not None else None
    meta = FormMeta(s.unit.name if s else "", s.unit.type if s else "", s.unit.region if s else "",
                 (reporter.name or "") if reporter else "", (reporter.phone or "") if reporter else "", filled, ())
    return forms_xlsx.fill_line(filled, meta)


def render_forms(site: SiteData, filled: date | None = None) -> bytes:
    """The month's forms; ``filled`` is the date on their 填报 line (default: the site's D)."""
    o = site.overview
    fig = o.forms
    unit_type = site.repo.settings.unit.type if site.repo.settings else "县（市、区）"
    fill = fill_line(site, filled or site.as_of)
    tables = [{"anchor": f"form{i + 1}", "corner": form.corner, "title": form.title.format(region=o.region),
               "period": period_text(fig.period), "fill": fill, "notes": form.notes, "head": form_head(form),
               "body": form_body(form, fig.values, unit_type, f"{fig.period.label}/")}
              for i, form in enumerate(forms())]
    return _render("form.html.j2", **_frame(site, "../").context(), tables=tables,
                   title=f"{o.month.year}年{o.month.month}月报表（附件1、附件2）")


def explain_pages(site: SiteData) -> dict[str, bytes]:
    """One page per figure key of the month's forms: what it counted, where it is written."""
    fig = site.overview.forms
    by_key: dict[str, list[Contribution]] = {k: [] for k in key_index()}
    for c in fig.contributions:
        by_key[c.key].append(c)
    frame = _frame(site, "../../").context()
    month = f"{fig.period.year}年{fig.period.month}月"
    out: dict[str, bytes] = {}
    for key, info in key_index().items():
        rows = [{"name": site.rows[c.enterprise].name if c.enterprise in site.rows else (c.enterprise or "—"),
                 "href": enterprise_href("../../", c.enterprise) if c.enterprise in site.rows else None,
                 "what": c.what, "where": f"{c.file}:{c.line}", "amount": number(c.amount, info.money)}
                for c in sorted(by_key[key], key=lambda c: (c.file, c.line))]
        out[key_file(key)] = _render("explain.html.j2", **frame, info=info, rows=rows, month=month,
                                     total=number(fig.values[key], info.money),
                                     back=f"../{fig.period.label}.html")
    return out


# ----------------------------------------------------------------- the whole site, a folder at a time


def ledger_file(as_of: date) -> str:
    """The name of an enterprise's ledger workbook in its folder of the site."""
    return f"台账-{as_of.isoformat()}.xlsx"


def ledger_books(root: Path, errors: set[str], ids: Sequence[str], as_of: date, unit: str
                 ) -> Callable[[str], bytes | None]:
    """Each enterprise's ledger workbook (as ``shuili export`` makes it), asked for in the order of
    ``ids`` and built a chunk at a time as asked (``render.ledger_batch``); none for an enterprise whose
    files have errors (``errors``: files), none at all when shuili.yaml or the enforcement files have
    (as ``api.ledger_export`` refuses them)."""
    if any(f.startswith(("shuili.yaml", "bureau/enforcement/")) for f in errors):
        return lambda _: None
    blocked = {i for i in ids if any(f.startswith(f"enterprises/{i}/") for f in errors)}
    wanted = [i for i in ids if i not in blocked]
    chunks = export_chunks(root, wanted, read_repo(root, []), as_of, unit, books=frozenset(wanted), county=False)
    pending: dict[str, bytes] = {}

    def workbook(ent: str) -> bytes | None:
        while ent not in blocked and ent not in pending:
            chunk = next(chunks, None)
            if chunk is None:
                return None
            pending.update((i, data) for i, _, data in chunk.workbooks)
        return pending.pop(ent, None)

    return workbook


CARDS_FILE = "岗位安全风险告知卡.html"


def site_pages(site: SiteData, ledgers: Callable[[str], bytes | None] | None = None,
               cards: Callable[[str], bytes | None] | None = None, filled: date | None = None) -> Iterator[SitePage]:
    """Every folder of the site with its files, rendered one folder at a time (bounded memory).

    ``ledgers`` gives an enterprise's ledger workbook (or None); it is asked in the order of the
    enterprise folders' names, and the workbook is put beside the page, which links to it.
    ``cards`` gives its 岗位安全风险告知卡 page (``shuili cards``) the same way. ``filled``: the date on
    the forms' 填报 line (``shuili report`` prints today's; default the site's D).
    """
    yield SitePage((), {"index.html": render_overview(site)})
    label = site.overview.forms.period.label
    yield SitePage((FORMS,), {f"{label}.html": render_forms(site, filled)})
    yield SitePage((FORMS, label), explain_pages(site))
    name = ledger_file(site.as_of)
    for folder in sorted(site.enterprise_ids()):
        workbook = ledgers(folder) if ledgers is not None else None
        card_page = cards(folder) if cards is not None else None
        files = {"index.html": render_enterprise(site, enterprise_page(site, folder),
                                                 segment(name) if workbook is not None else None,
                                                 segment(CARDS_FILE) if card_page is not None else None)}
        if workbook is not None:
            files[name] = workbook
        if card_page is not None:
            files[CARDS_FILE] = card_page
        yield SitePage((ENTERPRISES, folder), files)
