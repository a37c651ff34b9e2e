"""Writing edited files into the repository (core/edit/write.py): atomic, never through a link."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from shuili_cli.core.edit import EditError, write_files


def _refused(root: Path, files: dict[str, bytes]) -> str:
    with pytest.raises(EditError) as info:
        write_files(root, files)
    assert (info.value.line, info.value.column) == (0, 0)
    return info.value.message


def test_writes_files_and_makes_missing_folders(tmp_path: Path) -> None:
    (tmp_path / "enterprises/a").mkdir(parents=True)
    old = tmp_path / "enterprises/a/risks.yaml"
    old.write_bytes(b"old\n")
    old.chmod(0o640)
    write_files(tmp_path, {"enterprises/a/risks.yaml": b"new\n", "enterprises/b/hazards/2023.yaml": b"h\n",
                           "enterprises/b/hazards/2024.yaml": b"i\n", "./enterprises/b/five-s/2023.yaml": b"f\n"})
    assert old.read_bytes() == b"new\n"
    assert stat.S_IMODE(old.stat().st_mode) == 0o640  # an existing file keeps its mode
    assert (tmp_path / "enterprises/b/hazards/2023.yaml").read_bytes() == b"h\n"
    assert (tmp_path / "enterprises/b/hazards/2024.yaml").read_bytes() == b"i\n"
    assert (tmp_path / "enterprises/b/five-s/2023.yaml").read_bytes() == b"f\n"
    assert sorted(os.listdir(tmp_path / "enterprises/a")) == ["risks.yaml"]  # no temporary file left


def test_a_linked_file_or_folder_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    (root / "enterprises/x").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "target.yaml").write_bytes(b"secret\n")
    (root / "enterprises/x/hazards").symlink_to(elsewhere, target_is_directory=True)
    (root / "enterprises/x/risks.yaml").symlink_to(elsewhere / "target.yaml")
    good = {"enterprises/x/checklists.yaml": b"ok\n"}
    assert _refused(root, {**good, "enterprises/x/hazards/2023.yaml": b"x\n"}) == (
        "不能写入“enterprises/x/hazards/2023.yaml”：文件夹“enterprises/x/hazards”是符号链接，不会通过它写入；没有写入任何文件")
    assert _refused(root, {**good, "enterprises/x/hazards/new/2023.yaml": b"x\n"}).startswith(
        "不能写入“enterprises/x/hazards/new/2023.yaml”：文件夹“enterprises/x/hazards”是符号链接")
    assert _refused(root, {**good, "enterprises/x/risks.yaml": b"x\n"}) == (
        "不能写入“enterprises/x/risks.yaml”：它是符号链接，不会通过它写入；没有写入任何文件")
    (root / "enterprises/x/dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    assert "它是符号链接" in _refused(root, {"enterprises/x/dangling.yaml": b"x\n"})
    assert not (root / "enterprises/x/checklists.yaml").exists()
    assert sorted(os.listdir(elsewhere)) == ["target.yaml"]
    assert (elsewhere / "target.yaml").read_bytes() == b"secret\n"
    assert not (tmp_path / "missing.yaml").exists()


@pytest.mark.parametrize(("rel", "why"), [
    ("../x.yaml", "路径不能离开仓库（不能含有“..”）"),
    ("enterprises/../../x.yaml", "路径不能离开仓库（不能含有“..”）"),
    ("/etc/x.yaml", "路径必须是仓库内的相对路径（用 / 分隔）"),
    ("enterprises\\a\\x.yaml", "路径必须是仓库内的相对路径（用 / 分隔）"),
    ("C:/x.yaml", "路径必须是仓库内的相对路径（用 / 分隔）"),
    ("", "路径必须是仓库内的相对路径（用 / 分隔）"),
    (".", "路径必须指向仓库内的一个文件"),
])
def test_paths_that_leave_the_repository_are_refused(tmp_path: Path, rel: str, why: str) -> None:
    (tmp_path / "repo").mkdir()
    assert _refused(tmp_path / "repo", {"ok.yaml": b"x", rel: b"x"}) == f"不能写入“{rel}”：{why}；没有写入任何文件"
    assert os.listdir(tmp_path / "repo") == []
    assert sorted(os.listdir(tmp_path)) == ["repo"]


def test_a_folder_or_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "enterprises/a/risks.yaml").mkdir(parents=True)
    (tmp_path / "file").write_bytes(b"")
    assert _refused(tmp_path, {"enterprises/a/risks.yaml": b"x"}) == \
        "不能写入“enterprises/a/risks.yaml”：它不是普通文件；没有写入任何文件"
    assert _refused(tmp_path, {"file/x.yaml": b"x"}) == "不能写入“file/x.yaml”：“file”不是文件夹；没有写入任何文件"
