"""``shuili init``."""

from __future__ import annotations

from pathlib import Path

import typer

from shuili_cli.cli.app import app
from shuili_cli.cli.common import UsageProblem, out


@app.command(help="新建数据仓库：shuili.yaml、文件夹骨架、JSON Schema、GitHub/GitLab CI 和 pre-commit 配置。")
def init(
    directory: Path = typer.Argument(..., metavar="DIR", help="新仓库的目录（可以是已有的空 git 仓库）。"),
    example: bool = typer.Option(False, "--example", help="复制示例县（清溪县）的全部数据。"),
) -> None:
    from shuili_cli.core.init import AlreadyARepository, create

    try:
        written = create(directory, example=example)
    except AlreadyARepository as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(f"无法写入“{directory}”：{exc.strerror or exc}") from None
    out(f"已在 {directory} 创建数据仓库（{len(written)} 个文件）。\n")
    out("下一步：\n")
    out(f"  cd {directory} && git init && git add -A && git commit -m 初始化\n")
    out("  shuili validate            # 校验\n")
    if example:
        out("  shuili report --month 2023-05   # 生成示例县 2023 年 5 月的报表\n")
    else:
        out("  编辑 shuili.yaml，在 enterprises/<编号>/enterprise.yaml 中登记第一家企业\n")
