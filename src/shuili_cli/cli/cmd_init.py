"""``shuili init``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shuili_cli.cli.common import UsageProblem, out

HELP = "新建数据仓库：shuili.yaml、文件夹骨架、JSON Schema、GitHub/GitLab CI 和 pre-commit 配置。"


def init(
    directory: Path = typer.Argument(..., metavar="DIR", help="新仓库的目录（可以是已有的空 git 仓库）。"),
    example: bool = typer.Option(False, "--example", help="复制示例县（清溪县）的全部数据。"),
    package: Optional[str] = typer.Option(
        None, "--package", metavar="SPEC", show_default=False,
        help="CI 安装 shuili 的 git 地址，须固定到发布标签或提交（如 git+https://…/shuili@v0.1.0），"
             "写入生成的 CI 文件；不给时 CI 读取变量 SHUILI_PACKAGE，未设置则报错退出，绝不从 PyPI 安装。",
    ),
) -> None:
    from shuili_cli.core.init import InitRefused, create

    try:
        written = create(directory, example=example, package=package)
    except InitRefused as exc:
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
    if package is None:
        out("  CI 需要知道安装哪个 shuili：在 GitHub 仓库的 Settings › Variables（GitLab：Settings › CI/CD › Variables）\n"
            "  中设置 SHUILI_PACKAGE=git+https://<代码托管地址>/<所有者>/shuili@<发布标签或提交>，"
            "或用 shuili init --package 重新生成\n")
