"""风险颜色与 LEC 计算结果不符

D = L × E × C 按精确小数计算：D > 320 红（重大），160 < D ≤ 320 橙（较大），
70 < D ≤ 160 黄（一般），D ≤ 70 蓝（低）。D = 70 为蓝色。

```yaml
assessment: {method: LEC, L: 3, E: 6, C: 15}   # D = 270
color: 黄
```

修正：把颜色改为计算结果（此例为 橙），或核对 L、E、C。
"""

from __future__ import annotations

from collections.abc import Iterator

from shuili_cli.core.domain.numbers import plain_text
from shuili_cli.core.domain.risk import COLOR_NAMES, LEC_TABLES, lec_color, lec_d
from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL502", name="lec-color", severity=Severity.ERROR, title="风险颜色与 LEC 计算结果不符")

ROLES = ("risks",)


def check_file(ctx: FileContext) -> Iterator[Issue]:
    for i, point in enumerate(ctx.model.risk_points):
        a = point.assessment
        if a.method != "LEC" or any(getattr(a, f) not in LEC_TABLES[f] for f in LEC_TABLES):
            continue  # an off-table factor is SL501's finding; no colour can be judged from it
        d = lec_d(a.L, a.E, a.C)
        expected = lec_color(d)
        if expected != point.color:
            shown = plain_text(d)
            yield RULE.issue(
                ctx.rel, ("risk_points", i, "color"),
                f"D = L×E×C = {plain_text(a.L)}×{plain_text(a.E)}×"
                f"{plain_text(a.C)} = {shown}，对应 {expected}（{COLOR_NAMES[expected]}），"
                f"但 color 写的是 {point.color}；请把 color 改为 {expected}，或核对 L、E、C",
            )


CHECKS = (FileCheck(RULE, ROLES, check_file),)
