"""Positions of cross-file findings kept with each file (issue 13 item 1).

A repository check's issue in an unchanged file is located from the table cached with the file,
never by parsing the file again; the table gives exactly what parsing gives.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules import repo_checks
from shuili_cli.core.source import loader, pipeline, positions
from shuili_cli.core.source.layout import discover
from shuili_cli.core.source.loader import load, run_repo_checks
from shuili_cli.core.source.yamlio import parse_text
from tests.conftest import MakeRepo

TODAY = date(2024, 1, 15)
CASES = Path(__file__).parent / "cases"

# Column numbers worked out by hand: "  - id: " is 8 characters, so a value after "id: " starts at 9.
HAZARDS = """\
hazards:
  - id: H-1
    found_on: 2023-05-04
    source: 自查
    description: 钢丝绳断丝
    grade: 重大
    responsible: 陈
    deadline: 2023-05-08
  - {id: H-2, found_on: 2023-05-05, source: 自查, description: 护栏缺失, grade: 重大, responsible: 陈, deadline: 2023-05-09}
"""

ENFORCEMENT = """\
actions:
  - id: ENF-1
    date: 2023-05-10
    type: 挂牌督办
    enterprise: a
    hazards: [H-1, H-9]
"""


def _issue(path: tuple[str | int, ...]) -> Issue:
    return Issue("SL302", Severity.ERROR, "f.yaml", path, "")


def _lookup(text: str) -> positions.Lookup:
    parsed = parse_text(text, "f.yaml")
    return positions.Lookup((parsed.last_line(), positions.table(parsed.root)))


def test_the_table_holds_what_was_worked_out_by_hand() -> None:
    lookup = _lookup(HAZARDS)
    assert lookup.position(_issue(("hazards", 0, "grade"))) == (6, 12)  # "    grade: " is 11 characters
    # the flow mapping on line 9: "  - {id: H-2, found_on: 2023-05-05, source: 自查, description: 护栏缺失, grade: "
    line9 = HAZARDS.splitlines()[8]
    assert lookup.position(_issue(("hazards", 1, "grade"))) == (9, line9.index("重大") + 1)
    assert lookup.position(_issue(("hazards", 2, "grade"))) is None  # no third hazard: parsing decides
    assert lookup.position(_issue(("hazards", 0, "risk_point"))) is None  # not written: parsing decides
    assert lookup.last_line == 9


def test_two_level_lists_and_their_bounds() -> None:
    lookup = _lookup(ENFORCEMENT)
    assert lookup.position(_issue(("actions", 0, "hazards", 0))) == (6, 15)  # "    hazards: [" is 14 characters
    assert lookup.position(_issue(("actions", 0, "hazards", 1))) == (6, 20)
    assert lookup.position(_issue(("actions", 0, "hazards", 2))) is None
    assert lookup.position(_issue(("actions", 1, "hazards", 0))) is None
    assert lookup.position(_issue(("actions", 0, "enterprise"))) == (5, 17)


def test_issues_at_a_key_or_a_character_are_left_to_parsing() -> None:
    lookup = _lookup(HAZARDS)
    at_key = Issue("SL302", Severity.ERROR, "f.yaml", ("hazards", 0, "grade"), "", at_key=True)
    at_char = Issue("SL302", Severity.ERROR, "f.yaml", ("hazards", 0, "grade"), "", char=1)
    assert lookup.position(at_key) is None
    assert lookup.position(at_char) is None


def test_the_first_of_duplicate_keys_wins_as_when_parsing() -> None:
    text = "hazards:\n  - grade: 一般\n    grade: 重大\n"
    parsed = parse_text(text, "f.yaml")
    assert _lookup(text).position(_issue(("hazards", 0, "grade"))) == parsed.locate(("hazards", 0, "grade"))


def test_every_pattern_is_declared_by_a_repository_check() -> None:
    texts = [t for t, _ in positions.declared()]
    assert "hazards[].grade" in texts and "actions[].hazards[]" in texts
    # a repository check without points would have its findings located by parsing every time
    assert [c.rule.code for c in repo_checks() if not c.points] == []
    with pytest.raises(ValueError):
        positions.parse_pattern("a[].b[].c[]")


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if (p / "expected.txt").is_file()),
                         ids=lambda p: p.name)
def test_the_table_agrees_with_parsing_on_every_rule_case(case: Path) -> None:
    """Every repository-check issue of the corpus is answered by the table, at the parsed position."""
    result = load(case, today=TODAY, use_cache=False)
    disc = discover(case)
    tables = {}
    for f in disc.files:
        r = pipeline.process(case, f.rel, f.role, f.enterprise, today=TODAY)
        if r.positions is not None:
            tables[f.rel] = positions.Lookup(r.positions)
    for issue in run_repo_checks(result.repo, TODAY):
        parsed = pipeline.parse_bytes((case / issue.file).read_bytes(), issue.file)
        expected = parsed.locate(issue.path, at_key=issue.at_key)
        lookup = tables.get(issue.file)
        got = lookup.position(issue) if lookup is not None else None
        assert got == expected, (issue, got, expected)


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = pipeline.parse_bytes

    def counting(raw: bytes, rel: str) -> object:
        if rel != "shuili.yaml":  # the settings are read on every run
            parsed.append(rel)
        return real(raw, rel)

    monkeypatch.setattr(pipeline, "parse_bytes", counting)
    monkeypatch.setattr(loader, "parse_bytes", counting)
    return parsed


def _unsupervised(make_repo: MakeRepo) -> Path:
    """Three enterprises, each with two 重大 hazards that no 挂牌督办 lists: six SL601 warnings."""
    return make_repo({f"enterprises/{e}/hazards/2023.yaml": HAZARDS for e in "abc"}, enterprises=("a", "b", "c"))


def test_unchanged_files_are_not_parsed_to_locate_cross_file_warnings(
        make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(tmp_path / "cache"))
    repo = _unsupervised(make_repo)
    first = load(repo, today=TODAY)
    assert [(f.code, f.file, f.line, f.column) for f in first.findings] == [
        ("SL601", f"enterprises/{e}/hazards/2023.yaml", line, col)
        for e in "abc" for line, col in ((6, 12), (9, HAZARDS.splitlines()[8].index("重大") + 1))
    ]
    target = repo / "enterprises/b/hazards/2023.yaml"
    target.write_text(HAZARDS + "# 改过\n", encoding="utf-8")
    parsed = _count_parses(monkeypatch)
    again = load(repo, today=TODAY)
    assert parsed == ["enterprises/b/hazards/2023.yaml"]  # the changed file, once; a and c only from the cache
    assert again.findings == first.findings


def test_without_the_cache_each_file_is_parsed_once(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _unsupervised(make_repo)
    parsed = _count_parses(monkeypatch)
    result = load(repo, today=TODAY, use_cache=False)
    assert len(result.findings) == 6
    assert sorted(parsed) == sorted(set(parsed))  # nothing parsed a second time to find a line


def test_a_damaged_table_in_the_cache_falls_back_to_parsing(
        make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(cache))
    repo = _unsupervised(make_repo)
    first = load(repo, today=TODAY)
    import marshal

    damaged = 0
    for path in (cache / "v1").glob("*/*"):
        value = marshal.loads(path.read_bytes())
        if isinstance(value, tuple) and len(value) == 5 and isinstance(value[4], tuple):
            last, table = value[4]
            path.write_bytes(marshal.dumps((*value[:4], (last, {k: b"\x01" for k in table}))))  # wrong lengths
            damaged += 1
    assert damaged == 6  # three hazards files and three enterprise.yaml (whose table holds the id)
    parsed = _count_parses(monkeypatch)
    target = repo / "enterprises/b/hazards/2023.yaml"
    target.write_text(HAZARDS + "# 改过\n", encoding="utf-8")
    again = load(repo, today=TODAY)
    assert again.findings == first.findings
    assert "enterprises/a/hazards/2023.yaml" in parsed  # located by parsing, as before


def test_the_cap_on_findings_uses_the_cached_last_line(make_repo: MakeRepo, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """More cross-file findings than a file lists: the counting finding sits on the file's last line."""
    from shuili_cli.core.rules import too_many_findings
    from shuili_cli.core.source import yamlio

    monkeypatch.setattr(yamlio, "MAX_FINDINGS", 1)
    monkeypatch.setattr(too_many_findings, "MAX_FINDINGS", 1)
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(tmp_path / "cache"))
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    first = load(repo, today=TODAY)
    (repo / "enterprises/a/enterprise.yaml").write_text(
        (repo / "enterprises/a/enterprise.yaml").read_text(encoding="utf-8") + "# 改过\n", encoding="utf-8")
    parsed = _count_parses(monkeypatch)
    again = load(repo, today=TODAY)
    assert "enterprises/a/hazards/2023.yaml" not in parsed
    assert again.findings == first.findings
    assert [(f.code, f.line) for f in again.findings] == [("SL601", 6), ("SL017", 9)]


def test_a_copy_elsewhere_shares_the_tables(make_repo: MakeRepo, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """diff's export of the base has other paths on disk but the same relative paths and bytes."""
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(tmp_path / "cache"))
    repo = _unsupervised(make_repo)
    first = load(repo, today=TODAY)
    copy = tmp_path / "copy"
    shutil.copytree(repo, copy)
    parsed = _count_parses(monkeypatch)
    again = load(copy, today=TODAY, stat_index=False)
    assert parsed == []
    assert again.findings == first.findings
