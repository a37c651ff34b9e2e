"""Every way a number becomes text (core/domain/numbers.py), with hand-written cases."""

from __future__ import annotations

import ast
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from shuili_cli.core.domain.numbers import (
    MONEY_UNIT,
    amount_text,
    decimal_text,
    figure_text,
    fixed_text,
    json_number,
    money_text,
    percent_text,
    plain_text,
    sheet_number_format,
    signed_text,
)


@pytest.mark.parametrize(("value", "text"), [
    (D("4.750"), "4.750"), (D("0.5"), "0.5"), (D("1E+2"), "100"), (D("1.2E-7"), "0.00000012"),
    (D("-3"), "-3"), (D("0"), "0"), (D("-0.00"), "-0.00"),
])
def test_decimal_text_is_exact_and_never_in_exponent_form(value: D, text: str) -> None:
    assert decimal_text(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (D("4.75"), "4.75"), (D("1.235"), "1.235"), (D("3"), "3.00"), (D("3.000"), "3.00"), (D("0.5"), "0.50"),
    (D("1E+2"), "100.00"), (D("-2.1"), "-2.10"), (D("0"), "0.00"),
])
def test_money_text_keeps_every_digit_and_at_least_two_decimals(value: D, text: str) -> None:
    assert money_text(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (3, "3"), (-2, "-2"), (0, "0"), (D("1.5"), "1.50"), (D("-0.25"), "-0.25"), (D("7"), "7.00"),
])
def test_amount_text_writes_counts_as_is_and_decimals_as_money(value: int | D, text: str) -> None:
    assert amount_text(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (D("2.50"), "2.5"), (D("2.00"), "2"), (D("1E+1"), "10"), (D("-0"), "0"), (D("-0.00"), "0"), (D("0.0"), "0"),
    (D("-1.10"), "-1.1"), (12, "12"), (-3, "-3"),
])
def test_plain_text_drops_trailing_zeros_and_the_sign_of_zero(value: int | D, text: str) -> None:
    assert plain_text(value) == text


@pytest.mark.parametrize(("value", "money", "text"), [
    (D("1.235"), True, "1.24"), (D("1.245"), True, "1.24"), (D("1.5"), True, "1.50"), (3, True, "3.00"),
    (D("-0.001"), True, "-0.00"), (D("12345678901234567.5"), True, "12345678901234567.50"),
    (7, False, "7"), (D("2.50"), False, "2.50"),
])
def test_fixed_text_rounds_money_half_to_even_to_two_decimals(value: int | D, money: bool, text: str) -> None:
    assert fixed_text(value, money=money) == text


@pytest.mark.parametrize(("value", "unit", "text"), [
    (D("3"), MONEY_UNIT, "3.00"), (2, MONEY_UNIT, "2.00"), (D("1.005"), MONEY_UNIT, "1.00"),
    (D("2.50"), "家", "2.5"), (D("-0.0"), "项", "0"), (5, "", "5"), (D("4.000"), "", "4"),
])
def test_figure_text_is_money_with_two_decimals_and_others_plain(value: int | D, unit: str, text: str) -> None:
    assert figure_text(value, unit) == text


def test_the_money_unit_is_the_ten_thousand_yuan() -> None:
    assert MONEY_UNIT == "万元"


@pytest.mark.parametrize(("value", "text"), [
    (D("87.5"), "87.5%"), (D("100"), "100.0%"), (D("66.666"), "66.7%"), (D("0"), "0.0%"), (D("33.35"), "33.4%"),
])
def test_percent_text_has_one_decimal(value: D, text: str) -> None:
    assert percent_text(value) == text


@pytest.mark.parametrize(("change", "text", "out"), [
    (2, "2", "+2"), (-1, "-1", "-1"), (0, "0", "0"), (D("0.50"), "0.50", "+0.50"), (D("-0.5"), "-0.50", "-0.50"),
])
def test_signed_text_marks_only_a_rise(change: int | D, text: str, out: str) -> None:
    assert signed_text(change, text) == out


@pytest.mark.parametrize(("value", "out"), [
    (3, 3), (D("3.00"), 3), (D("-2"), -2), (D("1.5"), 1.5), (D("0.1"), 0.1), (D("1.10"), 1.1),
    (D("0.1000000000000000055511151231257827"), "0.1000000000000000055511151231257827"),
])
def test_json_number_reads_back_exactly(value: int | D, out: int | float | str) -> None:
    got = json_number(value)
    assert got == out and type(got) is type(out)
    assert D(json.dumps(got).strip('"')) == value


def test_sheet_number_formats() -> None:
    assert sheet_number_format(money=True) == "0.00"
    assert sheet_number_format(money=False) == "0"


def test_the_outputs_write_numbers_only_through_numbers_py() -> None:
    """No f"{x:.2f}", format(x, "f") or .normalize() left in the renderers and the report package."""
    src = Path(__file__).resolve().parent.parent / "src" / "shuili_cli"
    files = [*sorted((src / "render").glob("*.py")), src / "core" / "outputs" / "report.py"]
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            spec = node.format_spec if isinstance(node, ast.FormattedValue) else None
            if spec is not None and any(isinstance(v, ast.Constant) and str(v.value).endswith("f")
                                        for v in ast.walk(spec)):
                found.append(f"{path.name}:{node.lineno} f-string")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "normalize":
                found.append(f"{path.name}:{node.lineno} normalize()")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "format"
                    and len(node.args) == 2):
                found.append(f"{path.name}:{node.lineno} format()")
    # diagnostics.py writes the run time in seconds, not a figure
    assert [f for f in found if not f.startswith("diagnostics.py")] == []
