"""布局中不认识的 YAML 文件或文件夹

`enterprises/<id>/` 和 `bureau/` 中，布局没有规定的 YAML 文件或文件夹是错误：
其中的记录不会进入报表，必须让人知道。附件请放在 `attachments/` 文件夹下（不读取）。

```text
enterprises/taoxi-reservoir/2023.yaml        # 应放在 hazards/ 或 five-s/ 下
enterprises/taoxi-reservoir/five_s/2023.yaml # 文件夹名应为 five-s
```

修正：按布局移动或改名。名字与布局中的名字相近时（`hazard/`、`five_s/`、`risk.yaml`），消息给出应改成的名字。
`hazards/` 中像 Windows 副本的文件（`2023 - 副本.yaml`、`2023(1).yaml`，原文件也在）不读取，
并指出它是副本，而不是让重复的记录去指责原文件。
"""

import difflib
import re
from collections.abc import Sequence

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL101", name="unknown-file", severity=Severity.ERROR, title="布局中不认识的 YAML 文件或文件夹")


def _closest(name: str, known: Sequence[str]) -> str:
    """``；是不是“hazards”？`` for a name close to one the layout knows there (case and ``_``/``-`` aside)."""
    folded = {k.lower().replace("_", "-"): k for k in known}
    close = difflib.get_close_matches(name.lower().replace("_", "-"), list(folded), n=1, cutoff=0.75)
    return f"；是不是“{folded[close[0]]}”？" if close else ""


def folder_message(where: str, name: str, known: Sequence[str] = ()) -> str:
    """A folder the layout does not name, in ``where`` (``known``: the folders it names there)."""
    hint = _closest(name, known)
    return (f"{where}中不认识的文件夹“{name}”，其中的记录不会被统计{hint or '；'}"
            f"{'请改名' if hint else '请按布局改名或移动（附件请放在 attachments/ 下）'}")


def yaml_message(where: str, name: str, known: Sequence[str] = ()) -> str:
    """A YAML file the layout does not name, in ``where`` (``known``: the files it names there)."""
    hint = _closest(name, known)
    return f"{where}中不认识的 YAML 文件“{name}”，其中的记录不会被统计{hint or '；'}{'请改名' if hint else '请按布局改名或移动'}"


_COPY = re.compile(r"(.+?)(?:\s*-\s*(?:副本|复制|拷贝|copy|Copy)(?:\s*\(\d+\))?|\s*[(（]\d+[)）]|\s+副本\d*)\Z")


def copy_of(stem: str) -> str | None:
    """The name a Windows copy was made from (``2023 - 副本`` -> ``2023``, ``2023(1)`` -> ``2023``)."""
    m = _COPY.match(stem)
    return m.group(1).strip() if m else None


def copy_message(name: str, original: str) -> str:
    """A probable copy of a file beside it."""
    return (f"“{name}”像是“{original}”的副本（Windows 复制文件时起的名字），未读取：其中的记录会与原文件重复；"
            f"不需要就删除它，确有新记录请合并到“{original}”")


def twin_message(name: str, other: str) -> str:
    """Two files of one kind (``risks.yaml`` and ``risks.yml``)."""
    return f"“{name}”与“{other}”重复：同一种文件只能有一个；请把两者合并成一个文件"


def finding(rel: str, message: str) -> Finding:
    return RULE.finding(rel, 1, 1, "", message)
