"""``shuili rules``."""

from __future__ import annotations

import typer

from shuili_cli.cli.common import out

HELP = "列出所有校验规则（代码、级别、名称、说明）。\n\n--markdown 输出完整的规则参考，即 docs/rules.md 的内容。"


def rules(markdown: bool = typer.Option(False, "--markdown", help="输出完整的 Markdown 规则参考。")) -> None:
    from shuili_cli.core.rules import rule_modules
    from shuili_cli.core.rules._doc import rules_markdown

    if markdown:
        out(rules_markdown())
        return
    for m in rule_modules():
        r = m.RULE
        out(f"{r.code}  {r.severity.label}  {r.name:<24} {r.title}\n")
