"""``shuili rollup``: the city's 附件1/附件2 from its own repository and its counties' submissions."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shuili_cli.cli.common import EXIT_DATA, UsageProblem, err, out, progress_bar, resolve_today
from shuili_cli.cli.options import DateOption, MonthOption, fill_date, period_for

HELP = ("市级汇总：用市直单位自己的数据仓库和各县（市、区）报送的报表，生成全市的附件1、附件2。\n\n"
        "每份报送是县里 shuili report 生成的报表文件夹（含 figures.json 和月报表工作簿），也可以是县数据仓库的目录"
        "（直接计算）。“市直单位”一行来自 --city-repo，“县（市、区）”一行是各县之和；另有“分县明细”工作表，"
        "每县一行，并注明每行的来源（提交、数据摘要）。期间或口径不同、同一县报送两次、不在 counties 列表中、"
        "缺报（除非 --partial）、工作簿与 figures.json 不符（被改动过）、格式不对或版本更新的报送，"
        "都会被指出并拒绝汇总（退出码 1）。写入 <目录>/<YYYY-MM>-汇总/（默认在市直单位仓库的 reports/ 下）。\n\n"
        "市水利局的用法：shuili rollup --month 2023-05 --city-repo 市直仓库 德化县/2023-05 永春县/2023-05")
# Each runs inside a copy of data-template/ (tests/test_help_zh.py), a county: the city's own command line,
# ``shuili rollup --month 2023-05 --city-repo 市直仓库 德化县/2023-05 永春县/2023-05``, is in HELP's words.
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("把本仓库当作一个县，直接从数据汇总 2023 年 5 月（写入 汇总/2023-05-汇总/）",
     "shuili rollup --month 2023-05 --out 汇总 ."),
    ("1—5 月累计，报表上的填报日期为 2023 年 6 月 2 日",
     "shuili rollup --month 2023-05 --ytd --date 2023-06-02 --out 汇总 ."),
)


def rollup(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., show_default=False,
                                       help="各县的报送：报表文件夹（含 figures.json 和工作簿）或县数据仓库的目录，可写多个。"),
    month: MonthOption = None,
    ytd: bool = typer.Option(False, "--ytd", help="发生量按本年 1 月 1 日起累计（各县的报送也须是 --ytd）。"),
    repo: Optional[Path] = typer.Option(
        None, "--city-repo", show_default=False,
        help="市直单位的数据仓库（shuili.yaml 中 unit.type: 市直单位，counties: 列出下辖各县）；不写时“市直单位”一行留空，"
             "也不检查缺报。"),
    out_dir: Optional[Path] = typer.Option(
        None, "--out", show_default=False,
        help="输出目录，写入 <目录>/<YYYY-MM>-汇总/（默认：市直单位仓库下的 reports/，"
             "没有 --city-repo 时为当前目录下的 reports/）。"),
    partial: bool = typer.Option(False, "--partial",
                                 help="允许缺报：先汇总已报送的县，报表上注明“缺报：……”；也允许当月未结束。"),
    date_text: DateOption = None,
) -> None:
    """Options -> ``api.rollup_package`` -> written; each problem on standard error (exit 1)."""
    from shuili_cli import api
    from shuili_cli.core.outputs.report import REPORTS, OutputDirError, output_dir
    from shuili_cli.core.rollup import RollupRefused
    from shuili_cli.render.safe_text import clean

    city = _city_root(repo) if repo is not None else None
    today = resolve_today(ctx, city)
    per = period_for(month, ytd, partial, today)
    filled = fill_date(date_text, today)
    try:
        base = output_dir(city, out_dir) if city is not None else (out_dir or Path(REPORTS))
        with progress_bar("读取报送") as bar:
            package = api.rollup_package(paths, per, today=today, city=city, filled=filled, partial=partial,
                                         progress=bar)
    except (api.SubmissionPathError, OutputDirError) as exc:
        raise UsageProblem(str(exc)) from None
    except api.NotReady as exc:
        err("\n".join(exc.problems))
        err(f"市直单位数据仓库有 {len(exc.problems)} 个错误，不能汇总；请先修正（shuili validate 查看全部）")
        raise typer.Exit(EXIT_DATA) from None
    except RollupRefused as exc:
        for line in exc.problems:
            err(clean(line))
        err(f"报送有 {len(exc.problems)} 个问题，没有生成汇总报表；请按上面的提示处理后重新运行")
        raise typer.Exit(EXIT_DATA) from None
    roots = [p for p in (city, *(s for s in paths if (s / "shuili.yaml").is_file())) if p is not None]
    try:
        target = api.write_rollup(base, package, roots)
    except OutputDirError as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(f"无法写入输出目录“{base}”：{exc.strerror or exc}") from None
    r = package.rollup
    title = f"{per.year}年{per.month}月" + ("（1月起累计）" if per.ytd else "")
    out(clean(f"{title} 汇总：{r.unit['name'] or '（未指定市直单位仓库）'}，{len(r.counties)} 个县（市、区）") + "\n")
    for sub in r.counties:
        how = "报表文件夹" if sub.kind == "figures" else "数据仓库"
        out(clean(f"  {sub.name}  {how} {sub.where}") + "\n")
    if r.missing:
        out(clean(f"缺报：{'、'.join(r.missing)}") + "\n")
    out("已写入：\n")
    for name in package.files:
        out(clean(f"  {target / name}") + "\n")


def _city_root(path: Path) -> Path:
    """``--city-repo``: a folder holding shuili.yaml (never searched upwards: the city's repository is named)."""
    from shuili_cli.core.source.layout import SETTINGS_FILE, holds_settings

    if not path.is_dir():
        raise UsageProblem(f"--city-repo 的目录“{path}”不存在或不是目录；请写市直单位数据仓库的目录")
    if not holds_settings(path):
        raise UsageProblem(f"--city-repo 的目录“{path}”中没有 {SETTINGS_FILE}；请写市直单位数据仓库的根目录")
    return path


def explain_rollup(ctx: typer.Context, key: str, paths: list[str], month: Optional[str], ytd: bool,
                   partial: bool, repo: Optional[Path]) -> None:
    """``shuili explain KEY --rollup 路径 …``: what the city's row and each county contribute to ``key``.

    ``--repo`` names the city repository here (never searched upwards); the checks are those of ``rollup``."""
    from shuili_cli import api
    from shuili_cli.core.domain.numbers import amount_text
    from shuili_cli.core.figures.catalogue import key_index
    from shuili_cli.core.rollup import COUNTY_ROW, RollupRefused
    from shuili_cli.render.safe_text import clean

    city = _city_root(repo) if repo is not None else None
    today = resolve_today(ctx, city)
    per = period_for(month, ytd, partial, today)
    try:
        shares, total, missing = api.rollup_contributions(key, [Path(p) for p in paths], per, today=today, city=city,
                                                          partial=partial)
    except api.SubmissionPathError as exc:
        raise UsageProblem(str(exc)) from None
    except (api.NotReady, RollupRefused) as exc:
        err("\n".join(clean(p) for p in exc.problems))
        err(f"有 {len(exc.problems)} 个问题，不能汇总；请按上面的提示处理后重新运行（与 shuili rollup 相同的检查）")
        raise typer.Exit(EXIT_DATA) from None
    info = key_index()[key]
    kind = "存量，截至 " + per.end if info.kind == "stock" else f"发生量，{per.start} 至 {per.end}"
    out(f"{key}  {info.path_text}（{kind}；市级汇总，按填报单位）\n口径：{info.rule}\n\n")
    how = {"city": "市直单位仓库", "figures": "报表文件夹", "repository": "数据仓库"}
    for share in shares:
        row = "市直单位" if share.kind == "city" else COUNTY_ROW
        out(clean(f"{row}  {share.name}  {amount_text(share.value)}  （{how[share.kind]} {share.where}）") + "\n")
    if missing:
        out(clean(f"缺报：{'、'.join(missing)}") + "\n")
    counties = sum(s.kind != "city" for s in shares)
    out(f"\n{COUNTY_ROW}合计：{amount_text(total)}{info.unit}（{counties} 个县）\n")
