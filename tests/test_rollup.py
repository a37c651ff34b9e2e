"""`shuili rollup`: the city's forms from its own repository and three counties' submissions (issue 12).

Fixtures: three counties and one city, each a copy of data-template/ under another unit name. The
counties differ in their May fines (ENF-2023-018 is 0.1 万元 in 德化, 3.5 in 永春 as in the template, 0.2 in
安溪; ENF-2023-021 is 1.25 everywhere), so 附件2's 罚款金额 is 1.35 + 4.75 + 1.45 = 7.55 万元 for the counties,
exactly; the city (the template's own data) has 4.75.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from openpyxl import load_workbook

from shuili_cli import api
from shuili_cli.core.figures.catalogue import forms, key_index
from shuili_cli.core.figures.figures import Period
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data-template"
TODAY = "2024-01-15"
COUNTIES = {"德化县水利局": "0.1", "永春县水利局": "3.5", "安溪县水利局": "0.2"}   # name -> ENF-2023-018's amount
COUNTY_DIRS = {"德化县水利局": "dehua", "永春县水利局": "yongchun", "安溪县水利局": "anxi"}
CITY = "泉州市水利局"
FINE = "a2.enf.罚款.金额"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _unit(repo: Path, name: str, kind: str = "县（市、区）") -> None:
    _edit(repo / "shuili.yaml", "name: 清溪县水利局 ", f"name: {name} ")
    _edit(repo / "shuili.yaml", "type: 县（市、区） ", f"type: {kind} ")


def _report(repo: Path, *, ytd: bool = False) -> Path:
    pkg = api.monthly_package(repo, Period(2023, 5, ytd), today=date(2024, 1, 15), filled=date(2023, 6, 2), fmt="xlsx")
    return api.write_package(repo, repo / "reports", pkg)


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return data


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """<base>/{dehua,yongchun,anxi} with reports/2023-05/, and <base>/city listing the three counties."""
    base = tmp_path_factory.mktemp("rollup")
    for name, folder in COUNTY_DIRS.items():
        repo = base / folder
        shutil.copytree(TEMPLATE, repo)
        _unit(repo, name)
        _edit(repo / "bureau/enforcement/2023.yaml", "amount_wan: 3.5\n", f"amount_wan: {COUNTIES[name]}\n")
        _report(repo)
    city = base / "city"
    shutil.copytree(TEMPLATE, city)
    _unit(city, CITY, "市直单位")
    with (city / "shuili.yaml").open("a", encoding="utf-8") as fh:
        fh.write("counties:\n" + "".join(f"  - {n}\n" for n in COUNTIES))
    yield base


def _folder(base: Path, name: str) -> str:
    return str(base / COUNTY_DIRS[name] / "reports" / "2023-05")


def _rollup(capsys: pytest.CaptureFixture[str], base: Path, out: Path, *subs: str,
            extra: tuple[str, ...] = ()) -> tuple[int, str, str]:
    args = ["--today", TODAY, "rollup", "--month", "2023-05", "--city-repo", str(base / "city"),
            "--date", "2023-06-03", "--out", str(out), *extra, *subs]
    return run_cli(args, capsys)


def _all(base: Path) -> list[str]:
    return [_folder(base, n) for n in COUNTIES]


def test_rows_are_the_city_and_the_sum_of_the_counties(world: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _rollup(capsys, world, tmp_path, *_all(world))
    assert (code, err) == (0, "")
    assert "2023年5月 汇总：泉州市水利局，3 个县（市、区）" in out
    doc = _read(tmp_path / "2023-05-汇总" / "figures.json")
    counties = {n: _read(Path(_folder(world, n)) / "figures.json")["figures"] for n in COUNTIES}
    total = doc["rows"]["县（市、区）"]
    assert list(total) == list(key_index())
    for key in key_index():
        assert total[key] == sum(c[key] for c in counties.values()), key
    assert total[FINE] == Decimal("7.55")          # 1.35 + 4.75 + 1.45, no float error
    assert total["a1.enterprises.total"] == 42     # 14 enterprises in each county
    city_own = json.loads(api.figures_json(world / "city", Period(2023, 5), today=date(2024, 1, 15)),
                          parse_float=Decimal)["figures"]
    assert doc["rows"]["市直单位"] == city_own and city_own[FINE] == Decimal("4.75")
    assert [c["name"] for c in doc["counties"]] == list(COUNTIES)      # the order of the city's list
    assert doc["counties"][0]["sha256"] == hashlib.sha256(
        (Path(_folder(world, "德化县水利局")) / "figures.json").read_bytes()).hexdigest()
    assert (doc["missing"], doc["month"], doc["basis"], doc["unit"]["name"]) == ([], "2023-05", "month", CITY)
    _valid_rollup(tmp_path / "2023-05-汇总" / "figures.json")
    book_path = next((tmp_path / "2023-05-汇总").glob("*.xlsx"))
    assert book_path.name == "泉州市水利局-2023年5月-汇总月报表.xlsx"
    assert doc["sha256"] == hashlib.sha256(book_path.read_bytes()).hexdigest()
    wb = load_workbook(book_path)
    assert wb.sheetnames == ["附件1", "附件2", "分县明细"]
    # 附件1: corner, title, period, 填报 line, 3 header rows (5-7), 市直单位 rows 8-10, 县（市、区） rows 11-13.
    assert (wb["附件1"]["A8"].value, wb["附件1"]["B8"].value) == ("市直单位", 14)
    assert (wb["附件1"]["A11"].value, wb["附件1"]["B11"].value) == ("县（市、区）", 42)
    detail = wb["分县明细"]
    names = [detail.cell(row=r, column=2).value for r in range(4, 8)]
    assert names == [*COUNTIES, "合计（县（市、区））"]
    assert detail.cell(row=4, column=3).value == "报表文件夹"
    assert detail.cell(row=4, column=5).value == doc["counties"][0]["sha256"]


def _valid_rollup(path: Path) -> None:
    """The roll-up's figures.json against schemas/rollup.schema.json (an independent validator) and its model."""
    from shuili_cli.core.model.figures_doc import RollupDocument

    schema = json.loads((ROOT / "schemas" / "rollup.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)
    RollupDocument.model_validate(_read(path))


def test_without_a_city_repository_only_the_counties_row(world: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["--today", TODAY, "rollup", "--month", "2023-05", "--date", "2023-06-03",
                              "--out", str(tmp_path), _folder(world, "永春县水利局")], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("2023年5月 汇总：（未指定市直单位仓库），1 个县（市、区）\n")
    doc = _read(tmp_path / "2023-05-汇总" / "figures.json")
    assert doc["rows"]["市直单位"] is None and doc["rows"]["县（市、区）"][FINE] == Decimal("4.75")
    assert "source" not in doc and doc["missing"] == []
    _valid_rollup(tmp_path / "2023-05-汇总" / "figures.json")
    wb = load_workbook(tmp_path / "2023-05-汇总" / "汇总-2023年5月-汇总月报表.xlsx")
    assert (wb["附件1"]["B8"].value, wb["附件1"]["B11"].value) == (None, 14)


def test_other_month_or_basis_is_refused(world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ytd = tmp_path / "yongchun"
    shutil.copytree(world / "yongchun", ytd)
    folder = _report(ytd, ytd=True)
    subs = [_folder(world, "德化县水利局"), str(folder), _folder(world, "安溪县水利局")]
    code, _, err = _rollup(capsys, world, tmp_path / "out", *subs)
    assert code == 1
    assert (f"{folder}：是 永春县水利局 2023-05（1月起累计） 的报表，本次汇总的是 2023-05（当月）；"
            "请报送对应期间的报表（县里运行 shuili report --month 2023-05）") in err
    assert not (tmp_path / "out").exists()


def test_the_same_county_twice(world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = _folder(world, "德化县水利局")
    code, _, err = _rollup(capsys, world, tmp_path, *_all(world), one)
    assert code == 1
    assert f"德化县水利局 报送了两次（{one}、{one}）；每个县只能汇总一份，请去掉其中一份" in err


def test_a_county_not_in_the_list(world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stranger = tmp_path / "nanan"
    shutil.copytree(world / "anxi", stranger, ignore=shutil.ignore_patterns("reports"))
    _edit(stranger / "shuili.yaml", "name: 安溪县水利局 ", "name: 南安市水利局 ")
    code, _, err = _rollup(capsys, world, tmp_path / "out", *_all(world), str(stranger))
    assert code == 1
    assert (f"{stranger}：南安市水利局 不在市直单位仓库 shuili.yaml 的 counties 列表中"
            "（德化县水利局、永春县水利局、安溪县水利局）；如确属本市，请把它加进 counties，否则去掉这份报送") in err


def test_a_missing_county_refuses_unless_partial(world: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    two = [_folder(world, "德化县水利局"), _folder(world, "安溪县水利局")]
    code, _, err = _rollup(capsys, world, tmp_path, *two)
    assert code == 1
    assert "缺少 永春县水利局 的报送（共 1 个）；请收齐后再汇总，或加 --partial 先汇总已报送的县（报表上注明“缺报”）" in err
    code, out, err = _rollup(capsys, world, tmp_path, *two, extra=("--partial",))
    assert (code, err) == (0, "")
    assert "缺报：永春县水利局" in out
    doc = _read(tmp_path / "2023-05-汇总" / "figures.json")
    assert doc["missing"] == ["永春县水利局"]
    assert doc["rows"]["县（市、区）"][FINE] == Decimal("2.8")      # 德化 1.35 + 安溪 1.45
    wb = load_workbook(next((tmp_path / "2023-05-汇总").glob("*.xlsx")))
    assert wb["附件1"]["A4"].value == "缺报：永春县水利局"        # under the period line, before the 填报 line
    assert wb["附件2"]["A4"].value == "缺报：永春县水利局"
    detail = wb["分县明细"]
    assert [detail.cell(row=7, column=c).value for c in (2, 3)] == ["永春县水利局", "缺报"]


def test_a_workbook_changed_after_the_report(world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "dehua-2023-05"
    shutil.copytree(_folder(world, "德化县水利局"), copy)
    book = next(copy.glob("*.xlsx"))
    book.write_bytes(book.read_bytes() + b"\0")
    code, _, err = _rollup(capsys, world, tmp_path / "out", str(copy), *_all(world)[1:])
    assert code == 1
    assert (f"{copy}：工作簿的 SHA-256 与 figures.json 记录的不符（{book.name}），工作簿或 figures.json 在生成后被改动过；"
            "请县里重新运行 shuili report，报送整个文件夹，不要手工修改") in err


def test_figures_edited_by_hand_disagree_with_the_cells(world: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "dehua-2023-05"
    shutil.copytree(_folder(world, "德化县水利局"), copy)
    _edit(copy / "figures.json", '"a1.enterprises.total": 14,', '"a1.enterprises.total": 15,')
    code, _, err = _rollup(capsys, world, tmp_path / "out", str(copy), *_all(world)[1:])
    assert code == 1
    book = next(copy.glob("*.xlsx")).name
    assert (f"{copy}：figures.json 的数字与工作簿 {book} 不一致：a1.enterprises.total（附件1!B11） figures.json 为 15，"
            "工作簿为 14；figures.json 或工作簿可能被手工修改过，请县里重新运行 shuili report，报送整个文件夹") in err


def test_money_edited_by_hand_is_caught_too(world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "dehua-2023-05"
    shutil.copytree(_folder(world, "德化县水利局"), copy)
    _edit(copy / "figures.json", f'"{FINE}": 1.35,', f'"{FINE}": 1.36,')
    code, _, err = _rollup(capsys, world, tmp_path / "out", str(copy), *_all(world)[1:])
    assert code == 1 and f"{FINE}（附件2!" in err and "figures.json 为 1.36，工作簿为 1.35" in err


def test_a_figures_json_from_a_newer_schema(world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "dehua-2023-05"
    shutil.copytree(_folder(world, "德化县水利局"), copy)
    _edit(copy / "figures.json", '"schema_version": 1,', '"schema_version": 2,')
    code, _, err = _rollup(capsys, world, tmp_path / "out", str(copy), *_all(world)[1:])
    assert code == 1
    assert f"{copy}：由更新版本的 shuili 生成（格式版本 2，本程序只认识 1）；请升级 shuili 后再汇总" in err


@pytest.mark.parametrize(("old", "new", "why"), [
    ('"basis": "month",', '"basis": "quarter",', "basis：取值不对（应为 'month' or 'ytd'）"),
    ('  "source": {', '  "origin": {', "source：缺少此项；origin：多出了不认识的项"),
    ('"a1.enterprises.total": 14,', '"a1.enterprises.total": "十四",',
     "figures.a1.enterprises.total：应为不小于 0 的数（计数为整数，金额为小数）"),
    ('"a1.enterprises.total": 14,', '"a1.enterprises.total": -14,',
     "figures.a1.enterprises.total：应为不小于 0 的数（计数为整数，金额为小数）"),
])
def test_a_figures_json_that_fails_its_schema(world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              old: str, new: str, why: str) -> None:
    copy = tmp_path / "dehua-2023-05"
    shutil.copytree(_folder(world, "德化县水利局"), copy)
    _edit(copy / "figures.json", old, new)
    code, _, err = _rollup(capsys, world, tmp_path / "out", str(copy), *_all(world)[1:])
    assert code == 1
    assert f"{copy}：不符合 figures.json 的格式（schemas/figures.schema.json）：" in err and why in err
    assert "请使用 shuili report 生成的原文件，不要手工修改" in err


def test_round_trip_repositories_equal_report_folders(world: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """county repository -> report -> figures.json -> rollup equals the rollup straight from the repositories."""
    code, _, _ = _rollup(capsys, world, tmp_path / "folders", *_all(world))
    assert code == 0
    repos = [str(world / COUNTY_DIRS[n]) for n in COUNTIES]
    code, out, err = run_cli(["--today", TODAY, "rollup", "--month", "2023-05", "--city-repo", str(world / "city"),
                              "--date", "2023-06-02", "--out", str(tmp_path / "repos"), *repos], capsys)
    assert (code, err) == (0, "")
    assert f"德化县水利局  数据仓库 {repos[0]}" in out
    a, b = (_read(tmp_path / d / "2023-05-汇总" / "figures.json") for d in ("folders", "repos"))
    assert a["rows"] == b["rows"] and a["missing"] == b["missing"] == []
    assert [c["source"] for c in a["counties"]] == [c["source"] for c in b["counties"]]   # same records, same date
    assert [c["submitted_as"] for c in b["counties"]] == ["repository"] * 3


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "PATH": "/usr/bin:/bin:/usr/local/bin",
           "GIT_AUTHOR_DATE": "2023-06-01T09:00:00+08:00", "GIT_COMMITTER_DATE": "2023-06-01T09:00:00+08:00"}
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false",
                           "-c", "init.defaultBranch=main", *args], cwd=repo, capture_output=True, text=True, env=env,
                          check=True)
    return done.stdout.strip()


def _records_digest(repo: Path) -> str:
    """content_sha256 worked out independently: every .yaml file but the reports, sorted by path."""
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.yaml") if "reports" not in p.parts)
    lines = "".join(f"{rel}\0{hashlib.sha256((repo / rel).read_bytes()).hexdigest()}\n" for rel in files)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_provenance_of_a_report(tmp_path: Path) -> None:
    repo = tmp_path / "county"
    shutil.copytree(TEMPLATE, repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "data")
    head = _git(repo, "rev-parse", "HEAD")
    folder = _report(repo)
    doc = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    book = next(folder.glob("*.xlsx"))
    assert doc["source"] == {"repository": "清溪县水利局", "commit": {"head": head, "clean": True},
                             "shuili_version": api_version(), "generated_on": "2023-06-02",
                             "content_sha256": _records_digest(repo)}
    assert doc["sha256"] == hashlib.sha256(book.read_bytes()).hexdigest()
    assert list(doc)[:1] == ["schema_version"] and doc["schema_version"] == 1
    schema = json.loads((ROOT / "schemas" / "figures.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    again = json.loads((_report(repo) / "figures.json").read_text(encoding="utf-8"))   # reports/ is shuili's own
    assert again["source"] == doc["source"]
    _edit(repo / "bureau/enforcement/2023.yaml", "amount_wan: 3.5\n", "amount_wan: 3.6\n")   # not committed
    again = json.loads((_report(repo) / "figures.json").read_text(encoding="utf-8"))
    assert again["source"]["commit"] == {"head": head, "clean": False}
    assert again["source"]["content_sha256"] == _records_digest(repo) != doc["source"]["content_sha256"]


def api_version() -> str:
    from shuili_cli import __version__

    return __version__


def test_no_git_no_commit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "county"
    shutil.copytree(TEMPLATE, repo)
    code, out, _ = run_cli(["--today", TODAY, "report", "--repo", str(repo), "--month", "2023-05", "--format", "json"],
                           capsys)
    doc = json.loads(out)
    assert code == 0 and "commit" not in doc["source"] and "sha256" not in doc    # no workbook, no digest of one
    assert doc["source"]["content_sha256"] == _records_digest(repo)


def test_the_county_form_keeps_its_single_row(world: Path) -> None:
    from shuili_cli.render.rollup_xlsx import read_unit_cells

    book = next(Path(_folder(world, "德化县水利局")).glob("*.xlsx"))
    assert all(c is None for c in read_unit_cells(book, forms(), "市直单位").values())
    county = read_unit_cells(book, forms(), "县（市、区）")
    assert county["a1.enterprises.total"] is not None and county["a1.enterprises.total"].value == 14


def test_usage_and_city_errors(world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = _rollup(capsys, world, tmp_path / "out", str(empty))
    assert code == 2
    assert (f"“{empty}”既不是报表文件夹（没有 figures.json），也不是数据仓库（没有 shuili.yaml）；"
            "请写 shuili report 生成的报表文件夹（如 reports/2023-05）或县数据仓库的目录") in err
    code, _, err = run_cli(["--today", TODAY, "rollup", "--month", "2023-05", "--city-repo", str(world / "anxi"),
                            "--out", str(tmp_path / "out"), *_all(world)], capsys)
    assert code == 1
    assert (f"--city-repo {world / 'anxi'}：填报单位类型是“县（市、区）”，不是“市直单位”；"
            "请指定市水利局自己的数据仓库（shuili.yaml 中 unit.type: 市直单位）") in err


@pytest.mark.parametrize(("text", "why"), [
    ("[" * 100_000, "不是有效的 UTF-8 JSON 文件"),                    # nested too deep for Python's parser
    ("{\"a\": 1", "不是有效的 UTF-8 JSON 文件"),
    ("[1, 2]", "内容不是 figures.json 的格式（应为一个 JSON 对象）"),
])
def test_a_figures_json_that_is_not_one(world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        text: str, why: str) -> None:
    copy = tmp_path / "dehua-2023-05"
    shutil.copytree(_folder(world, "德化县水利局"), copy)
    (copy / "figures.json").write_text(text, encoding="utf-8")
    code, _, err = _rollup(capsys, world, tmp_path / "out", str(copy), *_all(world)[1:])
    assert code == 1 and f"{copy}：{why}" in err


def test_a_count_that_is_not_whole(world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "dehua-2023-05"
    shutil.copytree(_folder(world, "德化县水利局"), copy)
    _edit(copy / "figures.json", '"a1.enterprises.total": 14,', '"a1.enterprises.total": 14.5,')
    code, _, err = _rollup(capsys, world, tmp_path / "out", str(copy), *_all(world)[1:])
    assert code == 1
    assert (f"{copy}：各栏数字与本程序的报表栏目不一致（a1.enterprises.total 等 1 栏应为整数）；"
            "请双方使用同一版本的 shuili，由县里重新生成后再报送") in err


def test_rollup_contributions_of_one_key(world: Path) -> None:
    shares, total, missing = api.rollup_contributions(FINE, [Path(_folder(world, n)) for n in COUNTIES],
                                                      Period(2023, 5), today=date(2024, 1, 15), city=world / "city")
    assert [(s.name, s.value, s.kind) for s in shares] == [
        (CITY, Decimal("4.75"), "city"), ("德化县水利局", Decimal("1.35"), "figures"),
        ("永春县水利局", Decimal("4.75"), "figures"), ("安溪县水利局", Decimal("1.45"), "figures")]
    assert (total, missing) == (Decimal("7.55"), [])


def test_a_city_repository_with_errors_is_refused(world: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    city = tmp_path / "city"
    shutil.copytree(world / "city", city)
    _edit(city / "enterprises/baishui-reservoir/hazards/2023.yaml", "    deadline: 2023-04-05\n",
          "    deadlin: 2023-04-05\n")
    code, _, err = run_cli(["--today", TODAY, "rollup", "--month", "2023-05", "--city-repo", str(city),
                            "--out", str(tmp_path / "out"), *_all(world)], capsys)
    assert code == 1
    assert err.endswith("市直单位数据仓库有 2 个错误，不能汇总；请先修正（shuili validate 查看全部）\n")
    assert "enterprises/baishui-reservoir/hazards/2023.yaml" in err and not (tmp_path / "out").exists()


def test_explain_rollup_lists_each_countys_part(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folders = _all(world)
    args = ["--today", TODAY, "explain", "罚款/金额", "--month", "2023-05", "--repo", str(world / "city")]
    for folder in folders:
        args += ["--rollup", folder]
    code, out, err = run_cli(args, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{FINE}  附件2/执法激励约束/罚款/金额（万元）（发生量，2023-05-01 至 2023-05-31；市级汇总，按填报单位）",
        "口径：统计期内罚款金额合计（精确小数，万元）",
        "",
        f"市直单位  {CITY}  4.75  （市直单位仓库 {world / 'city'}）",
        f"县（市、区）  德化县水利局  1.35  （报表文件夹 {folders[0]}）",
        f"县（市、区）  永春县水利局  4.75  （报表文件夹 {folders[1]}）",
        f"县（市、区）  安溪县水利局  1.45  （报表文件夹 {folders[2]}）",
        "",
        "县（市、区）合计：7.55万元（3 个县）",
    ]
    code, _, err = run_cli([*args[:-2]], capsys)       # 安溪 left out: the same check as shuili rollup
    assert code == 1 and "缺少 安溪县水利局 的报送（共 1 个）" in err
