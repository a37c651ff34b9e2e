"""Nothing is hidden from the reviewer: what ``diff`` and ``validate --changed-since`` read from git.

Issue 7, items 7-9. Every repository is made with the real git command in a temporary folder
(helpers from test_diff.py; the fixture is tests/fixtures/figures). Expected records, lines and
messages were worked out by reading the fixture files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.test_diff import (
    E1_HAZARDS,
    E1_RISKS,
    E5_ENTERPRISE,
    FIXTURE,
    TODAY,
    append,
    commit,
    diff,
    diff_json,
    drop_lines,
    fixture_repo,
    git,
    init_repo,
    replace,
    write,
)

# ----------------------------------------------------------------- item 7: attributes never change what is read


def test_export_ignore_does_not_hide_a_new_enterprise(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`git archive` left out a folder marked export-ignore: the review said nothing changed."""
    root = fixture_repo(tmp_path / "repo")
    write(root, "enterprises/e5/enterprise.yaml", E5_ENTERPRISE)
    write(root, ".gitattributes", "enterprises/e5 export-ignore\nenterprises/e5/** export-ignore\n")
    commit(root, "e5, hidden from git archive")
    for head in ([], ["work"]):  # the work tree, and the branch as a revision (exported like the base)
        doc = diff_json(capsys, root, "main", *head)
        assert [(r["change"], r["kind"], r["id"], r["file"]) for r in doc["records"]] == [
            ("added", "enterprise", "e5", "enterprises/e5/enterprise.yaml")], head
        assert doc["figures"]["a1.enterprises.total"] == [3, 4]  # e1, e2, e4 open in May 2023; e5 registered 05-08


def test_export_ignore_on_the_base_does_not_make_records_look_added(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    fixture_repo(root)  # on branch work; main holds the fixture
    git(root, "checkout", "-q", "main")
    write(root, ".gitattributes", "enterprises/e3/** export-ignore\nbureau/documents.yaml export-ignore\n")
    commit(root, "attributes on main")
    git(root, "checkout", "-q", "-b", "topic")
    doc = diff_json(capsys, root, "main")  # the branch changed nothing: git archive made e3 and DOC1-3 look added
    assert (doc["records"], doc["figures"], doc["findings"]) == ([], {}, {"introduced": [], "fixed": []})


def test_export_subst_ident_and_filters_do_not_change_the_text(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The review shows what is merged: the blob's bytes, not what a checkout or archive would write."""
    root = tmp_path / "repo"
    fixture_repo(root)
    git(root, "checkout", "-q", "main")
    write(root, ".gitattributes", "*.yaml export-subst ident filter=swap\n")
    commit(root, "attributes on main")
    git(root, "checkout", "-q", "work")
    git(root, "merge", "-q", "main")
    # a smudge filter configured in this clone rewrites 标识 on checkout and in git archive
    git(root, "config", "filter.swap.smudge", "sed s/标识/标志/")
    git(root, "config", "filter.swap.clean", "cat")
    replace(root, E1_HAZARDS, "description: 标识脱落, grade: 一般, responsible: 甲, deadline: 2023-06-10}",
            "description: '$Format:%an$ 标识脱落 $Id$', grade: 一般, responsible: 甲, deadline: 2023-06-10}")
    commit(root, "H3 text with placeholders")
    doc = diff_json(capsys, root, "main", "work")
    assert [(r["id"], r["fields"]) for r in doc["records"]] == [
        ("H3", {"description": ["标识脱落", "$Format:%an$ 标识脱落 $Id$"]})]


def _blob_files(root: Path, rev: str) -> dict[str, bytes]:
    listing = git(root, "ls-tree", "-r", "-z", "--name-only", rev).split("\0")
    out = {}
    for name in filter(None, listing):
        proc = subprocess.run(["git", "cat-file", "blob", f"{rev}:{name}"], cwd=root, capture_output=True, check=True)
        out[name] = proc.stdout
    return out


def test_export_writes_the_blob_bytes(tmp_path: Path) -> None:
    from shuili_cli.core.source.gitio import export

    root = tmp_path / "repo"
    fixture_repo(root)
    write(root, ".gitattributes", "* text eol=crlf ident export-subst filter=swap\nenterprises/e3/** export-ignore\n")
    append(root, E1_HAZARDS, "# $Id$ $Format:%H$ 甲")
    commit(root, "attributes")
    git(root, "config", "filter.swap.smudge", "sed s/甲/乙/")
    git(root, "config", "filter.swap.clean", "cat")
    out = export(root, "work", tmp_path / "export")
    got = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    want = _blob_files(root, "work")
    assert sorted(got) == sorted(want)
    assert got == want
    assert b"\r\n" not in got[E1_HAZARDS] and got[E1_HAZARDS].endswith("# $Id$ $Format:%H$ 甲\n".encode())


def _mktree(root: Path, entries: list[tuple[str, str, str, str]]) -> str:
    lines = "".join(f"{mode} {kind} {oid}\t{name}\0" for mode, kind, oid, name in entries)
    proc = subprocess.run(["git", "mktree", "-z", "--missing"], cwd=root, input=lines.encode(), capture_output=True,
                          check=True)
    return proc.stdout.decode().strip()


def _blob(root: Path, data: bytes) -> str:
    proc = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=root, input=data, capture_output=True,
                          check=True)
    return proc.stdout.decode().strip()


def test_a_hostile_tree_writes_nothing_outside_the_export(tmp_path: Path) -> None:
    """Trees git itself would refuse to check out: `..`, `.git`, a link and a folder of one name,
    a submodule, an over-long link target. Nothing is written outside; links stay links."""
    from shuili_cli.core.source.gitio import export

    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    outside = tmp_path / "outside"
    outside.mkdir()
    data = _blob(root, b"hazards: []\n")
    inner = _mktree(root, [("100644", "blob", data, "escape.yaml")])
    entries = [
        ("040000", "tree", inner, ".."),
        ("040000", "tree", inner, ".git"),
        ("040000", "tree", inner, ".GIT"),
        ("120000", "blob", _blob(root, str(outside).encode()), "a-link"),
        ("040000", "tree", inner, "a-link"),  # a-link/escape.yaml would go through the link
        ("120000", "blob", _blob(root, b"x" * 5000), "long-link"),
        ("160000", "commit", "1" * 40, "module"),
        ("100644", "blob", data, "plain.yaml"),
        ("100755", "blob", data, "run.yaml"),
    ]
    tree = _mktree(root, entries)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    rev = subprocess.run(["git", "commit-tree", tree, "-m", "hostile"], cwd=root, capture_output=True, text=True,
                         check=True, env=env).stdout.strip()
    dest = tmp_path / "export"
    out = export(root, rev, dest)
    assert out == dest
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "escape.yaml").exists()
    assert sorted(p.name for p in dest.iterdir()) == ["a-link", "long-link", "plain.yaml", "run.yaml"]
    assert os.readlink(dest / "a-link") == str(outside)
    assert (dest / "long-link").is_symlink() and os.readlink(dest / "long-link") == "…"
    assert (dest / "plain.yaml").read_bytes() == b"hazards: []\n" and not (dest / "plain.yaml").is_symlink()


def _peak_kib(root: Path, rev: str, dest: Path) -> int:
    """Peak memory of an export in a fresh interpreter. VmHWM, not ru_maxrss: Linux carries the
    forking pytest process's size over into the child's ru_maxrss."""
    script = textwrap.dedent(f"""
        from pathlib import Path
        from shuili_cli.core.source.gitio import export
        export(Path({str(root)!r}), {rev!r}, Path({str(dest)!r}))
        status = Path("/proc/self/status").read_text()
        print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    return int(proc.stdout.strip())


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="peak memory read from /proc (Linux)")
def test_export_streams_blobs(tmp_path: Path) -> None:
    """Peak memory of an export does not grow with the size of a file (a 64 MB file vs a 1 MB one)."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    line = b"# " + b"x" * 1021 + b"\n"
    (root / "big.yaml").write_bytes(line * 1024)
    commit(root, "small")
    small = git(root, "rev-parse", "HEAD").strip()
    (root / "big.yaml").write_bytes(line * 1024 * 64)
    commit(root, "big")
    base = _peak_kib(root, small, tmp_path / "small")
    peak = _peak_kib(root, "HEAD", tmp_path / "big")
    assert (tmp_path / "big" / "big.yaml").stat().st_size == 64 * 1024 * 1024
    assert peak - base < 24 * 1024, (base, peak)  # holding the file once would cost 64 MB more


# ----------------------------------------------------------------- item 8: --changed-since


def _copy(tmp_path: Path) -> Path:
    """An uncommitted copy of the fixture, to edit before ``init_repo`` commits it as main."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".shuili-cache"))
    return root


def _validate(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, list[tuple[str, int, str]]]:
    code, out, err = run_cli([*TODAY, "validate", "--repo", str(root), "--format", "json", *args], capsys)
    assert code in (0, 1), err
    return code, [(d["file"], d["line"], d["code"]) for d in json.loads(out)["diagnostics"]]


HAZARD_ON_R2 = ("  - {id: H8, found_on: 2023-05-25, source: 自查, risk_point: R2, description: 闸门锈蚀, grade: 一般, "
                "responsible: 乙, deadline: 2023-06-05}")


def test_changed_since_reports_errors_a_change_causes_elsewhere(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleting a risk point that an unchanged hazards file references (H8, line 9) is an error."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(cache))
    root = _copy(tmp_path)
    append(root, E1_HAZARDS, HAZARD_ON_R2)  # line 9
    # an error that is already on main, in a file the change does not touch: e3's H1 deadline before found_on
    replace(root, "enterprises/e3/hazards/2023.yaml", "deadline: 2023-05-20", "deadline: 2023-05-01")
    init_repo(root)
    code, found = _validate(capsys, root, "--changed-since", "main")
    assert (code, found) == (0, [])

    drop_lines(root, E1_RISKS, 3)  # R2 (unstaged)
    code, found = _validate(capsys, root, "--changed-since", "main")
    assert (code, found) == (1, [(E1_HAZARDS, 9, "SL302")])
    code, out, _ = run_cli([*TODAY, "validate", "--repo", str(root), "--changed-since", "main"], capsys)
    assert code == 1
    assert "enterprises/e1/hazards/2023.yaml:9:60: 错误 SL302 隐患 H8 引用的风险点“R2”在 risks.yaml 中不存在" in out

    commit(root, "drop R2")  # committed: the same
    assert _validate(capsys, root, "--changed-since", "main") == (1, [(E1_HAZARDS, 9, "SL302")])
    # --no-cache reads the same
    assert _validate(capsys, root, "--changed-since", "main", "--no-cache") == (1, [(E1_HAZARDS, 9, "SL302")])
    # PATHS still narrow what is reported
    assert _validate(capsys, root, "--changed-since", "main", str(root / "enterprises/e1/risks.yaml")) == (0, [])
    assert _validate(capsys, root, "--changed-since", "main", str(root / "enterprises/e1")) == \
        (1, [(E1_HAZARDS, 9, "SL302")])
    # since HEAD the error is not new
    assert _validate(capsys, root, "--changed-since", "HEAD") == (0, [])
    # the whole repository also has e3's old error
    code, found = _validate(capsys, root)
    assert (code, sorted(found)) == (1, [(E1_HAZARDS, 9, "SL302"), ("enterprises/e3/hazards/2023.yaml", 2, "SL401")])
    # the revision's temporary copy keeps no stat index: one index, the work tree's, however many runs
    assert len(list(cache.glob("v*/index-*"))) == 1


def test_changed_since_reports_every_finding_of_a_changed_file(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """An old error in a file the change touches is reported (the rule stated in --help); that its
    line moved does not make ``diff`` call it new."""
    root = _copy(tmp_path)
    # H2 on line 3: deadline 2023-04-01 before found_on 2023-04-20 (SL401); line 5 once two lines go above
    replace(root, E1_HAZARDS, "deadline: 2023-05-05, measures: 紧固", "deadline: 2023-04-01, measures: 紧固")
    init_repo(root)
    write(root, E1_HAZARDS, "# 新增两行注释\n#\n" + (root / E1_HAZARDS).read_text(encoding="utf-8"))
    code, found = _validate(capsys, root, "--changed-since", "main")
    assert (code, found) == (1, [(E1_HAZARDS, 5, "SL401")])
    doc = diff_json(capsys, root, "main")
    assert doc["findings"] == {"introduced": [], "fixed": []}


def test_changed_since_help_states_the_rule(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "2000")  # one line per option: rich cuts long help at 80 columns
    code, out, _ = run_cli(["validate", "--help"], capsys)
    assert code == 0
    for words in ("现在有而该版本时没有的问题", "不论在哪个文件", "按规则代码、文件、YAML 路径和说明比较，不看行号",
                  "内容与该版本不同的文件", "中的全部问题"):
        assert words in out, words


def test_changed_since_an_unknown_revision_is_a_usage_error(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    code, out, err = run_cli([*TODAY, "validate", "--repo", str(root), "--changed-since", "no-such-rev"], capsys)
    assert (code, out) == (2, "") and "git 中没有版本“no-such-rev”" in err


def test_changed_since_reads_the_revision_from_git_objects(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """An old error in a folder marked export-ignore at REV is not made to look new."""
    root = _copy(tmp_path)
    replace(root, "enterprises/e3/hazards/2023.yaml", "deadline: 2023-05-20", "deadline: 2023-05-01")
    write(root, ".gitattributes", "enterprises/e3/** export-ignore\n")
    init_repo(root)
    assert _validate(capsys, root, "--changed-since", "main") == (0, [])


# ----------------------------------------------------------------- item 9: shallow clones


def _diverged(tmp_path: Path) -> Path:
    """``origin``: main and work split at the fixture commit; each then edits one hazard."""
    origin = fixture_repo(tmp_path / "origin")                   # on work
    replace(origin, E1_HAZARDS, "description: 标识脱落", "description: 安全标识脱落")
    commit(origin, "work edits H3")
    git(origin, "checkout", "-q", "main")
    replace(origin, E1_HAZARDS, "description: 栏杆松动", "description: 护栏松动")
    commit(origin, "main edits H2")
    git(origin, "checkout", "-q", "work")
    return origin


def _clone(origin: Path, dest: Path, *depth: str) -> Path:
    git(origin.parent, "clone", "-q", *depth, "--no-single-branch", f"file://{origin}", str(dest))
    return dest


def test_a_shallow_clone_without_the_branch_point_is_a_usage_error(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    origin = _diverged(tmp_path)
    clone = _clone(origin, tmp_path / "clone", "--depth", "1")
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    for head in ([], ["HEAD"]):
        code, out, err = diff(capsys, clone, "origin/main", *head)
        assert (code, out) == (2, ""), err
        assert "浅克隆" in err and "找不到“origin/main”与“" in err and "分叉点" in err
        for hint in ("git fetch --unshallow", "fetch-depth: 0", "GIT_DEPTH: 0"):
            assert hint in err, hint
        assert "Traceback" not in err
    git(clone, "fetch", "-q", "--unshallow")
    doc = diff_json(capsys, clone, "origin/main")
    assert [(r["id"], r["fields"]) for r in doc["records"]] == [("H3", {"description": ["标识脱落", "安全标识脱落"]})]
    assert doc["base"].startswith("origin/main（分叉点 ")


def test_a_shallow_clone_that_holds_the_branch_point_is_compared(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    origin = _diverged(tmp_path)
    clone = _clone(origin, tmp_path / "clone", "--depth", "2")  # each tip and the commit they split from
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    doc = diff_json(capsys, clone, "origin/main")
    assert [(r["id"], r["fields"]) for r in doc["records"]] == [("H3", {"description": ["标识脱落", "安全标识脱落"]})]


def test_unrelated_histories_are_compared_with_the_base_itself(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_repo(tmp_path / "repo")
    git(root, "checkout", "-q", "--orphan", "fresh")
    replace(root, E1_HAZARDS, "description: 标识脱落", "description: 安全标识脱落")
    commit(root, "a new history")
    doc = diff_json(capsys, root, "main")
    assert doc["base"] == "main"
    assert [(r["id"], r["fields"]) for r in doc["records"]] == [("H3", {"description": ["标识脱落", "安全标识脱落"]})]
