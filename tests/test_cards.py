"""``shuili cards``: 岗位安全风险告知卡 grouped from the risk points, the 四色风险分布, the GB 2894 signs.

The fixture enterprise ``a`` (as of 2023-06-01):

- R-1 闸门操作岗 黄, R-2 闸门操作岗 橙 (both at 溢洪道): one card, 橙, the accident types merged in
  GB 6441 order (机械伤害 before 触电 before 淹溺), 检查钢丝绳 listed once;
- R-3 大坝 红 has no post: a card of its place (作业场所：大坝), the first (红), so every point is on a card;
- R-4 巡查岗 蓝 is retired on 2023-06-01 (counts on 05-31, not on 06-01);
- R-5 泵站值班岗 is identified on 2023-07-01: not yet;
- R-6 巡查岗 黄 with neither location nor department nor emergency.
- Posts named elsewhere without a risk point in force: 机修岗 (岗位 checklist and 5S), 泵站值班岗 (5S;
  its only risk point comes later), 安全员岗 (示范岗位). Not: 未来岗 (checklist established after D),
  旧岗 (示范岗位 revoked before D), 闸门操作岗 (has a card).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from shuili_cli.core.figures.catalogue import templates_dir
from shuili_cli.core.outputs.cards import (
    ACCIDENT_ORDER,
    EnterpriseCards,
    PostWithoutPoints,
    UnknownEnterprise,
    check_enterprises,
    read_enterprises,
)
from shuili_cli.render.cards import notices, render_cards
from shuili_cli.render.signs import (
    SAFETY_BLUE,
    SAFETY_GREEN,
    SAFETY_RED,
    SAFETY_YELLOW,
    SignTableError,
    parse_table,
    sign_svg,
    sign_table,
)
from tests.conftest import MakeRepo, run_cli

TEMPLATE = Path(__file__).parents[1] / "data-template"
D = date(2023, 6, 1)

ENTERPRISE = """\
id: a
name: {name}
credit_code: 91110000600037341L
kind: 企业
scale: 规上企业
industry: 水库管理
contact: {{name: 张三, phone: "0595-1234567"}}
demo_posts:
  - {{post: 安全员岗, level: 县级, awarded_on: 2023-01-01}}
  - {{post: 旧岗, level: 县级, awarded_on: 2022-01-01, revoked_on: 2023-03-01}}
"""


def _point(ident: str, name: str, color: str, extra: str, *, on: str = "2023-01-01", emergency: str | None = "停机") -> str:
    return (f"  - id: {ident}\n    name: {name}\n    category: 作业活动\n{extra}"
            f"    assessment: {{method: 直接判定, basis: 测试}}\n    color: {color}\n"
            + (f"    emergency: {emergency}\n" if emergency else "")
            + f"    responsible: 甲\n    identified_on: {on}\n")


RISKS = "risk_points:\n" + "".join([
    _point("R-1", "{risk}", "黄", "    location: 溢洪道\n    department: 运行科\n    post: 闸门操作岗\n"
           "    accident_types: [淹溺, 机械伤害]\n    controls: [双人操作, 检查钢丝绳]\n"),
    _point("R-2", "启闭机房配电", "橙", "    location: 溢洪道\n    post: 闸门操作岗\n"
           "    accident_types: [触电, 淹溺]\n    controls: [检查钢丝绳, 漏电保护]\n", on="2023-02-01", emergency="断电"),
    _point("R-3", "大坝", "红", "    location: 大坝\n    accident_types: [坍塌]\n    controls: [巡查]\n"),
    _point("R-4", "库区巡查", "蓝", "    department: 运行科\n    post: 巡查岗\n    accident_types: [淹溺]\n"
           "    controls: [穿救生衣]\n    retired_on: 2023-06-01\n"),
    _point("R-5", "泵房", "蓝", "    post: 泵站值班岗\n    controls: [巡查]\n", on="2023-07-01"),
    _point("R-6", "值班室", "黄", "    post: 巡查岗\n    accident_types: [其他伤害, 高处坠落]\n    controls: [系安全带]\n",
           emergency=None),
])

CHECKLISTS = """\
checklists:
  - {id: C1, level: 岗位, name: 闸门卡, owner: 甲, post: 闸门操作岗, frequency: 每班, established_on: 2023-01-01,
     items: [{id: 1, content: 检查}]}
  - {id: C2, level: 岗位, name: 机修卡, owner: 甲, post: 机修岗, frequency: 每班, established_on: 2023-03-01,
     items: [{id: 1, content: 检查}]}
  - {id: C3, level: 岗位, name: 未来卡, owner: 甲, post: 未来岗, frequency: 每班, established_on: 2023-09-01,
     items: [{id: 1, content: 检查}]}
"""

FIVE_S = """\
evaluations:
  - {date: 2023-05-26, post: 机修岗, evaluator: 乙, total: 86}
  - {date: 2023-05-20, post: 泵站值班岗, evaluator: 乙, total: 90}
"""


def _repo(make_repo: MakeRepo, *, name: str = "测试水库", risk: str = "闸门启闭") -> Path:
    return make_repo({
        "enterprises/a/enterprise.yaml": ENTERPRISE.format(name=name),
        "enterprises/a/risks.yaml": RISKS.replace("{risk}", risk),
        "enterprises/a/checklists.yaml": CHECKLISTS,
        "enterprises/a/five-s/2023.yaml": FIVE_S,
    })


def _cards(root: Path, day: date = D) -> EnterpriseCards:
    (ec,) = read_enterprises(root, ["a"], day)
    return ec


# ----------------------------------------------------------------- grouping (core)


def test_one_card_per_post_with_the_highest_colour_and_merged_fields(make_repo: MakeRepo) -> None:
    ec = _cards(_repo(make_repo))
    assert [(c.post, c.basis, c.color) for c in ec.cards] == [
        ("大坝", "位置", "红"), ("闸门操作岗", None, "橙"), ("巡查岗", None, "黄")]
    dam, gate, patrol = ec.cards
    assert [p.id for p in dam.points] == ["R-3"] and dam.controls == ("巡查",) and dam.accident_types == ("坍塌",)
    assert [p.id for p in gate.points] == ["R-1", "R-2"]
    assert gate.accident_types == ("机械伤害", "触电", "淹溺")
    assert gate.controls == ("双人操作", "检查钢丝绳", "漏电保护")
    assert gate.emergency == ("停机", "断电")
    assert gate.responsible == ("甲",)
    assert gate.departments == ("运行科",)
    assert [p.id for p in patrol.points] == ["R-6"]      # R-4 retired on D, R-5 not yet identified
    assert patrol.accident_types == ("高处坠落", "其他伤害")
    assert patrol.emergency == () and patrol.departments == ()
    assert (ec.contact, ec.phone) == ("张三", "0595-1234567")


def test_a_point_retired_the_next_day_still_counts(make_repo: MakeRepo) -> None:
    ec = _cards(_repo(make_repo), date(2023, 5, 31))
    patrol = ec.cards[2]
    assert (patrol.post, patrol.color, [p.id for p in patrol.points]) == ("巡查岗", "黄", ["R-4", "R-6"])
    assert patrol.departments == ("运行科",)
    assert [(a.name, a.basis, a.color) for a in ec.areas] == [
        ("大坝", "位置", "红"), ("溢洪道", "位置", "橙"), ("未指定位置", "未指定", "黄"), ("运行科", "部门", "蓝")]


def test_overview_groups_by_location_and_counts_colours(make_repo: MakeRepo) -> None:
    ec = _cards(_repo(make_repo))
    assert [(a.name, a.basis, a.color, [p.id for p in a.points]) for a in ec.areas] == [
        ("大坝", "位置", "红", ["R-3"]),
        ("溢洪道", "位置", "橙", ["R-1", "R-2"]),
        ("未指定位置", "未指定", "黄", ["R-6"]),
    ]
    assert ec.counts == (("红", 1), ("橙", 1), ("黄", 2), ("蓝", 0))
    assert [p.id for p in ec.unposted] == ["R-3"]


def test_posts_named_elsewhere_without_risk_points(make_repo: MakeRepo) -> None:
    assert _cards(_repo(make_repo)).posts_without_points == (
        PostWithoutPoints("机修岗", ("三张清单", "5S考评")),
        PostWithoutPoints("泵站值班岗", ("5S考评",)),
        PostWithoutPoints("安全员岗", ("示范岗位",)),
    )


def test_notices_name_the_posts_without_cards_and_the_gaps(make_repo: MakeRepo) -> None:
    assert notices(_cards(_repo(make_repo))) == [
        "测试水库：岗位 机修岗（三张清单、5S考评）、泵站值班岗（5S考评）、安全员岗（示范岗位） 没有在册的风险点，"
        "未生成告知卡；请在 enterprises/a/risks.yaml 中为这些岗位辨识风险点并填写 post",
        "测试水库：1 个风险点没有填写岗位（post：R-3），已按所在位置制卡（作业场所“大坝”）；"
        "属于某个岗位的，请在 enterprises/a/risks.yaml 中填写 post",
        "测试水库：岗位 巡查岗 的风险点都没有填写应急处置措施（emergency），告知卡上此栏留空",
    ]


def test_unknown_enterprise_names_the_closest() -> None:
    known = ["taoxi-reservoir", "chengqu-flood"]
    with pytest.raises(UnknownEnterprise) as typo:
        check_enterprises(known, ["taoxi-reservoi"])
    assert str(typo.value) == "没有企业“taoxi-reservoi”（enterprises/taoxi-reservoi/ 不存在）；是不是 taoxi-reservoir？"
    with pytest.raises(UnknownEnterprise) as far:
        check_enterprises(known, ["x"])   # in "taoxi", but too short to be meant
    assert str(far.value) == "没有企业“x”（enterprises/x/ 不存在）；已有的企业：chengqu-flood、taoxi-reservoir"
    with pytest.raises(UnknownEnterprise) as part:
        check_enterprises(known, ["taoxi"])
    assert str(part.value) == "没有企业“taoxi”（enterprises/taoxi/ 不存在）；是不是 taoxi-reservoir？"
    assert check_enterprises(["a", "b"], ["b", "a", "b"]) == ["b", "a"]


# ----------------------------------------------------------------- the page (render)


class Page(HTMLParser):
    """Tags with their attributes, the text inside each ``<title>``/section, and open-tag balance."""

    VOID = frozenset({"meta", "br", "img", "hr", "link", "input", "circle", "rect", "path", "line"})

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.svg_titles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.stack and self.stack[-1] == "title" and "svg" in self.stack:
            self.svg_titles.append(data)


def _parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert page.stack == [], f"unclosed: {page.stack}"
    return page


def _classes(page: Page, name: str) -> list[dict[str, str | None]]:
    return [a for t, a in page.tags if name in (a.get("class") or "").split()]


def test_page_structure_cards_bands_and_signs(make_repo: MakeRepo) -> None:
    html = render_cards(_cards(_repo(make_repo)), templates_dir())
    page = _parse(html)
    assert len(_classes(page, "card")) == 3
    assert [a["style"] for a in _classes(page, "band")][1:] == ["background:#FFB347", "background:#FFF176"]
    text = "".join(page.text)
    assert "单位：测试水库作业场所：大坝" in "".join(text.split())   # R-3 without a post: a card of its place
    assert "".join(text.split()).count("岗位安全风险告知卡") == 2 + 1  # two post cards and the <title>
    assert "风险等级：橙色（较大风险）" in text and "风险等级：黄色（一般风险）" in text
    assert "机械伤害、触电、淹溺" in text
    assert "电话：0595-1234567" in "".join(text.split())
    # 闸门操作岗: 当心机械伤人, 当心触电, 当心落水 (警告), 禁止合闸 (禁止), 必须穿救生衣 (指令), in GB 2894 order
    assert page.svg_titles[:2] == ["警告标志：当心坍塌", "指令标志：必须戴安全帽"]   # 大坝
    assert page.svg_titles[2:7] == ["警告标志：当心机械伤人", "警告标志：当心触电", "警告标志：当心落水",
                                    "禁止标志：禁止合闸", "指令标志：必须穿救生衣"]
    assert page.svg_titles[7:] == ["警告标志：当心坠落", "警告标志：注意安全", "指令标志：必须系安全带"]
    assert not [t for t, _ in page.tags if t in ("script", "link", "img", "iframe")]
    assert "@page { size: A4; margin: 12mm; }" in text
    # the 主要危险因素 print name, place and colour: no internal category
    assert "闸门启闭（溢洪道；黄色）" in text and "大坝（红色）" in text and "作业活动" not in text


def _printed(html: str) -> str:
    """The text a printer gets: ``.screen-only`` elements, <style> and <title> left out."""
    class Printed(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.skip: list[str] = []
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if self.skip or "screen-only" in (dict(attrs).get("class") or "").split() or tag in ("style", "title"):
                self.skip.append(tag)

        def handle_endtag(self, tag: str) -> None:
            if self.skip and self.skip[-1] == tag:
                self.skip.pop()

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.text.append(data)

    p = Printed()
    p.feed(html)
    return "".join(p.text)


def test_the_printed_page_has_no_tool_words_and_the_officer_sees_what_to_fill(make_repo: MakeRepo) -> None:
    """R-6's card lacks 应急处置措施 and 事故类型 is filled: the officer is told on screen, the wall gets a line."""
    root = _repo(make_repo)
    (root / "enterprises/a/risks.yaml").write_text(
        (root / "enterprises/a/risks.yaml").read_text(encoding="utf-8").replace(
            "    accident_types: [其他伤害, 高处坠落]\n", ""), encoding="utf-8")
    html = render_cards(_cards(root), templates_dir())
    assert "@media print { .screen-only { display: none; } }" in html
    shown = "".join(_parse(html).text)
    assert "（风险点没有填写应急处置措施：请补填后重新生成，或打印后手写）" in shown
    assert "（风险点没有填写易发生的事故类型：请补填后重新生成，或打印后手写）" in shown
    printed = _printed(html)
    for word in ("risks.yaml", "post", "accident_types", "emergency", "请填写", "请补填", "重新生成", "作业活动"):
        assert word not in printed, word
    assert "岗位/作业名称：巡查岗" in printed and "作业场所：大坝" in printed


def test_hostile_names_are_text(make_repo: MakeRepo) -> None:
    name = "<script>alert(1)</script>"
    risk = "</svg><a href='javascript:alert(2)'>x</a>"
    ec = _cards(_repo(make_repo, name=f'"{name}"', risk=f'"{risk}"'))
    html = render_cards(ec, templates_dir())
    page = _parse(html)
    assert not [t for t, _ in page.tags if t in ("script", "a")]
    assert not [a for _, a in page.tags if any("javascript:" in (v or "") for v in a.values())]
    text = "".join(page.text)
    assert name in text and risk in text
    assert "&lt;script&gt;" in html and "&lt;/svg&gt;" in html


def test_bidi_controls_never_reach_the_page(make_repo: MakeRepo) -> None:
    """Names, posts and places with U+202E … U+202C (or isolates, LRM/RLM) would print reversed: they are dropped."""
    bidi = "\u202eRTL\u202c\u2067\u2069\u200f"
    root = _repo(make_repo, name=f"测试{bidi}水库", risk=f"闸门{bidi}启闭")
    (root / "enterprises/a/risks.yaml").write_text((root / "enterprises/a/risks.yaml").read_text(encoding="utf-8")
                                                   .replace("location: 大坝", f"location: 大{bidi}坝"), encoding="utf-8")
    html = render_cards(_cards(root), templates_dir())
    assert "测试RTL水库" in html and "闸门RTL启闭" in html and "作业场所：<strong>大RTL坝</strong>" in html
    assert not {"\u202e", "\u202c", "\u2067", "\u2069", "\u200f"} & set(html)


# ----------------------------------------------------------------- GB 2894 signs


def test_every_gb6441_type_has_a_sign() -> None:
    table = sign_table(templates_dir())
    assert set(table.by_accident) == set(ACCIDENT_ORDER) and table.without_sign() == ()
    assert [(s.text, s.kind) for s in table.by_accident["淹溺"]] == [("当心落水", "警告"), ("必须穿救生衣", "指令")]
    assert [(s.text, s.kind) for s in table.by_accident["触电"]] == [("当心触电", "警告"), ("禁止合闸", "禁止")]
    assert [s.text for s in table.for_accidents(["触电", "淹溺", "触电"])] == ["当心触电", "当心落水", "禁止合闸", "必须穿救生衣"]


def test_sign_shapes_and_colours() -> None:
    table = sign_table(templates_dir())
    prohibition = str(sign_svg(table.signs["禁止合闸"]))
    assert f'<circle cx="50" cy="50" r="43" fill="#FFFFFF" stroke="{SAFETY_RED}"' in prohibition
    assert f'<line x1="19.6" y1="19.6" x2="80.4" y2="80.4" stroke="{SAFETY_RED}"' in prohibition   # upper left to lower right
    warning = str(sign_svg(table.signs["当心落水"]))
    assert f'<path d="M50 7L95 88H5Z" fill="{SAFETY_YELLOW}" stroke="#000000"' in warning
    assert f'<circle cx="50" cy="50" r="48" fill="{SAFETY_BLUE}"/>' in str(sign_svg(table.signs["必须穿救生衣"]))
    assert f'<rect x="3" y="3" width="94" height="94" fill="{SAFETY_GREEN}"/>' in str(sign_svg(table.signs["紧急出口"]))


@pytest.mark.parametrize(("text", "message"), [
    ("signs: {当心: {kind: 警告, glyph: nothing}}\naccident_types: {}", "glyph 应为"),
    ("signs: {}\naccident_types: {翻车: []}", "“翻车”不是 GB 6441 的事故类型"),
    ("signs: {}\naccident_types: {淹溺: [当心落水]}", "淹溺 用到的标志 当心落水 不在 signs 中"),
    ("signs: {}\naccident_types: {淹溺: []}", "缺少事故类型 物体打击、车辆伤害"),
])
def test_a_wrong_sign_table_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(SignTableError, match=message):
        parse_table(text)


# ----------------------------------------------------------------- the command


def test_cards_all_on_the_demo_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(TEMPLATE, root)
    code, out, err = run_cli(["--today", "2024-01-15", "cards", "--all", "--as-of", "2023-12-31", "--repo", str(root)],
                             capsys)
    assert code == 0, err
    folder = root / "reports" / "cards"
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == 13 and "清溪县白水水库管理所-岗位安全风险告知卡.html" in written
    assert "清溪县溪坑水电站" not in "".join(written)            # closed in 2023-08
    assert f"已生成 {folder / '清溪县白水水库管理所-岗位安全风险告知卡.html'}（5 张告知卡）" in out   # 2 posts, 3 places
    assert "清溪县溪坑水电站：截至 2023-12-31 已关闭，未生成告知卡" in err
    assert ("清溪县白水水库管理所：岗位 安全监测岗（5S考评）、维修岗（5S考评） 没有在册的风险点，未生成告知卡；"
            "请在 enterprises/baishui-reservoir/risks.yaml 中为这些岗位辨识风险点并填写 post") in err.splitlines()
    assert ("清溪县新河水务有限公司：岗位 加氯岗（三张清单、5S考评）、水泵运行岗（三张清单、5S考评）、水质化验岗（5S考评） "
            "没有在册的风险点，未生成告知卡；请在 enterprises/xinhe-water/risks.yaml 中为这些岗位辨识风险点并填写 post") in err
    _parse((folder / "清溪县白水水库管理所-岗位安全风险告知卡.html").read_text(encoding="utf-8"))


def test_every_point_in_force_is_on_a_card_red_ones_included() -> None:
    """The demo's 重大 points without a post (白水 R-001 大坝, 自来水 R-001 液氯储存) are on the cards of their places."""
    ids = sorted(p.name for p in (TEMPLATE / "enterprises").iterdir())
    for ec in read_enterprises(TEMPLATE, ids, date(2023, 12, 31)):
        on_cards = sorted(p.id for c in ec.cards for p in c.points)
        assert on_cards == sorted(p.id for a in ec.areas for p in a.points) and len(on_cards) == ec.total, ec.id
    (water,) = read_enterprises(TEMPLATE, ["qingxi-water"], date(2023, 12, 31))
    first = water.cards[0]
    assert (first.post, first.basis, first.color, [p.id for p in first.points]) == ("氯库", "位置", "红", ["R-001"])
    (baishui,) = read_enterprises(TEMPLATE, ["baishui-reservoir"], date(2023, 12, 31))
    assert [(c.post, c.basis) for c in baishui.cards if c.color == "红"] == [("大坝", "位置")]


def test_a_closed_enterprise_named_is_made_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["--today", "2024-01-15", "cards", "xikeng-hydro", "--as-of", "2023-12-31",
                              "--out", str(tmp_path / "卡"), "--repo", str(TEMPLATE)], capsys)
    assert code == 0, err
    assert out == f"已生成 {tmp_path / '卡' / '清溪县溪坑水电站-岗位安全风险告知卡.html'}（3 张告知卡）\n"
    assert ("注意：清溪县溪坑水电站 已于 2023-08-15 关闭（截至 2023-12-31），仍按要求生成了告知卡；"
            "关闭的单位不需要上墙的告知卡") in err.splitlines()
    code, out, err = run_cli(["--today", "2024-01-15", "cards", "xikeng-hydro", "--as-of", "2023-08-14",
                              "--out", str(tmp_path / "卡"), "--repo", str(TEMPLATE)], capsys)
    assert code == 0 and "关闭" not in err, err


def test_one_enterprise_after_another_keeps_the_first(make_repo: MakeRepo, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    points = RISKS.replace("{risk}", "闸门启闭")
    root = make_repo({"enterprises/a/risks.yaml": points, "enterprises/b/risks.yaml": points}, enterprises=("a", "b"))
    out_dir = tmp_path / "卡片"
    for ent in ("a", "b"):
        code, _, err = run_cli(["--today", "2024-01-15", "cards", ent, "--repo", str(root), "--out", str(out_dir)], capsys)
        assert code == 0, err
    # both are named 测试水库: each file carries its id, on every run, so b's page does not replace a's
    assert sorted(p.name for p in out_dir.iterdir() if not p.name.startswith(".")) == [
        "测试水库（a）-岗位安全风险告知卡.html", "测试水库（b）-岗位安全风险告知卡.html"]


@pytest.mark.parametrize(("args", "message"), [
    (["cards"], "用法错误：请给出企业编号（enterprises/ 下的文件夹名），或用 --all 为每一家企业生成"),
    (["cards", "a", "--all"], "用法错误：企业编号和 --all 只能用一个"),
    (["cards", "aa"], "用法错误：没有企业“aa”（enterprises/aa/ 不存在）；是不是 a？"),
    (["cards", "a", "--as-of", "2023-02-30"], "--as-of"),
    (["cards", "a", "--out", "{root}/enterprises/a/卡"], "在数据仓库的 enterprises/ 文件夹里"),
])
def test_usage_errors(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    root = make_repo()
    code, out, err = run_cli(["--today", "2024-01-15", *[a.format(root=root) for a in args], "--repo", str(root)], capsys)
    assert (code, out) == (2, "")
    assert message in err
    assert not (root / "reports").exists() and not (root / "enterprises" / "a" / "卡").exists()


def test_bad_data_is_refused_for_that_enterprise_only(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    bad = RISKS.replace("{risk}", "闸门启闭").replace("    controls: [巡查]\n", "", 1)   # R-3 has no controls
    root = make_repo({"enterprises/b/risks.yaml": bad}, enterprises=("a", "b"))
    code, out, err = run_cli(["--today", "2024-01-15", "cards", "b", "--repo", str(root)], capsys)
    assert (code, out) == (1, "")
    assert "enterprises/b/risks.yaml:" in err and "不能生成告知卡" in err
    assert not (root / "reports").exists()
    code, out, err = run_cli(["--today", "2024-01-15", "cards", "a", "--repo", str(root)], capsys)
    assert (code, out) == (0, "")   # a has no risk point: nothing to put on a wall, and it says so
    assert err == "测试水库：截至 2024-01-15 没有在册的风险点，未生成告知卡；请先在 enterprises/a/risks.yaml 中辨识登记风险点\n"
    assert not (root / "reports").exists()


# ----------------------------------------------------------------- in a browser
#
# Run with Debian's Chromium installed (apt-get install chromium; pdfinfo is in poppler-utils):
#   .venv/bin/python -m pytest tests/test_cards.py -k chromium

CHROMIUM = shutil.which("chromium")
PDFINFO = shutil.which("pdfinfo")


def _chromium(page: Path, *args: str) -> None:
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", *args, page.as_uri()],
                   check=True, capture_output=True, timeout=60)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium 未安装（Debian：apt-get install chromium）：跳过浏览器截图")
def test_a_card_page_renders_in_chromium(make_repo: MakeRepo, tmp_path: Path) -> None:
    page = tmp_path / "cards.html"
    page.write_text(render_cards(_cards(_repo(make_repo)), templates_dir()), encoding="utf-8")
    shot = tmp_path / "cards.png"
    _chromium(page, f"--screenshot={shot}", "--window-size=800,1200")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(CHROMIUM is None or PDFINFO is None,
                    reason="Chromium 或 pdfinfo 未安装（Debian：apt-get install chromium poppler-utils）：跳过打印分页")
def test_printed_the_overview_takes_a_page_and_the_cards_two_to_a_page(tmp_path: Path) -> None:
    (ec,) = read_enterprises(TEMPLATE, ["qingxi-water"], date(2023, 12, 31))
    assert len(ec.cards) == 7                 # 6 posts and 氯库 (R-001 液氯储存, 红, without a post)
    page = tmp_path / "cards.html"
    page.write_text(render_cards(ec, templates_dir()), encoding="utf-8")
    pdf = tmp_path / "cards.pdf"
    _chromium(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    info = subprocess.run([str(PDFINFO), str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "Pages:           5" in info            # the overview, then 7 cards on 4 pages
    assert "pts (A4)" in info
