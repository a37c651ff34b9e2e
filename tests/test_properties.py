"""Property tests: LEC grading and the USCC check character."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shuili_cli.core.rules.lec_color import lec_color, lec_d
from shuili_cli.core.rules.lec_value import TABLES
from shuili_cli.core.rules.uscc import ALPHABET, WEIGHTS, check_character, problem

L = st.sampled_from(sorted(TABLES["L"]))
E = st.sampled_from(sorted(TABLES["E"]))
C = st.sampled_from(sorted(TABLES["C"]))


@given(L, E, C)
def test_lec_colour_matches_thresholds(l_value: Decimal, e_value: Decimal, c_value: Decimal) -> None:
    d = l_value * e_value * c_value
    colour = lec_color(lec_d(l_value, e_value, c_value))
    # LEC thresholds (the campaign's domain tables), written independently of the implementation
    expected = "红" if d > 320 else "橙" if d > 160 else "黄" if d > 70 else "蓝"
    assert colour == expected
    assert d == d.quantize(Decimal("0.001"))  # exact, no float residue


def test_lec_boundaries() -> None:
    assert lec_color(Decimal(1) * 10 * 7) == "蓝"  # D = 70 is 低风险
    assert lec_color(Decimal("70.0001")) == "黄"
    assert lec_color(Decimal(160)) == "黄"
    assert lec_color(Decimal(320)) == "橙"
    assert lec_color(Decimal(321)) == "红"
    assert lec_d(Decimal("0.1"), Decimal("0.5"), Decimal(1)) == Decimal("0.05")


def test_uscc_known_good() -> None:
    assert problem("91110000600037341L") is None
    assert problem("91110108551385082Q") is None
    assert problem("9111 0108 5513 8508 2q") is None  # spaces and case are normalised


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_uscc_check_character_roundtrip(first17: str) -> None:
    check = check_character(first17)
    assert problem(first17 + check) is None
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17 + check, (*WEIGHTS, 1), strict=False))
    assert total % 31 == 0  # the defining property of the check character
    wrong = ALPHABET[(ALPHABET.index(check) + 1) % 31]
    assert problem(first17 + wrong) == f"第 18 位校验码应为“{check}”，实际是“{wrong}”"


@given(st.text(min_size=0, max_size=30))
def test_uscc_never_crashes(code: str) -> None:
    result = problem(code)
    assert result is None or isinstance(result, str)


def test_uscc_messages() -> None:
    assert problem("91110000600037341") == "应为 18 位，实际 17 位"
    assert problem("9111000060003734IL") == "含有不允许的字符“I”（不使用 I、O、S、V、Z）"
