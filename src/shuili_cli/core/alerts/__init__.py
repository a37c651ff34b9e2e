"""``shuili alerts``: what needs action now, as of a day D.

Everything here is derived from the facts and the calendar, never stored:
overdue and unsupervised hazards, certificates lapsed or about to lapse,
inspections due by overall colour (差异化监管), ratings to redo, stale 5S,
missing checklist tiers, 六有 gaps and the next reporting deadlines.
Validation errors do not stop the alerts; they are counted in the first one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from shuili_cli.core.domain.hazards import supervised_hazards
from shuili_cli.core.domain.period import next_month, previous_month
from shuili_cli.core.domain.risk import latest_ratings
from shuili_cli.core.domain.standardization import latest_graded, standard_in_force
from shuili_cli.core.domain.vocab import INSPECTION, MAJOR, RED, SELF_ASSESSMENT
from shuili_cli.core.figures.catalogue import summary_catalogue
from shuili_cli.core.figures.facts import ActionFact, RatingFact
from shuili_cli.core.figures.figures import active, in_force, six_have_missing, tiers_missing
from shuili_cli.core.model.bureau import Rules
from shuili_cli.core.model.enterprise import SIX_HAVE_ITEMS
from shuili_cli.core.source.repository import EnterpriseRecords, Repository

LEVELS = ("error", "warning", "info")
LEVEL_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
KIND_LABELS = {
    "validation-errors": "数据有错误",
    "overdue-hazard": "隐患超期",
    "major-hazard-unsupervised": "重大隐患未督办",
    "hazard-unverified": "隐患待验收",
    "certificate-lapsed": "证书已过期",
    "certificate-expiring": "证书将到期",
    "inspection-due": "检查到期",
    "rating-missing": "未评定等级",
    "rating-stale": "等级待重评",
    "five-s-stale": "5S考评中断",
    "five-s-low": "5S考评偏低",
    "checklist-tiers-missing": "清单层级不全",
    "six-have-incomplete": "六有未完成",
    "report-due": "报送期限",
}
UNVERIFIED_DAYS = 30  # rectified but not verified (验收销号) for longer than this


class _Waiting(NamedTuple):
    """A rectified hazard waiting for acceptance (验收销号)."""

    days: int
    id: str
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Alert:
    level: str            # error | warning | info
    kind: str             # a stable code, see KIND_LABELS
    enterprise: str | None
    name: str | None
    file: str | None
    line: int | None
    message: str

    def sort_key(self) -> tuple[int, str, str, int]:
        return (LEVELS.index(self.level), self.enterprise or "", self.file or "", self.line or 0)


@dataclass(slots=True)
class AlertReport:
    as_of: date
    alerts: list[Alert] = field(default_factory=list)

    def count(self, level: str) -> int:
        return sum(1 for a in self.alerts if a.level == level)


def _days(a: str, b: date) -> int:
    """Days from ISO day ``a`` to ``b``."""
    return (b - date.fromisoformat(a)).days


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


# ----------------------------------------------------------------- per enterprise


@dataclass(slots=True)
class _Ctx:
    d: str
    day: date
    rules: Rules
    supervised: set[tuple[str | None, str]]
    ratings: dict[str, RatingFact]
    inspections: dict[str, ActionFact]


def _hazards(e: EnterpriseRecords, name: str, c: _Ctx) -> Iterator[Alert]:
    waiting: list[_Waiting] = []
    for h in e.hazards:
        if h.found_on > c.d:
            continue
        label = f"隐患 {h.id}（{h.description}）"
        if h.rectified_on is None or h.rectified_on > c.d:
            if h.deadline < c.d:
                yield Alert("error", "overdue-hazard", e.folder, name, h.file, h.line,
                            f"{h.grade}{label}整改期限 {h.deadline}，已超期 {_days(h.deadline, c.day)} 天；"
                            f"请督促整改责任人{h.responsible}立即整改，完成后填写 rectified_on")
            if h.grade == MAJOR and (e.folder, h.id) not in c.supervised:
                yield Alert("error", "major-hazard-unsupervised", e.folder, name, h.file, h.line,
                            f"重大{label}尚未整改，也没有挂牌督办；请挂牌督办并在 bureau/enforcement 中登记")
        elif h.verified_on is None or h.verified_on > c.d:
            waited = _days(h.rectified_on, c.day)
            if waited > UNVERIFIED_DAYS:
                waiting.append(_Waiting(waited, h.id, h.file, h.line))
    if waiting:  # one acceptance visit clears them all: one line per enterprise
        waiting.sort(key=lambda w: (-w.days, w.id))
        ids = "、".join(f"{w.id}（{w.days} 天）" for w in waiting)
        first = min(waiting, key=lambda w: (w.file, w.line))
        yield Alert("warning", "hazard-unverified", e.folder, name, first.file, first.line,
                    f"{len(waiting)} 条隐患整改完成超过 {UNVERIFIED_DAYS} 天仍未验收销号：{ids}；"
                    "请组织验收并填写 verified_on、verified_by")


class _Reason(NamedTuple):
    """Something that happened since the overall rating and may raise it (compared by date, then text)."""

    since: str
    what: str


def _certificate(e: EnterpriseRecords, name: str, c: _Ctx) -> Iterator[Alert]:
    p = e.profile
    assert p is not None
    g = latest_graded(p, c.d)
    if g is None:
        return
    std, grade, expires, line = g.standard, g.grade, g.expires_on, g.line
    now = standard_in_force(p, c.d)
    if expires is not None and expires < c.d and now is None:
        yield Alert("error", "certificate-lapsed", e.folder, name, p.file, line,
                    f"标准化证书（{std}{grade}）已于 {expires} 到期（已过 {_days(expires, c.day)} 天），"
                    "没有新的有效定级，不再计入达标企业；请督促复评换证，取得后登记新记录")
    elif now is not None and now.grade != SELF_ASSESSMENT and expires is not None:
        left = -_days(expires, c.day)
        if left <= c.rules.certificate_warning_days:
            yield Alert("warning", "certificate-expiring", e.folder, name, p.file, line,
                        f"标准化证书（{std}{grade}）将于 {expires} 到期，还有 {left} 天；请提前申请复评换证")


def _rating(e: EnterpriseRecords, name: str, c: _Ctx) -> Iterator[Alert]:
    p = e.profile
    assert p is not None
    r = c.ratings.get(e.folder)
    if r is None:
        yield Alert("warning", "rating-missing", e.folder, name, p.file, p.line,
                    "尚无企业整体安全风险等级评估，无法确定检查频次；请评定四色等级并登记在 bureau/assessments.yaml")
        return
    interval: int = getattr(c.rules.inspection_interval_days, r.color)
    last = c.inspections.get(e.folder)
    if last is None:
        yield Alert("warning", "inspection-due", e.folder, name, r.file, r.line,
                    f"整体风险等级{r.color}（每 {interval} 天至少检查一次），尚无检查记录；请安排检查")
    else:
        seen = min(last.end_date or last.date, c.d)
        ago = _days(seen, c.day)
        if ago > interval:
            due = date.fromisoformat(seen) + timedelta(days=interval)
            yield Alert("warning", "inspection-due", e.folder, name, last.file, last.line,
                        f"整体风险等级{r.color}（每 {interval} 天至少检查一次），最近一次检查 {last.id} 在 {seen}，"
                        f"已 {ago} 天，{due.isoformat()} 前就应再查；请安排检查")
    if r.color == RED:
        return  # nothing higher to reassess to
    red = [_Reason(x.identified_on, f"{x.identified_on} 辨识的红色风险点 {x.id}（{x.name}）")
           for x in e.risks if x.color == RED and in_force(x.identified_on, x.retired_on, c.d)]
    major = [_Reason(h.found_on, f"{h.found_on} 发现的重大隐患 {h.id}（{h.description}）")
             for h in e.hazards if h.grade == MAJOR and h.found_on <= c.d]
    newest = max(red + major, default=None)
    if newest is not None and newest.since > r.assessed_on:
        yield Alert("warning", "rating-stale", e.folder, name, r.file, r.line,
                    f"整体风险等级{r.color}（{r.assessed_on} 评定）早于 {newest.what}；请重新评估")


def _campaign(e: EnterpriseRecords, name: str, c: _Ctx) -> Iterator[Alert]:
    p = e.profile
    assert p is not None
    window = c.rules.five_s_window_days
    first = (c.day - timedelta(days=window - 1)).isoformat()
    if p.five_s_on is not None and p.five_s_on < first:  # adopted a full window ago
        done = [v for v in e.evaluations if v.date <= c.d]
        if not any(v.date >= first for v in done):
            last = max(done, key=lambda v: v.date, default=None)
            since = f"最近一次考评在 {last.date}" if last else "还没有考评记录"
            yield Alert("warning", "five-s-stale", e.folder, name,
                        last.file if last else p.file, last.line if last else p.block_line("five_s"),
                        f"已推行 5S 管理（{p.five_s_on} 起），但近 {window} 天没有考评，{since}，"
                        "不计入“强化5S现场管理”；请组织逐岗考评并登记在 five-s/")
        low = [v for v in done if v.date >= first and Decimal(v.total) < c.rules.five_s_pass_score]
        if low:
            posts = "、".join(sorted({f"{v.post}（{v.total} 分）" for v in low}))
            yield Alert("info", "five-s-low", e.folder, name, low[-1].file, low[-1].line,
                        f"近 {window} 天有 {len(low)} 次 5S 考评低于合格分 {c.rules.five_s_pass_score}：{posts}；"
                        "请督促整改并复评")
    cl = e.checklists
    missing = tiers_missing(cl, c.d)
    if missing:
        yield Alert("warning", "checklist-tiers-missing", e.folder, name,
                    cl.file if cl else f"enterprises/{e.folder}/checklists.yaml", 1,
                    "三张清单缺少" + "、".join(f"{t}层级" for t in missing) +
                    "；请建立并登记在 checklists.yaml（没有车间的单位在 not_applicable 中说明）")
    todo = [SIX_HAVE_ITEMS[k] for k in six_have_missing(p, c.d)]
    if todo:
        yield Alert("info", "six-have-incomplete", e.folder, name, p.file, p.block_line("six_have"),
                    f"六有还差 {len(todo)} 项：{'、'.join(todo)}；完成后在 six_have 中填写完成日期")


# ----------------------------------------------------------------- the calendar


def _deadlines(day: date) -> Iterator[Alert]:
    """The next reporting deadlines; the due days are those of ``report-templates/summary.yaml``."""
    catalogue = summary_catalogue()
    monthly_due, annual_due = catalogue.monthly_due_day, catalogue.annual_due_day
    if day.day <= monthly_due:
        py, pm = previous_month(day.year, day.month)
        due = date(day.year, day.month, monthly_due)
        left = (due - day).days
        when = "今天截止" if left == 0 else f"距报送截止还有 {left} 天"
        yield Alert("info", "report-due", None, None, None, None,
                    f"{py}年{pm}月的月报表（附件1、附件2）和工作总结应于{_md(due)}前报送，{when}"
                    f"（shuili report --month {py:04d}-{pm:02d}）")
    else:
        due = date(*next_month(day.year, day.month), monthly_due)
        yield Alert("info", "report-due", None, None, None, None,
                    f"下次报送：{day.year}年{day.month}月的月报表和工作总结应于{_md(due)}前报送，"
                    f"还有 {(due - day).days} 天")
    if day.month == 1 and day.day <= annual_due:
        left = annual_due - day.day
        when = "今天截止" if left == 0 else f"距报送截止还有 {left} 天"
        yield Alert("info", "report-due", None, None, None, None,
                    f"{day.year - 1}年度材料（12月累计报表和年度工作总结）应于1月{annual_due}日前报送，{when}"
                    f"（shuili summary --year {day.year - 1}）")


# ----------------------------------------------------------------- the one computation


def alerts(repo: Repository, as_of: date, validation_errors: int = 0) -> AlertReport:
    """Every alert as of ``as_of``, sorted by level, enterprise, file and line."""
    d = as_of.isoformat()
    rules = repo.settings.rules if repo.settings is not None else Rules()
    ratings = latest_ratings(repo.ratings, d)
    inspections: dict[str, ActionFact] = {}

    def seen(a: ActionFact) -> str:  # the last day an inspection was on site, as of D
        return min(a.end_date or a.date, d)

    for a in repo.actions:
        if a.type == INSPECTION and a.enterprise is not None and a.date <= d:
            have = inspections.get(a.enterprise)
            if have is None or (seen(a), a.id) > (seen(have), have.id):
                inspections[a.enterprise] = a
    supervised = supervised_hazards(repo.actions, d)
    ctx = _Ctx(d, as_of, rules, supervised, ratings, inspections)
    found: list[Alert] = list(_deadlines(as_of))
    for folder in sorted(repo.enterprises):
        e = repo.enterprises[folder]
        p = e.profile
        if p is None or not active(p, d):
            continue
        for rule in (_hazards, _certificate, _rating, _campaign):
            found.extend(rule(e, p.name, ctx))
    found.sort(key=Alert.sort_key)
    if validation_errors:
        found.insert(0, Alert("error", "validation-errors", None, None, None, None,
                              f"数据仓库有 {validation_errors} 个校验错误，下列提醒按现有数据列出"
                              "（读不出的记录不在其中），可能不准确或不完整；"
                              "请运行 shuili validate 查看并修正"))
    return AlertReport(as_of, found)
