"""The 岗位安全风险告知卡 page of one enterprise: HTML with print CSS, from ``report-templates/cards.html.j2``.

One self-contained file: inline CSS and SVG, no script, no external asset. The first page is the
四色风险分布 overview, then the cards, two to an A4 page at most (a card never splits across
pages). Colours are the ones the ledger workbooks fill risk rows with (``RISK_FILLS``) and every
colour is also written as a word, so the page reads in black and white. jinja2 autoescape is on:
every text of the data is escaped, and loses any bidi control (``svg_charts.finalize``).

The paper goes on a wall: it names no file or field. What the officer still has to fill in is said
on screen only (``.screen-only``, hidden by ``@media print``), where the printed card keeps a line to
write on; the command says the same on standard error (:func:`notices`).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from shuili_cli.core.domain.risk import COLOR_NAMES
from shuili_cli.core.domain.vocab import Color
from shuili_cli.core.outputs.cards import Card, EnterpriseCards
from shuili_cli.render.ledger_xlsx import RISK_FILLS
from shuili_cli.render.safe_text import clean
from shuili_cli.render.signs import Sign, sign_svg, sign_table
from shuili_cli.render.svg_charts import finalize

TEMPLATE = "cards.html.j2"
TITLES: dict[str | None, str] = {None: "岗位/作业名称", "位置": "作业场所", "部门": "部门", "未指定": "作业场所"}
"""What a card is titled by: its post, or for points without a post their place (``Card.basis``)."""


def fill(color: Color) -> str:
    """The colour's print fill, ``#RRGGBB``."""
    return "#" + RISK_FILLS[color]


def word(color: Color) -> str:
    """红色, 橙色, 黄色, 蓝色."""
    return f"{color}色"


def level(color: Color) -> str:
    """重大风险, 较大风险, 一般风险, 低风险."""
    return COLOR_NAMES[color]


def render_cards(ec: EnterpriseCards, templates: Path) -> str:
    """The HTML page of ``ec``: overview and cards."""
    table = sign_table(templates)

    def signs(card: Card) -> list[tuple[Markup, Sign]]:
        return [(sign_svg(s), s) for s in table.for_accidents(card.accident_types)]

    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True, finalize=finalize, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    template = env.get_template(TEMPLATE)
    return template.render(ec=ec, total=ec.total, fill=fill, word=word, level=level, signs=signs, TITLES=TITLES)


def notices(ec: EnterpriseCards) -> list[str]:
    """What the command says about ``ec`` on standard error: posts that get no card, and gaps on the cards."""
    name = clean(ec.name)
    out = []
    if ec.posts_without_points:
        posts = "、".join(f"{clean(p.post)}（{'、'.join(p.mentioned_in)}）" for p in ec.posts_without_points)
        out.append(f"{name}：岗位 {posts} 没有在册的风险点，未生成告知卡；"
                   f"请在 enterprises/{ec.id}/risks.yaml 中为这些岗位辨识风险点并填写 post")
    if ec.unposted:
        places = "、".join(f"{TITLES[c.basis]}“{clean(c.post)}”" for c in ec.cards if c.basis is not None)
        out.append(f"{name}：{len(ec.unposted)} 个风险点没有填写岗位（post：{'、'.join(clean(p.id) for p in ec.unposted)}），"
                   f"已按所在位置制卡（{places}）；属于某个岗位的，请在 enterprises/{ec.id}/risks.yaml 中填写 post")
    if ec.cards and ec.phone is None:
        out.append(f"{name}：enterprises/{ec.id}/enterprise.yaml 没有联系电话（contact.phone），告知卡上的报告电话留空待手写")
    bare = [clean(c.post) for c in ec.cards if not c.emergency]
    if bare:
        out.append(f"{name}：岗位 {'、'.join(bare)} 的风险点都没有填写应急处置措施（emergency），告知卡上此栏留空")
    return out


__all__ = ["fill", "level", "notices", "render_cards", "word"]
