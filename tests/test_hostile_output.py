"""`report` and `summary` never lose the user's files, never crash on dates or long names, never go quadratic.

Issue 7: items 1 (output folder), 2 (notes and --draft listings) and 5 (ZIP dates, long unit names).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument

from shuili_cli.core.outputs import atomic
from shuili_cli.core.outputs.atomic import MANIFEST, write_files
from shuili_cli.core.outputs.report import MAX_NAME_BYTES, shorten, zip_time
from tests.conftest import run_cli
from tests.test_figures import FIXTURE

MAY = {"测试县水利局-2023年5月-月报表.xlsx", "figures.json", "测试县水利局-2023年5月-工作总结.md",
       "测试县水利局-2023年5月-工作总结.docx"}
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file semantics")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    return root


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(["--today", "2024-01-15", "report", "--month", "2023-05", *args], capsys)


def _summary(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(["--today", "2024-01-15", "summary", "--year", "2023", *args], capsys)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _visible(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


# ------------------------------------------------------------------ item 1: the user's files are kept


def test_rerun_keeps_the_users_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _report(capsys, "--repo", str(repo))[0] == 0
    folder = repo / "reports" / "2023-05"
    stamped, edited = folder / "盖章版.pdf", folder / "工作总结-局长修改版.docx"
    stamped.write_bytes(b"%PDF-1.7 stamped")
    edited.write_bytes(b"PK edited by the director")
    before = json.loads((folder / "figures.json").read_text(encoding="utf-8"))["figures"]
    # an enterprise corrects its data: H1 was found in April, not in May
    hazards = repo / "enterprises/e1/hazards/2023.yaml"
    hazards.write_text(hazards.read_text(encoding="utf-8").replace("{id: H1, found_on: 2023-05-02",
                                                                   "{id: H1, found_on: 2023-04-28"), encoding="utf-8")
    code, _, err = _report(capsys, "--repo", str(repo))
    assert code == 0, err
    after = json.loads((folder / "figures.json").read_text(encoding="utf-8"))["figures"]
    assert after["a1.three_lists.self_found"] == before["a1.three_lists.self_found"] - 1   # the new figures
    assert stamped.read_bytes() == b"%PDF-1.7 stamped" and edited.read_bytes() == b"PK edited by the director"
    assert _visible(folder) == MAY | {"盖章版.pdf", "工作总结-局长修改版.docx"}


def test_summary_keeps_the_users_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "reports" / "2023-年度"
    folder.mkdir(parents=True)
    (folder / "年度总结-定稿.docx").write_bytes(b"final")
    code, _, err = _summary(capsys, "--repo", str(repo))
    assert code == 0, err
    assert (folder / "年度总结-定稿.docx").read_bytes() == b"final" and len(_visible(folder)) == 6


def test_default_output_is_reports_at_the_repository_root(repo: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "enterprises" / "e1")
    assert _report(capsys)[0] == 0
    assert _summary(capsys)[0] == 0
    assert _visible(repo / "reports" / "2023-05") == MAY
    assert (repo / "reports" / "2023-年度").is_dir()
    assert not (repo / "enterprises" / "e1" / "reports").exists()


def test_relative_out_is_relative_to_the_current_folder(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert _report(capsys, "--repo", str(repo), "--out", "out", "--format", "xlsx")[0] == 0
    assert (tmp_path / "work" / "out" / "2023-05" / "figures.json").is_file()


def _link(repo: Path, tmp_path: Path) -> str:
    (tmp_path / "elsewhere").symlink_to(repo / "enterprises", target_is_directory=True)
    return str(tmp_path / "elsewhere")


@pytest.mark.parametrize("command", [_report, _summary])
@pytest.mark.parametrize(("out", "inside"), [
    (lambda repo, tmp: "enterprises", "enterprises"),
    (lambda repo, tmp: "bureau/notes", "bureau"),
    (lambda repo, tmp: "reports/../enterprises/e1/..", "enterprises"),
    (lambda repo, tmp: str(repo / "bureau"), "bureau"),
    pytest.param(_link, "enterprises", marks=POSIX),
])
def test_out_inside_the_data_is_a_usage_error(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch, command: Callable[..., tuple[int, str, str]],
                                              out: Callable[[Path, Path], str], inside: str) -> None:
    # a valid enterprise whose id is "2023-05" (versions before 0.2 replaced its folder with the reports)
    (repo / "enterprises" / "e4").rename(repo / "enterprises" / "2023-05")
    for rel, old, new in (("enterprises/2023-05/enterprise.yaml", "id: e4", 'id: "2023-05"'),
                          ("bureau/assessments.yaml", "enterprise: e4,", 'enterprise: "2023-05",')):
        (repo / rel).write_text((repo / rel).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    data = {name: _tree(repo / name) for name in ("enterprises", "bureau")}
    monkeypatch.chdir(repo)
    code, _, err = command(capsys, "--out", out(repo, tmp_path))
    assert code == 2
    assert f"在数据仓库的 {inside}/ 文件夹里" in err and "默认写入仓库根目录下的 reports/" in err
    assert {name: _tree(repo / name) for name in ("enterprises", "bureau")} == data


@POSIX
def test_output_folder_linked_into_the_data_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A pull request could commit reports/2023-05 as a link into enterprises/."""
    (repo / "reports").mkdir()
    (repo / "reports" / "2023-05").symlink_to(repo / "enterprises" / "e1", target_is_directory=True)
    before = _tree(repo / "enterprises")
    code, _, err = _report(capsys, "--repo", str(repo))
    assert code == 2 and "2023-05”指向数据仓库的 enterprises/ 文件夹（经由符号链接）" in err and "请删除这个链接" in err
    assert _tree(repo / "enterprises") == before


@POSIX
def test_leftovers_of_a_killed_run_are_removed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "reports" / "2023-05"
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from shuili_cli.core.outputs import atomic\n"
        "atomic.os.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)\n"
        "atomic.write_files(Path(sys.argv[1]), {'a.xlsx': b'x' * 1000, 'figures.json': b'{}'})\n"
    ), str(folder)], capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert len([p for p in folder.iterdir() if p.name.startswith(".shuili-tmp-")]) == 2
    old_style = repo / "reports" / ".2023-05.tmp-k1ll3d"   # what versions before 0.2 left behind
    old_style.mkdir()
    (old_style / "figures.json").write_bytes(b"{}")
    (folder / ".keep").write_bytes(b"the user's own hidden file")
    assert _report(capsys, "--repo", str(repo), "--format", "xlsx")[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == [".keep", MANIFEST, "figures.json", "测试县水利局-2023年5月-月报表.xlsx"]
    assert sorted(p.name for p in (repo / "reports").iterdir()) == ["2023-05"]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_files_of_an_earlier_run_go_only_if_unchanged(tmp_path: Path) -> None:
    """Unit renamed: the old names are deleted when the manifest lists them and nobody changed them."""
    folder = tmp_path / "2023-05"
    write_files(folder, {"旧名-月报表.xlsx": b"old book", "旧名-工作总结.docx": b"old doc", "figures.json": b"1"})
    (folder / "旧名-工作总结.docx").write_bytes(b"edited by the user")
    write_files(folder, {"新名-月报表.xlsx": b"new book", "figures.json": b"2"})
    assert _visible(folder) == {"新名-月报表.xlsx", "旧名-工作总结.docx", "figures.json"}
    assert (folder / "旧名-工作总结.docx").read_bytes() == b"edited by the user"
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"] == {"新名-月报表.xlsx": {"bytes": 8, "sha256": _digest(b"new book")},
                                 "figures.json": {"bytes": 1, "sha256": _digest(b"2")}}


def test_files_no_manifest_lists_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "2023-05"
    write_files(folder, {"旧名-月报表.xlsx": b"old book"})
    (folder / MANIFEST).unlink()   # as written by shuili before the manifest existed
    write_files(folder, {"新名-月报表.xlsx": b"new book"})
    assert _visible(folder) == {"旧名-月报表.xlsx", "新名-月报表.xlsx"}


@pytest.mark.parametrize("entry", ["../victim.txt", ".hidden", "sub/victim.txt", "victim.txt"])
def test_a_forged_manifest_deletes_nothing(tmp_path: Path, entry: str) -> None:
    folder = tmp_path / "out" / "2023-05"
    folder.mkdir(parents=True)
    for path in (tmp_path / "out" / "victim.txt", folder / ".hidden", folder / "victim.txt"):
        path.write_bytes(b"precious")
    forged = {"files": {entry: {"bytes": 8, "sha256": _digest(b"precious")}}}
    if entry == "victim.txt":
        forged["files"]["x"] = {"bytes": "8", "sha256": "not a digest"}   # one bad entry spoils the manifest
    (folder / MANIFEST).write_text(json.dumps(forged), encoding="utf-8")
    write_files(folder, {"figures.json": b"{}"})
    assert (tmp_path / "out" / "victim.txt").read_bytes() == b"precious"
    assert (folder / ".hidden").read_bytes() == b"precious" and (folder / "victim.txt").read_bytes() == b"precious"


@POSIX
def test_a_link_in_place_of_a_stale_file_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "2023-05"
    write_files(folder, {"旧名-月报表.xlsx": b"old book"})
    target = tmp_path / "elsewhere.xlsx"
    target.write_bytes(b"old book")
    (folder / "旧名-月报表.xlsx").unlink()
    (folder / "旧名-月报表.xlsx").symlink_to(target)
    write_files(folder, {"新名-月报表.xlsx": b"new"})
    assert (folder / "旧名-月报表.xlsx").is_symlink() and target.read_bytes() == b"old book"


def test_a_failed_write_replaces_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All temporary files are complete before the first rename: a failure leaves the last run's set."""
    folder = tmp_path / "2023-05"
    first = {"a.xlsx": b"1", "b.docx": b"1", "figures.json": b"1"}
    write_files(folder, first)
    real, calls = atomic._write_temp, []

    def failing(where: Path, data: bytes) -> Path:
        calls.append(data)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(where, data)

    monkeypatch.setattr(atomic, "_write_temp", failing)
    with pytest.raises(OSError):
        write_files(folder, {"a.xlsx": b"2", "b.docx": b"2", "figures.json": b"2"})
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name != MANIFEST} == first


def test_a_folder_named_like_an_output_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "reports" / "2023-05" / "figures.json").mkdir(parents=True)
    code, _, err = _report(capsys, "--repo", str(repo))
    assert code == 2 and "已有同名文件夹“figures.json”" in err
    assert [p.name for p in (repo / "reports" / "2023-05").iterdir()] == ["figures.json"]   # no temporary files


@POSIX
def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_files(tmp_path / "2023-05", {"figures.json": b"{}"})
    finally:
        os.umask(mask)
    assert (tmp_path / "2023-05" / "figures.json").stat().st_mode & 0o777 == 0o644


@POSIX
def test_one_run_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    folder = tmp_path / "2023-05"
    folder.mkdir()
    monkeypatch.setattr(atomic, "LOCK_WAIT_SECONDS", 0.2)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(BlockingIOError) as exc:
            write_files(folder, {"figures.json": b"{}"})
        assert exc.value.strerror == "另一个 shuili 进程正在写入这个文件夹；请等它结束后再运行"
    finally:
        os.close(fd)
    assert list(folder.iterdir()) == []
    write_files(folder, {"figures.json": b"{}"})
    assert (folder / "figures.json").read_bytes() == b"{}"


# ------------------------------------------------------------------ item 5: long unit names


def _rename_unit(repo: Path, name: str) -> None:
    settings = repo / "shuili.yaml"
    text = settings.read_text(encoding="utf-8").replace("name: 测试县水利局", f"name: {name}")
    settings.write_text(text.replace("region: 测试县", f"region: {name}"), encoding="utf-8")


@pytest.mark.parametrize(("command", "folder"), [(_report, "2023-05"), (_summary, "2023-年度")])
def test_long_unit_name_gives_short_distinct_file_names(repo: Path, capsys: pytest.CaptureFixture[str],
                                                        command: Callable[..., tuple[int, str, str]], folder: str) -> None:
    unit = "a" + "清溪县水利局" * 40   # 721 bytes of UTF-8; the odd "a" puts the cut inside a character
    _rename_unit(repo, unit)
    code, _, err = command(capsys, "--repo", str(repo))
    assert code == 0, err
    names = _visible(repo / "reports" / folder) - {"figures.json"}
    assert len(names) == (4 if folder == "2023-年度" else 3)   # the year-end package adds its 年度图表.html
    digest = hashlib.sha256(unit.encode("utf-8")).hexdigest()[:8]
    prefixes = set()
    for name in names:
        assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
        head, tail = name.split(f"…{digest}-", 1)
        assert unit.startswith(head) and len(head) > 60
        assert tail.startswith("2023年")  # the month / year part and the suffix are kept whole
        prefixes.add(head)
    assert len(prefixes) == 1   # the three files of one run share one shortened unit name
    longest = max(names, key=lambda n: len(n.encode("utf-8")))
    assert len(longest.encode("utf-8")) > MAX_NAME_BYTES - 3   # as long as allowed, not shorter
    [word] = (repo / "reports" / folder).glob("*.docx")
    title = docx.Document(str(word)).core_properties.title   # the 标题 property is cut too (python-docx: ≤ 255)
    assert len(title) == 255 and title.endswith("…") and title.startswith(unit)


def test_shorten_cuts_whole_characters_and_stays_unique() -> None:
    text = "a" + "水" * 100
    for budget in range(12, 40):
        short = shorten(text, budget)
        assert len(short.encode("utf-8")) <= budget
        head = short.rsplit("…", 1)[0]
        assert text.startswith(head) and len(head.encode("utf-8")) > budget - 15
    assert shorten(text, 400) == text
    assert shorten(text, 30) != shorten(text[:-1] + "火", 30)   # same beginning, different names


def test_file_names_hold_no_separators_controls_or_bidi() -> None:
    from shuili_cli.core.figures.figures import Period
    from shuili_cli.core.model.bureau import Settings, Unit
    from shuili_cli.core.outputs.report import annual_names, output_names

    unit = Unit.model_construct(name=".局/..\\水\u202egpj.exe\x1b[31m\x9b\u200b\ud800\u2028:*?", type="县（市、区）", region="x")
    settings = Settings.model_construct(unit=unit)
    names = output_names(settings, Period(2023, 5))
    assert names.workbook == "_局_.._水_gpj.exe_[31m_______-2023年5月-月报表.xlsx"
    assert annual_names(settings, Period(2023, 12, ytd=True)).summary_md.startswith("_局_.._水_gpj.exe_[31m")
    assert output_names(None, Period(2023, 5)).workbook == "shuili-2023年5月-月报表.xlsx"


# ------------------------------------------------------------------ item 5: fill dates outside ZIP's years


@pytest.mark.parametrize(("day", "stamp"), [
    ("2108-01-01", (2107, 12, 31, 23, 59, 58)),
    ("1979-12-31", (1980, 1, 1, 0, 0, 0)),
])
@pytest.mark.parametrize(("command", "folder"), [(_report, "2023-05"), (_summary, "2023-年度")])
def test_fill_dates_outside_the_zip_years(repo: Path, capsys: pytest.CaptureFixture[str], day: str,
                                          stamp: tuple[int, ...], command: Callable[..., tuple[int, str, str]],
                                          folder: str) -> None:
    from openpyxl import load_workbook

    code, _, err = command(capsys, "--repo", str(repo), "--date", day)
    assert code == 0, err
    d = date.fromisoformat(day)
    shown = f"{d.year}年{d.month}月{d.day}日"
    out = repo / "reports" / folder
    [book] = out.glob("*.xlsx")
    [word] = out.glob("*.docx")
    assert load_workbook(book)["附件1"]["A4"].value.endswith(shown)   # the fill date asked for (row 3: the period)
    assert shown in [p.text for p in docx.Document(str(word)).paragraphs]
    assert json.loads((out / "figures.json").read_text(encoding="utf-8"))["generated_on"] == day
    for path in (book, word):
        with zipfile.ZipFile(path) as z:
            assert {i.date_time for i in z.infolist()} == {stamp}   # only the ZIP entry times are moved
            assert f"{day}T00:00:00Z" in z.read("docProps/core.xml").decode("utf-8")


def test_zip_time_is_midnight_inside_the_range() -> None:
    assert zip_time(date(2023, 6, 2)) == (2023, 6, 2, 0, 0, 0)
    assert zip_time(date(1980, 1, 1)) == (1980, 1, 1, 0, 0, 0)
    assert zip_time(date(2107, 12, 31)) == (2107, 12, 31, 0, 0, 0)
    assert zip_time(date(1900, 1, 1)) == (1980, 1, 1, 0, 0, 0)
    assert zip_time(date(2200, 12, 31)) == (2107, 12, 31, 23, 59, 58)


# ------------------------------------------------------------------ item 2: linear in notes and findings


def _timed(fn: Callable[[], object]) -> float:
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def test_a_paragraph_costs_the_same_in_a_long_document() -> None:
    """Every line of bureau/notes and every --draft finding is a paragraph of the 工作总结.

    python-docx's add_paragraph scans the whole body for its end, so 150,000 lines of notes ran for
    minutes. Adding 2,000 paragraphs to a document of 40,000 must cost about what it costs in an
    empty one (a scan of the body makes it 10-20 times as much).
    """
    from shuili_cli.render import docx_style as style

    big = style.new_document()
    for _ in range(40_000):
        style.para(big, "")

    def add(doc: DocxDocument) -> Callable[[], object]:
        return lambda: [style.para(doc, "") for _ in range(2_000)]

    small = min(_timed(add(style.new_document())) for _ in range(3))
    large = min(_timed(add(big)) for _ in range(3))
    assert large < 5 * small, (small, large)


def _report_peak_mb(root: Path, out: Path) -> float:
    """Peak RSS (MB) of ``shuili report --month 2023-05`` on ``root`` in a fresh process."""
    import re

    from tests.test_hostile_yaml import _CHILD

    env = {**os.environ, "SHUILI_CACHE_DIR": str(out / "cache")}
    proc = subprocess.run([sys.executable, "-c", _CHILD, "--today", "2024-01-15", "report", "--month", "2023-05",
                           "--repo", str(root), "--out", str(out)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    [peak] = re.findall(r"PEAK-KB (\d+)", proc.stderr)
    return int(peak) / 1024


def test_a_one_megabyte_notes_file_keeps_report_memory_bounded(tmp_path: Path) -> None:
    """1 MB of one-letter note paragraphs took 870 MB (10 XML nodes and their python-docx
    bookkeeping per paragraph); any 1 MB file must stay under 400 MB. Measured against the same
    report with a one-line notes file, in the same test."""
    pytest.importorskip("resource")
    root = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data-template", root)
    notes = root / "bureau" / "notes" / "2023-05.md"
    notes.write_text("本月无补充。\n", encoding="utf-8")
    small = _report_peak_mb(root, tmp_path / "out-small")
    notes.write_text("x\n\n" * 349_525, encoding="utf-8")   # 1 MB, 349,525 paragraphs
    big = _report_peak_mb(root, tmp_path / "out-big")
    assert big - small < 330, (small, big)
    docx_file = next((tmp_path / "out-big" / "2023-05").glob("*.docx"))
    with zipfile.ZipFile(docx_file) as z:
        assert z.read("word/document.xml").count(b"<w:t>x</w:t>") == 349_525   # every paragraph is there


def test_notes_reach_the_document_whole() -> None:
    from shuili_cli.render import docx_style as style

    doc = style.new_document()
    style.notes(doc, "\n\n".join(f"## 第{i}段\n- **要点**{i}" for i in range(3_000)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == ["## 第0段\n- **要点**0", "## 第1段\n- **要点**1"] and len(texts) == 3_000
    assert doc.element.body[-1].tag.endswith("}sectPr")   # the section properties stay last


def test_draft_listing_in_the_workbook_grows_linearly() -> None:
    """8 times the findings of a --draft report cost well under 12 times the time (n² was ~20 times)."""
    from openpyxl import load_workbook

    from shuili_cli.core.figures.catalogue import forms, key_index
    from shuili_cli.render.xlsx import build_workbook

    values: dict[str, int] = dict.fromkeys(key_index(), 0)

    def book(n: int) -> bytes:
        return build_workbook(forms(), values, unit_name="x", unit_type="县（市、区）", region="r", reporter="",
                              phone="", fill_date=date(2023, 6, 2), draft=[f"SL401 a.yaml:{i}:1 错误" for i in range(n)])

    small = min(_timed(lambda: book(600)) for _ in range(2))
    large = _timed(lambda: book(4_800))
    assert large < 12 * small, (small, large)
    ws = load_workbook(BytesIO(book(3)))["附件1"]
    listed = [str(c.value) for row in ws.iter_rows() for c in row if str(c.value).startswith("SL401")]
    assert listed == ["SL401 a.yaml:0:1 错误", "SL401 a.yaml:1:1 错误", "SL401 a.yaml:2:1 错误"]
    assert all(any(r.min_row == r.max_row and ws.cell(r.min_row, 1).value == text for r in ws.merged_cells.ranges)
               for text in listed)   # each still merged across the table, as before


def test_written_paths_stay_on_one_line(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A CI log is read at 80 columns or fewer: a written path cut in two cannot be copied."""
    monkeypatch.setenv("COLUMNS", "40")
    out_dir = tmp_path / "a-rather-long-folder-name-for-the-bureau-reports"
    code, out, err = _report(capsys, "--repo", str(repo), "--out", str(out_dir))
    assert code == 0, err
    written = [line.strip() for line in out.splitlines() if line.strip().startswith(str(out_dir))]
    assert len(written) == 4 and all(Path(p).is_file() for p in written), out
