"""Small inline SVG charts: bars, stacked bars, a sparkline, a line and a timeline.

Each function takes plain numbers, dates and labels and returns one ``<svg>`` element as text,
XML-well-formed, with every label escaped (a label may come from the data). No script, no
external font or stylesheet: the text uses a list of CJK fonts common on Windows, macOS and
Linux. Widths are in CSS pixels and the ``viewBox`` scales the chart to its container, so it
prints on A4. The geometry functions (:func:`bar_heights`, :func:`sparkline_points`,
:func:`line_points`) are public so that tests and other outputs (the year-end overview) can use
exactly the numbers drawn.

Bidi controls (:data:`BIDI`) in a label would reverse the text a reader sees, so every label
loses them (:func:`text`); :func:`finalize` does the same for every value a jinja2 template of
the HTML pages prints (the site, the cards, the year-end charts page pass it to their
``Environment``), so no user string reaches a page with one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape as _escape

from markupsafe import Markup

from shuili_cli.core.domain.numbers import plain_text

Value = int | float | Decimal

FONT = ("'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',"
        "'SimHei','SimSun',sans-serif")
PALETTE = {"红": "#d7191c", "橙": "#f07c1a", "黄": "#f2c200", "蓝": "#2b6cb0"}
"""The four risk colours (GB 2894 safety colours, as the campaign's four-colour maps print them)."""
GREY = "#8a8f98"
INK = "#1f2933"
_COLOR = re.compile(r"^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$")
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Arabic letter mark, LRM, RLM, the embeddings and overrides (U+202A-E), the isolates (U+2066-9)."""
_BIDI = re.compile(f"[{BIDI}]")


def text(value: str) -> str:
    """``value`` without bidi controls (they would reorder what the reader sees)."""
    return _BIDI.sub("", value)


def finalize(value: object) -> object:
    """The jinja2 ``finalize`` of the HTML pages: every printed text (escaped or ours) without bidi controls."""
    if isinstance(value, Markup):
        return Markup(text(str(value)))   # removing a character cannot make markup of escaped text
    if isinstance(value, str):
        return text(value)
    return value


def escape(value: str) -> str:
    """A label as SVG text: bidi controls removed, then escaped."""
    return _escape(text(value))


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: Value
    color: str = GREY


@dataclass(frozen=True, slots=True)
class Series:
    """One series of a stacked bar or line chart: a name, a colour and one value per category."""

    name: str
    color: str
    values: tuple[Value | None, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """One row of a timeline: from ``start`` to ``end`` (None: still open at the chart's end), with marks."""

    label: str
    start: date
    end: date | None
    marks: tuple[tuple[date, str], ...] = ()   # (day, kind): kind one of TIMELINE_MARKS
    color: str = GREY


TIMELINE_MARKS = {"found": ("发现", "#c0392b"), "deadline": ("整改期限", INK), "rectified": ("整改", "#e67e22"),
                  "verified": ("验收销号", "#27ae60")}


def _color(value: str) -> str:
    if not _COLOR.match(value):
        raise ValueError(f"not a colour: {value!r}")
    return value


def _num(value: float) -> str:
    """A coordinate (not a figure) rounded to two decimals, without trailing zeros: 28, 12.55."""
    rounded = round(value, 2) + 0.0   # + 0.0 turns -0.0 into 0.0
    return str(int(rounded)) if rounded.is_integer() else repr(rounded)


def _text(x: float, y: float, text: str, *, size: int = 12, anchor: str = "middle", fill: str = INK,
          weight: str = "normal") -> str:
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"'
            f' font-weight="{weight}">{escape(text)}</text>')


def _svg(width: int, height: int, title: str, body: list[str], cls: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" width="{width}" height="{height}"'
            f' viewBox="0 0 {width} {height}" role="img" font-family="{escape(FONT)}">'
            f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def _label(value: Value) -> str:
    """A figure as the documents print it (``core.domain.numbers``): 3, 2.5."""
    return plain_text(value) if isinstance(value, (int, Decimal)) else str(value)


# ----------------------------------------------------------------- bars


def bar_heights(values: Sequence[Value], plot_height: float) -> list[float]:
    """Heights of bars for ``values`` in a plot ``plot_height`` tall: the largest fills it; all zero: none."""
    top = max((float(v) for v in values), default=0.0)
    return [float(v) / top * plot_height if top > 0 else 0.0 for v in values]


BAR_PLOT = 120.0   # the height of a bar chart's plot area


def bar_chart(bars: Sequence[Bar], *, title: str, unit: str = "", width: int = 360) -> str:
    """Vertical bars with their values above and labels below (``data-value`` holds each value)."""
    left, top, gap = 12.0, 30.0, 10.0
    height = int(top + BAR_PLOT + 34)
    slot = (width - 2 * left) / max(len(bars), 1)
    body = [_text(left, 16, f"{title}" + (f"（{unit}）" if unit else ""), size=13, anchor="start", weight="bold"),
            f'<line x1="{_num(left)}" y1="{_num(top + BAR_PLOT)}" x2="{_num(width - left)}"'
            f' y2="{_num(top + BAR_PLOT)}" stroke="{INK}" stroke-width="1"/>']
    for i, (bar, h) in enumerate(zip(bars, bar_heights([b.value for b in bars], BAR_PLOT), strict=True)):
        x = left + i * slot + gap / 2
        w = slot - gap
        y = top + BAR_PLOT - h
        body.append(f'<rect class="bar" x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}"'
                    f' fill="{_color(bar.color)}" data-value="{escape(_label(bar.value))}">'
                    f"<title>{escape(bar.label)}：{escape(_label(bar.value))}</title></rect>")
        body.append(_text(x + w / 2, y - 4, _label(bar.value), size=12))
        body.append(_text(x + w / 2, top + BAR_PLOT + 18, bar.label, size=12))
    return _svg(width, height, title, body, "bars")


def stacked_bars(categories: Sequence[str], series: Sequence[Series], *, title: str, unit: str = "",
                 width: int = 560) -> str:
    """One bar per category, its series stacked bottom-up in order, with a legend."""
    left, top = 34.0, 30.0
    height = int(top + BAR_PLOT + 52)
    totals = [sum(float(s.values[i] or 0) for s in series) for i in range(len(categories))]
    scale = bar_heights([*totals, 0], BAR_PLOT)
    slot = (width - left - 10) / max(len(categories), 1)
    body = [_text(10, 16, f"{title}" + (f"（{unit}）" if unit else ""), size=13, anchor="start", weight="bold")]
    for i, cat in enumerate(categories):
        x = left + i * slot + 2
        base = top + BAR_PLOT
        factor = scale[i] / totals[i] if totals[i] else 0.0
        for s in series:
            v = s.values[i] or 0
            h = float(v) * factor
            base -= h
            body.append(f'<rect class="bar" x="{_num(x)}" y="{_num(base)}" width="{_num(slot - 4)}"'
                        f' height="{_num(h)}" fill="{_color(s.color)}" data-value="{escape(_label(v))}">'
                        f"<title>{escape(cat)} {escape(s.name)}：{escape(_label(v))}</title></rect>")
        body.append(_text(x + (slot - 4) / 2, base - 3, _label(sum((s.values[i] or 0 for s in series), 0)), size=10))
        body.append(_text(x + (slot - 4) / 2, top + BAR_PLOT + 14, cat, size=10))
    body += _legend(series, 10, top + BAR_PLOT + 34)
    return _svg(width, height, title, body, "stacked")


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    out = []
    for s in series:
        out.append(f'<rect x="{_num(x)}" y="{_num(y - 9)}" width="10" height="10" fill="{_color(s.color)}"/>')
        out.append(_text(x + 14, y, s.name, size=11, anchor="start"))
        x += 24 + 12 * len(s.name)
    return out


# ----------------------------------------------------------------- sparkline and line


def sparkline_points(values: Sequence[Value], width: float, height: float, pad: float = 2.0
                     ) -> list[tuple[float, float]]:
    """Points of a sparkline: x evenly spread, y from the lowest value (bottom) to the highest (top);
    a flat series lies on the middle line."""
    if not values:
        return []
    low, high = min(float(v) for v in values), max(float(v) for v in values)
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    inner = height - 2 * pad

    def y(v: Value) -> float:
        return pad + inner / 2 if high == low else pad + (high - float(v)) / (high - low) * inner

    return [(pad + i * step, y(v)) for i, v in enumerate(values)]


def sparkline(values: Sequence[Value], *, title: str, width: int = 120, height: int = 30) -> str:
    """A line of ``values`` with the last point marked; ``title`` names the series (shown on hover)."""
    points = sparkline_points(values, width, height)
    path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
    body = [f'<polyline points="{path}" fill="none" stroke="{INK}" stroke-width="1.5"/>'] if points else []
    if points:
        x, y = points[-1]
        body.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="2.5" fill="{PALETTE["红"]}"/>')
    return _svg(width, height, title, body, "sparkline")


def line_points(values: Sequence[Value | None], width: float, height: float, low: float, high: float
                ) -> list[tuple[float, float] | None]:
    """Points of a line chart's plot ``width`` x ``height`` for ``values`` between ``low`` and ``high``."""
    step = width / max(len(values) - 1, 1)
    span = (high - low) or 1.0
    return [None if v is None else (i * step, height - (float(v) - low) / span * height)
            for i, v in enumerate(values)]


def line_chart(labels: Sequence[str], series: Sequence[Series], *, title: str, low: float = 0.0,
               high: float | None = None, reference: tuple[float, str] | None = None, width: int = 560) -> str:
    """Lines over ``labels`` (an x label every few points), a y axis from ``low`` to ``high`` and an
    optional dashed ``reference`` line (value, label), e.g. a pass mark."""
    left, top, plot_w, plot_h = 36.0, 28.0, width - 50.0, 140.0
    values = [float(v) for s in series for v in s.values if v is not None]
    high = high if high is not None else max([*values, low + 1.0])
    height = int(top + plot_h + 52)
    body = [_text(10, 16, title, size=13, anchor="start", weight="bold")]
    for frac in (0.0, 0.5, 1.0):
        y = top + plot_h - frac * plot_h
        body.append(f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(left + plot_w)}" y2="{_num(y)}"'
                    ' stroke="#d5d9de" stroke-width="1"/>')
        body.append(_text(left - 4, y + 4, _num(low + frac * (high - low)), size=10, anchor="end"))
    if reference is not None and low <= reference[0] <= high:
        y = top + plot_h - (reference[0] - low) / ((high - low) or 1.0) * plot_h
        body.append(f'<line class="reference" x1="{_num(left)}" y1="{_num(y)}" x2="{_num(left + plot_w)}"'
                    f' y2="{_num(y)}" stroke="{PALETTE["红"]}" stroke-dasharray="4 3" stroke-width="1"/>')
        body.append(_text(left + plot_w, y - 4, reference[1], size=10, anchor="end", fill=PALETTE["红"]))
    for i in _label_positions(len(labels)):
        x = left + i * plot_w / max(len(labels) - 1, 1)
        anchor = "start" if i == 0 else "end" if i == len(labels) - 1 else "middle"
        body.append(_text(x, top + plot_h + 16, labels[i], size=10, anchor=anchor))
    for s in series:
        pts = line_points(s.values, plot_w, plot_h, low, high)
        drawn = [(left + p[0], top + p[1]) for p in pts if p is not None]
        if len(drawn) > 1:
            path = " ".join(f"{_num(x)},{_num(y)}" for x, y in drawn)
            body.append(f'<polyline points="{path}" fill="none" stroke="{_color(s.color)}" stroke-width="2"/>')
        for (x, y), v in zip(drawn, [v for v in s.values if v is not None], strict=True):
            body.append(f'<circle class="point" cx="{_num(x)}" cy="{_num(y)}" r="3" fill="{_color(s.color)}"'
                        f' data-value="{escape(_label(v))}"><title>{escape(s.name)}：{escape(_label(v))}</title>'
                        "</circle>")
    body += _legend(series, 10, top + plot_h + 40)
    return _svg(width, height, title, body, "line")


def _label_positions(n: int, most: int = 7) -> list[int]:
    """Which of ``n`` x labels to print: evenly spaced, at most ``most``, always the first and the last
    (the last replaces a regular one closer than half a step, so that they never overlap)."""
    if n == 0:
        return []
    every = max(1, -(-n // most))
    out = list(range(0, n, every))
    if out[-1] != n - 1:
        if len(out) > 1 and n - 1 - out[-1] < every / 2 + 1:
            out[-1] = n - 1
        else:
            out.append(n - 1)
    return out


# ----------------------------------------------------------------- timeline


def timeline(spans: Sequence[Span], start: date, end: date, *, title: str, width: int = 640) -> str:
    """One row per span (label on the left, a bar from its start to its end or to ``end``), marks on it."""
    label_w, top, row_h = 150.0, 30.0, 18.0
    plot_w = width - label_w - 12
    days = max((end - start).days, 1)
    height = int(top + row_h * len(spans) + 46)

    def x(day: date) -> float:
        return label_w + max(0, min((day - start).days, days)) / days * plot_w

    body = [_text(10, 16, title, size=13, anchor="start", weight="bold")]
    for i, s in enumerate(spans):
        y = top + i * row_h
        body.append(_text(label_w - 6, y + 12, s.label, size=10, anchor="end"))
        x1, x2 = x(s.start), x(s.end or end)
        body.append(f'<rect x="{_num(x1)}" y="{_num(y + 5)}" width="{_num(max(x2 - x1, 1.5))}" height="6"'
                    f' fill="{_color(s.color)}" opacity="0.45"/>')
        for day, kind in s.marks:
            name, color = TIMELINE_MARKS[kind]
            shape = (f'<line x1="{_num(x(day))}" y1="{_num(y + 2)}" x2="{_num(x(day))}" y2="{_num(y + 14)}"'
                     f' stroke="{color}" stroke-width="2"' if kind == "deadline" else
                     f'<circle cx="{_num(x(day))}" cy="{_num(y + 8)}" r="4" fill="{color}"')
            body.append(f"{shape}><title>{escape(s.label)} {name}：{day.isoformat()}</title>"
                        f"{'</line>' if kind == 'deadline' else '</circle>'}")
    axis = top + row_h * len(spans) + 6
    body.append(f'<line x1="{_num(label_w)}" y1="{_num(axis)}" x2="{_num(label_w + plot_w)}" y2="{_num(axis)}"'
                f' stroke="{INK}" stroke-width="1"/>')
    body.append(_text(label_w, axis + 14, start.isoformat(), size=10, anchor="start"))
    body.append(_text(label_w + plot_w, axis + 14, end.isoformat(), size=10, anchor="end"))
    legend_x = 10.0
    for name, color in TIMELINE_MARKS.values():
        body.append(f'<circle cx="{_num(legend_x + 4)}" cy="{_num(axis + 30)}" r="4" fill="{color}"/>')
        body.append(_text(legend_x + 12, axis + 34, name, size=10, anchor="start"))
        legend_x += 24 + 12 * len(name)
    return _svg(width, height, title, body, "timeline")
