"""The loader: cache behaviour, parallel workers, unreadable files."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from shuili_cli.core.source import loader
from shuili_cli.core.source.loader import load
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
    """The stat index trusts size, mtimes, inode and device only for entries older than the index itself."""
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
    assert "【草稿：此处待补充局工作情况】" in md.read_text(encoding="utf-8")   # the spot is marked, no path on paper
    assert ("注意：无法读取 bureau/notes/2023-05.md（应为 UTF-8 文本）：工作总结在“局工作情况”一节标出了待补充的位置；"
            "写好该文件后重新运行 shuili report --month 2023-05 --draft。") in err.splitlines()


# ------------------------------------------------------------- cache integrity

HOUR_AGO_NS = (time.time() - 3600) * 1e9


def _age(path: Path) -> None:
    """An hour old: the stat index trusts it (younger entries are "racy" and always read)."""
    os.utime(path, ns=(int(HOUR_AGO_NS), int(HOUR_AGO_NS)))


def test_a_lowered_size_cap_applies_to_files_served_from_the_cache(make_repo: MakeRepo, tmp_path: Path) -> None:
    from tests.conftest import SETTINGS

    padded = HAZARDS + "#" + "x" * (1024 * 1024 + 1000) + "\n"
    repo = make_repo({"enterprises/a/hazards/2023.yaml": padded})
    _age(repo / "enterprises/a/hazards/2023.yaml")
    cache_dir = tmp_path / "cache"
    assert load(repo, today=TODAY, cache_dir=cache_dir).findings == []
    (repo / "shuili.yaml").write_text(SETTINGS + "limits: {max_file_mb: 1}\n", encoding="utf-8")
    for findings_only in (False, True):
        result = load(repo, today=TODAY, cache_dir=cache_dir, findings_only=findings_only)
        assert [(f.code, f.file, f.message) for f in result.findings] == [(
            "SL006", "enterprises/a/hazards/2023.yaml",
            "文件大小 1.0 MB 超过上限 1 MB，未读取；请按年份拆分，或在 shuili.yaml 的 limits.max_file_mb 中调整上限")]


def test_an_in_place_edit_with_the_mtime_restored_is_seen(make_repo: MakeRepo, tmp_path: Path) -> None:
    """Same size, same mtime, same inode: only the ctime tells (``touch -r``, ``rsync -t``, ``os.utime``)."""
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    path = repo / "enterprises/a/hazards/2023.yaml"
    _age(path)
    cache_dir = tmp_path / "cache"
    assert load(repo, today=TODAY, cache_dir=cache_dir).findings == []
    before = path.stat()
    path.write_text(BAD_HAZARDS, encoding="utf-8")  # same length, in place
    while path.stat().st_ctime_ns == before.st_ctime_ns:  # a coarse clock: wait for the next tick
        time.sleep(0.01)
        path.write_text(BAD_HAZARDS, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    assert [f.code for f in load(repo, today=TODAY, cache_dir=cache_dir).findings] == ["SL401"]


@pytest.mark.parametrize("field", ["st_size", "st_mtime_ns", "st_ctime_ns", "st_ino", "st_dev"])
def test_the_stat_index_compares_every_field(tmp_path: Path, field: str) -> None:
    from types import SimpleNamespace

    from shuili_cli.core.source.cache import ResultCache

    cache = ResultCache(tmp_path, tmp_path)
    cache._stamp = 10**19
    st = SimpleNamespace(st_size=10, st_mtime_ns=100, st_ctime_ns=200, st_ino=7, st_dev=3)
    entry = cache.index_entry(st, "a" * 40)  # type: ignore[arg-type]
    assert cache.fresh(entry, st) == "a" * 40  # type: ignore[arg-type]
    setattr(st, field, getattr(st, field) + 1)
    assert cache.fresh(entry, st) is None  # type: ignore[arg-type]


BAD_HAZARDS = HAZARDS.replace("2023-05-08", "2023-05-01")
_FINDING = ("SL401", "error", "enterprises/a/hazards/2023.yaml", 2, 1, "", "伪造")
CORRUPT = {
    "not a tuple": lambda v: 42,
    "a list for the tuple": list,
    "wrong item types": lambda v: (v[0], v[1], 5, "yes"),
    "a finding of 3 items": lambda v: ([_FINDING[:3]], *v[1:]),
    "a finding of unknown severity": lambda v: ([("SL401", "fatal", *_FINDING[2:])], *v[1:]),
    "a finding with a text line": lambda v: ([(*_FINDING[:3], "2", *_FINDING[4:])], *v[1:]),
    "a short fact": lambda v: (v[0], tuple(f[:3] for f in v[1]), *v[2:]),
    "a fact of wrong types": lambda v: (v[0], tuple((1,) * len(f) for f in v[1]), *v[2:]),
    "a list of facts": lambda v: (v[0], list(v[1]), *v[2:]),
}


@pytest.mark.parametrize("corrupt", list(CORRUPT), ids=list(CORRUPT))
def test_a_cache_entry_of_the_wrong_shape_is_recomputed(make_repo: MakeRepo, tmp_path: Path, corrupt: str) -> None:
    import marshal

    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    cache_dir = tmp_path / "cache"
    first = load(repo, today=TODAY, cache_dir=cache_dir)
    key = first.keys["enterprises/a/hazards/2023.yaml"]
    entry = cache_dir / "v1" / key[:2] / key
    entry.write_bytes(marshal.dumps(CORRUPT[corrupt](marshal.loads(entry.read_bytes()))))
    second = load(repo, today=TODAY, cache_dir=cache_dir)
    assert second.cache_hits == 1  # enterprise.yaml only: the bad entry is a miss
    assert second.findings == first.findings == []
    assert second.repo.enterprises["a"].hazards == first.repo.enterprises["a"].hazards
    assert load(repo, today=TODAY, cache_dir=cache_dir).cache_hits == 2  # written again, well formed


@pytest.mark.parametrize("forged", [([("SL401",)], None), (["x"], None), ([], 5), [[], None]])
def test_a_whole_repository_entry_of_the_wrong_shape_is_recomputed(make_repo: MakeRepo, tmp_path: Path,
                                                                   forged: object) -> None:
    import marshal

    repo = make_repo({"enterprises/a/hazards/2023.yaml": BAD_HAZARDS})
    cache_dir = tmp_path / "cache"
    load(repo, today=TODAY, cache_dir=cache_dir, findings_only=True)
    [whole] = (cache_dir / "v1" / "re").glob("repo-*")
    whole.write_bytes(marshal.dumps(forged))
    assert [f.code for f in load(repo, today=TODAY, cache_dir=cache_dir, findings_only=True).findings] == ["SL401"]


@pytest.mark.parametrize("entry", [(1, 2, 3, "k" * 40), (1, 2, 3, 4, 5, "../../../../elsewhere"), "x"])
def test_a_stat_index_of_the_wrong_shape_is_ignored(make_repo: MakeRepo, tmp_path: Path, entry: object) -> None:
    """An index of another format, or one naming a key outside the cache, is not used."""
    import marshal

    from shuili_cli.core.source.cache import code_salt

    repo = make_repo({"enterprises/a/hazards/2023.yaml": BAD_HAZARDS})
    cache_dir = tmp_path / "cache"
    load(repo, today=TODAY, cache_dir=cache_dir)
    [index] = (cache_dir / "v1").glob("index-*")
    index.write_bytes(marshal.dumps((code_salt(), time.time_ns(), {"enterprises/a/hazards/2023.yaml": entry})))
    assert [f.code for f in load(repo, today=TODAY, cache_dir=cache_dir).findings] == ["SL401"]
    assert not (tmp_path / "elsewhere").exists()


def test_temporary_roots_leave_a_bounded_number_of_index_files(make_repo: MakeRepo, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Each ``diff`` exports to a new temporary folder: one index per run grew the cache without end."""
    from shuili_cli.core.source import cache as cachemod
    cache_dir = tmp_path / "cache"
    repo = make_repo()
    for i in range(10):  # as diff loads its exports
        export = tmp_path / f"shuili-diff-{i}"
        repo.rename(export)
        load(export, today=TODAY, cache_dir=cache_dir, stat_index=False)
        export.rename(repo)
    assert list((cache_dir / "v1").glob("index-*")) == []
    monkeypatch.setattr(cachemod, "MAX_INDEXES", 4)
    for i in range(10):  # callers that do not say so are bounded too
        export = tmp_path / f"other-{i}"
        repo.rename(export)
        load(export, today=TODAY, cache_dir=cache_dir)
        export.rename(repo)
        assert len(list((cache_dir / "v1").glob("index-*"))) == min(i + 1, 4)
    latest = cachemod.ResultCache(cache_dir, tmp_path / "other-9")
    assert latest._index_name is not None and (cache_dir / "v1" / latest._index_name).is_file()  # newest kept


def test_entries_beyond_the_budget_are_pruned_oldest_first(tmp_path: Path) -> None:
    from shuili_cli.core.source.cache import ResultCache

    cache = ResultCache(tmp_path)
    keys = [f"{i:02x}" + "0" * 38 for i in range(20)]
    for i, key in enumerate(keys):
        cache.put(key, b"x" * 1000)
        os.utime(cache.base / key[:2] / key, ns=(i * 10**9, i * 10**9))
    cache.prune(budget=10_000)
    kept = sorted(p.name for p in cache.base.glob("??/*"))
    assert kept == keys[-7:]  # down to 3/4 of the budget: 7 entries of 1,000 bytes and a little
    cache.written = 0
    cache.prune(budget=1)  # nothing written by this run: nothing to do
    assert len(list(cache.base.glob("??/*"))) == 7


def test_records_keep_file_order_when_an_earlier_file_is_computed_after_later_cached_ones(
        make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Results are filed as they arrive (cached first, computed later); the repository is still in file order."""
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(tmp_path / "cache"))
    h2022 = HAZARDS.replace("H-1", "H-2022").replace("2023-05", "2022-05")
    repo = make_repo({"enterprises/a/hazards/2022.yaml": h2022, "enterprises/a/hazards/2023.yaml": HAZARDS,
                      "bureau/enforcement/2022.yaml": "actions: []\n",
                      "bureau/enforcement/2023.yaml":
                          "actions:\n  - {id: E-1, date: 2023-05-04, type: 约谈警示, enterprise: a}\n"})
    cold = load(repo, today=TODAY, use_cache=False)
    load(repo, today=TODAY)
    for rel in ("enterprises/a/hazards/2022.yaml", "bureau/enforcement/2022.yaml"):
        (repo / rel).write_text((repo / rel).read_text(encoding="utf-8") + "# 改过\n", encoding="utf-8")
    mixed = load(repo, today=TODAY)
    assert mixed.cache_hits == 3  # enterprise.yaml, hazards/2023.yaml and enforcement/2023.yaml
    ent = mixed.repo.enterprises["a"]
    assert [h.id for h in ent.hazards] == ["H-2022", "H-1"] == [h.id for h in cold.repo.enterprises["a"].hazards]
    assert ent.files == cold.repo.enterprises["a"].files
    assert [a.id for a in mixed.repo.actions] == ["E-1"]


def test_equal_values_of_a_file_are_kept_once(make_repo: MakeRepo, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: a date, a vocabulary word or a name repeated over a file's records is one object in
    the loaded repository (computed, from the cache, and through a worker's pipe alike)."""
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(tmp_path / "cache"))
    two = HAZARDS + HAZARDS.splitlines()[1].replace("H-1", "H-2") + "\n"
    repo = make_repo({"enterprises/a/hazards/2023.yaml": two})
    for run in ("computed", "cached"):
        first, second = load(repo, today=TODAY).repo.enterprises["a"].hazards
        assert (first.id, second.id) == ("H-1", "H-2"), run
        for field in ("found_on", "source", "grade", "responsible", "deadline"):
            assert getattr(first, field) is getattr(second, field), (run, field)
    import pickle

    from shuili_cli.core.source.pipeline import process

    result = process(repo, "enterprises/a/hazards/2023.yaml", "hazards", "a", today=TODAY)
    sent = pickle.loads(pickle.dumps(loader._pack(result)))  # what a worker sends
    a, b = sent.facts
    assert a[4] is b[4] and a[12] is b[12]  # found_on and responsible arrive as one object each
