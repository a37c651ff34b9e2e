"""docs/data-format.md is generated from the models and kept in step with them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from shuili_cli.core.datadoc import LOCATIONS, data_format_markdown, file_section
from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.source.layout import discover

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "data-format.md"


def test_data_format_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == data_format_markdown(), (
        "docs/data-format.md is stale: run `python -m shuili_cli.core.datadoc > docs/data-format.md`"
    )


def test_module_prints_the_reference() -> None:
    out = subprocess.run([sys.executable, "-m", "shuili_cli.core.datadoc"], capture_output=True, check=True,
                         env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    assert out.stdout.decode("utf-8") == data_format_markdown()  # UTF-8 whatever the locale
    assert out.stderr == b""


def test_every_file_kind_and_field_is_documented() -> None:
    text = data_format_markdown()
    assert set(LOCATIONS) == set(FILE_KINDS)
    for role, kind in FILE_KINDS.items():
        section = file_section(role)
        assert section.startswith(f"## {kind.title}\n") and section in text
        for name, info in kind.model.model_fields.items():
            assert f"| `{name}` | {info.title} |" in section, (role, name)


def test_hand_checked_rows() -> None:
    """A few rows worked out by hand from models/records.py and models/bureau.py."""
    hazards, five_s, settings = file_section("hazards"), file_section("five_s"), file_section("settings")
    assert ("| `grade` | 隐患等级 | 文本 | 是 | `一般`、`重大` | 一般事故隐患或重大事故隐患 |") in hazards
    assert "| `funds_wan` | 整改资金（万元） | 数字 | 否 | 0–100000000 |  |" in hazards
    assert "`source` 为 `监管检查`时，必须填写 `inspection`；否则不得填写 `inspection`。" in hazards
    assert "`scores` 与 `total` 必须恰好填写一项。" in five_s
    assert "| `整理` | 整理 | 数字 | 是 | 0–20 | 0–20 分 |" in five_s
    assert "| `红` | 红 | 整数 | 否 | 1–3660；默认 `30` |  |" in settings
    assert "### 差异化监管检查间隔（天）（`IntervalDays`）" in settings
    assert '<a id="shuili-intervaldays"></a>' in settings


def test_locations_are_where_the_layout_finds_each_kind(tmp_path: Path) -> None:
    (tmp_path / "shuili.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    expected = {}
    for role, pattern in LOCATIONS.items():
        rel = pattern.replace("<企业编号>", "a").replace("<年>", "2023")
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}\n", encoding="utf-8")
        expected[rel] = role
    found = {f.rel: f.role for f in discover(tmp_path).files}
    assert found == expected
