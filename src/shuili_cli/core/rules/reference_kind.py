"""引用的对象类型不对

引用找到了，但不是要求的那一种：`inspection` 必须是本企业的 `检查` 行动，且 `found_on`
在检查日期内；`挂牌督办` 只能列本企业 `grade: 重大` 的隐患。

```yaml
- id: H-2023-005
  source: 监管检查
  inspection: ENF-2023-009   # 这是一次罚款，不是检查
```

修正：引用正确的检查行动或重大隐患。
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from shuili_cli.core.domain.vocab import INSPECTION, SUPERVISION
from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules._base import RepoCheck, Rule
from shuili_cli.core.source.repository import Repository

RULE = Rule(code="SL303", name="reference-kind", severity=Severity.ERROR, title="引用的对象类型不对")


def check_repo(repo: Repository, today: date) -> Iterator[Issue]:
    actions = {a.id: a for a in repo.actions}
    for folder, ent in repo.enterprises.items():
        for h in ent.hazards:
            a = actions.get(h.inspection) if h.inspection is not None else None
            if a is None:
                continue
            where = ("hazards", h.pos, "inspection")
            if a.type != INSPECTION:
                yield RULE.issue(h.file, where, f"{h.inspection} 是一次“{a.type}”，不是 检查；"
                                                "inspection 必须引用发现该隐患的 检查 行动")
            elif a.enterprise != folder:
                yield RULE.issue(
                    h.file, where,
                    f"检查 {h.inspection} 检查的是企业 {a.enterprise or a.party}，不是本企业 {folder}；请核对编号",
                )
            elif not (a.date <= h.found_on <= (a.end_date or a.date)):
                span = a.date if a.end_date is None else f"{a.date} 至 {a.end_date}"
                yield RULE.issue(
                    h.file, ("hazards", h.pos, "found_on"),
                    f"隐患 {h.id} 的发现日期 {h.found_on} 不在检查 {h.inspection} 的日期（{span}）之内；请核对日期或检查编号",
                )
    for a in repo.actions:
        if a.type != SUPERVISION or a.enterprise is None or a.enterprise not in repo.enterprises:
            continue
        grades = {h.id: h.grade for h in repo.enterprises[a.enterprise].hazards}
        for j, hid in enumerate(a.hazards):
            if grades.get(hid) == "一般":
                yield RULE.issue(
                    a.file, ("actions", a.pos, "hazards", j),
                    f"隐患 {hid} 是一般隐患；挂牌督办只针对重大隐患（grade: 重大）",
                )


CHECKS = (RepoCheck(RULE, check_repo, ("hazards[].inspection", "hazards[].found_on", "actions[].hazards[]")),)
