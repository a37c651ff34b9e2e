"""Hostile files, folders and environments: each is a located finding (1) or a usage error (2), never a crash (3).

Covers ``shuili.yaml`` read bounded and never through a link, folders that cannot be
listed, names that are not UTF-8, and the console run when standard output or error
cannot be written or the locale is ASCII. The console cases run real processes
(``python -m shuili_cli``), since they depend on the process's own streams.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from shuili_cli.core.source import layout, pipeline, yamlio
from shuili_cli.core.source.loader import load
from tests.conftest import MakeRepo, run_cli
from tests.test_loader import HAZARDS, TODAY

BAD = HAZARDS.replace("deadline: 2023-05-08", "deadline: 2023-05-01")  # SL401 at line 2


def lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": 错误 " in line or ": 警告 " in line]


def shuili(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """``python -m shuili_cli ARGS`` in a process of its own; output as bytes."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "shuili_cli", *args], timeout=120, check=False, **kwargs)


# --------------------------------------------------------------- shuili.yaml


@pytest.fixture
def settings_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every open and every parse of a file named shuili.yaml, by any route."""
    seen: list[str] = []
    real_os_open, real_io_open = os.open, io.open
    real_parse = yamlio.parse_text

    def os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("shuili.yaml"):
            seen.append("open")
        return real_os_open(path, *args, **kwargs)

    def io_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path).endswith("shuili.yaml"):
            seen.append("open")
        return real_io_open(path, *args, **kwargs)

    def parse(text: str, rel: str) -> Any:
        if rel == "shuili.yaml":
            seen.append("parse")
        return real_parse(text, rel)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr(yamlio, "parse_text", parse)
    monkeypatch.setattr(pipeline, "parse_text", parse)
    return seen


def test_an_oversize_settings_file_is_a_finding_and_never_parsed(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], settings_reads: list[str]) -> None:
    """Without --today (the CI case) "today" needs the time zone: 25 MB took 15 s and 1.5 GB."""
    from tests.conftest import SETTINGS

    repo = make_repo()
    (repo / "shuili.yaml").write_text(SETTINGS + "#" + "x" * 11 * 1024 * 1024 + "\n", encoding="utf-8")
    settings_reads.clear()
    code, out, err = run_cli(["validate", "--repo", str(repo)], capsys)
    assert code == 1, err
    assert lines(out) == ["shuili.yaml:1:1: 错误 SL006 文件大小 11.0 MB 超过上限 10 MB，未读取；"
                          "设置文件通常只有几 KB，请检查是否误存了其他内容"]
    assert settings_reads.count("parse") == 0
    assert settings_reads.count("open") == 1  # opened once, and refused from fstat before reading


@pytest.mark.parametrize("how", ["--repo", "cwd"])
def test_a_symlinked_settings_file_is_never_read(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch, settings_reads: list[str],
                                                 how: str) -> None:
    from tests.conftest import SETTINGS

    repo = make_repo()
    (repo / "shuili.yaml").unlink()
    (repo.parent / "elsewhere.yaml").write_text(SETTINGS + "timezone: Asia/Tokyo\n", encoding="utf-8")
    (repo / "shuili.yaml").symlink_to(repo.parent / "elsewhere.yaml")
    monkeypatch.chdir(repo / "enterprises" / "a")
    code, out, err = run_cli(["validate", *(["--repo", str(repo)] if how == "--repo" else [])], capsys)
    assert code == 1, err
    assert lines(out) == ["shuili.yaml:1:1: 错误 SL007 “shuili.yaml”是符号链接，不会被读取；请换成真实的文件"]
    assert "parse" not in settings_reads


def test_a_dangling_settings_link_marks_the_repository_and_is_a_finding(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo()
    (repo / "shuili.yaml").unlink()
    (repo / "shuili.yaml").symlink_to(repo / "gone.yaml")
    code, out, _ = run_cli(["validate", "--repo", str(repo)], capsys)
    assert code == 1 and [line.split()[2] for line in lines(out)] == ["SL007"]


def test_the_settings_file_is_read_once_per_run(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                                settings_reads: list[str]) -> None:
    """The time zone and the loader share one bounded read (three unbounded reads before)."""
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    for _ in range(2):  # the second run is answered from the cache
        settings_reads.clear()
        code, out, err = run_cli(["validate", "--repo", str(repo)], capsys)
        assert code == 0, out + err
        assert settings_reads.count("open") == 1
        assert settings_reads.count("parse") == 2  # once for the time zone, once validated


def test_a_settings_file_changed_between_reads_is_read_again(make_repo: MakeRepo) -> None:
    from tests.conftest import SETTINGS

    repo = make_repo()
    layout.read_settings(repo, keep=True)
    (repo / "shuili.yaml").write_text(SETTINGS + "limits: {max_file_mb: 0}\n", encoding="utf-8")
    assert [f.code for f in load(repo, today=TODAY).findings] == ["SL205"]


# ------------------------------------------------------- folders and names


def test_an_empty_folder_with_a_chinese_name_is_located(make_repo: MakeRepo,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """It used to reach read_bytes as a file: IsADirectoryError, exit 3."""
    repo = make_repo()
    (repo / "enterprises" / "水库").mkdir()
    code, out, err = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
    assert code == 1, err
    assert [line.split(" 错误 ")[0] + " " + line.split()[2] for line in lines(out)] == [
        "enterprises/水库:1:1: SL103", "enterprises/水库:1:1: SL104"]


def test_read_bytes_refuses_a_folder(tmp_path: Path) -> None:
    raw, bad = pipeline.read_bytes(tmp_path, "x", 100)
    assert raw is None and bad is not None
    assert (bad.code, bad.message) == ("SL014", "“x”是文件夹，不是文件，不会被读取；请检查文件夹的名字或位置")


@pytest.mark.parametrize("cache", [True, False])
def test_a_name_that_is_not_utf8_is_reported_safely(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                                    cache: bool) -> None:
    repo = make_repo({"enterprises/a/hazards/2023.yaml": BAD})
    (repo / "enterprises" / "a" / "hazards" / os.fsdecode(b"a\xff.yaml")).write_bytes(HAZARDS.encode())
    (repo / "enterprises" / os.fsdecode(b"\xd2\xfe")).mkdir()  # GBK bytes
    args = ["--today", "2024-01-15", "validate", "--repo", str(repo), *([] if cache else ["--no-cache"])]
    for _ in range(2 if cache else 1):  # the second run answers from the cache
        code, out, err = run_cli(args, capsys)
        assert code == 1, err
        assert lines(out) == [
            "enterprises/\\xd2\\xfe:1:1: 错误 SL002 “\\xd2\\xfe”的名字不是 UTF-8 编码，不会被读取；"
            "请用 UTF-8 编码的名字重新命名（例如 convmv -f gbk -t utf-8 --notest 文件名）",
            "enterprises/a/hazards/2023.yaml:2:106: 错误 SL401 deadline（2023-05-01）应不早于 found_on（2023-05-04）；"
            "请核对这两个日期",
            "enterprises/a/hazards/a\\xff.yaml:1:1: 错误 SL002 “a\\xff.yaml”的名字不是 UTF-8 编码，不会被读取；"
            "请用 UTF-8 编码的名字重新命名（例如 convmv -f gbk -t utf-8 --notest 文件名）",
        ]
    code, out, _ = run_cli([*args, "--format", "json"], capsys)
    assert code == 1 and '"file": "enterprises/a/hazards/a\\\\xff.yaml"' in out


def _unlistable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """``folder`` cannot be listed, as under chmod 000 for a user other than root."""
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_hazards_folder_is_an_error(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """It counted as empty: validation passed and the figures lost its hazards."""
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    _unlistable(monkeypatch, repo / "enterprises" / "a" / "hazards")
    code, out, err = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
    assert code == 1, err
    assert lines(out) == ["enterprises/a/hazards:1:1: 错误 SL014 无法读取文件夹“enterprises/a/hazards”"
                          "（Permission denied），其中的记录不会被统计；请检查文件夹权限（chmod 755），或重新检出仓库"]
    assert load(repo, today=TODAY).repo.enterprises["a"].incomplete == {"hazards"}


def test_an_unreadable_enterprise_folder_is_one_error(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(enterprises=("a", "b"))
    _unlistable(monkeypatch, repo / "enterprises" / "b")
    result = load(repo, today=TODAY)
    assert [(f.code, f.file) for f in result.findings] == [("SL014", "enterprises/b")]  # not also "no enterprise.yaml"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a chmod 000 folder")
def test_a_chmod_000_folder_is_an_error(make_repo: MakeRepo) -> None:
    repo = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    folder = repo / "enterprises" / "a" / "hazards"
    folder.chmod(0)
    try:
        assert [(f.code, f.file) for f in load(repo, today=TODAY).findings] == [("SL014", "enterprises/a/hazards")]
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("what", ["missing", "a file"])
def test_no_enterprises_folder_is_a_warning(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                            what: str) -> None:
    repo = make_repo(enterprises=())
    if what == "a file":
        (repo / "enterprises").write_text("", encoding="utf-8")
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(repo)], capsys)
    assert code == 0 and [line.split()[:3] for line in lines(out)] == [["enterprises:1:1:", "警告", "SL105"]]
    assert ("enterprises 是文件，不是文件夹" in out) == (what == "a file")
    assert run_cli(["--today", "2024-01-15", "validate", "--strict", "--repo", str(repo)], capsys)[0] == 1


# ------------------------------------------------------------- the console


@pytest.fixture
def clean_repo(make_repo: MakeRepo) -> Path:
    return make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS}, name="仓库")


def test_closed_stdout_is_a_usage_error(clean_repo: Path) -> None:
    r = shuili(["validate", "--repo", str(clean_repo)], stdout=None, preexec_fn=lambda: os.close(1))
    assert r.returncode == 2
    assert r.stderr.decode() == ("用法错误：无法写出到标准输出（标准输出已关闭）；"
                                 "请检查输出重定向（是否已关闭、磁盘是否已满、管道另一端是否已退出）\n")


@pytest.mark.parametrize("args", [["validate"], ["--help"], ["--today", "2024-01-15", "report", "--month", "2023-05"]])
def test_a_full_disk_under_stdout_is_a_usage_error(clean_repo: Path, tmp_path: Path, args: list[str]) -> None:
    """``validate`` writes through ``out``; ``--help`` and the report summary through rich."""
    extra = [] if args == ["--help"] else ["--repo", str(clean_repo)]
    if "report" in args:
        extra += ["--out", str(tmp_path / "out")]
    with open("/dev/full", "w") as full:
        r = shuili([*args, *extra], stdout=full)
    assert r.returncode == 2, r.stderr.decode()
    assert "用法错误：无法写出到标准输出（设备上没有空间）" in r.stderr.decode()


@pytest.mark.parametrize("args", [["--help"], ["explain", "--list"]])
def test_a_closed_pipe_ends_quietly_not_as_a_data_error(args: list[str]) -> None:
    """``shuili explain --list | head``: like Unix tools, no message and 141 (128 + SIGPIPE), never
    click's 1 (the code for bad data) nor a usage error."""
    proc = subprocess.Popen([sys.executable, "-m", "shuili_cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the child has written anything
    err = proc.stderr.read().decode()
    assert (proc.wait(timeout=120), err) == (141, "")


@pytest.mark.parametrize("stderr", ["closed", "/dev/full"])
def test_an_unwritable_stderr_keeps_the_exit_code(tmp_path: Path, stderr: str) -> None:
    """A usage error stays 2 (it became 1 when the message could not be printed)."""
    args = ["validate", "--repo", str(tmp_path / "nowhere")]
    if stderr == "closed":
        r = shuili(args, stderr=None, preexec_fn=lambda: os.close(2))
    else:
        with open("/dev/full", "w") as full:
            r = shuili(args, stderr=full)
    assert r.returncode == 2 and r.stdout == b""


def test_an_ascii_locale_reads_and_writes_chinese(clean_repo: Path, tmp_path: Path) -> None:
    """PYTHONUTF8=0 LC_ALL=C: Chinese paths, file names, arguments and messages all work."""
    (clean_repo / "enterprises" / "a" / "说明.docx").write_bytes(b"")
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0"}
    env.pop("PYTHONIOENCODING", None)
    r = shuili(["--today", "2024-01-15", "validate", "--repo", str(clean_repo)], env=env)
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    assert out.startswith("enterprises/a/说明.docx:1:1: 警告 SL102 ")
    r = shuili(["--today", "2024-01-15", "validate", "--strict", "enterprises/a/说明.docx"], env=env, cwd=clean_repo)
    assert r.returncode == 1 and "说明.docx" in r.stdout.decode("utf-8")
    r = shuili(["--today", "2024-01-15", "report", "--month", "2023-05", "--repo", str(clean_repo),
                "--out", str(tmp_path / "输出")], env=env)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    assert "已写入" in r.stdout.decode("utf-8")
    assert (tmp_path / "输出" / "2023-05" / "测试县水利局-2023年5月-月报表.xlsx").is_file()
    r = shuili(["validate", "--repo", str(tmp_path / "不存在")], env=env)
    assert r.returncode == 2 and r.stderr.decode("utf-8").startswith(f"用法错误：--repo 的目录“{tmp_path / '不存在'}”不存在；")


def test_a_name_that_is_not_utf8_prints_in_a_real_process(clean_repo: Path) -> None:
    (clean_repo / "enterprises" / "a" / os.fsdecode(b"\xff.yaml")).write_bytes(b"")
    for _ in range(2):  # with the cache filled
        r = shuili(["--today", "2024-01-15", "validate", "--repo", str(clean_repo)])
        assert r.returncode == 1, r.stderr.decode()
        assert r.stdout.decode("utf-8").startswith("enterprises/a/\\xff.yaml:1:1: 错误 SL002 ")
