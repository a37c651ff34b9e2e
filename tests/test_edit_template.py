"""Every file of data-template/: one field set in every record changes exactly that field's text."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from shuili_cli.core.edit import Edit, SetFields, SetTop, apply_edits
from shuili_cli.core.source.pipeline import parse_bytes

TEMPLATE = Path(__file__).resolve().parents[1] / "data-template"
FILES = sorted(p.relative_to(TEMPLATE).as_posix() for p in TEMPLATE.rglob("*.yaml"))


def _load(raw: bytes) -> Any:
    parsed = parse_bytes(raw, "x.yaml")
    assert not parsed.fatal
    return parsed.data


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, (int, Decimal)):
        return value + 1
    return f"{value}改"


def _last_plain_field(node: MappingNode) -> tuple[str, ScalarNode] | None:
    """The record's last key whose value is a one-line plain scalar (the one the test changes)."""
    for key, value in reversed(node.value):
        if isinstance(value, ScalarNode) and value.style is None and value.value and \
                value.start_mark.line == value.end_mark.line:
            return str(key.value), value
    return None


def _plan(raw: bytes) -> tuple[list[Edit], dict[int, tuple[str, str]], Any]:
    """One SetFields per record of every top-level list (or SetTop per top-level field), the lines
    expected to change (0-based line -> (old value text, new value text)), and the expected data."""
    text = raw.decode("utf-8-sig")
    root = YAML(typ="rt").compose(text)
    data = _load(raw)
    edits: list[Edit] = []
    lines: dict[int, tuple[str, str]] = {}
    for key, value in root.value:
        list_key = str(key.value)
        if isinstance(value, SequenceNode):
            for i, record in enumerate(value.value):
                found = _last_plain_field(record) if isinstance(record, MappingNode) else None
                if found is None:
                    continue
                field, node = found
                loaded = data[list_key][i]
                match = {k: str(v) for k, v in loaded.items() if not isinstance(v, (dict, list)) and v is not None}
                new = _changed(loaded[field])
                edits.append(SetFields(list_key, match, {(field,): new}))
                data[list_key][i][field] = new
                lines[node.start_mark.line] = (node.value, str(new))
        elif isinstance(value, ScalarNode) and value.style is None and value.value and list_key != "id":
            new = _changed(data[list_key])
            edits.append(SetTop({(list_key,): new}))
            data[list_key] = new
            lines[value.start_mark.line] = (value.value, str(new))
        elif isinstance(value, MappingNode) and not value.flow_style:
            found = _last_plain_field(value)
            if found is not None:
                new = _changed(data[list_key][found[0]])
                edits.append(SetTop({(list_key, found[0]): new}))
                data[list_key][found[0]] = new
                lines[found[1].start_mark.line] = (found[1].value, str(new))
    return edits, lines, data


@pytest.mark.parametrize("rel", FILES)
def test_only_the_changed_fields_lines_change(rel: str) -> None:
    raw = (TEMPLATE / rel).read_bytes()
    assert apply_edits(raw, []) == raw
    edits, lines, want = _plan(raw)
    assert edits, "every template file has something to change"
    out = apply_edits(raw, edits)
    before, after = raw.decode("utf-8").splitlines(True), out.decode("utf-8").splitlines(True)
    assert len(after) == len(before)
    for n, (old, new) in enumerate(zip(before, after, strict=True)):
        if n in lines:
            value, changed = lines[n]
            assert old.count(value) >= 1
            # the value's text is replaced in place: the key, spacing and a trailing comment stay
            start = old.index(": ") + 2
            assert new == old[:start] + old[start:].replace(value, changed, 1), (n, old, new)
        else:
            assert new == old, (n, old, new)
    assert _load(out) == want


def test_the_template_has_the_shapes_the_editor_must_keep() -> None:
    """The parametrized test above covers flow mappings, flow lists and trailing comments."""
    text = "".join((TEMPLATE / rel).read_text(encoding="utf-8") for rel in FILES)
    for shape in ("assessment: {method: LEC", "accident_types: [", "scores: {", "    # ", "\n  - id:"):
        assert shape in text
    assert any("    # " in line and ": 20" in line for line in text.splitlines())
