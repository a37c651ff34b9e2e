"""``shuili schema``."""

from __future__ import annotations

from pathlib import Path

import typer

from shuili_cli.cli.common import EXIT_DATA, EXIT_OK, err, out

HELP = "把各类文件的 JSON Schema 写入 schemas/（供编辑器提示）；--check 检查已提交的是否过期。"


def schema(
    out_dir: Path = typer.Option(Path("schemas"), "--out", help="输出目录。"),
    check: bool = typer.Option(False, "--check", help="只检查：与生成结果不一致时退出码为 1。"),
) -> None:
    from shuili_cli.core.schema import render_all, write_atomic

    rendered = render_all()
    if check:
        stale = [name for name, text in rendered.items()
                 if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text]
        if stale:
            err("以下 JSON Schema 已过期或缺失，请运行 shuili schema 重新生成并提交：\n  " + "\n  ".join(stale))
            raise typer.Exit(EXIT_DATA)
        out(f"{len(rendered)} 个 JSON Schema 均为最新（{out_dir}）\n")
        raise typer.Exit(EXIT_OK)
    for name, text in rendered.items():
        write_atomic(out_dir / name, text)
    out(f"已写入 {len(rendered)} 个 JSON Schema 到 {out_dir}/\n")
