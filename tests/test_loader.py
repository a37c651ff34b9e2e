"""The loader: cache behaviour, parallel workers, unreadable files."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from shuili_cli.core import loader
from shuili_cli.core.loader import load
from tests.conftest import MakeRepo

TODAY = date(2024, 1, 15)
HAZARDS = """\
hazards:
  - {id: H-1, found_on: 2023-05-04, source: 自查, description: 钢丝绳断丝, grade: 一般, responsible: 陈, deadline: 2023-05-08}
"""


def test_second_run_is_served_from_the_cache(make_repo: MakeRepo, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(tmp_path / "cache"))  # empty: other tests share entries
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    first = load(repo, today=TODAY)
    second = load(repo, today=TODAY)
    assert first.cache_hits == 0
    assert second.cache_hits == 2  # enterprise.yaml and the hazards file (shuili.yaml is always read)
    assert second.findings == first.findings
    assert second.repo.enterprises["a"].hazards == first.repo.enterprises["a"].hazards
    assert not (repo / ".shuili-cache").exists()  # the cache lives outside the data repository


def test_a_cache_committed_into_the_repository_is_ignored(make_repo: MakeRepo, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull request cannot ship an answer: entries are only read from the machine's own cache."""
    import marshal

    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS.replace("2023-05-08", "2023-05-01")})
    forged = repo / ".shuili-cache" / "v1" / "re"
    forged.mkdir(parents=True)
    (forged / "repo-0").write_bytes(marshal.dumps(([], None)))
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(tmp_path / "machine-cache"))
    assert [f.code for f in load(repo, today=TODAY, findings_only=True).findings] == ["SL401"]  # not "no finding"


def test_a_changed_file_is_read_again(make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(tmp_path / "cache"))
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    load(repo, today=TODAY)
    path = repo / "enterprises/a/hazards/2023.yaml"
    path.write_text(HAZARDS.replace("deadline: 2023-05-08", "deadline: 2023-05-01"), encoding="utf-8")
    result = load(repo, today=TODAY)
    assert result.cache_hits == 1
    assert [(f.code, f.line) for f in result.findings] == [("SL401", 2)]


def test_same_size_same_mtime_edit_is_still_seen(make_repo: MakeRepo) -> None:
    """The stat index trusts size+mtime+inode only for entries older than the index itself."""
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    load(repo, today=TODAY)
    path = repo / "enterprises/a/hazards/2023.yaml"
    st = path.stat()
    path.write_text(HAZARDS.replace("2023-05-08", "2023-05-01"), encoding="utf-8")  # same length
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert [f.code for f in load(repo, today=TODAY).findings] == ["SL401"]


def test_no_cache_writes_nothing(make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(tmp_path / "cache"))
    load(make_repo(), today=TODAY, use_cache=False)
    assert not (tmp_path / "cache").exists()


def test_read_only_repository_runs_uncached(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    result = load(repo, today=TODAY, cache_dir=blocker)  # cannot create a cache there
    assert result.findings == []


def test_workers_give_the_same_result(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"enterprises/e{i}/hazards/2023.yaml": HAZARDS for i in range(6)}
    repo = make_repo(files, enterprises=tuple(f"e{i}" for i in range(6)))
    (repo / "enterprises/e3/hazards/2023.yaml").write_text(HAZARDS.replace("2023-05-08", "2023-05-01"), encoding="utf-8")
    serial = load(repo, today=TODAY, use_cache=False, workers=1)
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(loader, "CHUNK_BYTES", 1)
    parallel = load(repo, today=TODAY, use_cache=False, workers=2)
    assert parallel.findings == serial.findings
    assert [(f.code, f.file) for f in parallel.findings] == [("SL401", "enterprises/e3/hazards/2023.yaml")]
    assert {k: v.hazards for k, v in parallel.repo.enterprises.items()} == {
        k: v.hazards for k, v in serial.repo.enterprises.items()}


def test_a_fifo_is_not_read(make_repo: MakeRepo) -> None:
    repo = make_repo()
    os.mkfifo(repo / "enterprises/a/risks.yaml")  # would block a naive reader forever
    result = load(repo, today=TODAY, use_cache=False)
    assert [(f.code, f.file, f.line) for f in result.findings] == [("SL014", "enterprises/a/risks.yaml", 1)]


def test_unchanged_repository_is_answered_from_one_entry(make_repo: MakeRepo) -> None:
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS.replace("2023-05-08", "2023-05-01")})
    full = load(repo, today=TODAY, findings_only=True)
    quick = load(repo, today=TODAY, findings_only=True)
    assert [f.code for f in quick.findings] == [f.code for f in full.findings] == ["SL401"]
    assert quick.findings == full.findings
    assert quick.repo.enterprises["a"].hazards == []  # answered without reading the records
    # an earlier "today" makes the 2023 dates future events: the stored answer does not apply
    early = load(repo, today=date(2023, 5, 3), findings_only=True)
    assert sorted(f.code for f in early.findings) == ["SL401", "SL402"]
    # a new file changes the answer
    (repo / "enterprises/a/risks.yaml").write_text("risk_points: []\nbogus: 1\n", encoding="utf-8")
    assert sorted(f.code for f in load(repo, today=TODAY, findings_only=True).findings) == ["SL202", "SL401"]


def test_bureau_notes_must_be_utf8(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import run_cli

    repo = make_repo()
    (repo / "bureau" / "notes").mkdir(parents=True)
    (repo / "bureau" / "notes" / "2023-05.md").write_bytes("本月工作\n".encode("gbk"))
    for _ in range(2):  # the second run answers from the cache: the note is still checked
        code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
        assert code == 1
        assert out.splitlines()[0].startswith("bureau/notes/2023-05.md:1:1: 错误 SL002 ")
        assert out.count("SL002") == 1
    code, _, err = run_cli(["--today", "2024-01-15", "report", "--month", "2023-05", "--draft", "--repo", str(repo),
                            "--out", str(repo.parent / "out")], capsys)
    assert code == 0, err  # the draft says the note is missing instead of crashing
    [md] = (repo.parent / "out" / "2023-05").glob("*.md")
    assert "本月未提供 bureau/notes/2023-05.md" in md.read_text(encoding="utf-8")
