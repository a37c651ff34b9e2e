"""A record change in the words a safety officer uses: "隐患 H-2023-031 已整改（2023-05-18）".

Field names are the models' Chinese titles, nested blocks are described part by part (六有 item by
item, a checklist's items by number and content), and a record of the bureau about an enterprise
names the enterprise: no English key, dict or list representation reaches the text.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from shuili_cli.core.domain.numbers import plain_text
from shuili_cli.core.domain.risk import lec_d
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
_SHORT_TITLES = {"six_have": "六有"}
EMPTY = "（空）"

# ----------------------------------------------------------------- field titles, nested models included


def _models_in(annotation: Any) -> tuple[type[BaseModel], ...]:
    """The models inside a field's type: ``Optional[SixHave]``, ``list[ChecklistItem]``, a union."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (annotation,)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, list, tuple, Annotated):
        args = get_args(annotation)[:1] if origin is Annotated else get_args(annotation)
        return tuple(m for arg in args for m in _models_in(arg))
    return ()


@dataclass(frozen=True, slots=True)
class _Field:
    title: str
    models: tuple[type[BaseModel], ...]     # what a nested value is (empty for plain values)


@cache
def _fields(models: tuple[type[BaseModel], ...]) -> dict[str, _Field]:
    out: dict[str, _Field] = {}
    for model in models:
        for name, info in model.model_fields.items():
            if name not in out:
                out[name] = _Field(_SHORT_TITLES.get(name, info.title or name), _models_in(info.annotation))
    return out


def _title(models: tuple[type[BaseModel], ...], name: str) -> str:
    found = _fields(models).get(name)
    return found.title if found else name


# ----------------------------------------------------------------- values


def _number(value: Any) -> str:
    """A number as written (``0.5``, ``35``, never ``35.0``); yes/no in words; anything else as text."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return plain_text(Decimal(str(value))) if isinstance(value, (int, float)) else str(value)


def _six_have(value: Any) -> str:
    """One 六有 item: a date (done on), absent (not done) or not applicable."""
    if value is None:
        return "未完成"
    if isinstance(value, dict):
        return f"不适用（{value.get('not_applicable', '')}）"
    return f"{value} 完成"


def show(value: Any, models: tuple[type[BaseModel], ...] = ()) -> str:
    """A value in words: lists joined with 、, a nested block by its Chinese field titles, LEC as D = L × E × C."""
    if value is None or value == [] or value == {}:
        return EMPTY
    if isinstance(value, list):
        if all(not isinstance(v, dict) for v in value):
            return "、".join(show(v) for v in value)
        return "；".join(show(v, models) for v in value)
    if isinstance(value, dict):
        if value.get("method") == "LEC" and all(isinstance(value.get(f), (int, float)) for f in "LEC"):
            d = lec_d(*(Decimal(str(value[f])) for f in "LEC"))
            return f"LEC（L {_number(value['L'])} × E {_number(value['E'])} × C {_number(value['C'])} = {plain_text(d)}）"
        if value.get("method") == "直接判定":
            return f"直接判定（{value.get('basis') or EMPTY}）"
        if set(value) == {"not_applicable"}:
            return _six_have(value)
        fields = _fields(models)
        return "，".join(f"{_title(models, k)} {show(v, fields[k].models if k in fields else ())}"
                        for k, v in value.items() if v is not None)
    return _number(value)


def _phrase(title: str, before: Any, after: Any, models: tuple[type[BaseModel], ...] = ()) -> str:
    if before is None:
        return f"{title} 填写为 {show(after, models)}"
    if after is None:
        return f"{title} 清空（原为 {show(before, models)}）"
    return f"{title} {show(before, models)} → {show(after, models)}"


def _block(name: str, field: _Field, before: dict[str, Any], after: dict[str, Any]) -> str:
    """A nested block changed part by part: ``六有：车间地上有标线 未完成 → 2023-05-10 完成；…``."""
    parts = []
    for sub in _fields(field.models):
        b, a = before.get(sub), after.get(sub)
        if b == a:
            continue
        title = _title(field.models, sub)
        if name == "six_have":
            parts.append(f"{title} {_six_have(b)} → {_six_have(a)}")
        else:
            parts.append(_phrase(title, b, a, _fields(field.models)[sub].models))
    return f"{field.title}：" + "；".join(parts)


def _item_label(item: dict[str, Any]) -> str:
    text = item.get("content") or item.get("name") or ""
    return f"条目 {item.get('id')}" + (f"“{text}”" if text else "")


def _items(field: _Field, before: list[dict[str, Any]], after: list[dict[str, Any]]) -> str:
    """Listed records by id (a checklist's items): which were added, removed or changed, and how."""
    old = {str(i.get("id")): i for i in before}
    new = {str(i.get("id")): i for i in after}
    parts = [f"新增{_item_label(new[k])}" for k in new if k not in old]
    parts += [f"删除{_item_label(old[k])}" for k in old if k not in new]
    for k in (k for k in new if k in old and new[k] != old[k]):
        changes = [_phrase(_title(field.models, sub), old[k].get(sub), new[k].get(sub))
                   for sub in _fields(field.models) if old[k].get(sub) != new[k].get(sub)]
        parts.append(f"条目 {k} " + "，".join(changes))
    return f"{field.title}：" + "；".join(parts)


def _generic(kind: str, name: str, before: Any, after: Any) -> str:
    field = _fields(_MODELS[kind]).get(name, _Field(name, ()))
    nested = bool(field.models) and name != "assessment"  # a risk assessment is read whole: LEC or 直接判定
    # a block changed part by part; 六有 also when written or cleared whole (absent items are not done)
    if (nested and isinstance(before, dict) and isinstance(after, dict)) or name == "six_have":
        return _block(name, field, before or {}, after or {})
    if nested and all(isinstance(v, list) and all(isinstance(i, dict) and "id" in i for i in v) for v in (before, after)):
        return _items(field, before, after)
    return _phrase(field.title, before, after, field.models)


# ----------------------------------------------------------------- changes in the domain's words

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
        else:
            parts.append(_generic(rc.kind, name, before, after))
    return parts


_ADDED = {
    "enterprise": "新增企业 {name}（{scale}，{industry}）",
    "hazard": "新增隐患 {id}（{grade}，{found_on} {source}发现）：{description}",
    "risk_point": "新增风险点 {id} {name}（{color}）",
    "standardization": "新增达标定级记录：{who}{standard}{grade}（{effective_on} 生效）",
    "benchmark": "新增标杆：{level}（{awarded_on} 授予）",
    "premium": "新增精品：{level}（{awarded_on} 授予）",
    "demo_post": "新增示范岗位：{post}（{level}，{awarded_on} 授予）",
    "checklist": "新增检查清单 {id} {name}（{level}层级，{item_count} 条）",
    "five_s": "新增 5S 考评：{id}",
    "document": "印发{kind}《{title}》（{issued_on}）",
    "assessment": "新增整体风险评级：{who}{color}（{assessed_on} 评定）",
    "action": "新增执法行动 {id}：{who}{type}（{date}{amount}）",
}
_WORDS = {"enterprise": "企业", "hazard": "隐患", "risk_point": "风险点", "checklist": "检查清单",
          "document": "文件", "action": "执法行动", "five_s": "5S 考评", "assessment": "整体评级",
          "standardization": "达标定级记录", "benchmark": "标杆", "premium": "精品", "demo_post": "示范岗位"}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _who(rc: RecordChange, d: dict[str, Any]) -> str:
    """The enterprise a record is about, by its name (a party without a file by what the action says)."""
    return rc.enterprise_name or str(d.get("party") or rc.enterprise or "")


def _added(rc: RecordChange, d: dict[str, Any]) -> str:
    fields = _fields(_MODELS[rc.kind])
    shown = {k: show(v, fields[k].models if k in fields else ()) for k, v in d.items()}
    values = _Blank(shown, id=rc.id, item_count=len(d.get("items") or []),
                    who=f"{_who(rc, d)} ".lstrip(),
                    amount=f"，{show(d['amount_wan'])} 万元" if d.get("amount_wan") is not None else "")
    return _ADDED[rc.kind].format_map(values)


def _label(rc: RecordChange) -> str:
    """How a removed or changed record is named: an enterprise by its name, a rating by whose and when."""
    if rc.kind == "enterprise":
        return rc.enterprise_name
    if rc.kind == "assessment":  # identified by (enterprise, assessed_on)
        return f"{_who(rc, {})} {rc.id.rsplit(' ', 1)[-1]}"
    return rc.id


def describe(rc: RecordChange) -> str:
    word = _WORDS[rc.kind]
    if rc.change == "added":
        return _added(rc, {k: v[1] for k, v in rc.fields.items()})
    if rc.change == "removed":  # said like an added one, so the reviewer sees what goes
        said = _added(rc, {k: v[0] for k, v in rc.fields.items()})
        return "删除" + said[2:] if said.startswith("新增") else f"删除{word} {_label(rc)}：{said}"
    return f"{word} {_label(rc)} " + "；".join(_changed_parts(rc))
