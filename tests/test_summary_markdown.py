"""Markdown from data (issue 10 item 17): names, descriptions and the bureau's notes make no link,
image, heading, rule, list, quote, code or HTML on GitHub/GitLab, and read the same.

The produced Markdown is parsed with markdown-it (CommonMark plus tables, as rich ships it). It
has no GFM autolink extension here (linkify-it is not installed), so GFM's autolink triggers —
``www.`` + domain, ``http(s)://``/``ftp://`` + domain, ``name@domain.tld`` — are checked in the
parsed text with a regular expression.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from shuili_cli import api
from shuili_cli.core.figures.figures import Period
from shuili_cli.core.outputs import annual
from shuili_cli.render.annual import SECTIONS as ANNUAL_SECTIONS
from shuili_cli.render.documents import SECTIONS
from shuili_cli.render.mdtext import md, md_block
from tests.conftest import MakeRepo

TODAY = date(2024, 1, 15)
# Each line is block or inline syntax that must stay text; one paragraph, then a second.
HOSTILE_LINES = [
    "# 标题", "## 二级标题", "> 引用", "- 列表", "* 星号", "+ 加号", "1. 有序", "2) 有序", "---", "***", "___",
    "===", "```python", "~~~", "    缩进的代码", "\t制表符缩进", "![图](http://evil.example/x.png)",
    "[链接](http://evil.example)", "[ref]: http://evil.example", '<a href="x">html</a>', "<div>块</div>",
    "<http://evil.example>", "见 http://evil.example/path 与 https://evil.example", "www.evil.example 网站",
    "WWW.EVIL.EXAMPLE", "邮箱 foo@evil.example", "| a | b |", "行尾反斜杠\\", "&amp; &lt;", "　　全角空格开头的正文",
]
NOTES = "\n".join(HOSTILE_LINES) + "\n\n\n第二段第一行\r\n第二段第二行\n"
NAME = "www.evil.example <b>公司</b> [点](http://a.example) ![i](x.png) http://evil.example/ a@b.example"
BLOCKED = {"link_open", "image", "hr", "code_block", "fence", "html_block", "html_inline", "blockquote_open",
           "bullet_list_open", "ordered_list_open", "code_inline", "s_open"}
GFM_AUTOLINK = re.compile(r"(?i)(?<![\w])www\.[\w-]|(?:https?|ftp)://[\w-]|[\w.+-]+@[\w-]+\.\w")
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def tokens(text: str) -> list[Token]:
    """Every token, the inline children included."""
    out: list[Token] = []
    for t in PARSER.parse(text):
        out.append(t)
        out.extend(t.children or [])
    return out


def plain(inline: Token) -> str:
    """What a reader sees of an inline token: its text, line breaks as newlines, no zero-width spaces."""
    return "".join("\n" if c.type in ("hardbreak", "softbreak") else c.content for c in inline.children or []
                   ).replace("\u200b", "")


def headings(ts: list[Token]) -> list[str]:
    return [ts[i + 1].content for i, t in enumerate(ts) if t.type == "heading_open"]


def hostile_repo(make_repo: MakeRepo, notes_name: str) -> Path:
    root = make_repo({f"bureau/notes/{notes_name}.md": NOTES})
    ent = root / "enterprises" / "a" / "enterprise.yaml"
    ent.write_text(ent.read_text(encoding="utf-8").replace("name: 测试水库", f"name: '{NAME}'"), encoding="utf-8")
    return root


def check(text: str, sections: dict[str, str], notes_heading: str) -> None:
    ts = tokens(text)
    assert not [t.type for t in ts if t.type in BLOCKED]
    assert headings(ts)[1:] == [v for k, v in sections.items() if k != "findings"]   # only the template's
    for t in ts:
        if t.type == "text":
            assert not GFM_AUTOLINK.search(t.content), t.content
    # the notes: two paragraphs, the first with a hard break between each two lines, reading as written
    start = next(i for i, t in enumerate(ts) if t.type == "inline" and t.content == notes_heading)
    paragraphs = [t for t in ts[start + 1:] if t.type == "inline"][:2]
    first, second = (plain(p) for p in paragraphs)
    assert first == "\n".join(line.strip(" \t") for line in HOSTILE_LINES)
    assert second == "第二段第一行\n第二段第二行"
    breaks = [c.type for c in paragraphs[0].children or [] if c.type in ("hardbreak", "softbreak")]
    assert breaks == ["hardbreak"] * (len(HOSTILE_LINES) - 1)
    # the name reads the same wherever it is printed
    assert any(plain(t) == NAME for t in ts if t.type == "inline")


def test_hostile_notes_and_name_in_the_monthly_summary(make_repo: MakeRepo) -> None:
    root = hostile_repo(make_repo, "2023-05")
    pkg = api.monthly_package(root, Period(2023, 5), today=TODAY)
    text = next(v for k, v in pkg.files.items() if k.endswith(".md")).decode("utf-8")
    check(text, SECTIONS, SECTIONS["notes"])


def test_hostile_notes_and_name_in_the_annual_summary(make_repo: MakeRepo) -> None:
    root = hostile_repo(make_repo, "2023")
    pkg = api.annual_package(root, annual.year_period(2023, TODAY, partial=False), today=TODAY)
    text = next(v for k, v in pkg.files.items() if k.endswith(".md")).decode("utf-8")
    check(text, ANNUAL_SECTIONS, ANNUAL_SECTIONS["notes"])


def test_autolink_triggers_are_broken_by_an_invisible_space() -> None:
    assert md("www.evil.example") == "www\u200b.evil.example"
    assert md("http://evil.example") == "http:\u200b//evil.example"
    assert md("a@b.example") == "a@\u200bb.example"
    assert md("4.75") == "4.75" and md("-1") == "-1" and md("+2") == "+2"   # figures are left alone


def test_line_starts_that_open_blocks_are_escaped() -> None:
    assert [md(x) for x in ("- a", "+ a", "1. a", "12) a", "---", "===", "-", "1.5米")] == [
        "\\- a", "\\+ a", "1\\. a", "12\\) a", "\\---", "\\===", "\\-", "1.5米"]


def test_md_block_keeps_paragraphs_and_line_breaks() -> None:
    assert md_block("甲\n  乙\n\n\n丙\r\n") == "甲\\\n乙\n\n丙"
    assert md_block("行尾\\\n下一行") == "行尾\\\\\\\n下一行"   # an escaped backslash, then the hard break
    assert md_block("\n\n") == ""
