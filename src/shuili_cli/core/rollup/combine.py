"""The city's roll-up: the counties' submissions checked together and summed, exactly.

Checks (each a Chinese sentence; any one refuses the roll-up, exit 1):

- a submission for another month, basis (month / ytd) or cut-off day (``--partial``), or a draft;
- a submission whose unit is not a 县（市、区）, or whose ``source.repository`` is not its unit;
- the same county twice;
- a county not in the city's ``counties:`` list;
- an expected county missing (unless ``--partial``: the roll-up then lists it as 缺报);
- (``check_cells``) a figures.json whose numbers are not those in the cells of its workbook.

Summing is right for both kinds of figure: a stock (enterprises, risk points in force at the end
of the period) of the city's counties is the sum of each county's stock at that same day, and a
flow (hazards found, fines) in the period is the sum of each county's flow in the same period;
with ``--ytd`` every county's flows already run from 1 January. Counts stay integers and money
(万元) is summed as ``Decimal``, never rounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from shuili_cli.core.domain.numbers import amount_text, json_number
from shuili_cli.core.figures.catalogue import key_index
from shuili_cli.core.figures.figures import Number, Period
from shuili_cli.core.outputs.provenance import FIGURES_SCHEMA_VERSION
from shuili_cli.core.rollup.submission import Submission

COUNTY_ROW = "县（市、区）"
CITY_ROW = "市直单位"
BASIS_TEXT = {"month": "当月", "ytd": "1月起累计"}


class RollupRefused(Exception):
    """The submissions cannot be rolled up (bad data: exit 1); ``problems`` are the Chinese sentences."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"有 {len(problems)} 个问题")
        self.problems = problems


class SheetCell(NamedTuple):
    """A figure cell as read from a county's workbook: its stored value, whether it holds a formula, ``附件1!D9``."""

    value: object
    formula: bool
    ref: str


@dataclass(frozen=True, slots=True)
class Rollup:
    period: Period
    unit: dict[str, str]                       # the city's unit: name, type, region
    city: dict[str, Number] | None             # the 市直单位 row (None without a city repository)
    total: dict[str, Number]                   # the 县（市、区） row: the counties' sum
    counties: list[Submission]                 # in the order of the city's list (then as given)
    missing: list[str] = field(default_factory=list)
    city_source: dict[str, Any] | None = None
    reporter: tuple[str, str] = ("", "")       # 填表人, 联系电话 of the city repository

    @property
    def notice(self) -> str:
        """The line the workbook prints when counties are missing (``--partial``)."""
        return f"缺报：{'、'.join(self.missing)}" if self.missing else ""


def _period_text(month: str, basis: str, as_of: str | None) -> str:
    return f"{month}（{BASIS_TEXT.get(basis, basis)}{f'，截至 {as_of}' if as_of else ''}）"


def _rerun(period: Period) -> str:
    return f"shuili report --month {period.label}{' --ytd' if period.ytd else ''}"


def check_submission(sub: Submission, period: Period) -> list[str]:
    """What is wrong with one submission on its own, for this roll-up's period."""
    problems: list[str] = []
    want_as_of = period.end if period.partial_end is not None else None
    if (sub.month, sub.basis, sub.as_of) != (period.label, period.basis, want_as_of):
        problems.append(f"{sub.where}：是 {sub.name} {_period_text(sub.month, sub.basis, sub.as_of)} 的报表，"
                        f"本次汇总的是 {_period_text(period.label, period.basis, want_as_of)}；"
                        f"请报送对应期间的报表（县里运行 {_rerun(period)}）")
    if sub.draft:
        problems.append(f"{sub.where}：{sub.name} 的报表是草稿（数据仍有错误），不能汇总；请县里修正错误后重新生成正式报表")
    if sub.unit_type != COUNTY_ROW:
        problems.append(f"{sub.where}：{sub.name} 的填报单位类型是“{sub.unit_type}”，不是“{COUNTY_ROW}”；"
                        "只汇总县级报送，市直单位的数字来自 --city-repo")
    if sub.source.get("repository") != sub.name:
        problems.append(f"{sub.where}：来源（source.repository）“{sub.source.get('repository')}”与填报单位"
                        f"“{sub.name}”不一致，figures.json 可能被改动过；请县里重新运行 shuili report 后报送")
    return problems


def check_cells(sub: Submission, cells: Mapping[str, SheetCell | None], book: str) -> list[str]:
    """The figures of a figures.json against the cells of its workbook (a figures.json edited by hand)."""
    index = key_index()
    wrong: list[str] = []
    for key, want in sub.figures.items():
        cell = cells.get(key)
        got = cell.value if cell is not None else None
        ok = cell is not None and not cell.formula and isinstance(got, (int, float)) and not isinstance(got, bool) \
            and (float(got) == float(want) if index[key].money else got == want and isinstance(got, int))
        if not ok:
            shown = "空" if got is None else ("公式" if cell is not None and cell.formula else str(got))
            ref = f"（{cell.ref}）" if cell is not None else ""
            wrong.append(f"{key}{ref} figures.json 为 {amount_text(want)}，工作簿为 {shown}")
    if not wrong:
        return []
    more = f" 等 {len(wrong)} 栏" if len(wrong) > 1 else ""
    return [f"{sub.where}：figures.json 的数字与工作簿 {book} 不一致：{wrong[0]}{more}；figures.json 或工作簿可能被手工修改过，"
            "请县里重新运行 shuili report，报送整个文件夹"]


def check_together(subs: Sequence[Submission], expected: Sequence[str] | None, *,
                   partial: bool) -> tuple[list[str], list[str]]:
    """(problems, missing counties) of the submissions as a whole: duplicates, strangers, the missing."""
    problems: list[str] = []
    seen: dict[str, Submission] = {}
    for sub in subs:
        first = seen.get(sub.name)
        if first is not None:
            problems.append(f"{sub.name} 报送了两次（{first.where}、{sub.where}）；每个县只能汇总一份，请去掉其中一份")
        seen.setdefault(sub.name, sub)
    missing: list[str] = []
    if expected is not None:
        listed = set(expected)
        for sub in subs:
            if sub.name not in listed:
                problems.append(f"{sub.where}：{sub.name} 不在市直单位仓库 shuili.yaml 的 counties 列表中"
                                f"（{'、'.join(expected) or '列表为空'}）；如确属本市，请把它加进 counties，否则去掉这份报送")
        missing = [name for name in expected if name not in seen]
        if missing and not partial:
            problems.append(f"缺少 {'、'.join(missing)} 的报送（共 {len(missing)} 个）；请收齐后再汇总，"
                            "或加 --partial 先汇总已报送的县（报表上注明“缺报”）")
    return problems, missing


def add_up(subs: Sequence[Submission]) -> dict[str, Number]:
    """Every catalogue key summed over ``subs``: counts as int, money as exact ``Decimal``."""
    out: dict[str, Number] = {}
    for key, info in key_index().items():
        total: Number = Decimal(0) if info.money else 0
        for sub in subs:
            total += sub.figures[key]
        out[key] = total
    return out


def ordered(subs: Sequence[Submission], expected: Sequence[str] | None) -> list[Submission]:
    """The submissions in the order of the city's list, those not in it after, as given."""
    rank = {name: i for i, name in enumerate(expected or ())}
    return sorted(subs, key=lambda s: rank.get(s.name, len(rank)))


def rollup_document(r: Rollup, generated_on: date, workbook_sha256: str | None) -> dict[str, Any]:
    """The roll-up's figures.json (shape in the module ``core.rollup``)."""
    doc: dict[str, Any] = {
        "schema_version": FIGURES_SCHEMA_VERSION,
        "kind": "rollup",
        "month": r.period.label,
        "basis": r.period.basis,
        "unit": dict(r.unit),
        "generated_on": generated_on.isoformat(),
    }
    if r.period.partial_end is not None:
        doc["as_of"] = r.period.end
    if r.city_source is not None:
        doc["source"] = r.city_source
    if workbook_sha256 is not None:
        doc["sha256"] = workbook_sha256
    doc["rows"] = {
        CITY_ROW: {k: json_number(v) for k, v in r.city.items()} if r.city is not None else None,
        COUNTY_ROW: {k: json_number(v) for k, v in r.total.items()},
    }
    doc["counties"] = [{"name": s.name, "sha256": s.sha256, "source": s.source, "submitted_as": s.kind}
                       for s in r.counties]
    doc["missing"] = list(r.missing)
    return doc
