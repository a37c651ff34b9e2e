"""Each domain rule is defined once: the LEC tables, colour bands, grade pairs and conditional fields.

The tables live in core/domain/ (and the conditional-field table in core/model/conditions.py); the
rules, the JSON Schema and everything else read them. The scan below fails when a copy of a known
table comes back as a literal anywhere else under src/.
"""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from shuili_cli.core.domain.risk import COLOR_NAMES, LEC_BANDS, LEC_C, LEC_E, LEC_L, LEC_TABLES, lec_values
from shuili_cli.core.domain.standardization import ALLOWED_GRADES
from shuili_cli.core.model import records
from shuili_cli.core.model.conditions import BY_MODEL, CHECKLIST, HAZARD, Conditions, Required, schema_extra, unmet
from shuili_cli.core.rules import conflicting_fields, lec_color, lec_value, missing_field, standard_grade

SRC = Path(__file__).resolve().parents[1] / "src" / "shuili_cli"
DOMAIN = SRC / "core" / "domain"

LEC_SETS = [frozenset(lec_values(t)) for t in (LEC_L, LEC_E, LEC_C)]
GRADE_SETS = [frozenset(g) for g in ALLOWED_GRADES.values()]
BAND_BOUNDS = frozenset(bound for bound, _ in LEC_BANDS)
COLOR_NAME_SET = frozenset(COLOR_NAMES.values())


def _constants(node: ast.AST) -> list[object] | None:
    """The elements of a tuple/list/set literal (or a generator over one) if all are constants."""
    if isinstance(node, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
        node = node.generators[0].iter
    if not isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return None
    if not node.elts or not all(isinstance(e, ast.Constant) for e in node.elts):
        return None
    return [e.value for e in node.elts if isinstance(e, ast.Constant)]


def _as_decimals(values: list[object]) -> frozenset[Decimal] | None:
    try:
        return frozenset(Decimal(str(v)) for v in values if not isinstance(v, bool))
    except ArithmeticError:
        return None


def _copies(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        values = _constants(node)
        if values is not None and len(values) >= 2:
            if _as_decimals(values) in LEC_SETS:
                found.append((getattr(node, "lineno", 0), "an LEC table"))
            if frozenset(values) in GRADE_SETS:
                found.append((getattr(node, "lineno", 0), "a grade table"))
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            vals = {v.value for v in node.values if isinstance(v, ast.Constant)}
            if keys >= set(ALLOWED_GRADES):
                found.append((node.lineno, "a standard → grades table"))
            if vals >= COLOR_NAME_SET:
                found.append((node.lineno, "the colour names"))
        if isinstance(node, ast.Compare) and any(
            isinstance(c, ast.Constant) and c.value in BAND_BOUNDS and not isinstance(c.value, bool)
            for c in node.comparators
        ):
            found.append((node.lineno, "an LEC colour band bound"))
    return found


def test_no_module_outside_domain_copies_a_domain_table() -> None:
    copies = [
        f"{path.relative_to(SRC)}:{line}: {what}"
        for path in sorted(SRC.rglob("*.py")) if DOMAIN not in path.parents
        for line, what in _copies(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert copies == [], "define these once in core/domain/ and import them:\n" + "\n".join(copies)


@pytest.mark.parametrize("source", [
    "L = (10, 6, 3, 1, 0.5, 0.2, 0.1)",
    "E = frozenset(Decimal(v) for v in ('10', '6', '3', '2', '1', '0.5'))",
    "C = [100, 40, 15, 7, 3, 1]",
    "G = {'国标': ('一级', '二级', '三级', '自评'), '地标': ('达标', '自评'), '省标': ()}",
    "G = ('一级', '二级', '三级', '自评')",
    "N = {'红': '重大风险', '橙': '较大风险', '黄': '一般风险', '蓝': '低风险'}",
    "red = d > 320",
])
def test_the_scan_finds_a_copy(source: str) -> None:
    assert _copies(ast.parse(source))


def test_the_rules_read_the_domain_tables() -> None:
    assert lec_value.TABLES is LEC_TABLES
    assert lec_color.lec_color.__module__ == "shuili_cli.core.domain.risk"
    assert lec_color.lec_d.__module__ == "shuili_cli.core.domain.risk"
    assert not hasattr(standard_grade, "ALLOWED")
    assert LEC_TABLES["L"] == frozenset(Decimal(v) for v in ("10", "6", "3", "1", "0.5", "0.2", "0.1"))


# ----------------------------------------------------------------- conditional fields


def test_the_schema_blocks_are_generated_from_the_table() -> None:
    for name, conditions in BY_MODEL.items():
        model = getattr(records, name)
        schema = model.model_json_schema()
        for key, value in schema_extra(conditions).items():
            assert schema[key] == value


def test_the_generated_schema_is_the_one_written_by_hand_before() -> None:
    assert schema_extra(HAZARD) == {"allOf": [
        {"if": {"properties": {"source": {"const": "监管检查"}}, "required": ["source"]},
         "then": {"required": ["inspection"]}, "else": {"properties": {"inspection": {"type": "null"}}}},
        {"if": {"properties": {"rectified_on": {"type": "string"}}, "required": ["rectified_on"]},
         "then": {"required": ["measures"]}},
        {"if": {"properties": {"verified_on": {"type": "string"}}, "required": ["verified_on"]},
         "then": {"required": ["verified_by", "rectified_on"]}},
    ]}
    assert schema_extra(CHECKLIST) == {"allOf": [
        {"if": {"properties": {"level": {"const": "车间"}}, "required": ["level"]}, "then": {"required": ["department"]}},
        {"if": {"properties": {"level": {"const": "岗位"}}, "required": ["level"]}, "then": {"required": ["post"]}},
    ]}


def test_every_required_field_of_the_table_has_a_message_in_its_rule() -> None:
    for name, conditions in BY_MODEL.items():
        for c in conditions.required:
            for f in c.then:
                assert f in missing_field.MISSING[name], (name, f)
            for f in c.needs:
                assert f in conflicting_fields.NEEDS, (name, f)
    # and no message for a field the table does not require
    for name, messages in missing_field.MISSING.items():
        assert set(messages) == {f for c in BY_MODEL[name].required for f in c.then}


def test_unmet_follows_the_table() -> None:
    table = Conditions(required=(
        Required("kind", "甲", then=("a",), otherwise_null=("a",)),
        Required("done_on", None, then=("b",), needs=("c",)),
    ))
    ok = SimpleNamespace(kind="甲", a="x", done_on=None, b=None, c=None)
    assert list(unmet(table, ok)) == []
    bad = SimpleNamespace(kind="乙", a="x", done_on="2024-01-01", b=None, c=None)
    assert [(u.field, u.kind) for u in unmet(table, bad)] == [("a", "otherwise_null"), ("b", "then"), ("c", "needs")]
