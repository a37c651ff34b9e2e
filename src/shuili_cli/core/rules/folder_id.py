"""文件夹名与 id 不一致

`enterprises/<id>/enterprise.yaml` 中的 `id` 必须等于文件夹名；文件夹名只能包含
字母、数字、`_` 和 `-`。

```yaml
# enterprises/taoxi-reservoir/enterprise.yaml
id: taoxi
```

修正：让 `id` 与文件夹名一致。
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules._base import RepoCheck, Rule
from shuili_cli.core.source.layout import ENTERPRISE_ID
from shuili_cli.core.source.repository import Repository

RULE = Rule(code="SL103", name="folder-id", severity=Severity.ERROR, title="文件夹名与 id 不一致")

def check_repo(repo: Repository, today: date) -> Iterator[Issue]:
    for folder, ent in repo.enterprises.items():
        profile = ent.profile
        if not ENTERPRISE_ID.match(folder):
            rel = profile.file if profile else f"enterprises/{folder}"
            yield RULE.issue(
                rel, ("id",),
                f"文件夹名“{folder}”只能包含字母、数字、_ 和 -；请改名（例如用拼音）",
            )
        elif profile is not None and profile.id != folder:
            yield RULE.issue(
                profile.file, ("id",),
                f"id“{profile.id}”与文件夹名“{folder}”不一致；请把 id 改为 {folder}，或把文件夹改名为 {profile.id}",
            )


CHECKS = (RepoCheck(RULE, check_repo, ("id",)),)
