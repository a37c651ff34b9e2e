"""``shuili diff`` (and ``validate --changed-since``) against real git repositories.

Every repository is made in a temporary folder with the git command: a copy of
tests/fixtures/figures (whose figures are worked out by hand in test_figures.py)
for most tests, and ``shuili init --example`` for the review of a pull request on
the demo county. Expected records, lines, fields and figure deltas below were
worked out by reading the fixture files, not by running the code.

Line numbers quoted in comments refer to the fixture files as they are in
tests/fixtures/figures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "figures"
TODAY = ["--today", "2024-01-15"]
E1_HAZARDS = "enterprises/e1/hazards/2023.yaml"
E1_RISKS = "enterprises/e1/risks.yaml"

# ----------------------------------------------------------------- helpers


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with a fixed identity, independent of the user's configuration."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0"}
    proc = subprocess.run(
        ["git", "-c", "user.name=测试员", "-c", "user.email=tester@example.com", "-c", "commit.gpgsign=false",
         "-c", "init.defaultBranch=main", "-c", "core.quotepath=false", *args],
        cwd=root, capture_output=True, text=True, env=env, check=False,
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def commit(root: Path, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def init_repo(root: Path) -> Path:
    """Commit everything as ``main``, then continue on a branch ``work`` (so ``main`` stays the base)."""
    git(root, "init", "-q")
    git(root, "checkout", "-q", "-b", "main")
    commit(root, "base")
    git(root, "checkout", "-q", "-b", "work")
    return root


def fixture_repo(dest: Path) -> Path:
    """A committed copy of tests/fixtures/figures (branch ``main``; the work tree is on ``work``)."""
    shutil.copytree(FIXTURE, dest, ignore=shutil.ignore_patterns(".shuili-cache"))
    return init_repo(dest)


def read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def replace(root: Path, rel: str, old: str, new: str) -> None:
    text = read(root, rel)
    assert text.count(old) == 1, f"{old!r} in {rel}"
    write(root, rel, text.replace(old, new))


def append(root: Path, rel: str, line: str) -> None:
    text = read(root, rel)
    write(root, rel, text + ("" if text.endswith("\n") else "\n") + line + "\n")


def drop_lines(root: Path, rel: str, *numbers: int) -> None:
    """Delete the given 1-based lines."""
    lines = read(root, rel).splitlines(keepends=True)
    write(root, rel, "".join(line for i, line in enumerate(lines, 1) if i not in numbers))


def diff(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    return run_cli([*TODAY, "diff", *args, "--repo", str(root)], capsys)


def diff_json(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> dict[str, Any]:
    code, out, err = diff(capsys, root, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def records_by(doc: dict[str, Any]) -> dict[tuple[str, str | None, str], dict[str, Any]]:
    out = {(r["kind"], r["enterprise"], r["id"]): r for r in doc["records"]}
    assert len(out) == len(doc["records"])
    return out


def record(change: str, kind: str, enterprise: str | None, rid: str, file: str, line: int,
           fields: dict[str, list[Any]]) -> dict[str, Any]:
    return {"change": change, "kind": kind, "enterprise": enterprise, "id": rid, "file": file, "line": line,
            "fields": fields}


def check_records(doc: dict[str, Any], expected: list[dict[str, Any]]) -> None:
    got = records_by(doc)
    want = {(r["kind"], r["enterprise"], r["id"]): r for r in expected}
    assert sorted(got, key=str) == sorted(want, key=str)
    for key, exp in want.items():
        rec = {k: v for k, v in got[key].items() if k != "summary"}
        assert rec == exp, key


def added(fields: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in fields.items()}


def removed(fields: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [v, None] for k, v in fields.items()}


# ------------------------------------------------- one repository, three branches

# e1's enterprise.yaml with one more standardization entry, benchmark, 精品 and demo post.
E1_ENTERPRISE_ADDED = """\
id: e1
name: 一号水库
credit_code: 91110000600037341L
kind: 事业单位
scale: 规上企业
industry: 水库管理
standardization:
  - {standard: 国标, grade: 二级, effective_on: 2022-01-01, expires_on: 2025-12-31}
  - {standard: 国标, grade: 自评, effective_on: 2023-03-01}
  - {standard: 国标, grade: 一级, effective_on: 2023-05-15, expires_on: 2026-05-14}
benchmarks:
  - {level: 县级, awarded_on: 2023-01-10}
  - {level: 市级, awarded_on: 2023-04-01, revoked_on: 2023-05-20}
  - {level: 乡级, awarded_on: 2023-05-05}
premium:
  - {level: 市级, awarded_on: 2023-02-01}
  - {level: 县级, awarded_on: 2023-05-06}
demo_posts:
  - {post: 闸门操作岗, level: 县级, awarded_on: 2023-01-01}
  - {post: 闸门操作岗, level: 市级, awarded_on: 2023-03-01}
  - {post: 机修岗, level: 乡级, awarded_on: 2023-06-01}
  - {post: 值班岗, level: 县级, awarded_on: 2023-05-07}
responsibility_system: {established_on: 2023-05-31}
five_s: {adopted_on: 2023-01-01}
six_have:
  floor_markings: 2023-01-01
  equipment_nameplates: 2023-01-01
  post_warnings: 2023-01-01
  work_instructions: 2023-01-01
  pipe_flow_markers: {not_applicable: 无管线}
  valve_tags: 2023-05-31
"""

E5_ENTERPRISE = """\
id: e5
name: 五号灌区
credit_code: 91110000600037341L
kind: 企业
scale: 小微企业
industry: 农业灌溉
registered_on: 2023-05-08
"""


def _branch_added(root: Path) -> None:
    write(root, "enterprises/e5/enterprise.yaml", E5_ENTERPRISE)
    write(root, "enterprises/e1/enterprise.yaml", E1_ENTERPRISE_ADDED)
    append(root, "enterprises/e1/checklists.yaml",  # line 5
           "  - {id: C4, level: 车间, department: 机电科, name: 机电表册, owner: 科长, frequency: 每月, "
           "established_on: 2023-05-20, items: [{id: 1, content: 发电机}, {id: 2, content: 变压器}]}")
    append(root, E1_RISKS,  # line 6
           "  - {id: R5, name: 泄洪洞, category: 构（建）筑物, assessment: {method: 直接判定, basis: 重大危险源}, "
           "color: 红, controls: [巡查], responsible: 甲, identified_on: 2023-05-10}")
    append(root, E1_HAZARDS,  # line 9
           "  - {id: H8, found_on: 2023-05-25, source: 自查, checklist: C1, checklist_item: 1, risk_point: R1, "
           "description: 坝顶裂缝, grade: 一般, responsible: 甲, deadline: 2023-06-05}")
    append(root, "enterprises/e1/five-s/2023.yaml",  # line 3
           "  - {date: 2023-05-26, post: 机修岗, person: 张三, evaluator: 甲, "
           "scores: {整理: 18, 整顿: 17, 清扫: 19, 清洁: 18, 素养: 16}}")
    append(root, "bureau/documents.yaml",  # line 5
           "  - {id: DOC4, kind: 中等企业达标细则, title: 中等企业达标细则（试行）, issued_on: 2023-05-18, "
           "doc_no: 清水〔2023〕8号}")
    append(root, "bureau/assessments.yaml", "  - {enterprise: e1, assessed_on: 2023-05-15, color: 橙}")  # line 6
    append(root, "bureau/enforcement/2023.yaml",  # line 12
           "  - {id: ENF-10, date: 2023-05-16, type: 罚款, enterprise: e4, amount_wan: 0.5}")


def _branch_removed(root: Path) -> None:
    shutil.rmtree(root / "enterprises/e3")
    drop_lines(root, "bureau/assessments.yaml", 3)                   # e3 2023-01-01 红
    drop_lines(root, "bureau/enforcement/2023.yaml", 9)              # ENF-7 约谈警示 e3
    drop_lines(root, "enterprises/e1/enterprise.yaml", 9, 12, 13, 14, 18)   # 自评, 市级 benchmark, premium, 机修岗
    drop_lines(root, "enterprises/e1/checklists.yaml", 4)            # C3
    drop_lines(root, E1_RISKS, 5)                                    # R4
    drop_lines(root, E1_HAZARDS, 5)                                  # H4
    write(root, "enterprises/e1/five-s/2023.yaml", "evaluations: []\n")
    drop_lines(root, "bureau/documents.yaml", 4)                     # DOC3


def _branch_changed(root: Path) -> None:
    replace(root, "enterprises/e4/enterprise.yaml", "scale: 小微企业", "scale: 中等企业")
    replace(root, "enterprises/e2/enterprise.yaml", "grade: 三级", "grade: 二级")
    e1 = "enterprises/e1/enterprise.yaml"
    replace(root, e1, "{level: 县级, awarded_on: 2023-01-10}", "{level: 县级, awarded_on: 2023-01-10, revoked_on: 2023-05-25}")
    replace(root, e1, "{level: 市级, awarded_on: 2023-02-01}", "{level: 市级, awarded_on: 2023-02-01, revoked_on: 2023-05-26}")
    replace(root, e1, "{post: 闸门操作岗, level: 县级, awarded_on: 2023-01-01}",
            "{post: 闸门操作岗, level: 县级, awarded_on: 2023-01-01, revoked_on: 2023-05-27}")
    replace(root, "enterprises/e1/checklists.yaml",
            "frequency: 每月, established_on: 2023-01-01, items: [{id: 1, content: 大坝}]",
            "frequency: 每周, established_on: 2023-01-01, items: [{id: 1, content: 大坝}, {id: 2, content: 溢洪道}]")
    # R3: L3 E6 C7 = 126 黄 -> C15: 270 橙
    replace(root, E1_RISKS, "{method: LEC, L: 3, E: 6, C: 7}, color: 黄", "{method: LEC, L: 3, E: 6, C: 15}, color: 橙")
    replace(root, E1_HAZARDS, "deadline: 2023-06-10}", "deadline: 2023-06-10, measures: 重新张贴, rectified_on: 2023-05-31}")
    replace(root, E1_HAZARDS, "rectified_on: 2023-05-20}", "rectified_on: 2023-05-20, verified_on: 2023-05-22, verified_by: 丙}")
    replace(root, "enterprises/e4/five-s/2023.yaml", "total: 90", "total: 95")
    replace(root, "bureau/documents.yaml", "issued_on: 2023-05-10}", "issued_on: 2023-05-10, withdrawn_on: 2023-06-15}")
    replace(root, "bureau/assessments.yaml", "assessed_on: 2023-05-20, color: 黄", "assessed_on: 2023-05-20, color: 橙")
    replace(root, "bureau/enforcement/2023.yaml", "amount_wan: 1.2345", "amount_wan: 1.5")


@pytest.fixture(scope="module")
def kinds_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Branches ``added``, ``removed`` and ``changed``, each one commit on top of ``main``."""
    root = fixture_repo(tmp_path_factory.mktemp("kinds") / "repo")
    for name, make in (("added", _branch_added), ("removed", _branch_removed), ("changed", _branch_changed)):
        git(root, "checkout", "-q", "-b", name, "main")
        make(root)
        commit(root, name)
        git(root, "checkout", "-q", "main")
    return root


def test_added_record_of_every_kind(kinds_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = diff_json(capsys, kinds_repo, "main", "added")
    ent = "enterprises/e1/enterprise.yaml"
    check_records(doc, [
        record("added", "enterprise", "e5", "e5", "enterprises/e5/enterprise.yaml", 1, added({
            "id": "e5", "name": "五号灌区", "credit_code": "91110000600037341L", "kind": "企业", "scale": "小微企业",
            "industry": "农业灌溉", "registered_on": "2023-05-08"})),
        record("added", "standardization", "e1", "国标 2023-05-15", ent, 10, added({
            "standard": "国标", "grade": "一级", "effective_on": "2023-05-15", "expires_on": "2026-05-14"})),
        record("added", "benchmark", "e1", "乡级 2023-05-05", ent, 14, added({"level": "乡级", "awarded_on": "2023-05-05"})),
        record("added", "premium", "e1", "县级 2023-05-06", ent, 17, added({"level": "县级", "awarded_on": "2023-05-06"})),
        record("added", "demo_post", "e1", "值班岗 县级 2023-05-07", ent, 22, added({
            "post": "值班岗", "level": "县级", "awarded_on": "2023-05-07"})),
        record("added", "checklist", "e1", "C4", "enterprises/e1/checklists.yaml", 5, added({
            "id": "C4", "level": "车间", "department": "机电科", "name": "机电表册", "owner": "科长", "frequency": "每月",
            "established_on": "2023-05-20",
            "items": [{"id": "1", "content": "发电机", "basis": None}, {"id": "2", "content": "变压器", "basis": None}]})),
        record("added", "risk_point", "e1", "R5", E1_RISKS, 6, added({
            "id": "R5", "name": "泄洪洞", "category": "构（建）筑物",
            "assessment": {"method": "直接判定", "basis": "重大危险源"}, "color": "红", "controls": ["巡查"],
            "responsible": "甲", "identified_on": "2023-05-10"})),
        record("added", "hazard", "e1", "H8", E1_HAZARDS, 9, added({
            "id": "H8", "found_on": "2023-05-25", "source": "自查", "checklist": "C1", "checklist_item": "1",
            "risk_point": "R1", "description": "坝顶裂缝", "grade": "一般", "responsible": "甲",
            "deadline": "2023-06-05"})),
        record("added", "five_s", "e1", "2023-05-26 机修岗 张三", "enterprises/e1/five-s/2023.yaml", 3, added({
            "date": "2023-05-26", "post": "机修岗", "person": "张三", "evaluator": "甲",
            "scores": {"整理": 18, "整顿": 17, "清扫": 19, "清洁": 18, "素养": 16}})),
        record("added", "document", None, "DOC4", "bureau/documents.yaml", 5, added({
            "id": "DOC4", "kind": "中等企业达标细则", "title": "中等企业达标细则（试行）", "issued_on": "2023-05-18",
            "doc_no": "清水〔2023〕8号"})),
        record("added", "assessment", "e1", "e1 2023-05-15", "bureau/assessments.yaml", 6, added({
            "enterprise": "e1", "assessed_on": "2023-05-15", "color": "橙"})),
        record("added", "action", "e4", "ENF-10", "bureau/enforcement/2023.yaml", 12, added({
            "id": "ENF-10", "date": "2023-05-16", "type": "罚款", "enterprise": "e4", "amount_wan": 0.5})),
    ])
    summaries = {r["id"]: r["summary"] for r in doc["records"]}
    assert summaries["e5"] == "新增企业 五号灌区（小微企业，农业灌溉）"
    assert summaries["H8"] == "新增隐患 H8（一般，2023-05-25 自查发现）：坝顶裂缝"
    assert summaries["R5"] == "新增风险点 R5 泄洪洞（红）"
    assert summaries["C4"] == "新增检查清单 C4 机电表册（车间层级，2 条）"
    assert summaries["国标 2023-05-15"] == "新增达标定级记录：一号水库 国标一级（2023-05-15 生效）"
    assert summaries["乡级 2023-05-05"] == "新增标杆：乡级（2023-05-05 授予）"
    assert summaries["县级 2023-05-06"] == "新增精品：县级（2023-05-06 授予）"
    assert summaries["值班岗 县级 2023-05-07"] == "新增示范岗位：值班岗（县级，2023-05-07 授予）"
    assert summaries["2023-05-26 机修岗 张三"] == "新增 5S 考评：2023-05-26 机修岗 张三"
    assert summaries["DOC4"] == "印发中等企业达标细则《中等企业达标细则（试行）》（2023-05-18）"
    assert summaries["e1 2023-05-15"] == "新增整体风险评级：一号水库 橙（2023-05-15 评定）"
    assert summaries["ENF-10"] == "新增执法行动 ENF-10：四号水厂 罚款（2023-05-16，0.5 万元）"
    assert doc["findings"] == {"introduced": [], "fixed": []}


def test_removed_record_of_every_kind(kinds_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = diff_json(capsys, kinds_repo, "main", "removed")
    ent = "enterprises/e1/enterprise.yaml"
    check_records(doc, [
        # the whole folder enterprises/e3 went: the enterprise, its standardization entry and its hazard
        record("removed", "enterprise", "e3", "e3", "enterprises/e3/enterprise.yaml", 1, removed({
            "id": "e3", "name": "三号施工队", "credit_code": "91110000600037341L", "kind": "企业", "scale": "小微企业",
            "industry": "水利工程施工", "closed_on": "2023-05-31"})),
        record("removed", "standardization", "e3", "地标 2022-01-01", "enterprises/e3/enterprise.yaml", 9, removed({
            "standard": "地标", "grade": "达标", "effective_on": "2022-01-01"})),
        record("removed", "hazard", "e3", "H1", "enterprises/e3/hazards/2023.yaml", 2, removed({
            "id": "H1", "found_on": "2023-05-10", "source": "自查", "description": "临时用电", "grade": "一般",
            "responsible": "戊", "deadline": "2023-05-20"})),
        record("removed", "assessment", "e3", "e3 2023-01-01", "bureau/assessments.yaml", 3, removed({
            "enterprise": "e3", "assessed_on": "2023-01-01", "color": "红"})),
        record("removed", "action", "e3", "ENF-7", "bureau/enforcement/2023.yaml", 9, removed({
            "id": "ENF-7", "date": "2023-05-30", "type": "约谈警示", "enterprise": "e3"})),
        # e1: one record of each kind; lines are those of the base files
        record("removed", "standardization", "e1", "国标 2023-03-01", ent, 9, removed({
            "standard": "国标", "grade": "自评", "effective_on": "2023-03-01"})),
        record("removed", "benchmark", "e1", "市级 2023-04-01", ent, 12, removed({
            "level": "市级", "awarded_on": "2023-04-01", "revoked_on": "2023-05-20"})),
        record("removed", "premium", "e1", "市级 2023-02-01", ent, 14, removed({"level": "市级", "awarded_on": "2023-02-01"})),
        record("removed", "demo_post", "e1", "机修岗 乡级 2023-06-01", ent, 18, removed({
            "post": "机修岗", "level": "乡级", "awarded_on": "2023-06-01"})),
        record("removed", "checklist", "e1", "C3", "enterprises/e1/checklists.yaml", 4, removed({
            "id": "C3", "level": "岗位", "post": "闸门操作岗", "name": "卡片", "owner": "班长", "frequency": "每班",
            "established_on": "2023-06-01", "items": [{"id": "1", "content": "钢丝绳", "basis": None}]})),
        record("removed", "risk_point", "e1", "R4", E1_RISKS, 5, removed({
            "id": "R4", "name": "道路", "category": "作业环境",
            "assessment": {"method": "LEC", "L": 1, "E": 10, "C": 7}, "color": "蓝", "controls": ["标识"],
            "responsible": "丁", "identified_on": "2023-06-01"})),
        record("removed", "hazard", "e1", "H4", E1_HAZARDS, 5, removed({
            "id": "H4", "found_on": "2023-05-05", "source": "其他", "description": "网格员发现", "grade": "一般",
            "responsible": "甲", "deadline": "2023-05-15"})),
        record("removed", "five_s", "e1", "2023-03-03 闸门操作岗", "enterprises/e1/five-s/2023.yaml", 2, removed({
            "date": "2023-03-03", "post": "闸门操作岗", "evaluator": "甲", "total": 85})),
        record("removed", "document", None, "DOC3", "bureau/documents.yaml", 4, removed({
            "id": "DOC3", "kind": "网格员安全生产检查导则", "title": "网格员导则", "issued_on": "2023-06-01"})),
    ])
    summaries = {(r["kind"], r["id"]): r["summary"] for r in doc["records"]}
    # said like an added record, so that the reviewer sees what goes
    assert summaries[("enterprise", "e3")] == "删除企业 三号施工队（小微企业，水利工程施工）"
    assert summaries[("hazard", "H4")] == "删除隐患 H4（一般，2023-05-05 其他发现）：网格员发现"
    assert summaries[("risk_point", "R4")] == "删除风险点 R4 道路（蓝）"
    assert summaries[("document", "DOC3")] == "删除文件 DOC3：印发网格员安全生产检查导则《网格员导则》（2023-06-01）"
    assert doc["findings"] == {"introduced": [], "fixed": []}


def test_changed_record_of_every_kind(kinds_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = diff_json(capsys, kinds_repo, "main", "changed")
    ent = "enterprises/e1/enterprise.yaml"
    check_records(doc, [
        record("changed", "enterprise", "e4", "e4", "enterprises/e4/enterprise.yaml", 1,
               {"scale": ["小微企业", "中等企业"]}),
        record("changed", "standardization", "e2", "省标 2020-01-01", "enterprises/e2/enterprise.yaml", 9,
               {"grade": ["三级", "二级"]}),
        record("changed", "benchmark", "e1", "县级 2023-01-10", ent, 11, {"revoked_on": [None, "2023-05-25"]}),
        record("changed", "premium", "e1", "市级 2023-02-01", ent, 14, {"revoked_on": [None, "2023-05-26"]}),
        record("changed", "demo_post", "e1", "闸门操作岗 县级 2023-01-01", ent, 16, {"revoked_on": [None, "2023-05-27"]}),
        record("changed", "checklist", "e1", "C1", "enterprises/e1/checklists.yaml", 2, {
            "frequency": ["每月", "每周"],
            "items": [[{"id": "1", "content": "大坝", "basis": None}],
                      [{"id": "1", "content": "大坝", "basis": None}, {"id": "2", "content": "溢洪道", "basis": None}]]}),
        record("changed", "risk_point", "e1", "R3", E1_RISKS, 4, {
            "assessment": [{"method": "LEC", "L": 3, "E": 6, "C": 7}, {"method": "LEC", "L": 3, "E": 6, "C": 15}],
            "color": ["黄", "橙"]}),
        record("changed", "hazard", "e1", "H3", E1_HAZARDS, 4, {
            "measures": [None, "重新张贴"], "rectified_on": [None, "2023-05-31"]}),
        record("changed", "hazard", "e1", "H5", E1_HAZARDS, 6, {
            "verified_on": [None, "2023-05-22"], "verified_by": [None, "丙"]}),
        record("changed", "five_s", "e4", "2023-03-02 值班岗", "enterprises/e4/five-s/2023.yaml", 2, {"total": [90, 95]}),
        record("changed", "document", None, "DOC2", "bureau/documents.yaml", 3, {"withdrawn_on": [None, "2023-06-15"]}),
        record("changed", "assessment", "e2", "e2 2023-05-20", "bureau/assessments.yaml", 2, {"color": ["黄", "橙"]}),
        record("changed", "action", "e2", "ENF-4", "bureau/enforcement/2023.yaml", 6, {"amount_wan": [1.2345, 1.5]}),
    ])
    s = {(r["kind"], r["id"]): r["summary"] for r in doc["records"]}
    assert s[("enterprise", "e4")] == "企业 四号水厂 三类企业 小微企业 → 中等企业"
    assert s[("standardization", "省标 2020-01-01")] == "达标定级记录 省标 2020-01-01 标准化等级 三级 → 二级"
    assert s[("benchmark", "县级 2023-01-10")] == "标杆 县级 2023-01-10 撤销（2023-05-25）"
    assert s[("premium", "市级 2023-02-01")] == "精品 市级 2023-02-01 撤销（2023-05-26）"
    assert s[("demo_post", "闸门操作岗 县级 2023-01-01")] == "示范岗位 闸门操作岗 县级 2023-01-01 撤销（2023-05-27）"
    assert s[("checklist", "C1")] == "检查清单 C1 检查频次 每月 → 每周；检查条目：新增条目 2“溢洪道”"
    assert s[("risk_point", "R3")].startswith("风险点 R3 ") and s[("risk_point", "R3")].endswith("；颜色 黄 → 橙")
    assert s[("hazard", "H3")] == "隐患 H3 已整改（2023-05-31）"
    assert s[("hazard", "H5")] == "隐患 H5 已验收销号（2023-05-22）"
    assert s[("five_s", "2023-03-02 值班岗")] == "5S 考评 2023-03-02 值班岗 总分 90 → 95"
    assert s[("document", "DOC2")] == "文件 DOC2 已废止（2023-06-15）"
    assert s[("assessment", "e2 2023-05-20")] == "整体评级 二号电站 2023-05-20 整体风险等级 黄 → 橙"
    assert s[("action", "ENF-4")] == "执法行动 ENF-4 罚款金额（万元） 1.2345 → 1.5"
    assert doc["findings"] == {"introduced": [], "fixed": []}


def test_text_and_markdown_use_domain_words(kinds_repo: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "240")  # rich wraps at 80 columns when not on a terminal
    code, text, _ = diff(capsys, kinds_repo, "main", "changed")
    assert code == 0
    assert text.startswith("shuili 审阅：main → changed\n")
    assert "  ~ 隐患 H3 已整改（2023-05-31）  enterprises/e1/hazards/2023.yaml:4\n" in text
    assert "  ~ 隐患 H5 已验收销号（2023-05-22）  enterprises/e1/hazards/2023.yaml:6\n" in text
    assert "；颜色 黄 → 橙  enterprises/e1/risks.yaml:4\n" in text
    assert "  ~ 达标定级记录 省标 2020-01-01 标准化等级 三级 → 二级  enterprises/e2/enterprise.yaml:9\n" in text
    # grouped by enterprise name; bureau records last
    groups = [line for line in text.splitlines() if line and not line.startswith(" ") and "审阅" not in line
              and "条记录变化" not in line]
    assert groups[:4] == ["一号水库", "二号电站", "四号水厂", "（局里的记录）"]

    code, md, _ = diff(capsys, kinds_repo, "main", "changed", "--format", "markdown")
    assert code == 0
    assert md.startswith("### shuili 审阅：`main` → changed\n")
    assert "- 隐患 H3 已整改（2023-05-31）（`enterprises/e1/hazards/2023.yaml:4`）\n" in md
    assert "颜色 黄 → 橙" in md and "标准化等级 三级 → 二级" in md
    assert "#### 一号水库\n" in md and "#### （局里的记录）\n" in md

    code, md, _ = diff(capsys, kinds_repo, "main", "added", "--format", "markdown")
    assert "- 新增企业 五号灌区（小微企业，农业灌溉）（`enterprises/e5/enterprise.yaml:1`）\n" in md
    code, text, _ = diff(capsys, kinds_repo, "main", "removed")
    assert "  - 删除企业 三号施工队（小微企业，水利工程施工）  enterprises/e3/enterprise.yaml:1\n" in text


# ----------------------------------------------------------------- renames and moves


def test_renamed_file_is_no_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    git(root, "mv", E1_HAZARDS, "enterprises/e1/hazards/2023-a.yaml")
    empty = {"records": [], "figures": {}, "findings": {"introduced": [], "fixed": []}}
    doc = diff_json(capsys, root, "main", "--month", "2023-05")          # work tree, rename staged
    assert {k: doc[k] for k in empty} == empty
    commit(root, "rename")
    doc = diff_json(capsys, root, "main", "HEAD", "--month", "2023-05")  # committed
    assert {k: doc[k] for k in empty} == empty
    code, md, _ = diff(capsys, root, "main", "HEAD", "--format", "markdown")
    assert code == 0 and "数据没有实质变化。" in md


def test_hazard_moved_between_year_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """H7 (found 2023-01-10) was filed under 2022.yaml by mistake; moving it is no record change."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".shuili-cache"))
    h7 = read(root, E1_HAZARDS).splitlines()[7]
    assert h7.startswith("  - {id: H7,")
    drop_lines(root, E1_HAZARDS, 8)
    write(root, "enterprises/e1/hazards/2022.yaml", f"hazards:\n{h7}\n")
    init_repo(root)
    write(root, "enterprises/e1/hazards/2022.yaml", "hazards: []\n")
    append(root, E1_HAZARDS, h7)
    doc = diff_json(capsys, root, "main", "--month", "2023-05")
    assert doc["records"] == []
    assert doc["figures"] == {}
    assert doc["findings"] == {"introduced": [], "fixed": []}


# ----------------------------------------------------------------- a deleted enterprise


def test_deleted_enterprise(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """e2 (中等企业, registered 2023-05-15) is in the May register: total 3 -> 2, 中等企业 1 -> 0."""
    root = fixture_repo(tmp_path / "repo")
    shutil.rmtree(root / "enterprises/e2")
    commit(root, "remove e2")
    doc = diff_json(capsys, root, "main", "HEAD", "--month", "2023-05")
    check_records(doc, [
        record("removed", "enterprise", "e2", "e2", "enterprises/e2/enterprise.yaml", 1, removed({
            "id": "e2", "name": "二号电站", "credit_code": "91110108551385082Q", "kind": "企业", "scale": "中等企业",
            "industry": "水力发电", "registered_on": "2023-05-15"})),
        record("removed", "standardization", "e2", "省标 2020-01-01", "enterprises/e2/enterprise.yaml", 9, removed({
            "standard": "省标", "grade": "三级", "effective_on": "2020-01-01", "expires_on": "2023-05-30"})),
    ])
    assert doc["figures"]["a1.enterprises.total"] == [3, 2]
    assert doc["figures"]["a1.enterprises.中等企业"] == [1, 0]
    # Nothing is introduced inside the deleted folder; what is introduced are the bureau's
    # records that still name e2 (its rating, line 2, and its two fines, lines 6 and 7).
    introduced = doc["findings"]["introduced"]
    assert not [f for f in introduced if f["file"].startswith("enterprises/")]
    assert sorted((f["file"], f["line"]) for f in introduced) == [
        ("bureau/assessments.yaml", 2), ("bureau/enforcement/2023.yaml", 6), ("bureau/enforcement/2023.yaml", 7)]
    assert all(f["severity"] == "error" and "e2" in f["message"] for f in introduced)
    assert doc["findings"]["fixed"] == []

    # Removing the bureau's records of e2 as well: a clean change, and the bureau's figures follow.
    drop_lines(root, "bureau/assessments.yaml", 2)
    drop_lines(root, "bureau/enforcement/2023.yaml", 6, 7)
    commit(root, "remove e2's bureau records")
    doc = diff_json(capsys, root, "main", "HEAD", "--month", "2023-05")
    assert doc["findings"] == {"introduced": [], "fixed": []}
    assert doc["figures"] == {
        "a1.enterprises.total": [3, 2], "a1.enterprises.中等企业": [1, 0],
        "a2.overall.total": [2, 1], "a2.overall.黄.total": [1, 0], "a2.overall.黄.中等企业": [1, 0],
        "a2.enf.罚款.企业": [2, 0], "a2.enf.罚款.金额": [1.235, 0],
    }
    assert {(r["change"], r["kind"], r["id"]) for r in doc["records"]} == {
        ("removed", "enterprise", "e2"), ("removed", "standardization", "省标 2020-01-01"),
        ("removed", "assessment", "e2 2023-05-20"), ("removed", "action", "ENF-4"), ("removed", "action", "ENF-5")}


# ----------------------------------------------------------------- figure deltas

RED_R5 = ("  - {id: R5, name: 泄洪洞, category: 构（建）筑物, assessment: {method: 直接判定, basis: 重大危险源}, "
          "color: 红, controls: [巡查], responsible: 甲, identified_on: %s}")


def test_figures_new_red_risk_point(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """May: e1 has R1 红 (R2 橙; R3 retired on D; R4 from June). A 红 point identified 05-10 makes 2."""
    root = fixture_repo(tmp_path / "repo")
    append(root, E1_RISKS, RED_R5 % "2023-05-10")
    doc = diff_json(capsys, root, "main", "--month", "2023-05")
    assert doc["month"] == "2023-05"
    assert doc["figures"] == {"a1.four_color.红": [1, 2]}


def test_figures_hazard_rectified(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """May self-rectified: e1 H1 (05-10), H2 (05-01). H3 (自查) rectified on 05-31 makes 3."""
    root = fixture_repo(tmp_path / "repo")
    replace(root, E1_HAZARDS, "deadline: 2023-06-10}", "deadline: 2023-06-10, measures: 重新张贴, rectified_on: 2023-05-31}")
    doc = diff_json(capsys, root, "main", "--month", "2023-05")
    assert doc["figures"] == {"a1.three_lists.self_rectified": [2, 3]}
    # default month: the month of the newest dated change (2023-05-31)
    doc = diff_json(capsys, root, "main")
    assert doc["month"] == "2023-05"
    assert doc["figures"] == {"a1.three_lists.self_rectified": [2, 3]}


def test_default_month_is_that_of_the_newest_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    append(root, E1_RISKS, RED_R5 % "2023-06-02")
    doc = diff_json(capsys, root, "main")
    assert doc["month"] == "2023-06"
    assert doc["figures"] == {"a1.four_color.红": [1, 2]}        # June: R1 and R5
    doc = diff_json(capsys, root, "main", "--month", "2023-05")   # not yet identified in May
    assert doc["month"] == "2023-05" and doc["figures"] == {}
    # a change of no date field: the months of the changed record's own dates (H3 found 2023-05-31)
    git(root, "checkout", "--", E1_RISKS)
    replace(root, E1_HAZARDS, "description: 标识脱落", "description: 安全标识脱落")
    doc = diff_json(capsys, root, "main")
    assert doc["month"] == "2023-05" and doc["figures"] == {}
    assert doc["compared"] == ["2023-05"] and doc["months"] == []
    assert [(r["id"], r["fields"]) for r in doc["records"]] == [("H3", {"description": ["标识脱落", "安全标识脱落"]})]


# ----------------------------------------------------------------- findings


def test_findings_introduced_and_fixed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    replace(root, E1_HAZARDS, "deadline: 2023-06-10}", "deadline: 2023-05-20}")   # H3 found 2023-05-31
    line = read(root, E1_HAZARDS).splitlines()[3]
    expected = {
        "code": "SL401", "severity": "error", "file": E1_HAZARDS, "line": 4, "column": line.index("2023-05-20") + 1,
        "message": "deadline（2023-05-20）应不早于 found_on（2023-05-31）；请核对这两个日期",
        "path": "hazards[2].deadline",
    }
    doc = diff_json(capsys, root, "main")
    assert doc["findings"] == {"introduced": [expected], "fixed": []}
    code, md, _ = diff(capsys, root, "main", "--format", "markdown")
    assert code == 0  # diff reports; it does not judge
    assert "#### 新增问题" in md and f"`{E1_HAZARDS}:4:{expected['column']}` 错误 SL401" in md

    commit(root, "break")
    git(root, "branch", "broken")
    git(root, "checkout", "-q", "-b", "fix")
    replace(root, E1_HAZARDS, "deadline: 2023-05-20}", "deadline: 2023-06-10}")
    commit(root, "fix")
    doc = diff_json(capsys, root, "broken", "fix")
    assert doc["findings"] == {"introduced": [], "fixed": [expected]}
    assert doc["records"][0]["fields"] == {"deadline": ["2023-05-20", "2023-06-10"]}
    code, md, _ = diff(capsys, root, "broken", "fix", "--format", "markdown")
    assert "#### 已修复的问题" in md and "新增问题 0 个，修复问题 1 个" in md


# ----------------------------------------------------------------- two revisions


def _snapshot(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")
            if p.is_file() and ".git" not in p.parts and ".shuili-cache" not in p.parts}


def test_two_revisions_leave_the_work_tree_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    append(root, E1_RISKS, RED_R5 % "2023-05-10")
    commit(root, "R5")
    # uncommitted work that a HEAD-to-HEAD comparison must ignore
    replace(root, E1_HAZARDS, "description: 标识脱落", "description: 改了但没提交")
    write(root, "enterprises/e4/hazards/2023.yaml", "hazards: []\n")
    status = git(root, "status", "--porcelain")
    assert status  # dirty on purpose
    before = _snapshot(root)
    head = git(root, "rev-parse", "HEAD").strip()

    doc = diff_json(capsys, root, "main", "HEAD", "--month", "2023-05")
    assert (doc["base"], doc["head"]) == ("main", "HEAD")
    assert [(r["change"], r["kind"], r["id"]) for r in doc["records"]] == [("added", "risk_point", "R5")]
    assert doc["figures"] == {"a1.four_color.红": [1, 2]}
    doc = diff_json(capsys, root, "HEAD~1", head, "--month", "2023-05")     # commit ids and rev syntax
    assert [r["id"] for r in doc["records"]] == ["R5"]

    assert git(root, "status", "--porcelain") == status
    assert _snapshot(root) == before
    assert git(root, "rev-parse", "HEAD").strip() == head


# ----------------------------------------------------------------- formats


def test_markdown_collapses_more_than_15_records_of_one_enterprise(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    hazard = ("  - {id: N%d, found_on: 2023-05-%02d, source: 其他, description: 网格员发现, grade: 一般, "
              "responsible: 甲, deadline: 2023-06-30}")
    for i in range(1, 16):
        append(root, E1_HAZARDS, hazard % (i, i))
    code, md, _ = diff(capsys, root, "main", "--format", "markdown")
    assert code == 0
    assert "<details>" not in md and "#### 一号水库\n" in md
    assert md.count("- 新增隐患 N") == 15
    append(root, E1_HAZARDS, hazard % (16, 16))
    code, md, _ = diff(capsys, root, "main", "--format", "markdown")
    assert code == 0
    assert "<details>\n<summary>一号水库（16 条）</summary>\n" in md and "</details>" in md
    assert "#### 一号水库" not in md
    assert md.count("- 新增隐患 N") == 16


def test_markdown_escapes_hostile_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    hostile = "<img src=x onerror=alert(1)>"
    replace(root, "enterprises/e1/enterprise.yaml", "name: 一号水库", f'name: "{hostile}"')
    append(root, E1_HAZARDS, "  - {id: H9, found_on: 2023-05-20, source: 其他, description: '<script>x</script> | `rm`', "
                             "grade: 一般, responsible: 甲, deadline: 2023-06-30}")
    code, md, _ = diff(capsys, root, "main", "--format", "markdown")
    assert code == 0
    assert "<img" not in md and "<script" not in md
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in md
    assert "#### &lt;img src=x onerror=alert\\(1\\)&gt;\n" in md
    code, doc_text, _ = diff(capsys, root, "main", "--format", "json")
    doc = json.loads(doc_text)
    assert records_by(doc)[("enterprise", "e1", "e1")]["fields"] == {"name": ["一号水库", hostile]}


def test_every_format_on_one_change(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "240")
    root = fixture_repo(tmp_path / "repo")
    append(root, E1_RISKS, RED_R5 % "2023-05-10")
    code, text, _ = diff(capsys, root, "main")
    assert code == 0
    assert text.splitlines()[:2] == [
        "shuili 审阅：main → 工作区",
        "1 条记录变化（涉及 1 家企业），2023年5月报表数字变化 1 项，新增问题 0 个，修复问题 0 个"]
    assert "  + 新增风险点 R5 泄洪洞（红）  enterprises/e1/risks.yaml:6\n" in text
    assert "  附件1/落实“一企一策”数量/四色安全风险分级管控/红色风险（处）：1 → 2（+1）\n" in text
    code, md, _ = diff(capsys, root, "main", "--format", "markdown")
    assert code == 0
    assert md.rstrip().splitlines()[-3:] == [
        "| 附件1/落实“一企一策”数量/四色安全风险分级管控/红色风险（处） | 1 → 2（+1） |", "",
        "按改动的记录上的日期比较了 2023年5月 的报表数字；之后各月的存量数字（如风险点、在册企业）可能同样变化，"
        "用 --month 查看某个月。"]
    doc = diff_json(capsys, root, "main")
    assert set(doc) >= {"records", "figures", "findings"}
    assert (doc["base"], doc["head"], doc["month"]) == ("main", "工作区", "2023-05")


# ----------------------------------------------------------------- usage errors


def test_unknown_revision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    for args in (["no-such-branch"], ["main", "no-such-branch"], ["--", "-x"]):
        code, out, err = diff(capsys, root, *args)
        assert code == 2, args
        assert out == "" and "Traceback" not in err
    code, _, err = diff(capsys, root, "origin/main")  # the help's example, in a repository without a remote
    assert err == ("用法错误：找不到版本“origin/main”：这个仓库里没有叫这个名字的分支、标签或提交。"
                   "比较最近一次提交的改动请用 shuili diff HEAD~1；本地有哪些分支可用 git branch 查看\n")
    # a shallow clone (CI): the clerk's words first, then how to fetch the history
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "main", root.as_uri(), str(clone)], check=True)
    code, _, err = diff(capsys, clone, "no-such-branch")
    assert code == 2 and err.startswith("用法错误：找不到版本“no-such-branch”：这个仓库里没有")
    assert "。这是浅克隆（shallow clone），历史不完整：请获取完整历史后再比较：在本地运行 git fetch --unshallow" in err


def test_not_a_git_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "plain"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".shuili-cache"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, out, err = run_cli([*TODAY, "validate", "--repo", str(root), "--changed-since", "main"], capsys)
    assert code == 2 and out == ""
    assert "不在 git 仓库中" in err and "Traceback" not in err
    code, out, err = diff(capsys, root, "main")
    assert code == 2 and out == "" and "Traceback" not in err
    # The folder has no git history at all: saying so beats "git has no revision main".
    assert "不在 git 仓库中" in err, err


def test_bad_format_and_month(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    code, out, err = diff(capsys, root, "main", "--format", "html")
    assert code == 2 and out == ""
    assert "--format 的值“html”无效；可选：text、markdown、json" in err
    code, out, err = diff(capsys, root, "main", "--month", "2023-13")
    assert code == 2 and out == "" and "Traceback" not in err


# ----------------------------------------------------------------- the demo county's pull request


def test_review_of_a_pull_request_on_the_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Done means: a branch that closes a hazard and adds a red risk point yields a markdown review
    naming both, with a1.four_color.红 going up by one (9 red points in May 2023 in the demo)."""
    root = tmp_path / "county"
    code, _, err = run_cli(["init", str(root), "--example"], capsys)
    assert code == 0, err
    init_repo(root)
    git(root, "checkout", "-q", "-b", "close-hazard")
    hazards = "enterprises/longjiang-hydro/hazards/2023.yaml"
    # H-2023-007: found 2023-05-22, 自查, open (no rectified_on, no measures)
    replace(root, hazards, "    deadline: 2023-06-06\n    funds_wan: 0.3\n",
            "    deadline: 2023-06-06\n    funds_wan: 0.3\n    measures: 加装转动部位防护罩\n    rectified_on: 2023-05-30\n")
    append(root, "enterprises/longjiang-hydro/risks.yaml", """
  - id: R-010
    name: 压力钢管
    category: 设备设施
    location: 压力管道
    assessment:
      method: 直接判定
      basis: 压力钢管爆裂将危及厂房人员安全，直接判定为重大风险
    color: 红
    controls:
      - 每日巡查压力钢管及镇墩
    responsible: 刘伟东
    identified_on: 2023-05-25""")
    commit(root, "close H-2023-007, add R-010")
    code, md, err = diff(capsys, root, "main", "--format", "markdown")
    assert code == 0, err
    assert "隐患 H-2023-007 已整改（2023-05-30）" in md
    assert "新增风险点 R-010 压力钢管（红）" in md
    assert "#### 报表数字（2023年5月）" in md
    red = "附件1/落实“一企一策”数量/四色安全风险分级管控/红色风险（处）"
    rows = [line for line in md.splitlines() if line.startswith(f"| {red} |")]
    assert len(rows) == 1 and rows[0].endswith("| 9 → 10（+1） |")
    assert "新增问题 0 个" in md

    code, out, _ = run_cli([*TODAY, "explain", "a1.four_color.红", "--month", "2023-05", "--repo", str(root)], capsys)
    assert code == 0 and out.rstrip().endswith("合计：10处（10 条记录）")


# ----------------------------------------------------------------- validate --changed-since


def _validate(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli([*TODAY, "validate", "--repo", str(root), "--format", "json", *args], capsys)
    assert code in (0, 1), err
    return code, json.loads(out)


def test_validate_changed_since(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".shuili-cache"))
    # an error that is already on main: e3's H1 deadline before found_on
    replace(root, "enterprises/e3/hazards/2023.yaml", "deadline: 2023-05-20", "deadline: 2023-05-01")
    init_repo(root)
    code, doc = _validate(capsys, root, "--changed-since", "main")
    assert (code, doc["errors"], doc["diagnostics"]) == (0, 0, [])

    # committed: a new hazard referencing an unchanged risk point and checklist (fine) and an unknown one
    append(root, E1_HAZARDS, "  - {id: H8, found_on: 2023-05-25, source: 自查, checklist: C1, checklist_item: 1, "
                             "risk_point: R1, description: 坝顶裂缝, grade: 一般, responsible: 甲, deadline: 2023-06-05}")
    append(root, E1_HAZARDS, "  - {id: H9, found_on: 2023-05-25, source: 自查, risk_point: R99, "
                             "description: 未知风险点, grade: 一般, responsible: 甲, deadline: 2023-06-05}")
    commit(root, "H8, H9")
    # staged: a 5S total out of range
    replace(root, "enterprises/e4/five-s/2023.yaml", "total: 90", "total: 190")
    git(root, "add", "enterprises/e4/five-s/2023.yaml")
    # unstaged: a scale that is not one of the 三类企业 (in e4, so that e1 has no error of its own:
    # an enterprise with a per-file error gets no reference checks, see the report)
    replace(root, "enterprises/e4/enterprise.yaml", "scale: 小微企业", "scale: 大型企业")
    # untracked: a new hazard file of e2 with a date-order error
    write(root, "enterprises/e2/hazards/2023.yaml", "hazards:\n  - {id: H1, found_on: 2023-05-20, source: 自查, "
          "description: 厂房漏水, grade: 一般, responsible: 丁, deadline: 2023-05-10}\n")

    code, full = _validate(capsys, root)
    assert code == 1
    all_files = {d["file"] for d in full["diagnostics"]}
    assert "enterprises/e3/hazards/2023.yaml" in all_files

    code, doc = _validate(capsys, root, "--changed-since", "main")
    assert code == 1
    got = sorted((d["file"], d["line"], d["code"]) for d in doc["diagnostics"])
    files = {f for f, _, _ in got}
    assert files == {E1_HAZARDS, "enterprises/e4/five-s/2023.yaml", "enterprises/e4/enterprise.yaml",
                     "enterprises/e2/hazards/2023.yaml"}
    by_file = {f: [(line, c) for ff, line, c in got if ff == f] for f in files}
    assert by_file[E1_HAZARDS] == [(10, "SL302")]          # H9's R99; H8 (line 9) resolves R1 and C1
    assert by_file["enterprises/e2/hazards/2023.yaml"] == [(2, "SL401")]
    assert [line for line, _ in by_file["enterprises/e4/enterprise.yaml"]] == [5]
    assert [line for line, _ in by_file["enterprises/e4/five-s/2023.yaml"]] == [2]
    assert doc["errors"] == 4

    # committed changes only count from REV on
    code, doc = _validate(capsys, root, "--changed-since", "HEAD")
    assert E1_HAZARDS not in {d["file"] for d in doc["diagnostics"]}
    assert len(doc["diagnostics"]) == 3

    code, _, err = run_cli([*TODAY, "validate", "--repo", str(root), "--changed-since", "no-such-rev"], capsys)
    assert code == 2 and "git 中没有版本“no-such-rev”" in err and "Traceback" not in err


# ----------------------------------------------------------------- the first pull request


@pytest.mark.parametrize("subfolder", ["", "data"])
def test_base_before_the_repository_existed(tmp_path: Path, capsys: pytest.CaptureFixture[str], subfolder: str) -> None:
    """The first pull request adds the whole repository: everything is new, nothing crashes."""
    top = tmp_path / "top"
    top.mkdir()
    (top / "README.md").write_text("说明\n", encoding="utf-8")
    init_repo(top)
    root = top / subfolder if subfolder else top
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".shuili-cache"))
    doc = diff_json(capsys, root, "main", "--month", "2023-05")
    kinds = {(r["change"], r["kind"]) for r in doc["records"]}
    assert kinds <= {("added", k) for k in ("enterprise", "standardization", "benchmark", "premium", "demo_post",
                                              "checklist", "risk_point", "hazard", "five_s", "document",
                                              "assessment", "action")}
    assert sum(1 for r in doc["records"] if r["kind"] == "enterprise") == 4
    assert doc["figures"]["a1.enterprises.total"] == [0, 3]  # e1, e2, e4 (e3 closed on 05-31)
    assert doc["findings"]["introduced"] == []


# ----------------------------------------------------------------- what the branch changed


def test_changes_on_base_after_the_branch_started_are_not_the_branchs(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")                      # on branch work, main = base
    replace(root, E1_HAZARDS, "description: 标识脱落", "description: 安全标识脱落")
    commit(root, "branch edits H3")
    git(root, "checkout", "-q", "main")
    replace(root, E1_HAZARDS, "description: 栏杆松动", "description: 护栏松动")
    commit(root, "main edits H2 meanwhile")
    git(root, "checkout", "-q", "work")
    doc = diff_json(capsys, root, "main")
    assert [(r["id"], r["fields"]) for r in doc["records"]] == [("H3", {"description": ["标识脱落", "安全标识脱落"]})]
    assert doc["base"].startswith("main（分叉点 ")


def test_a_file_that_no_longer_parses_is_not_compared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    append(root, E1_HAZARDS, "  - [broken")
    doc = diff_json(capsys, root, "main")
    assert doc["records"] == []                     # not "7 hazards removed"
    assert doc["unparsed"] == [E1_HAZARDS]
    assert [f["code"] for f in doc["findings"]["introduced"]] == ["SL001"]
    code, out, _ = diff(capsys, root, "main", "--format", "markdown")
    assert code == 0 and "未逐条比较" in out and f"`{E1_HAZARDS}`" in out


def test_paths_in_markdown_are_shown_exactly() -> None:
    from shuili_cli.render.mdtext import code

    assert code("enterprises/a_b/hazards/2023.yaml:3") == "`enterprises/a_b/hazards/2023.yaml:3`"
    assert code("a`b") == "``a`b``"
    assert code("HEAD~1") == "`HEAD~1`"
