"""重大隐患没有挂牌督办

`grade: 重大` 的隐患应被某个 `挂牌督办` 行动列出。

```yaml
- id: H-2023-009
  grade: 重大      # bureau/enforcement/ 中没有列出它的挂牌督办
```

修正：在 `bureau/enforcement/<年>.yaml` 中添加挂牌督办行动。
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from shuili_cli.core.domain.hazards import supervised_hazards
from shuili_cli.core.domain.vocab import MAJOR
from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules._base import RepoCheck, Rule
from shuili_cli.core.source.repository import Repository

RULE = Rule(code="SL601", name="major-not-supervised", severity=Severity.WARNING, title="重大隐患没有挂牌督办")


def check_repo(repo: Repository, today: date) -> Iterator[Issue]:
    listed = supervised_hazards(repo.actions)
    for folder, ent in repo.enterprises.items():
        for h in ent.hazards:
            if h.grade == MAJOR and (folder, h.id) not in listed:
                yield RULE.issue(
                    h.file, ("hazards", h.pos, "grade"),
                    f"重大隐患 {h.id} 没有被任何 挂牌督办 行动列出；请在 bureau/enforcement/ 中登记挂牌督办",
                )


CHECKS = (RepoCheck(RULE, check_repo, ("hazards[].grade",)),)
