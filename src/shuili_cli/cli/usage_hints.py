"""Usage errors a Chinese typist makes, said with the fix (``cli/app.py`` words the others).

An option typed with one dash (``-help``) or joined to its value by a full-width equals sign
(``--month＝2023-05``); more arguments than a command takes, where a path with a space was not
quoted (``--out /tmp/县局 报表``) or a word was given to a command that takes none (``report help``).
"""

from __future__ import annotations

import re

from shuili_cli.cli.options import ExtraArguments

# what an input method types for "=" between an option and its value
EQUALS_LOOKALIKES = {"＝": "全角等号", "：": "全角冒号"}
PATH_WORDS = ("目录", "文件", "路径")  # in the placeholders of options and arguments that take a path


def quoted(words: list[str]) -> str:
    return "、".join(f"“{w}”" for w in words)


def typed_option(name: str, args: list[str]) -> str | None:
    """An unknown option ``name`` that is a long option typed with one dash (click reads ``-help`` as
    ``-h -e -l -p``: ``name`` is one of those) or with a full-width equals sign; else None."""
    single = next((a for a in args if re.fullmatch(r"-[A-Za-z][\w-]+(=.*)?", a) and name[1:2] in a), None)
    if single is not None and len(name) == 2:
        word = single.split("=")[0]
        return f"“{word}”：选项要用两个横线：-{word}"
    wrong = next((c for c in name if c in EQUALS_LOOKALIKES), None)
    if wrong is None:
        return None
    option, _, value = name.partition(wrong)
    return (f"“{name}”中的“{wrong}”是{EQUALS_LOOKALIKES[wrong]}；选项和值之间要用半角等号或空格，"
            f"请写成 {option}={value} 或 {option} {value}")


def _takes_path(metavar: str | None) -> bool:
    return any(w in (metavar or "") for w in PATH_WORDS)


def extra_arguments(exc: ExtraArguments, args: list[str]) -> str:
    """More arguments than the command takes: a path cut at a space (quote it), or what the command takes."""
    ctx = exc.ctx
    name = ctx.info_name if ctx is not None else "shuili"
    params = ctx.command.params if ctx is not None else []
    at = max((i for i, a in enumerate(args) if a == exc.extra[0]), default=0)
    before = args[at - 1] if at > 0 else ""
    option = args[at - 2] if at > 1 else ""
    path_options = {o for p in params if _takes_path(p.metavar) for o in getattr(p, "opts", ())}
    path_argument = any(_takes_path(p.metavar) for p in params if p.param_type_name == "argument")
    if not before.startswith("-") and before != name and (
            option in path_options or "/" in before or "\\" in before or (path_argument and not option.startswith("-"))):
        joined = " ".join([before, *exc.extra])
        return f"多余的参数{quoted(exc.extra)}；含空格的路径请用英文引号括起来，如 \"{joined}\""
    if exc.extra[0].lower() in ("help", "帮助"):
        return f"{name} 命令没有参数“{exc.extra[0]}”（帮助是选项 --help）"
    takes = [p.metavar or "" for p in params if p.param_type_name == "argument"]
    if not takes:
        return f"{name} 命令不接受参数（多余的{quoted(exc.extra)}）"
    return f"多余的参数{quoted(exc.extra)}；{name} 接受的参数：{' '.join(f'<{t}>' for t in takes)}"
