"""Values at and beyond the edges: each is a finding or a usage error, never a crash."""

from __future__ import annotations

import pytest

from tests.conftest import MakeRepo, run_cli

HAZARD = """\
hazards:
  - {id: H-1, found_on: 2023-05-04, source: 自查, description: 钢丝绳断丝, grade: 一般, responsible: %s, deadline: 2023-05-08}
"""
FINE = """\
actions:
  - {id: ENF-1, date: 2023-05-12, type: 罚款, enterprise: a, amount_wan: %s}
"""
RISK = """\
risk_points:
  - {id: R-1, name: 闸门, category: 设备设施, assessment: {method: LEC, L: 4, E: 6, C: 15}, color: 橙, controls: [检查],
     responsible: 陈, identified_on: 2023-03-01}
"""


def codes(out: str) -> list[str]:
    return [line.split()[2] for line in out.splitlines() if ": 错误 " in line or ": 警告 " in line]


def test_a_huge_fine_is_out_of_range(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"bureau/enforcement/2023.yaml": FINE % "12345678901234.5678"})
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
    assert code == 1 and codes(out) == ["SL205"] and "应 ≤ 100000000" in out


def test_the_largest_fine_is_exact_in_json(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"bureau/enforcement/2023.yaml": FINE % "99999999.9999"})
    code, out, _ = run_cli(["--today", "2024-01-15", "report", "--month", "2023-05", "--format", "json", "--repo",
                            str(repo)], capsys)
    assert code == 0
    assert '"a2.enf.罚款.金额": 99999999.9999,' in out


def test_blank_text_is_empty(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARD % '"  "'})
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
    assert code == 1 and codes(out) == ["SL201"] and "不能为空（也不能只有空格）" in out


def test_off_table_lec_factor_is_reported_once(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"enterprises/a/risks.yaml": RISK})
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
    assert code == 1 and codes(out) == ["SL501"]


def test_settings_windows_are_bounded(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import SETTINGS

    repo = make_repo({"shuili.yaml": SETTINGS + "rules: {five_s_window_days: 999999}\n"})
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
    assert code == 1 and codes(out) == ["SL205"]


@pytest.mark.parametrize("args", [
    ["report", "--month", "0000-01"],
    ["report", "--month", "9999-12"],
    ["--today", "20240101", "validate"],
    ["--today", "2024-W01-1", "validate"],
    ["--today", "0001-01-01", "validate"],
])
def test_dates_outside_the_accepted_form_are_usage_errors(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                                         args: list[str]) -> None:
    code, out, err = run_cli([*args, "--repo", str(make_repo())], capsys)
    assert code == 2 and err.startswith("用法错误：") and "Traceback" not in out + err
