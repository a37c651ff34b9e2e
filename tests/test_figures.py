"""Every figure key against values worked out by hand from tests/fixtures/figures.

The fixture's comments mark each stock/flow edge of the counting rules in report-templates/annex*.yaml. The expected
values below were counted by reading the fixture, not by running the code:

Month 2023-05, D = 2023-05-31.
- e1 规上 (active): 国标二级 in force (a later 自评 does not displace it); benchmarks 县级
  (市级 revoked 05-20); premium 市级; demo post 闸门操作岗 counted once at 市级 (机修岗 only
  from 06-01); 责任制 on D; 5S evaluation on D-89 (inside the 90-day window); 六有 five done
  + one not applicable; checklists lack a 岗位 tier before D; risks: R1 红, R2 橙 (identified on
  D), R3 黄 retired on D (not counted), R4 蓝 from 06-01 (not counted).
- e2 中等, registered 05-15 (active); 省标三级 expired 05-30, no 自评 -> no grade; rated 黄.
- e3 小微, closed on D (not active: no stock figure) but its May hazard still flows.
- e4 小微 (active): 地标自评 (the 达标 record starts 06-10); 车间 not applicable + 企业 + 岗位
  (岗位 on D) -> 三张清单; 5S evaluation on D-90 (outside); 六有 valve_tags empty; rated 蓝
  (the 红 rating starts 06-01).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from shuili_cli.core.figures.catalogue import all_keys
from shuili_cli.core.figures.figures import Figures, Period, compute
from shuili_cli.core.source.loader import load
from tests.conftest import MakeRepo

FIXTURE = Path(__file__).parent / "fixtures" / "figures"

MAY = {
    "a1.enterprises.total": 3, "a1.enterprises.规上企业": 1, "a1.enterprises.中等企业": 1,
    "a1.enterprises.小微企业": 1,
    "a1.grade.国标.二级": 1, "a1.grade.地标.自评": 1,
    "a1.benchmark.县级.规上企业": 1, "a1.premium.市级.规上企业": 1, "a1.demo_posts.市级.规上企业": 1,
    "a1.responsibility": 1, "a1.three_lists.enterprises": 1,
    "a1.three_lists.self_found": 3,      # e1 H1 (05-02), e1 H3 (05-31), e3 H1 (05-10)
    "a1.three_lists.self_rectified": 2,  # e1 H1 (05-10), e1 H2 (05-01)
    "a1.four_color.enterprises": 1, "a1.four_color.红": 1, "a1.four_color.橙": 1,
    "a1.five_s": 1, "a1.six_have": 1,
    "a2.docs.安全生产检查清单": 1,        # DOC1 withdrawn 05-10, DOC2 issued 05-10
    "a2.overall.total": 2, "a2.overall.黄.total": 1, "a2.overall.黄.中等企业": 1,
    "a2.overall.蓝.total": 1, "a2.overall.蓝.小微企业": 1,
    "a2.enf.检查": 1,                     # ENF-1 (ENF-0 is dated 04-28)
    "a2.enf.发现隐患": 1,                 # H5 via ENF-1; H6's inspection is dated in April
    "a2.enf.督促整改隐患": 1,             # H5 rectified 05-20; H6 in June
    "a2.enf.挂牌督办.企业": 2, "a2.enf.挂牌督办.隐患": 1,   # ENF-2, ENF-3 both list H7
    "a2.enf.罚款.企业": 2, "a2.enf.罚款.金额": Decimal("1.2350"),
    "a2.enf.移送司法机关": 3, "a2.enf.约谈警示": 1,
}

YTD_FLOWS = {
    "a1.three_lists.self_found": 5,      # + e1 H2 (04-20), e1 H7 (01-10)
    "a1.three_lists.self_rectified": 2,
    "a2.enf.检查": 2, "a2.enf.发现隐患": 2, "a2.enf.督促整改隐患": 1,
    "a2.enf.挂牌督办.企业": 2, "a2.enf.挂牌督办.隐患": 1,
    "a2.enf.罚款.企业": 3, "a2.enf.罚款.金额": Decimal("3.2350"),  # + ENF-9 (02-01)
    "a2.enf.移送司法机关": 3, "a2.enf.约谈警示": 1,
}


@pytest.fixture(scope="module")
def repo():  # type: ignore[no-untyped-def]
    result = load(FIXTURE, today=date(2024, 1, 15), use_cache=False)
    assert result.findings == []
    return result.repo


def _expected(nonzero: dict[str, int | Decimal]) -> dict[str, int | Decimal]:
    return {k: nonzero.get(k, Decimal(0) if k == "a2.enf.罚款.金额" else 0) for k in all_keys()}


def test_month(repo) -> None:  # type: ignore[no-untyped-def]
    assert compute(repo, Period(2023, 5)).values == _expected(MAY)


def test_ytd_changes_flows_only(repo) -> None:  # type: ignore[no-untyped-def]
    ytd = compute(repo, Period(2023, 5, ytd=True)).values
    month = compute(repo, Period(2023, 5)).values
    expected = _expected({**MAY, **YTD_FLOWS})
    assert ytd == expected
    from shuili_cli.core.figures.catalogue import key_index

    for key, info in key_index().items():
        if info.kind == "stock":
            assert ytd[key] == month[key], key


def test_june_moves_the_edges(repo) -> None:  # type: ignore[no-untyped-def]
    june = compute(repo, Period(2023, 6)).values
    assert june["a1.enterprises.total"] == 3           # e3 stays closed
    assert june["a1.grade.地标.达标"] == 1               # e4's 达标 from 06-10
    assert june["a1.grade.地标.自评"] == 0
    assert june["a1.four_color.蓝"] == 1                 # R4 from 06-01
    assert june["a1.five_s"] == 0                        # e1's evaluation is now 119 days old
    assert june["a1.three_lists.enterprises"] == 2       # e1's 岗位 tier from 06-01
    assert june["a2.overall.红.小微企业"] == 1            # e4 re-rated 红 on 06-01
    assert june["a2.docs.网格员安全生产检查导则"] == 1
    assert june["a2.enf.激励"] == 1
    assert june["a2.enf.督促整改隐患"] == 1               # H6 rectified 06-05
    assert june["a1.demo_posts.乡级.规上企业"] == 1       # 机修岗


def _award_matrix(make_repo: MakeRepo) -> Path:
    """Twelve enterprises covering every (scale, level) award and every (colour, scale) rating."""
    from shuili_cli.core.model.common import COLORS, LEVELS, SCALES

    files: dict[str, str] = {}
    ratings = ["assessments:"]
    for i in range(12):
        ent, scale, level, colour = f"m{i}", SCALES[i % 3], LEVELS[(i // 3) % 3], COLORS[i // 3]
        files[f"enterprises/{ent}/enterprise.yaml"] = (
            f"id: {ent}\nname: 企业{i}\ncredit_code: 91110000600037341L\nkind: 企业\nscale: {scale}\n"
            f"industry: 水力发电\nbenchmarks: [{{level: {level}, awarded_on: 2023-01-01}}]\n"
            f"premium: [{{level: {level}, awarded_on: 2023-01-01}}]\n"
            f"demo_posts: [{{post: 值班岗, level: {level}, awarded_on: 2023-01-01}}]\n"
        )
        ratings.append(f"  - {{enterprise: {ent}, assessed_on: 2023-01-01, color: {colour}}}")
    files["bureau/assessments.yaml"] = "\n".join(ratings) + "\n"
    return make_repo(files, enterprises=())


def test_every_key_is_counted_somewhere(make_repo: MakeRepo) -> None:
    """A key that no rule produces would always print 0: every key is non-zero in some repository."""
    template = Path(__file__).resolve().parents[1] / "data-template"
    seen: set[str] = set()
    for root in (template, FIXTURE, _award_matrix(make_repo)):
        result = load(root, today=date(2024, 1, 15), use_cache=False)
        assert [f for f in result.findings if f.is_error] == []
        for month in range(1, 13):
            for ytd in (False, True):
                seen |= {k for k, v in compute(result.repo, Period(2023, month, ytd)).values.items() if v}
    assert [k for k in all_keys() if k not in seen] == []


def _explained_total(fig: Figures, key: str) -> int | Decimal:
    return sum((c.amount for c in fig.of(key)), Decimal(0) if key.endswith("金额") else 0)


@pytest.mark.parametrize("ytd", [False, True])
def test_explain_totals_equal_the_figures(repo, ytd: bool) -> None:  # type: ignore[no-untyped-def]
    fig = compute(repo, Period(2023, 5, ytd=ytd))
    for key, value in fig.values.items():
        assert _explained_total(fig, key) == value, key


def test_explain_cli_lists_records(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import run_cli

    code, out, _ = run_cli(["--today", "2024-01-15", "explain", "a2.enf.发现隐患", "--month", "2023-05", "--repo",
                            str(FIXTURE)], capsys)
    assert code == 0
    assert "enterprises/e1/hazards/2023.yaml:6  一号水库：H5 台账不全（检查 ENF-1，2023-05-04）" in out
    assert out.rstrip().endswith("合计：1条（1 条记录）")
    code, out, _ = run_cli(["--today", "2024-01-15", "explain", "a2.enf.罚款.金额", "--month", "2023-05", "--ytd",
                            "--repo", str(FIXTURE)], capsys)
    assert code == 0 and out.rstrip().endswith("合计：3.235万元（3 条记录）")


def test_explain_unknown_key(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import run_cli

    code, _, err = run_cli(["explain", "a1.four_color.绿", "--repo", str(FIXTURE)], capsys)
    assert code == 2
    assert "没有这个键：“a1.four_color.绿”；相近的键：" in err and "a1.four_color.红" in err


def test_explain_list(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import run_cli

    code, out, _ = run_cli(["explain", "--list"], capsys)
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == all_keys()


def test_a_rule_producing_a_key_outside_the_catalogue_raises(repo, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The catalogue is the single source: a misspelt key is a bug, not a silently missing figure."""
    from shuili_cli.core.figures import figures
    def misspelt(e, p, d, ctx):  # type: ignore[no-untyped-def]
        yield figures.Contribution("a1.enterprise.total", 1, e.folder, p.file, p.line, p.name)

    monkeypatch.setattr(figures, "STOCK_RULES", (*figures.STOCK_RULES, misspelt))
    with pytest.raises(figures.UnknownKey, match=re.escape("'a1.enterprise.total'")):
        compute(repo, Period(2023, 5))


def test_a_standard_grade_pairing_the_forms_lack_is_reported_not_counted(make_repo: MakeRepo) -> None:
    """地标 has no 二级 column: SL503 reports the record, the figures leave it out, nothing crashes."""
    root = make_repo({"enterprises/a/enterprise.yaml": """\
        id: a
        name: 测试水库
        kind: 企业
        scale: 规上企业
        industry: 水库管理
        standardization:
          - {standard: 地标, grade: 二级, effective_on: 2023-03-01}
        """})
    result = load(root, today=date(2024, 1, 15), use_cache=False)
    assert [f.code for f in result.findings if f.is_error] == ["SL503"]
    fig = compute(result.repo, Period(2023, 5))
    assert fig.values["a1.enterprises.total"] == 1
    assert not any(c.key.startswith("a1.grade.") for c in fig.contributions)
