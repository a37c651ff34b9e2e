"""引用找不到

引用必须能找到：隐患的 `checklist`/`checklist_item`、`risk_point`、`inspection`；
评级和执法行动的 `enterprise`；挂牌督办的 `hazards`。

```yaml
- id: H-2023-004
  risk_point: R-099     # risks.yaml 中没有 R-099
```

引用按原文逐字比较：`Ｒ-001`（全角）或带零宽空格的 `R-001` 找不到 `R-001`，消息会指出相像的编号。

修正：改为存在的编号，或先补上被引用的记录。
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from difflib import get_close_matches

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.model.text import id_key
from shuili_cli.core.rules._base import RepoCheck, Rule
from shuili_cli.core.source.repository import Repository

RULE = Rule(code="SL302", name="unresolved-reference", severity=Severity.ERROR, title="引用找不到")

def _hint(value: str, known: Iterable[str]) -> str:
    names = list(known)
    parts = [p.strip() for p in re.split("[，、]", value)]
    if len(parts) > 1 and all(parts):
        mark = "全角逗号“，”" if "，" in value else "顿号“、”"
        return (f"其中用了{mark}，几个编号被当成了一个：多个编号要用半角逗号加空格分隔，"
                f"写成 [{', '.join(parts)}]；")
    key = id_key(value)
    alike = [k for k in names if id_key(k) == key]
    if alike:
        return f"是不是“{alike[0]}”？（两者只差在全角半角、空白或看不见的字符，编号按原文逐字比较）"
    close = get_close_matches(value, names, n=1, cutoff=0.6)
    return f"是不是“{close[0]}”？" if close else ""


def check_repo(repo: Repository, today: date) -> Iterator[Issue]:
    actions = {a.id for a in repo.actions}
    for ent in repo.enterprises.values():
        # A reference into a file whose records could not all be read is not judged: the
        # missing record is most likely one of those (its own error is reported already).
        skip = ent.incomplete
        cls = {c.id: set(c.items) for c in ent.checklists.checklists} if ent.checklists else {}
        risks = {r.id for r in ent.risks}
        for h in ent.hazards:
            if h.checklist is not None and h.checklist not in cls and "checklists" not in skip:
                yield RULE.issue(
                    h.file, ("hazards", h.pos, "checklist"),
                    f"隐患 {h.id} 引用的清单“{h.checklist}”在 checklists.yaml 中不存在；{_hint(h.checklist, cls)}请核对清单编号",
                )
            elif (h.checklist in cls and h.checklist_item is not None and h.checklist_item not in cls[h.checklist]
                  and "checklists" not in skip):
                yield RULE.issue(
                    h.file, ("hazards", h.pos, "checklist_item"),
                    f"清单 {h.checklist} 中没有条目“{h.checklist_item}”；请核对条目编号",
                )
            if h.risk_point is not None and h.risk_point not in risks and "risks" not in skip:
                yield RULE.issue(
                    h.file, ("hazards", h.pos, "risk_point"),
                    f"隐患 {h.id} 引用的风险点“{h.risk_point}”在 risks.yaml 中不存在；"
                    f"{_hint(h.risk_point, risks)}请核对风险点编号",
                )
            if h.inspection is not None and h.inspection not in actions and "enforcement" not in repo.incomplete:
                yield RULE.issue(
                    h.file, ("hazards", h.pos, "inspection"),
                    f"隐患 {h.id} 引用的检查行动“{h.inspection}”在 bureau/enforcement/ 中不存在；"
                    f"{_hint(h.inspection, actions)}请核对编号，或先登记这次检查",
                )
    known = set(repo.enterprises)
    for r in repo.ratings:
        if r.enterprise not in known:
            yield RULE.issue(
                r.file, ("assessments", r.pos, "enterprise"),
                f"企业“{r.enterprise}”不存在（enterprises/ 下没有这个文件夹）；{_hint(r.enterprise, known)}请核对企业编号",
            )
    for a in repo.actions:
        if a.enterprise is not None and a.enterprise not in known:
            yield RULE.issue(
                a.file, ("actions", a.pos, "enterprise"),
                f"企业“{a.enterprise}”不存在（enterprises/ 下没有这个文件夹）；{_hint(a.enterprise, known)}"
                "请核对企业编号；没有档案的对象（仅限取缔关闭、移送司法机关）请用 party",
            )
        elif a.enterprise is not None and a.hazards and "hazards" not in repo.enterprises[a.enterprise].incomplete:
            ids = {h.id for h in repo.enterprises[a.enterprise].hazards}
            for j, hid in enumerate(a.hazards):
                if hid not in ids:
                    yield RULE.issue(
                        a.file, ("actions", a.pos, "hazards", j),
                        f"企业 {a.enterprise} 没有编号为“{hid}”的隐患；{_hint(hid, ids)}请核对隐患编号",
                    )


POINTS = ("hazards[].checklist", "hazards[].checklist_item", "hazards[].risk_point", "hazards[].inspection",
          "assessments[].enterprise", "actions[].enterprise", "actions[].hazards[]")

CHECKS = (RepoCheck(RULE, check_repo, POINTS),)
