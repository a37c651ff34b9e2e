"""The 月度趋势 sheet of the year-end workbook: the headline figures month by month, with charts.

:func:`add_trend_sheet` takes the bytes of the December year-to-date workbook (附件1, 附件2 from
:func:`shuili_cli.render.xlsx.build_workbook`, left as they are) and appends one sheet: a row per
month (flows of the month, stocks at its end; months not yet counted are left empty), the
合计/年末 row, the overall ratings on the last day counted, and three native, editable Excel
charts whose data ranges are the sheet's own cells:

- hazards found against rectified, per month (clustered columns);
- the four-colour risk points at each month's end (stacked columns in red, orange, yellow, blue);
- the enterprises per overall rating at the year's end (columns in the four colours).

Every figure is a number cell, never text and never a formula; labels come from
``report-templates/summary.yaml`` and the catalogue, never from the data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped,unused-ignore]
from openpyxl.chart.marker import DataPoint  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped,unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]

from shuili_cli.core.domain.numbers import MONEY_UNIT, sheet_number_format
from shuili_cli.core.figures.figures import Number
from shuili_cli.core.outputs.annual import COLORS, FOUR_COLOR_KEYS, HAZARDS_FOUND, HAZARDS_RECTIFIED, UNRATED, Trend
from shuili_cli.render.xlsx import FONT_NAME, PAPER, reproducible

Sheet = Any

SHEET = "月度趋势"
HEADER_ROW = 1
FIRST_MONTH_ROW = 2            # January; December is FIRST_MONTH_ROW + 11
TOTAL_ROW = FIRST_MONTH_ROW + 12
NOTE_ROW = TOTAL_ROW + 1
RATING_HEADER_ROW = NOTE_ROW + 2
FIRST_RATING_ROW = RATING_HEADER_ROW + 1
CHART_ROW = FIRST_RATING_ROW + len(COLORS) + 2   # the colours, 未评定, a blank row
TOTAL_LABEL = "合计/年末"
CHART_CM = (13.0, 7.5)         # width, height of each chart; the three stand side by side under the tables
CHART_COLUMNS = ("A", "G", "N")
COLOR_HEX = {"红": "D7191C", "橙": "F07C1A", "黄": "F2C200", "蓝": "2B6CB0", UNRATED: "8A8F98"}
"""The fills of the four colours (the same as the HTML overview's, ``render.svg_charts.PALETTE``)."""

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """One chart: its title, axis titles and the trend columns (keys) it draws."""

    title: str
    x_title: str
    y_title: str
    keys: tuple[str, ...]


HAZARD_CHART = ChartSpec("各月隐患发现与整改", "月份", "隐患（条）", (HAZARDS_FOUND, HAZARDS_RECTIFIED))
RISK_CHART = ChartSpec("各月末四色安全风险点", "月份", "风险点（处）", FOUR_COLOR_KEYS)
RATING_CHART = ChartSpec("企业整体安全风险等级", "整体风险等级", "企业（家）", ())


def month_label(month: int, partial_end: str | None) -> str:
    """1月 … 12月; the month of a --partial end says up to which day: 8月（截至8月15日）."""
    if partial_end is None:
        return f"{month}月"
    end = date.fromisoformat(partial_end)
    return f"{month}月（截至{end.month}月{end.day}日）"


def rating_label(color: str) -> str:
    return color if color == UNRATED else f"{color}色"


def _put(cell: Any, value: Number | None, unit: str) -> None:
    cell.number_format = sheet_number_format(money=unit == MONEY_UNIT)
    cell.value = None if value is None else float(value) if isinstance(value, Decimal) else int(value)
    cell.font, cell.border, cell.alignment = FONT, BORDER, WRAP


def _label(cell: Any, text: str, font: Font = FONT, align: Alignment = WRAP, border: bool = True) -> None:
    cell.value = text
    cell.data_type = "s"
    cell.font, cell.alignment = font, align
    if border:
        cell.border = BORDER


def column_of(t: Trend, key: str) -> int:
    """The sheet column (1-based) of trend column ``key``."""
    return 2 + next(i for i, (k, _, _) in enumerate(t.columns) if k == key)


def _table(ws: Sheet, t: Trend) -> None:
    _label(ws.cell(HEADER_ROW, 1), "月份", BOLD)
    for i, (_, label, _) in enumerate(t.columns):
        _label(ws.cell(HEADER_ROW, 2 + i), label, BOLD)
    for row in t.rows:
        r = FIRST_MONTH_ROW + row.month - 1
        _label(ws.cell(r, 1), month_label(row.month, t.end if row.partial else None))
        for i, (_, _, unit) in enumerate(t.columns):
            _put(ws.cell(r, 2 + i), None if row.values is None else row.values[i], unit)
    _label(ws.cell(TOTAL_ROW, 1), TOTAL_LABEL, BOLD)
    for i, (_, _, unit) in enumerate(t.columns):
        _put(ws.cell(TOTAL_ROW, 2 + i), t.totals[i], unit)
        ws.cell(TOTAL_ROW, 2 + i).font = BOLD
    missing = [row.month for row in t.rows if row.values is None]
    note = ("注：企业数、风险点等为月末数，隐患、检查、罚款等为当月数；“隐患合计”为各来源（企业自查、执法检查和其他来源）之和；"
            f"“{TOTAL_LABEL}”一行中，当月数为各月合计，其余为最后一个月的数。")
    if missing:
        note += f"{missing[0]}—12月尚未到来，未填数字。" if missing[0] < 12 else "12月尚未到来，未填数字。"
    width = 1 + len(t.columns)
    ws.merge_cells(start_row=NOTE_ROW, start_column=1, end_row=NOTE_ROW, end_column=width)
    _label(ws.cell(NOTE_ROW, 1), note, align=LEFT, border=False)
    ws.row_dimensions[NOTE_ROW].height = 30
    ws.row_dimensions[HEADER_ROW].height = 80


def _ratings(ws: Sheet, t: Trend) -> None:
    end = date.fromisoformat(t.end)
    when = "年末" if (end.month, end.day) == (12, 31) else f"截至{end.month}月{end.day}日"
    _label(ws.cell(RATING_HEADER_ROW, 1), f"整体风险等级（{when}）", BOLD)
    _label(ws.cell(RATING_HEADER_ROW, 2), "企业（家）", BOLD)
    for i, (color, count) in enumerate(t.ratings):
        _label(ws.cell(FIRST_RATING_ROW + i, 1), rating_label(color))
        _put(ws.cell(FIRST_RATING_ROW + i, 2), count, "家")


def _chart(spec: ChartSpec, *, grouping: str = "clustered") -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = grouping
    if grouping == "stacked":
        chart.overlap = 100
    chart.title = spec.title
    chart.x_axis.title = spec.x_title
    chart.y_axis.title = spec.y_title
    chart.x_axis.delete = chart.y_axis.delete = False   # openpyxl 3.1 hides both axes otherwise
    chart.y_axis.majorGridlines = None
    chart.width, chart.height = CHART_CM
    chart.legend.position = "b"
    return chart


def _month_series(ws: Sheet, t: Trend, chart: BarChart, keys: tuple[str, ...], fills: tuple[str, ...]) -> None:
    for key, fill in zip(keys, fills, strict=True):
        col = column_of(t, key)
        chart.add_data(Reference(ws, min_col=col, min_row=HEADER_ROW, max_row=FIRST_MONTH_ROW + 11),
                       titles_from_data=True)
        series = chart.series[-1]
        series.graphicalProperties.solidFill = fill
        series.graphicalProperties.line.solidFill = fill
    chart.set_categories(Reference(ws, min_col=1, min_row=FIRST_MONTH_ROW, max_row=FIRST_MONTH_ROW + 11))


def _charts(ws: Sheet, t: Trend) -> None:
    hazards = _chart(HAZARD_CHART)
    _month_series(ws, t, hazards, HAZARD_CHART.keys, ("C0392B", "27AE60"))
    ws.add_chart(hazards, f"{CHART_COLUMNS[0]}{CHART_ROW}")
    risks = _chart(RISK_CHART, grouping="stacked")
    _month_series(ws, t, risks, RISK_CHART.keys, tuple(COLOR_HEX[c] for c in COLORS))
    ws.add_chart(risks, f"{CHART_COLUMNS[1]}{CHART_ROW}")
    ratings = _chart(RATING_CHART)
    last = FIRST_RATING_ROW + len(t.ratings) - 1
    ratings.add_data(Reference(ws, min_col=2, min_row=RATING_HEADER_ROW, max_row=last), titles_from_data=True)
    ratings.set_categories(Reference(ws, min_col=1, min_row=FIRST_RATING_ROW, max_row=last))
    series = ratings.series[0]
    for i, (color, _) in enumerate(t.ratings):
        point = DataPoint(idx=i)
        point.graphicalProperties.solidFill = COLOR_HEX[color]
        point.graphicalProperties.line.solidFill = COLOR_HEX[color]
        series.dPt.append(point)
    ratings.legend = None
    ws.add_chart(ratings, f"{CHART_COLUMNS[2]}{CHART_ROW}")


def _layout(ws: Sheet, t: Trend) -> None:
    ws.column_dimensions["A"].width = 18
    for i in range(len(t.columns)):
        ws.column_dimensions[get_column_letter(2 + i)].width = 11
    for r in range(FIRST_MONTH_ROW, TOTAL_ROW + 1):
        ws.row_dimensions[r].height = 20
    ws.freeze_panes = ws.cell(FIRST_MONTH_ROW, 2).coordinate
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = PAPER["A4"]
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def add_trend_sheet(workbook: bytes, t: Trend, fill_date: date) -> bytes:
    """``workbook`` with the 月度趋势 sheet appended after its forms; the same bytes on every run."""
    wb = load_workbook(io.BytesIO(workbook))
    ws = wb.create_sheet(SHEET)
    _table(ws, t)
    _ratings(ws, t)
    _charts(ws, t)
    _layout(ws, t)
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible(buf.getvalue(), wb.properties, fill_date)
