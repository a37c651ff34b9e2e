"""The rules reference (``docs/rules.md``), generated from the rule modules' docstrings."""

from __future__ import annotations

import inspect

from shuili_cli.core.rules import rule_modules

HEADER = """# 校验规则参考

本文件由 `shuili rules --markdown > docs/rules.md` 从各规则模块的文档字符串生成，请勿手工编辑；
测试会在它与代码不一致时失败。

`shuili validate` 的每条诊断都带有稳定的规则代码。级别为“错误”的规则使退出码为 1；
“警告”只报告，加 `--strict` 时也使退出码为 1。

| 代码 | 名称 | 级别 | 说明 |
|---|---|---|---|
"""


def rules_markdown() -> str:
    mods = rule_modules()
    rows = [f"| [{m.RULE.code}](#{m.RULE.code.lower()}) | `{m.RULE.name}` | {m.RULE.severity.label} | {m.RULE.title} |"
            for m in mods]
    parts = [HEADER + "\n".join(rows) + "\n"]
    for m in mods:
        doc = inspect.getdoc(m) or ""
        body = doc.split("\n", 1)[1].strip() if "\n" in doc else ""
        parts.append(f"\n## {m.RULE.code}\n\n**{m.RULE.title}**（`{m.RULE.name}`，{m.RULE.severity.label}）\n\n{body}\n")
    return "".join(parts)
