"""`shuili alerts` on small hand-built repositories; every expected number was worked out by hand.

D = 2023-06-02 unless a test says otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeRepo, run_cli

D = "2023-06-02"
TODAY = "2024-06-30"


def profile(ent: str, extra: str = "", *, name: str = "测试水库") -> str:
    return (f"id: {ent}\nname: {name}\ncredit_code: 91110000600037341L\nkind: 企业\nscale: 规上企业\n"
            f"industry: 水库管理\n{extra}")


def hazard(hid: str, found: str, deadline: str, *, grade: str = "一般", rectified: str | None = None,
           verified: str | None = None) -> str:
    text = (f"  - id: {hid}\n    found_on: {found}\n    source: 自查\n    description: 隐患{hid}\n"
            f"    grade: {grade}\n    responsible: 陈志强\n    deadline: {deadline}\n")
    if rectified:
        text += f"    measures: 已处理\n    rectified_on: {rectified}\n"
    if verified:
        text += f"    verified_on: {verified}\n    verified_by: 林晓东\n"
    return text


def hazards(*items: str) -> str:
    return "hazards:\n" + "".join(items)


def rating(ent: str, day: str, color: str) -> str:
    return f"  - enterprise: {ent}\n    assessed_on: {day}\n    color: {color}\n"


def action(aid: str, day: str, kind: str, ent: str, extra: str = "") -> str:
    return f"  - id: {aid}\n    date: {day}\n    type: {kind}\n    enterprise: {ent}\n{extra}"


def run(repo: Path, capsys: pytest.CaptureFixture[str], *extra: str, as_of: str | None = D,
        today: str = TODAY, valid: bool = True) -> tuple[int, dict[str, Any], str]:
    """Run ``alerts --format json``; unless ``valid`` is false, the repository must validate cleanly."""
    args = ["--today", today, "alerts", "--repo", str(repo), "--format", "json", *extra]
    if as_of is not None:
        args += ["--as-of", as_of]
    code, out, err = run_cli(args, capsys)
    doc = json.loads(out) if out else {}
    if valid and doc:
        assert not of_kind(doc, "validation-errors"), doc["alerts"][0]["message"]
    return code, doc, err


def of_kind(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [a for a in doc["alerts"] if a["kind"] == kind]


# ----------------------------------------------------------------- hazards


def test_overdue_hazards_with_exact_days(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"enterprises/a/hazards/2023.yaml": hazards(
        hazard("H-1", "2023-05-04", "2023-05-20"),                           # open, 13 days late
        hazard("H-2", "2023-05-04", "2023-05-20", rectified="2023-05-18"),   # rectified in time
        hazard("H-3", "2023-05-04", "2023-05-10", rectified="2023-06-10"),   # rectified after D: 23 days late on D
        hazard("H-4", "2023-05-30", "2023-06-02"),                           # deadline is D: not yet late
        hazard("H-5", "2023-06-05", "2023-06-20"),                           # found after D
    )})
    code, doc, _ = run(repo, capsys)
    assert code == 0
    late = of_kind(doc, "overdue-hazard")
    assert [(a["level"], a["enterprise"], a["file"], a["line"]) for a in late] == [
        ("error", "a", "enterprises/a/hazards/2023.yaml", 2),
        ("error", "a", "enterprises/a/hazards/2023.yaml", 18),
    ]
    assert "H-1" in late[0]["message"] and "已超期 13 天" in late[0]["message"]
    assert "H-3" in late[1]["message"] and "已超期 23 天" in late[1]["message"]
    assert late[0]["name"] == "测试水库"


def test_major_hazard_without_listing(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({
        "enterprises/a/hazards/2023.yaml": hazards(
            hazard("H-1", "2023-05-04", "2023-07-01", grade="重大"),   # never listed
            hazard("H-2", "2023-05-04", "2023-07-01", grade="重大"),   # listed on 05-10
            hazard("H-3", "2023-05-04", "2023-07-01", grade="重大"),   # listed only after D
            hazard("H-4", "2023-05-04", "2023-07-01", grade="重大", rectified="2023-05-30"),  # rectified
        ),
        "bureau/enforcement/2023.yaml": "actions:\n"
            + action("ENF-1", "2023-05-10", "挂牌督办", "a", "    hazards: [H-2]\n")
            + action("ENF-2", "2023-06-05", "挂牌督办", "a", "    hazards: [H-3]\n"),
    })
    _, doc, _ = run(repo, capsys)
    listed = of_kind(doc, "major-hazard-unsupervised")
    assert [a["level"] for a in listed] == ["error", "error"]
    assert ["H-1" in listed[0]["message"], "H-3" in listed[1]["message"]] == [True, True]
    assert not of_kind(doc, "overdue-hazard")


def test_rectified_but_not_verified_for_more_than_30_days(make_repo: MakeRepo,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"enterprises/a/hazards/2023.yaml": hazards(
        hazard("H-1", "2023-04-01", "2023-05-20", rectified="2023-05-01"),                       # 32 days
        hazard("H-2", "2023-04-01", "2023-05-20", rectified="2023-05-03"),                       # 30 days: not yet
        hazard("H-3", "2023-04-01", "2023-05-20", rectified="2023-04-01", verified="2023-04-02"),  # verified
        hazard("H-4", "2023-04-01", "2023-05-20", rectified="2023-04-20", verified="2023-06-10"),  # 43 days on D
    )})
    _, doc, _ = run(repo, capsys)
    (alert,) = of_kind(doc, "hazard-unverified")
    assert alert["level"] == "warning"
    assert "2 条隐患" in alert["message"] and "H-4（43 天）、H-1（32 天）" in alert["message"]
    assert "H-2" not in alert["message"] and "H-3" not in alert["message"]


# ----------------------------------------------------------------- certificates


def _std(*rows: tuple[str, str, str, str | None]) -> str:
    text = "standardization:\n"
    for std, grade, eff, exp in rows:
        text += f"  - standard: {std}\n    grade: {grade}\n    effective_on: {eff}\n"
        if exp:
            text += f"    expires_on: {exp}\n"
    return text


def test_certificates_lapsed_and_expiring(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({
        # lapsed 2023-04-14 (49 days before D); the older 自评 does not cover it
        "enterprises/a/enterprise.yaml": profile("a", _std(("省标", "自评", "2019-05-01", None),
                                                           ("省标", "三级", "2020-04-15", "2023-04-14"))),
        # 90 days left: warned
        "enterprises/b/enterprise.yaml": profile("b", _std(("国标", "三级", "2020-09-01", "2023-08-31"))),
        # 91 days left: not yet
        "enterprises/c/enterprise.yaml": profile("c", _std(("国标", "三级", "2020-09-01", "2023-09-01"))),
        # lapsed, but a newer self-assessment is in force: no lapse alert
        "enterprises/d/enterprise.yaml": profile("d", _std(("省标", "三级", "2020-04-15", "2023-04-14"),
                                                           ("省标", "自评", "2023-05-01", None))),
    }, enterprises=("a", "b", "c", "d"))
    _, doc, _ = run(repo, capsys)
    (lapsed,) = of_kind(doc, "certificate-lapsed")
    assert (lapsed["level"], lapsed["enterprise"], lapsed["line"]) == ("error", "a", 11)
    assert "2023-04-14" in lapsed["message"] and "49 天" in lapsed["message"]
    (expiring,) = of_kind(doc, "certificate-expiring")
    assert (expiring["level"], expiring["enterprise"]) == ("warning", "b")
    assert "还有 90 天" in expiring["message"]


# ----------------------------------------------------------------- ratings and inspections


def test_inspection_interval_by_colour(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({
        "bureau/assessments.yaml": "assessments:\n" + rating("r", "2023-01-01", "红") + rating("b", "2023-01-01", "蓝")
                                   + rating("n", "2023-01-01", "黄"),
        "bureau/enforcement/2023.yaml": "actions:\n"
            + action("ENF-1", "2023-04-23", "检查", "r")    # 40 days before D, interval 30
            + action("ENF-2", "2023-02-22", "检查", "b"),   # 100 days before D, interval 180
    }, enterprises=("r", "b", "n", "x"))
    _, doc, _ = run(repo, capsys)
    due = {a["enterprise"]: a for a in of_kind(doc, "inspection-due")}
    assert set(due) == {"r", "n"}
    assert "每 30 天" in due["r"]["message"] and "已 40 天" in due["r"]["message"]
    assert (due["r"]["file"], due["r"]["line"]) == ("bureau/enforcement/2023.yaml", 2)
    assert "尚无检查记录" in due["n"]["message"]
    assert [a["enterprise"] for a in of_kind(doc, "rating-missing")] == ["x"]


def test_rating_older_than_red_risk_point_or_major_hazard(make_repo: MakeRepo,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    red = ("risk_points:\n  - id: R-1\n    name: 溢洪道\n    category: 设备设施\n"
           "    assessment: {method: 直接判定, basis: 重大危险源}\n    color: 红\n    controls: [巡查]\n"
           "    responsible: 陈志强\n    identified_on: 2023-03-10\n")
    repo = make_repo({
        "enterprises/a/risks.yaml": red,
        "enterprises/b/risks.yaml": red.replace("2023-03-10", "2023-02-01"),   # older than the rating
        "enterprises/c/risks.yaml": red,                                         # rated 红 already
        "enterprises/d/hazards/2023.yaml": hazards(hazard("H-1", "2023-05-04", "2023-07-01", grade="重大")),
        "bureau/assessments.yaml": "assessments:\n" + "".join(
            rating(e, "2023-02-20", c) for e, c in (("a", "黄"), ("b", "黄"), ("c", "红"), ("d", "蓝"))),
    }, enterprises=("a", "b", "c", "d"))
    _, doc, _ = run(repo, capsys)
    stale = {a["enterprise"]: a for a in of_kind(doc, "rating-stale")}
    assert set(stale) == {"a", "d"}
    assert "R-1" in stale["a"]["message"] and "请重新评估" in stale["a"]["message"]
    assert "H-1" in stale["d"]["message"]
    assert stale["a"]["level"] == "warning"


# ----------------------------------------------------------------- 5S, checklists, 六有


def test_stale_five_s(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    ev = "evaluations:\n  - date: {day}\n    post: 闸门操作岗\n    evaluator: 林晓东\n    total: 86\n"
    repo = make_repo({
        "enterprises/a/enterprise.yaml": profile("a", "five_s: {adopted_on: 2022-11-01}\n"),
        "enterprises/a/five-s/2023.yaml": ev.format(day="2023-02-27"),    # window starts 2023-03-05
        "enterprises/b/enterprise.yaml": profile("b", "five_s: {adopted_on: 2022-11-01}\n"),
        "enterprises/b/five-s/2023.yaml": ev.format(day="2023-03-05"),    # first day of the window
        "enterprises/c/enterprise.yaml": profile("c", "five_s: {adopted_on: 2023-05-01}\n"),  # still in its first window
    }, enterprises=("a", "b", "c"))
    _, doc, _ = run(repo, capsys)
    (stale,) = of_kind(doc, "five-s-stale")
    assert stale["enterprise"] == "a" and "2023-02-27" in stale["message"] and "90 天" in stale["message"]
    assert (stale["file"], stale["line"]) == ("enterprises/a/five-s/2023.yaml", 2)


def _checklist(cid: str, level: str, day: str) -> str:
    where = {"车间": "    department: 运行科\n", "岗位": "    post: 闸门操作岗\n"}.get(level, "")
    return (f"  - id: {cid}\n    level: {level}\n    name: 清单{cid}\n    owner: 站长\n{where}"
            f"    frequency: 每月\n    established_on: {day}\n    items:\n      - id: 1\n        content: 检查\n")


def test_missing_checklist_tiers(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({
        # 车间 missing, 岗位 only from after D
        "enterprises/a/checklists.yaml": "checklists:\n" + _checklist("E", "企业", "2023-03-01")
                                         + _checklist("P", "岗位", "2023-06-10"),
        # 车间 not applicable: complete
        "enterprises/b/checklists.yaml": "not_applicable:\n  车间: 小型电站未设车间\nchecklists:\n"
                                         + _checklist("E", "企业", "2023-03-01") + _checklist("P", "岗位", "2023-03-01"),
    }, enterprises=("a", "b", "c"))
    _, doc, _ = run(repo, capsys)
    tiers = {a["enterprise"]: a for a in of_kind(doc, "checklist-tiers-missing")}
    assert set(tiers) == {"a", "c"}
    assert "缺少车间层级、岗位层级" in tiers["a"]["message"]
    assert "缺少企业层级、车间层级、岗位层级" in tiers["c"]["message"]
    assert tiers["c"]["file"] == "enterprises/c/checklists.yaml"


def test_six_have_items_not_done_are_info(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    six = ("six_have:\n  floor_markings: 2023-03-01\n  equipment_nameplates: 2023-03-01\n"
           "  post_warnings: 2023-06-10\n  work_instructions: null\n"
           "  pipe_flow_markers: {not_applicable: 无管线}\n  valve_tags: 2023-03-01\n")
    repo = make_repo({"enterprises/a/enterprise.yaml": profile("a", six)})
    _, doc, _ = run(repo, capsys)
    (item,) = of_kind(doc, "six-have-incomplete")
    assert item["level"] == "info"
    assert "还差 2 项：岗位有警示、作业有指令；" in item["message"]


# ----------------------------------------------------------------- the calendar


def test_monthly_due_date_before_the_third(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", TODAY, "alerts", "--repo", str(make_repo()), "--as-of", "2023-06-02"], capsys)
    assert code == 0
    line = next(x for x in out.splitlines() if "报送期限" in x)
    assert line.startswith("提示 报送期限 ")
    assert "2023年5月的月报表" in line and "6月3日" in line and "距报送截止还有 1 天" in line


def test_due_dates_in_early_january(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    _, doc, _ = run(make_repo(), capsys, as_of="2024-01-05")
    monthly, annual = (a["message"] for a in of_kind(doc, "report-due"))
    assert "2024年1月的月报表" in monthly and "2月3日" in monthly and "还有 29 天" in monthly
    assert "2023年度" in annual and "1月8日" in annual and "距报送截止还有 3 天" in annual
    _, doc, _ = run(make_repo(name="r2"), capsys, as_of="2023-06-15")
    (later,) = of_kind(doc, "report-due")
    assert "7月3日" in later["message"] and "还有 18 天" in later["message"]


# ----------------------------------------------------------------- output, exit codes, edge cases


def test_json_shape_and_order(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"enterprises/b/hazards/2023.yaml": hazards(hazard("H-1", "2023-05-04", "2023-05-20"))},
                     enterprises=("a", "b"))
    code, doc, _ = run(repo, capsys)
    assert code == 0
    assert list(doc) == ["as_of", "errors", "warnings", "infos", "alerts"]
    assert doc["as_of"] == D
    for a in doc["alerts"]:
        assert list(a) == ["level", "kind", "enterprise", "name", "file", "line", "message"]
    levels = [a["level"] for a in doc["alerts"]]
    assert levels == sorted(levels, key=["error", "warning", "info"].index)
    assert (doc["errors"], doc["warnings"], doc["infos"]) == (
        levels.count("error"), levels.count("warning"), levels.count("info"))
    warnings = [a["enterprise"] for a in doc["alerts"] if a["level"] == "warning"]
    assert warnings == sorted(warnings)
    due = of_kind(doc, "report-due")[0]
    assert (due["enterprise"], due["name"], due["file"], due["line"]) == (None, None, None, None)


def test_text_format(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"enterprises/a/hazards/2023.yaml": hazards(hazard("H-1", "2023-05-04", "2023-05-20"))})
    code, out, _ = run_cli(["--today", TODAY, "alerts", "--repo", str(repo), "--as-of", D], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("错误 隐患超期 测试水库：一般隐患 H-1")
    assert lines[0].endswith("（enterprises/a/hazards/2023.yaml:2）")
    assert lines[-1] == "提醒：1 个错误，2 个警告，2 个提示（截至 2023-06-02）"


def test_strict_exit_codes(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    bad = make_repo({"enterprises/a/hazards/2023.yaml": hazards(hazard("H-1", "2023-05-04", "2023-05-20"))})
    assert run(bad, capsys)[0] == 0
    assert run(bad, capsys, "--strict")[0] == 1
    fine = make_repo(name="fine")   # warnings and infos only
    code, doc, _ = run(fine, capsys, "--strict")
    assert (code, doc["errors"]) == (0, 0) and doc["warnings"] > 0


def test_validation_errors_do_not_stop_the_alerts(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({
        "enterprises/a/hazards/2023.yaml": hazards(hazard("H-1", "2023-05-04", "2023-05-20")),
        "enterprises/b/enterprise.yaml": profile("b", "deadlin: 2023-01-01\n"),
    }, enterprises=("a", "b"))
    code, doc, _ = run(repo, capsys, valid=False)
    assert code == 0
    first = doc["alerts"][0]
    assert (first["kind"], first["level"]) == ("validation-errors", "error")
    assert first["message"] == ("数据仓库有 1 个校验错误，下列提醒按现有数据列出（读不出的记录不在其中），"
                                "可能不准确或不完整；请运行 shuili validate 查看并修正")   # never "left out" as a whole
    assert of_kind(doc, "overdue-hazard")


def test_closed_enterprises_produce_no_alerts(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({
        "enterprises/a/enterprise.yaml": profile("a", "closed_on: 2023-05-31\n"
                                                 + _std(("省标", "三级", "2020-04-15", "2023-04-14"))),
        "enterprises/a/hazards/2023.yaml": hazards(hazard("H-1", "2023-05-04", "2023-05-20", grade="重大")),
    })
    _, doc, _ = run(repo, capsys)
    assert [a["kind"] for a in doc["alerts"]] == ["report-due"]


def test_as_of_defaults_to_today_and_bad_dates_are_usage_errors(make_repo: MakeRepo,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo()
    _, doc, _ = run(repo, capsys, as_of=None, today="2023-06-02")
    assert doc["as_of"] == "2023-06-02"
    code, _, err = run_cli(["alerts", "--repo", str(repo), "--as-of", "2023-02-30"], capsys)
    assert code == 2 and "--as-of" in err
    code, _, err = run_cli(["alerts", "--repo", str(repo), "--format", "xml"], capsys)
    assert code == 2


def test_demo_county_reads_sensibly(capsys: pytest.CaptureFixture[str]) -> None:
    demo = Path(__file__).resolve().parents[1] / "data-template"
    code, doc, _ = run(demo, capsys, valid=False)   # the demo may gain deliberate mistakes
    assert code == 0
    assert of_kind(doc, "report-due") and "6月3日" in of_kind(doc, "report-due")[0]["message"]
    assert doc["errors"] + doc["warnings"] + doc["infos"] == len(doc["alerts"]) < 60
    per_enterprise: dict[str, int] = {}
    for a in doc["alerts"]:
        if a["kind"] == "hazard-unverified":
            per_enterprise[a["enterprise"]] = per_enterprise.get(a["enterprise"], 0) + 1
    assert all(n == 1 for n in per_enterprise.values())   # grouped: one line per enterprise


def test_a_long_inspection_counts_from_its_last_day(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """ENF-1 ran 04-01 to 05-30 and ENF-2 was on 04-10: the enterprise was last visited on 05-30."""
    repo = make_repo({
        "bureau/assessments.yaml": "assessments:\n" + rating("r", "2023-01-01", "红"),
        "bureau/enforcement/2023.yaml": "actions:\n"
            + action("ENF-1", "2023-04-01", "检查", "r", "    end_date: 2023-05-30\n")
            + action("ENF-2", "2023-04-10", "检查", "r"),
    }, enterprises=("r",))
    _, doc, _ = run(repo, capsys, as_of="2023-06-25")   # 26 days after 05-30: within 30
    assert of_kind(doc, "inspection-due") == []
    _, doc, _ = run(repo, capsys, as_of="2023-07-05")   # 36 days
    [due] = of_kind(doc, "inspection-due")
    assert "最近一次检查 ENF-1 在 2023-05-30，已 36 天" in due["message"]


def test_custom_intervals_from_settings(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import SETTINGS

    repo = make_repo({
        "shuili.yaml": SETTINGS + "rules:\n  inspection_interval_days: {红: 10, 橙: 60, 黄: 90, 蓝: 180}\n",
        "bureau/assessments.yaml": "assessments:\n" + rating("r", "2023-01-01", "红"),
        "bureau/enforcement/2023.yaml": "actions:\n" + action("ENF-1", "2023-05-20", "检查", "r"),
    }, enterprises=("r",))
    _, doc, _ = run(repo, capsys)                       # 13 days before D, interval 10
    [due] = of_kind(doc, "inspection-due")
    assert "每 10 天" in due["message"] and "已 13 天" in due["message"]


def test_low_five_s_scores_use_the_pass_score(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import SETTINGS

    evaluations = ("evaluations:\n"
                   "  - {date: 2023-05-20, post: 闸门岗, evaluator: 林, total: 75}\n"
                   "  - {date: 2023-05-21, post: 机修岗, evaluator: 林, total: 85}\n")
    profile_5s = profile("a", "five_s: {adopted_on: 2022-01-01}\n")
    repo = make_repo({"enterprises/a/enterprise.yaml": profile_5s, "enterprises/a/five-s/2023.yaml": evaluations})
    _, doc, _ = run(repo, capsys)
    [low] = of_kind(doc, "five-s-low")
    assert low["level"] == "info" and "1 次 5S 考评低于合格分 80：闸门岗（75 分）" in low["message"]
    repo2 = make_repo({"shuili.yaml": SETTINGS + "rules: {five_s_pass_score: 70}\n",
                       "enterprises/a/enterprise.yaml": profile_5s, "enterprises/a/five-s/2023.yaml": evaluations},
                      name="repo2")
    _, doc, _ = run(repo2, capsys)
    assert of_kind(doc, "five-s-low") == []


# ----------------------------------------------------------------- one rule for alerts and forms


def test_alerts_and_the_forms_read_the_same_rating_and_certificate(make_repo: MakeRepo) -> None:
    """A newer rating listed before an older one, a rating after D, and a certificate that lapsed on 05-30 with a later
    self-assessment still ahead: the alerts and the May form must tell the same story (one rule in core/domain/)."""
    from datetime import date

    from shuili_cli.core.alerts import alerts
    from shuili_cli.core.figures.figures import Period, compute
    from shuili_cli.core.source.loader import load

    cert = ("standardization:\n  - {standard: 国标, grade: 三级, effective_on: 2020-06-01, expires_on: 2023-05-30}\n"
            "  - {standard: 国标, grade: 自评, effective_on: 2023-06-15}\n")
    root = make_repo({
        "enterprises/a/enterprise.yaml": profile("a", cert),
        "bureau/assessments.yaml": "assessments:\n" + rating("a", "2023-04-01", "橙") + rating("a", "2023-03-01", "黄")
                                   + rating("a", "2023-06-01", "红"),
    }, enterprises=())
    result = load(root, today=date(2024, 6, 30), use_cache=False)
    assert [f for f in result.findings if f.is_error] == []
    report = alerts(result.repo, date(2023, 5, 31))
    fig = compute(result.repo, Period(2023, 5))
    inspection = [a.message for a in report.alerts if a.kind == "inspection-due"]
    assert len(inspection) == 1 and inspection[0].startswith("整体风险等级橙")
    assert fig.values["a2.overall.橙.total"] == 1 and fig.values["a2.overall.黄.total"] == 0
    assert [a.kind for a in report.alerts if a.kind.startswith("certificate")] == ["certificate-lapsed"]
    assert not any(c.key.startswith("a1.grade.") for c in fig.contributions)
    june = compute(result.repo, Period(2023, 6))
    assert june.values["a1.grade.国标.自评"] == 1
    assert [a.kind for a in alerts(result.repo, date(2023, 6, 30)).alerts if a.kind.startswith("certificate")] == []
