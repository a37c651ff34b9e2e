"""Generated documentation is in step with the code."""

from __future__ import annotations

import inspect
from pathlib import Path

from shuili_cli.core.rules import rule_modules
from shuili_cli.core.rules._doc import rules_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_rules_reference_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `shuili rules --markdown > docs/rules.md`"
    )


def test_every_rule_documents_a_failing_example() -> None:
    codes = set()
    for mod in rule_modules():
        doc = inspect.getdoc(mod) or ""
        assert doc.splitlines()[0] == mod.RULE.title, mod.__name__
        assert "```" in doc, f"{mod.__name__} has no example"
        assert mod.RULE.code not in codes, f"duplicate code {mod.RULE.code}"
        codes.add(mod.RULE.code)


def test_readme_names_every_command() -> None:
    from shuili_cli.cli.app import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"shuili {name}" in readme, f"README does not mention `shuili {name}`"


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = text.split("```sh\n")[1:3]
    return [b.split("\n```", 1)[0].strip() for b in blocks]


def test_readme_opens_with_the_two_setup_commands() -> None:
    install_and_run, install_and_test = _readme_commands()
    assert "pip install -e ." in install_and_run and "shuili report --repo data-template" in install_and_run
    assert install_and_test.endswith("python -m pytest") and '".[test]"' in install_and_test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci.splitlines()


def test_readme_names_every_option() -> None:
    """The README's command table is kept in step with `--help`."""
    import typer.main

    from shuili_cli.cli.app import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    missing = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help" and opt not in readme:
                    missing.append(f"shuili {name} {opt}")
    assert missing == []


def test_the_security_section_states_the_limits_in_force() -> None:
    """README "安全" promises numbers; each is the constant the code enforces, so neither can drift alone."""
    from shuili_cli.core.outputs.report import MAX_NAME_BYTES
    from shuili_cli.core.rules.alias_limit import MAX_ALIAS_USES
    from shuili_cli.core.rules.nesting_depth import MAX_DEPTH
    from shuili_cli.core.rules.too_many_findings import MAX_FINDINGS
    from shuili_cli.core.rules.too_many_nodes import MAX_NODES
    from shuili_cli.core.source.cache import ENTRY_BUDGET, MAX_INDEXES
    from shuili_cli.core.source.pipeline import DEFAULT_MAX_BYTES

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## 安全"):text.index("## 性能")]
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| 上限")}
    assert rows["文件大小"].startswith(f"{DEFAULT_MAX_BYTES // 1048576} MB")
    assert rows["`shuili.yaml` 的大小"].startswith(f"{DEFAULT_MAX_BYTES // 1048576} MB")
    assert rows["YAML 节点数"].startswith(f"{MAX_NODES:,}")
    assert rows["别名（`*名字`）使用次数"] == str(MAX_ALIAS_USES)
    assert rows["别名展开后访问的节点数"] == f"{MAX_NODES:,}"
    assert rows["嵌套层数"] == str(MAX_DEPTH)
    assert rows["列出的问题数"].startswith(f"{MAX_FINDINGS:,}")
    assert f"最多保留 {MAX_INDEXES} 个索引文件" in section and f"超过 {ENTRY_BUDGET >> 30} GiB" in section
    assert f"最长 {MAX_NAME_BYTES} 字节" in section
    from shuili_cli.core.ledger.importer import MAX_ISSUES
    from shuili_cli.render.ledger_read import MAX_CELL_CHARS, read_workbook

    defaults = read_workbook.__kwdefaults__ or {}
    assert f"文件最大 {defaults['max_bytes'] // 1048576} MB" in section
    assert f"最多 {defaults['max_cells']:,} 个非空单元格" in section
    assert f"最多 {MAX_CELL_CHARS:,} 个字符" in section
    assert f"列出的问题最多 {MAX_ISSUES:,} 个" in section
