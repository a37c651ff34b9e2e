"""A record change in the words a safety officer uses: "隐患 H-2023-031 已整改（2023-05-18）"."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from shuili_cli.core.model import bureau, enterprise, records


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record added, removed or changed between two revisions (``shuili diff``)."""

    change: str                      # added | removed | changed
    kind: str
    enterprise: str | None
    enterprise_name: str
    id: str
    file: str
    line: int
    fields: dict[str, tuple[Any, Any]]
    summary: str                     # the change in domain words


_MODELS: dict[str, tuple[type[BaseModel], ...]] = {
    "enterprise": (enterprise.Enterprise,),
    "standardization": (enterprise.Standardization,),
    "benchmark": (enterprise.Award,),
    "premium": (enterprise.Award,),
    "demo_post": (enterprise.DemoPost,),
    "checklist": (records.Checklist,),
    "risk_point": (records.RiskPoint,),
    "hazard": (records.Hazard,),
    "five_s": (records.Evaluation,),
    "document": (bureau.Document,),
    "assessment": (bureau.OverallRating,),
    "action": (bureau.Inspection, bureau.Supervision, bureau.Fine, bureau.Closure, bureau.JudicialReferral,
               bureau.Incentive),
}


@cache
def _titles(kind: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for model in _MODELS[kind]:
        for name, info in model.model_fields.items():
            out.setdefault(name, info.title or name)
    return out


def show(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "（空）"
    if isinstance(value, list):
        return "、".join(show(v) for v in value) if all(not isinstance(v, dict) for v in value) else f"{len(value)} 项"
    if isinstance(value, dict):
        return "，".join(f"{k} {show(v)}" for k, v in value.items() if v is not None)
    return str(value)


def _generic(kind: str, name: str, before: Any, after: Any) -> str:
    title = _titles(kind).get(name, name)
    if before is None:
        return f"{title} 填写为 {show(after)}"
    if after is None:
        return f"{title} 清空（原为 {show(before)}）"
    return f"{title} {show(before)} → {show(after)}"


_SET_PHRASES = {
    ("hazard", "rectified_on"): "已整改（{}）",
    ("hazard", "verified_on"): "已验收销号（{}）",
    ("risk_point", "retired_on"): "已销号（{}）",
    ("document", "withdrawn_on"): "已废止（{}）",
    ("enterprise", "closed_on"): "关闭（{}）",
    ("benchmark", "revoked_on"): "撤销（{}）",
    ("premium", "revoked_on"): "撤销（{}）",
    ("demo_post", "revoked_on"): "撤销（{}）",
}
_NAMED_CHANGES = {
    ("risk_point", "color"): "颜色",
    ("standardization", "grade"): "标准化等级",
    ("enterprise", "scale"): "三类企业",
    ("hazard", "grade"): "隐患等级",
    ("assessment", "color"): "整体风险等级",
}
_SKIP = {("hazard", "measures"), ("hazard", "verified_by")}  # said with the dates they accompany


def _changed_parts(rc: RecordChange) -> list[str]:
    parts = []
    for name, (before, after) in sorted(rc.fields.items()):
        key = (rc.kind, name)
        if key in _SET_PHRASES and before is None and after is not None:
            parts.append(_SET_PHRASES[key].format(after))
        elif key in _NAMED_CHANGES and before is not None and after is not None:
            parts.append(f"{_NAMED_CHANGES[key]} {show(before)} → {show(after)}")
        elif key in _SKIP and before is None:
            continue
        elif name == "items" and isinstance(before, list) and isinstance(after, list):
            parts.append(f"检查条目 {len(before)} → {len(after)} 条" if len(before) != len(after) else "检查条目有修改")
        else:
            parts.append(_generic(rc.kind, name, before, after))
    return parts


_ADDED = {
    "enterprise": "新增企业 {name}（{scale}，{industry}）",
    "hazard": "新增隐患 {id}（{grade}，{found_on} {source}发现）：{description}",
    "risk_point": "新增风险点 {id} {name}（{color}）",
    "standardization": "新增达标定级记录：{standard}{grade}（{effective_on} 生效）",
    "benchmark": "新增标杆：{level}（{awarded_on} 授予）",
    "premium": "新增精品：{level}（{awarded_on} 授予）",
    "demo_post": "新增示范岗位：{post}（{level}，{awarded_on} 授予）",
    "checklist": "新增检查清单 {id} {name}（{level}层级，{item_count} 条）",
    "five_s": "新增 5S 考评：{id}",
    "document": "印发{kind}《{title}》（{issued_on}）",
    "assessment": "整体风险评级 {color}（{assessed_on} 评定）",
    "action": "新增执法行动 {id}：{type}（{date}{amount}）",
}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _added(rc: RecordChange, d: dict[str, Any]) -> str:
    values = _Blank(d, id=rc.id, item_count=len(d.get("items") or []),
                    amount=f"，{d['amount_wan']} 万元" if d.get("amount_wan") is not None else "")
    return _ADDED[rc.kind].format_map(values)


def describe(rc: RecordChange) -> str:
    word = {"enterprise": "企业", "hazard": "隐患", "risk_point": "风险点", "checklist": "检查清单",
            "document": "文件", "action": "执法行动", "five_s": "5S 考评", "assessment": "整体评级",
            "standardization": "达标定级记录", "benchmark": "标杆", "premium": "精品",
            "demo_post": "示范岗位"}[rc.kind]
    if rc.change == "added":
        return _added(rc, {k: v[1] for k, v in rc.fields.items()})
    if rc.change == "removed":
        return f"删除{word} {rc.enterprise_name if rc.kind == 'enterprise' else rc.id}"
    label = rc.enterprise_name if rc.kind == "enterprise" else rc.id
    return f"{word} {label} " + "；".join(_changed_parts(rc))
