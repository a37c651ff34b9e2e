"""The one atomic writer (core/source/atomic_file.py) and the four places that use it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from shuili_cli.core.source import atomic_file
from shuili_cli.core.source.atomic_file import TargetIsALink, write_atomic, write_temp

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="modes and links are POSIX")


def test_writes_the_content_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.txt", "水利 1.50\n")
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "a.txt").read_bytes() == "水利 1.50\n".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.bin"]


def test_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old and longer")
    write_atomic(target, b"new", fsync=False)
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_a_failed_write_leaves_the_target_and_no_temporary_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"before")

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"after")
    assert target.read_bytes() == b"before"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_a_failure_while_writing_the_temporary_file_removes_it(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic_file.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output"):
        write_atomic(tmp_path / "a.txt", b"data")
    assert os.listdir(tmp_path) == []


def test_a_folder_at_the_target_is_refused_and_cleaned_up(tmp_path: Path) -> None:
    (tmp_path / "a.txt").mkdir()
    with pytest.raises(OSError):
        write_atomic(tmp_path / "a.txt", b"data")
    assert os.listdir(tmp_path) == ["a.txt"] and (tmp_path / "a.txt").is_dir()


@posix_only
@pytest.mark.parametrize(("umask", "mode", "expected"), [(0o022, 0o666, 0o644), (0o077, 0o666, 0o600),
                                                         (0o002, 0o666, 0o664), (0o022, 0o600, 0o600)])
def test_the_mode_respects_the_umask(tmp_path: Path, umask: int, mode: int, expected: int) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "a.txt", b"x", mode=mode)
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == expected


@posix_only
@pytest.mark.parametrize("dangling", [False, True])
def test_a_link_at_the_target_is_refused_not_followed_nor_replaced(tmp_path: Path, dangling: bool) -> None:
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_bytes(b"keep me")
    (tmp_path / "link").symlink_to(victim)
    with pytest.raises(TargetIsALink) as caught:
        write_atomic(tmp_path / "link", b"overwritten")
    assert isinstance(caught.value, OSError) and caught.value.filename == str(tmp_path / "link")
    assert "符号链接" in str(caught.value.strerror)
    assert (tmp_path / "link").is_symlink()
    assert victim.exists() != dangling and (dangling or victim.read_bytes() == b"keep me")
    assert sorted(os.listdir(tmp_path)) == sorted(["link", *([] if dangling else ["victim.txt"])])


def test_write_temp_names_and_keeps_the_file(tmp_path: Path) -> None:
    path = write_temp(tmp_path, b"abc", prefix=".p-", suffix=".tmp", fsync=False)
    assert path.parent == tmp_path and path.name.startswith(".p-") and path.name.endswith(".tmp")
    assert path.read_bytes() == b"abc"


def test_the_four_writers_use_the_one_primitive() -> None:
    """cache, init, schema and the report folders: none keeps a writer of its own."""
    src = Path(__file__).resolve().parent.parent / "src" / "shuili_cli" / "core"
    for rel, name in (("source/cache.py", "write_atomic"), ("init.py", "write_atomic"),
                      ("schema.py", "atomic_file"), ("outputs/atomic.py", "write_temp")):
        text = (src / rel).read_text(encoding="utf-8")
        assert name in text, rel
        assert "mkstemp" not in text and "os.fdopen" not in text and "O_CREAT" not in text, rel


def test_the_schema_writer_creates_the_folder(tmp_path: Path) -> None:
    from shuili_cli.core.schema import write_atomic as schema_write

    schema_write(tmp_path / "new" / "x.schema.json", "{}\n")
    assert (tmp_path / "new" / "x.schema.json").read_text(encoding="utf-8") == "{}\n"
    assert os.listdir(tmp_path / "new") == ["x.schema.json"]


@posix_only
def test_the_cache_writes_private_files_and_turns_itself_off_when_it_cannot(tmp_path: Path) -> None:
    from shuili_cli.core.source.cache import ResultCache

    store = ResultCache(tmp_path / "cache")
    key = "ab" + "0" * 38
    store.put(key, ("value", 1))
    entry = tmp_path / "cache" / "v1" / "ab" / key
    assert store.enabled and store.get(key) == ("value", 1)
    assert entry.stat().st_mode & 0o777 == 0o600
    assert os.listdir(entry.parent) == [key]
    # a link where an entry goes: refused (an OSError), so the cache turns itself off
    other = "ab" + "1" * 38
    (entry.parent / other).symlink_to(tmp_path / "victim")
    store.put(other, "x")
    assert not store.enabled and not (tmp_path / "victim").exists()
    assert sorted(os.listdir(entry.parent)) == sorted([key, other])
