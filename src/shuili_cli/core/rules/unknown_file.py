"""布局中不认识的 YAML 文件或文件夹

`enterprises/<id>/` 和 `bureau/` 中，布局没有规定的 YAML 文件或文件夹是错误：
其中的记录不会进入报表，必须让人知道。附件请放在 `attachments/` 文件夹下（不读取）。

```text
enterprises/taoxi-reservoir/2023.yaml        # 应放在 hazards/ 或 five-s/ 下
enterprises/taoxi-reservoir/five_s/2023.yaml # 文件夹名应为 five-s
```

修正：按布局移动或改名。
"""

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL101", name="unknown-file", severity=Severity.ERROR, title="布局中不认识的 YAML 文件或文件夹")


def folder_message(where: str, name: str) -> str:
    """A folder the layout does not name, in ``where``."""
    return f"{where}中不认识的文件夹“{name}”，其中的记录不会被统计；请按布局改名或移动（附件请放在 attachments/ 下）"


def yaml_message(where: str, name: str) -> str:
    """A YAML file the layout does not name, in ``where``."""
    return f"{where}中不认识的 YAML 文件“{name}”，其中的记录不会被统计；请按布局改名或移动"


def twin_message(name: str, other: str) -> str:
    """Two files of one kind (``risks.yaml`` and ``risks.yml``)."""
    return f"“{name}”与“{other}”重复：同一种文件只能有一个；请把两者合并成一个文件"


def finding(rel: str, message: str) -> Finding:
    return RULE.finding(rel, 1, 1, "", message)
