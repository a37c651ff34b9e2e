"""What a county clerk's Windows brings: a GBK (cp936) console, backslash paths, Chinese file names.

The console tests run the real program in a subprocess with ``PYTHONIOENCODING`` set, as a Chinese
Windows console or pipe is: the text must arrive in that encoding (not UTF-8 mojibake), characters
GBK lacks must degrade instead of crashing, and the exit codes must not change.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from tests.conftest import MakeRepo, run_cli

PROJECT = Path(__file__).resolve().parents[1]
TEMPLATE = PROJECT / "data-template"
TODAY = ["--today", "2024-01-15"]


def shuili(encoding: str, *args: str, locale: str | None = None) -> tuple[int, str, str]:
    """Run ``python -m shuili_cli`` with a console of ``encoding``; decode what it wrote strictly in it."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, **({"LC_ALL": locale} if locale else {})}
    env.pop("PYTHONUTF8", None)
    proc = subprocess.run([sys.executable, "-m", "shuili_cli", *args], capture_output=True, env=env,
                          timeout=60, check=False)
    return proc.returncode, proc.stdout.decode(encoding), proc.stderr.decode(encoding)


@pytest.mark.parametrize(("encoding", "locale"), [("gbk", None), ("cp936", None), ("gbk", "C")])
def test_validate_writes_gbk(encoding: str, locale: str | None) -> None:
    # LC_ALL=C makes shuili start again in UTF-8 mode (-X utf8): the console's encoding still holds
    code, out, err = shuili(encoding, *TODAY, "validate", "--repo", str(TEMPLATE), locale=locale)
    assert code == 0, err
    assert re.fullmatch(r"通过：检查了 72 个文件、14 家企业，0 个错误，1 个警告，用时 \d+\.\d\d 秒",
                        out.splitlines()[-1])
    assert "警告 SL602 没有填写统一社会信用代码（credit_code）" in out


@pytest.mark.parametrize("encoding", ["gbk", "cp936"])
def test_report_json_writes_gbk(encoding: str) -> None:
    code, out, err = shuili(encoding, *TODAY, "report", "--repo", str(TEMPLATE), "--month", "2023-05",
                            "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["unit"] == {"name": "清溪县水利局", "type": "县（市、区）", "region": "清溪县"}
    assert doc["figures"]["a1.enterprises.total"] == 14


def test_explain_degrades_what_gbk_lacks() -> None:
    # the header path separator "›" is not in GBK: it is written ">", the rest as it is
    code, out, err = shuili("gbk", *TODAY, "explain", "--repo", str(TEMPLATE), "--month", "2023-05",
                            "a1.enterprises.total")
    assert code == 0, err
    assert out.splitlines()[0] == "a1.enterprises.total  附件1 企业数量（家） > 总数（家，存量，截至 2023-05-31）"
    assert "enterprises/chengqu-flood/enterprise.yaml:1  清溪县城区防洪排涝管理中心（中等企业）" in out


def test_data_text_gbk_lacks_and_every_exit_code(make_repo: MakeRepo) -> None:
    root = make_repo({"enterprises/a/hazards/2023.yaml": """\
        hazards:
          - id: H-2023-001
            found_on: 2023-05-04
            source: 自查
            description: 栏杆松动😀
            grade: 很大
            responsible: 张三
            deadline: 2023-05-20
        """})
    code, out, err = shuili("gbk", *TODAY, "validate", "--repo", str(root))
    assert code == 1, err
    assert "enterprises/a/hazards/2023.yaml:6:12: 错误 " in out and "很大" in out
    assert out.splitlines()[-1].startswith("未通过：检查了 3 个文件、1 家企业，1 个错误")
    (root / "enterprises/a/hazards/2023.yaml").write_text(
        (root / "enterprises/a/hazards/2023.yaml").read_text(encoding="utf-8").replace("很大", "一般"),
        encoding="utf-8")
    code, out, err = shuili("gbk", *TODAY, "explain", "--repo", str(root), "--month", "2023-05",
                            "a1.three_lists.self_found")
    assert code == 0, err
    assert "栏杆松动?" in out  # the emoji, which GBK lacks, is a question mark
    code, out, err = shuili("cp936", "validate", "--format", "nope", "--repo", str(root))
    assert (code, out) == (2, "") and err.startswith("用法错误：--format 的值“nope”无效")


def test_windows_style_paths_are_read_with_backslashes(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from shuili_cli.cli.common import windows_path

    assert windows_path(Path("enterprises\\taoxi-reservoir")) == Path("enterprises/taoxi-reservoir")
    assert windows_path(Path("county\\")) == Path("county")
    assert windows_path(Path("a/b")) == Path("a/b")
    odd = tmp_path / "odd\\name"  # a POSIX file name that holds a backslash is taken as it is
    odd.mkdir()
    assert windows_path(odd) == odd
    (tmp_path / "县 数据").mkdir()
    root = tmp_path / "县 数据" / "county"
    assert run_cli([*TODAY, "init", str(root)], capsys)[0] == 0
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli([*TODAY, "validate", "--repo", "县 数据\\county\\"], capsys)
    assert code == 0, err
    assert "通过：检查了 8 个文件、1 家企业，0 个错误，6 个警告" in out   # the template's placeholders (SL604)
    monkeypatch.chdir(root)
    (root / "enterprises" / "example-station" / "risks.yaml").write_text("risk_points: 1\n", encoding="utf-8")
    code, out, err = run_cli([*TODAY, "validate", "enterprises\\example-station\\risks.yaml"], capsys)
    assert code == 1, err
    assert out.startswith("enterprises/example-station/risks.yaml:1:14: 错误")


def test_chinese_file_names_for_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "报表 输出"
    code, _, err = run_cli([*TODAY, "report", "--repo", str(TEMPLATE), "--month", "2023-05", "--format", "xlsx",
                            "--out", str(out_dir)], capsys)
    assert code == 0, err
    written = sorted(PurePosixPath(p.relative_to(out_dir).as_posix()) for p in out_dir.rglob("*.xlsx"))
    assert written and all(p.parts[0] == "2023-05" for p in written)
    assert any(re.search("[\u4e00-\u9fff]", p.name) for p in written), written
