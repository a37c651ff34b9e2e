"""文件编码不是 UTF-8

所有数据文件必须是 UTF-8 编码（可带 BOM）。记事本或 WPS 默认保存的 GBK 文件会被拒绝，
而不是读成乱码。文件名和文件夹名也必须是 UTF-8：名字不是 UTF-8 的文件或文件夹不会被读取，
名字中无法解码的字节显示为 `\\xff` 这样的转义。

```text
enterprises/taoxi-reservoir/risks.yaml  （以 GBK 编码保存）
enterprises/taoxi-reservoir/hazards/\\xd2\\xfe\\xbb\\xbc.yaml  （文件名以 GBK 编码）
```

修正：在编辑器中“另存为”，编码选择 UTF-8；文件名用 UTF-8 重新命名
（例如 `convmv -f gbk -t utf-8 --notest 文件名`）。
"""

from __future__ import annotations

import os

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL002", name="encoding", severity=Severity.ERROR, title="文件编码不是 UTF-8")


def shown_name(name: str) -> str | None:
    """A name read from the file system, with its undecodable bytes as ``\\xff``; None when it is UTF-8."""
    raw = os.fsencode(name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")
    return None


def name_finding(rel: str, shown: str) -> Finding:
    """A file or folder whose name is not UTF-8 (``rel`` is already shown safely)."""
    return RULE.finding(rel, 1, 1, "",
                   f"“{shown}”的名字不是 UTF-8 编码，不会被读取；请用 UTF-8 编码的名字重新命名"
                   "（例如 convmv -f gbk -t utf-8 --notest 文件名）")


def utf16_finding(rel: str) -> Finding:
    """A file saved as UTF-16 (it starts with a UTF-16 byte-order mark)."""
    return RULE.finding(rel, 1, 1, "", "文件是 UTF-16 编码；请用 UTF-8 编码另存（记事本“另存为”选择 UTF-8）")


def finding(rel: str, line: int, column: int, offset: int, gbk: bool) -> Finding:
    """The byte at ``offset`` (0-based, at ``line:column``) is not UTF-8; ``gbk``: the whole file decodes as GB18030."""
    guess = "看起来是 GBK/GB18030 编码（记事本或 WPS 默认保存的格式）；" if gbk else ""
    return RULE.finding(rel, line, column, "",
                        f"文件不是 UTF-8 编码，第 {offset + 1} 字节无法解码；{guess}请用 UTF-8 编码另存该文件")


def decode(raw: bytes, rel: str) -> tuple[str | None, Finding | None]:
    """Decode UTF-8 (BOM accepted); anything else is a located finding."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, utf16_finding(rel)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        try:
            raw.decode("gb18030")
            gbk = True
        except UnicodeDecodeError:
            gbk = False
        return None, finding(rel, line, col, exc.start, gbk)
