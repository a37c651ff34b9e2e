"""``shuili schema``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shuili_cli.cli.common import EXIT_DATA, EXIT_OK, err, out

HELP = ("生成各类数据文件的 JSON Schema（供编辑器提示字段和取值）。\n\n"
        "在数据仓库里（任一文件夹中）运行时，写入数据文件的 $schema 行所指的已有目录，否则写入仓库根目录下的 schemas/；"
        "不在数据仓库里时写入当前目录下的 schemas/；--out 可另行指定。"
        "--check 只检查那里的文件是否过期，过期时退出码为 1。")


def _default_dir() -> Path:
    """Inside a data repository: the folder its data files' ``$schema`` lines point to when it exists
    (a copy of data-template/ in the project: the project's schemas/), else its root's schemas/.
    Outside one: ./schemas (the project's own, for its maintainers)."""
    import os

    from shuili_cli.core.init import schemas_folder
    from shuili_cli.core.source.layout import RepositoryNotFound, find_root

    try:
        root = find_root()
    except RepositoryNotFound:
        return Path("schemas")
    pointed = Path(os.path.normpath(root / schemas_folder(root)))
    return pointed if pointed.is_dir() else root / "schemas"


def schema(
    out_dir: Optional[Path] = typer.Option(None, "--out", show_default=False,
                                           help="输出目录（默认见上）。"),
    check: bool = typer.Option(False, "--check", help="只检查：与生成结果不一致时退出码为 1。"),
) -> None:
    from shuili_cli.core.schema import render_all, write_atomic

    out_dir = out_dir if out_dir is not None else _default_dir()
    rendered = render_all()
    if check:
        stale = [name for name, text in rendered.items()
                 if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text]
        if stale:
            err(f"{out_dir} 中以下 JSON Schema 已过期或缺失，请运行 shuili schema 重新生成并提交：\n  " + "\n  ".join(stale))
            raise typer.Exit(EXIT_DATA)
        out(f"{len(rendered)} 个 JSON Schema 均为最新（{out_dir}）\n")
        raise typer.Exit(EXIT_OK)
    for name, text in rendered.items():
        write_atomic(out_dir / name, text)
    out(f"已写入 {len(rendered)} 个 JSON Schema 到 {out_dir}/\n")
