"""安全警示标志 (GB 2894-2008) as inline SVG, chosen from a card's accident types.

Which signs go with which GB 6441 accident type is data: ``report-templates/signs.yaml``. The
shapes and colours of the four kinds are fixed here:

- 禁止 (prohibition): white disc, red ring and a red bar from upper left to lower right over a black pictogram;
- 警告 (warning): yellow equilateral triangle with a black border, black pictogram;
- 指令 (mandatory): blue disc, white pictogram;
- 提示 (safe condition): green square, white pictogram.

The pictograms are simple symbolic glyphs (:data:`GLYPHS`, a 100 × 100 box); the sign's words are
printed under it by the page and named in the SVG's ``<title>`` (escaped). Nothing from the data
of a repository goes into these SVGs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, get_args

import yaml
from markupsafe import Markup, escape

from shuili_cli.core.outputs.cards import ACCIDENT_ORDER

Kind = Literal["警告", "禁止", "指令", "提示"]
KIND_ORDER: tuple[Kind, ...] = get_args(Kind)
"""GB 2894: signs set up together go 警告, 禁止, 指令, 提示, left to right."""

# GB 2893 safety colours, as printed.
SAFETY_RED = "#D7000F"
SAFETY_YELLOW = "#FFD200"
SAFETY_BLUE = "#0059B3"
SAFETY_GREEN = "#00873E"
BLACK = "#000000"
WHITE = "#FFFFFF"

GLYPHS: dict[str, str] = {
    "falling-object": '<rect x="36" y="12" width="28" height="22" fill="{c}"/><path d="M50 38V66" stroke="{c}" stroke-width="7"/>'
                      '<path d="M36 62H64L50 84Z" fill="{c}"/>',
    "vehicle": '<rect x="14" y="36" width="50" height="28" fill="{c}"/><path d="M64 44H76L86 56V64H64Z" fill="{c}"/>'
               '<circle cx="30" cy="70" r="9" fill="{c}" stroke="{b}" stroke-width="3"/>'
               '<circle cx="72" cy="70" r="9" fill="{c}" stroke="{b}" stroke-width="3"/>',
    "gear": '<circle cx="50" cy="50" r="30" fill="none" stroke="{c}" stroke-width="12" stroke-dasharray="8 7.7"/>'
            '<circle cx="50" cy="50" r="25" fill="{c}"/><circle cx="50" cy="50" r="9" fill="{b}"/>',
    "hook": '<path d="M50 8V40" stroke="{c}" stroke-width="6"/><path d="M50 40a13 13 0 1 1 -13 13" fill="none" '
            'stroke="{c}" stroke-width="7"/><rect x="30" y="72" width="40" height="18" fill="{c}"/>',
    "bolt": '<path d="M58 8L28 54H48L38 92L74 40H54L64 8Z" fill="{c}"/>',
    "waves": '<circle cx="50" cy="28" r="9" fill="{c}"/><path d="M32 14L42 42H58L68 14" fill="none" stroke="{c}" '
             'stroke-width="6" stroke-linejoin="round"/><path d="M10 58q10-9 20 0t20 0t20 0t20 0M10 78q10-9 20 0t20 0t20 0t20 0" '
             'fill="none" stroke="{c}" stroke-width="7"/>',
    "heat": '<path d="M32 64q-9-10 0-20t0-22M50 64q-9-10 0-20t0-22M68 64q-9-10 0-20t0-22" fill="none" stroke="{c}" '
            'stroke-width="6"/><rect x="18" y="72" width="64" height="12" fill="{c}"/>',
    "flame": '<path d="M52 8C64 28 78 40 76 62C74 80 62 92 50 92C36 92 24 80 24 64C24 48 36 42 38 26C46 38 48 46 50 52'
             'C58 40 58 24 52 8Z" fill="{c}"/>',
    "fall": '<path d="M8 36H40V94" fill="none" stroke="{c}" stroke-width="7"/><circle cx="66" cy="22" r="9" fill="{c}"/>'
            '<path d="M64 34L72 60L62 82M72 60L86 76M66 42L52 36M68 44L84 36" fill="none" stroke="{c}" stroke-width="7" '
            'stroke-linecap="round"/>',
    "collapse": '<path d="M10 28L50 10L90 28Z" fill="{c}"/><rect x="22" y="40" width="20" height="15" fill="{c}" '
                'transform="rotate(20 32 47)"/><rect x="56" y="50" width="22" height="15" fill="{c}" '
                'transform="rotate(-15 67 57)"/><rect x="34" y="72" width="26" height="16" fill="{c}"/>',
    "burst": '<path d="M50 6L58 32L82 16L68 40L94 50L68 60L82 84L58 68L50 94L42 68L18 84L32 60L6 50L32 40L18 16L42 32Z" '
             'fill="{c}"/>',
    "skull": '<circle cx="50" cy="38" r="24" fill="{c}"/><rect x="38" y="54" width="24" height="16" fill="{c}"/>'
             '<circle cx="41" cy="38" r="6" fill="{b}"/><circle cx="59" cy="38" r="6" fill="{b}"/>'
             '<path d="M18 76L82 92M18 92L82 76" stroke="{c}" stroke-width="7"/>',
    "oxygen": '<text x="50" y="66" font-size="46" font-weight="bold" text-anchor="middle" font-family="sans-serif" '
              'fill="{c}">O₂</text><path d="M14 86H86" stroke="{c}" stroke-width="6" stroke-dasharray="10 6"/>',
    "exclamation": '<rect x="42" y="8" width="16" height="58" rx="5" fill="{c}"/><circle cx="50" cy="84" r="9" fill="{c}"/>',
    "person": '<circle cx="50" cy="16" r="10" fill="{c}"/><path d="M50 30V62M50 62L38 92M50 62L62 92M30 46L50 36L70 46" '
              'fill="none" stroke="{c}" stroke-width="9" stroke-linecap="round"/>',
    "switch": '<path d="M8 70H26M74 70H92" stroke="{c}" stroke-width="7"/><circle cx="28" cy="70" r="7" fill="{c}"/>'
              '<circle cx="72" cy="70" r="7" fill="{c}"/><path d="M28 70L66 30" stroke="{c}" stroke-width="7" '
              'stroke-linecap="round"/><rect x="60" y="16" width="14" height="16" rx="3" fill="{c}"/>',
    "match": '<rect x="45" y="42" width="10" height="50" fill="{c}"/><path d="M50 8C60 20 62 30 57 38H43C38 30 42 20 50 8Z" '
             'fill="{c}"/>',
    "helmet": '<path d="M16 66A34 34 0 0 1 84 66Z" fill="{c}"/><rect x="8" y="66" width="84" height="10" rx="4" fill="{c}"/>'
              '<path d="M50 32V64" stroke="{b}" stroke-width="4"/>',
    "harness": '<circle cx="44" cy="16" r="9" fill="{c}"/><path d="M44 28V60M44 60L34 92M44 60L54 92M28 42L44 32L60 42" '
               'fill="none" stroke="{c}" stroke-width="8" stroke-linecap="round"/><path d="M30 52H58M58 52L84 12" '
               'fill="none" stroke="{c}" stroke-width="4"/>',
    "lifejacket": '<path d="M28 12H42L50 30L58 12H72L84 36L74 42V90H56V38H44V90H26V42L16 36Z" fill="{c}"/>'
                  '<path d="M26 60H44M56 60H74M26 74H44M56 74H74" stroke="{b}" stroke-width="4"/>',
    "glove": '<rect x="30" y="44" width="40" height="36" rx="8" fill="{c}"/><rect x="30" y="16" width="9" height="36" rx="4" '
             'fill="{c}"/><rect x="41" y="10" width="9" height="40" rx="4" fill="{c}"/><rect x="52" y="12" width="9" '
             'height="38" rx="4" fill="{c}"/><rect x="63" y="20" width="8" height="32" rx="4" fill="{c}"/>'
             '<rect x="34" y="80" width="32" height="12" fill="{c}"/>',
    "mask": '<circle cx="50" cy="38" r="26" fill="{c}"/><circle cx="40" cy="34" r="7" fill="{b}"/>'
            '<circle cx="60" cy="34" r="7" fill="{b}"/><rect x="38" y="62" width="24" height="28" rx="5" fill="{c}"/>'
            '<path d="M42 72H58M42 80H58" stroke="{b}" stroke-width="3"/>',
    "fan": '<circle cx="50" cy="50" r="38" fill="none" stroke="{c}" stroke-width="6"/><path d="M50 50C38 28 56 18 64 26'
           'C70 34 60 44 50 50ZM50 50C76 48 78 66 68 72C58 74 54 62 50 50ZM50 50C38 72 22 64 24 54C26 44 40 44 50 50Z" '
           'fill="{c}"/>',
    "shelter": '<path d="M8 50L50 12L92 50H80V90H20V50Z" fill="{c}"/><circle cx="50" cy="52" r="8" fill="{b}"/>'
               '<path d="M50 60V80M40 70H60" stroke="{b}" stroke-width="6"/>',
    "exit": '<rect x="58" y="10" width="32" height="80" fill="none" stroke="{c}" stroke-width="6"/>'
            '<circle cx="34" cy="20" r="8" fill="{c}"/><path d="M32 32L28 56L40 70L34 90M28 56L14 76M30 40L14 48M30 40L48 48'
            '" fill="none" stroke="{c}" stroke-width="7" stroke-linecap="round"/>',
}


@dataclass(frozen=True, slots=True)
class Sign:
    text: str
    kind: Kind
    glyph: str


@dataclass(frozen=True, slots=True)
class SignTable:
    signs: dict[str, Sign]
    by_accident: dict[str, tuple[Sign, ...]]

    def without_sign(self) -> tuple[str, ...]:
        """The GB 6441 types that draw no sign (``[]`` in the table)."""
        return tuple(t for t in ACCIDENT_ORDER if not self.by_accident.get(t))

    def for_accidents(self, accident_types: Iterable[str]) -> tuple[Sign, ...]:
        """Each sign of these types once, ordered 警告, 禁止, 指令, 提示, then as the table lists them."""
        found = list(dict.fromkeys(s for t in accident_types for s in self.by_accident.get(t, ())))
        return tuple(sorted(found, key=lambda s: KIND_ORDER.index(s.kind)))


class SignTableError(ValueError):
    """report-templates/signs.yaml is wrong (a defect of the installation, not of the data)."""


def parse_table(text: str, name: str = "signs.yaml") -> SignTable:
    """The sign table; :class:`SignTableError` names what is wrong."""
    doc = yaml.safe_load(text)
    if not isinstance(doc, dict) or not isinstance(doc.get("signs"), dict) or not isinstance(doc.get("accident_types"), dict):
        raise SignTableError(f"{name}：应有 signs 和 accident_types 两个映射")
    signs: dict[str, Sign] = {}
    for text_, spec in doc["signs"].items():
        kind, glyph = (spec.get("kind"), spec.get("glyph")) if isinstance(spec, dict) else (None, None)
        if kind not in KIND_ORDER or glyph not in GLYPHS:
            raise SignTableError(f"{name}：标志“{text_}”的 kind 应为 {'、'.join(KIND_ORDER)} 之一，"
                                 f"glyph 应为 {'、'.join(GLYPHS)} 之一")
        signs[str(text_)] = Sign(str(text_), kind, glyph)
    by_accident: dict[str, tuple[Sign, ...]] = {}
    for accident, names in doc["accident_types"].items():
        if accident not in ACCIDENT_ORDER:
            raise SignTableError(f"{name}：“{accident}”不是 GB 6441 的事故类型")
        missing = [n for n in names or () if n not in signs]
        if missing:
            raise SignTableError(f"{name}：{accident} 用到的标志 {'、'.join(map(str, missing))} 不在 signs 中")
        by_accident[accident] = tuple(signs[n] for n in names or ())
    absent = [t for t in ACCIDENT_ORDER if t not in by_accident]
    if absent:
        raise SignTableError(f"{name}：缺少事故类型 {'、'.join(absent)}（没有对应标志的写 []）")
    return SignTable(signs, by_accident)


@cache
def sign_table(folder: Path) -> SignTable:
    """``signs.yaml`` of the report templates folder."""
    path = folder / "signs.yaml"
    return parse_table(path.read_text(encoding="utf-8"), str(path))


def _glyph(sign: Sign, color: str, background: str, cx: float, cy: float, scale: float) -> str:
    body = GLYPHS[sign.glyph].replace("{c}", color).replace("{b}", background)
    return f'<g transform="translate({cx} {cy}) scale({scale}) translate(-50 -50)">{body}</g>'


def sign_svg(sign: Sign, size: str = "17mm") -> Markup:
    """The sign as an inline ``<svg>`` ``size`` wide (its words in ``<title>``, escaped)."""
    if sign.kind == "禁止":
        shape = (f'<circle cx="50" cy="50" r="43" fill="{WHITE}" stroke="{SAFETY_RED}" stroke-width="10"/>'
                 + _glyph(sign, BLACK, WHITE, 50, 50, 0.6)
                 + f'<line x1="19.6" y1="19.6" x2="80.4" y2="80.4" stroke="{SAFETY_RED}" stroke-width="10"/>')
    elif sign.kind == "警告":
        shape = (f'<path d="M50 7L95 88H5Z" fill="{SAFETY_YELLOW}" stroke="{BLACK}" stroke-width="7" '
                 f'stroke-linejoin="round"/>' + _glyph(sign, BLACK, SAFETY_YELLOW, 50, 62, 0.46))
    elif sign.kind == "指令":
        shape = f'<circle cx="50" cy="50" r="48" fill="{SAFETY_BLUE}"/>' + _glyph(sign, WHITE, SAFETY_BLUE, 50, 50, 0.64)
    else:
        shape = (f'<rect x="3" y="3" width="94" height="94" fill="{SAFETY_GREEN}"/>'
                 + _glyph(sign, WHITE, SAFETY_GREEN, 50, 50, 0.72))
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="{escape(size)}" height="{escape(size)}" '
        f'role="img" class="sign sign-{KIND_ORDER.index(sign.kind)}"><title>{escape(sign.kind)}标志：{escape(sign.text)}'
        f"</title>{shape}</svg>")


__all__ = ["GLYPHS", "KIND_ORDER", "Sign", "SignTable", "SignTableError", "parse_table", "sign_svg", "sign_table"]
