"""``shuili init``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shuili_cli.cli.common import UsageProblem, out, resolve_today

HELP = ("新建数据仓库：shuili.yaml、文件夹骨架、JSON Schema、GitHub/GitLab CI 和 pre-commit 配置。\n\n"
        "完成后列出下一步要做的事；--example 复制示例县（清溪县）的全部数据。")


def init(
    ctx: typer.Context,
    directory: Path = typer.Argument(..., help="新仓库的目录（可以是已有的空 git 仓库）。"),
    example: bool = typer.Option(False, "--example", help="复制示例县（清溪县）的全部数据。"),
    package: Optional[str] = typer.Option(
        None, "--package", show_default=False,
        help="CI 安装 shuili 的 git 地址，须固定到发布标签或提交（如 git+https://…/shuili@v0.1.0），"
             "写入生成的 CI 文件；不给时 CI 读取变量 SHUILI_PACKAGE，未设置则报错退出，绝不从 PyPI 安装。",
    ),
) -> None:
    from shuili_cli.core.init import EXAMPLE_ID, InitRefused, create

    today = resolve_today(ctx, None)
    try:
        written = create(directory, example=example, package=package, today=today)
    except InitRefused as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(f"无法写入“{directory}”：{exc.strerror or exc}") from None
    out(f"已在 {directory} 创建数据仓库（{len(written)} 个文件）。\n")
    out("下一步：\n")
    out(f"  cd {directory}\n  git init\n  git add -A\n  git commit -m 初始化\n")
    if example:
        out("  shuili validate            # 校验\n")
        out("  shuili report --month 2023-05   # 生成示例县 2023 年 5 月的报表\n")
    else:
        month = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"
        out(next_steps(EXAMPLE_ID, month))
    out("  注意：CI 会把全县网站（含负责人和联系人的姓名、电话）发布到 GitHub/GitLab Pages，私有仓库的网站也可能公开；"
        "发布前请按 CI 文件开头的说明限制访问，或删除其中的 pages 作业\n")
    if package is None:
        out("  CI 需要知道安装哪个 shuili：在 GitHub 仓库的 Settings > Variables（GitLab：Settings > CI/CD > Variables）\n"
            "  中设置 SHUILI_PACKAGE=git+https://<代码托管地址>/<所有者>/shuili@<发布标签或提交>，"
            "或用 shuili init --package 重新生成\n")


def next_steps(example_id: str, month: str) -> str:
    """What a county bureau does next, in order (``month``: the last month, for the report example)."""
    return (
        "  1. 编辑 shuili.yaml：填报单位名称（unit.name）、地区（unit.region）、填表人和电话（reporter）。\n"
        f"  2. enterprises/{example_id}/ 是带注释的示例企业：把文件夹和其中的 id 改成第一家企业的编号并填上它的信息，\n"
        "     或删除它，用 shuili new enterprise --id <编号> --name <单位名称> --kind 企业 --scale 小微企业 "
        "--industry 水力发电 逐家新建。\n"
        "  3. 生成企业填报模板并发给各企业：shuili template --out reports/企业台账模板.xlsx\n"
        "     （reports/ 不进 git；工作簿不要放在仓库里提交）\n"
        "  4. 企业交回填好的工作簿后：先 shuili import 文件.xlsx --dry-run 查看将要做的修改，\n"
        "     再去掉 --dry-run 导入，审阅显示的变更，然后 git add enterprises bureau，git commit 提交。\n"
        f"  5. 随时 shuili validate 校验；每月 shuili report --month {month} 生成报表。\n"
    )
