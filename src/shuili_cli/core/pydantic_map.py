"""Turn pydantic validation errors into located, Chinese findings.

pydantic reports each error with a ``loc`` (keys and indices, plus the tag
of a discriminated union) and a ``type``. We strip union tags to get the YAML
path, find the YAML position through the node tree, and phrase the message
from the type, the model's Chinese field titles and the scalar's source text.
"""

from __future__ import annotations

import difflib
import types
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from yaml.nodes import ScalarNode

from shuili_cli.core.findings import Finding, YamlPath, format_path
from shuili_cli.core.rules import (
    bare_number,
    invalid_value,
    missing_field,
    out_of_range,
    unknown_key,
    wrong_type,
)
from shuili_cli.core.yamlio import ParsedYaml, swallowed_comment

# ----------------------------------------------------------------- model walking


def _members(tp: Any) -> list[Any]:
    """Flatten Annotated/Optional/Union into the concrete member types."""
    origin = get_origin(tp)
    if origin is Annotated:
        return _members(get_args(tp)[0])
    if origin is Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in get_args(tp):
            if arg is not type(None):
                out.extend(_members(arg))
        return out
    return [tp]


def _pick_model(candidates: list[Any], data: Any) -> type[BaseModel] | None:
    models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
    if len(models) <= 1:
        return models[0] if models else None
    if isinstance(data, dict):
        for m in models:
            for tag in ("type", "method"):
                f = m.model_fields.get(tag)
                if f is not None and data.get(tag) in get_args(f.annotation):
                    return m
    return None


def _step(tp: Any, part: str | int, data: Any) -> tuple[Any, Any]:
    """Type and data one step down ``part``; (None, None) when unknown."""
    for member in _members(tp):
        origin = get_origin(member)
        if isinstance(part, int) and origin is list:
            sub = data[part] if isinstance(data, list) and part < len(data) else None
            return get_args(member)[0], sub
    if isinstance(part, str):
        model = _pick_model(_members(tp), data)
        if model is not None and part in model.model_fields:
            sub = data.get(part) if isinstance(data, dict) else None
            return model.model_fields[part].annotation, sub
    return None, None


def model_at(root_model: type[BaseModel], path: YamlPath, data: Any) -> type[BaseModel] | None:
    """The model class that holds the mapping at ``path`` (for key suggestions)."""
    tp: Any = root_model
    for part in path:
        tp, data = _step(tp, part, data)
        if tp is None:
            return None
    return _pick_model(_members(tp), data)


def field_title(root_model: type[BaseModel], path: YamlPath, data: Any) -> str:
    """The Chinese title of the field at ``path`` ('' when unknown)."""
    if not path or not isinstance(path[-1], str):
        return ""
    owner = model_at(root_model, path[:-1], data)
    if owner is None:
        return ""
    info = owner.model_fields.get(path[-1])
    return info.title or "" if info is not None else ""


def _literal_choices(root_model: type[BaseModel], path: YamlPath, data: Any) -> list[str]:
    tp: Any = root_model
    for part in path:
        tp, data = _step(tp, part, data)
        if tp is None:
            return []
    out: list[str] = []
    for member in _members(tp):
        if get_origin(member) is Literal:
            out.extend(str(a) for a in get_args(member))
    return out


# ----------------------------------------------------------------- paths


def data_path(loc: tuple[Any, ...], data: Any) -> YamlPath:
    """Strip discriminated-union tags from a pydantic ``loc``."""
    out: list[str | int] = []
    cur = data
    for part in loc:
        if isinstance(part, int):
            out.append(part)
            cur = cur[part] if isinstance(cur, list) and part < len(cur) else None
        elif isinstance(cur, dict) and part in cur:
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and part in (cur.get("type"), cur.get("method")):
            continue  # union tag
        elif isinstance(part, str) and ("[" in part or "function-" in part):
            continue  # validator wrapper names
        else:
            out.append(part)
            cur = None
    return tuple(out)


# ----------------------------------------------------------------- messages


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, (int, Decimal, float)):
        return "数字"
    if isinstance(value, date):
        return "日期"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return "文本"


def _name(path: YamlPath, title: str) -> str:
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    if not key:
        return "文件顶层"
    return f"“{key}”（{title}）" if title and title != key else f"“{key}”"


def _source_text(parsed: ParsedYaml, path: YamlPath) -> str | None:
    node = parsed.node_at(path)
    return node.value if isinstance(node, ScalarNode) else None


def _message(err: Any, path: YamlPath, parsed: ParsedYaml, model: type[BaseModel]) -> tuple[Any, str, bool]:
    """(rule module, message, at_key) for one pydantic error."""
    etype: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    title = field_title(model, path, parsed.data)
    name = _name(path, title)
    if etype == "missing":
        return missing_field, f"缺少必填字段 {name}；请补上", False
    if etype == "extra_forbidden":
        key = str(path[-1])
        owner = model_at(model, path[:-1], parsed.data)
        known = list(owner.model_fields) if owner is not None else []
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"是不是“{close[0]}”？" if close else "可用的字段：" + "、".join(known)
        return unknown_key, f"未知字段“{key}”；{hint}", True
    if value is None and etype != "union_tag_not_found":
        swallowed = swallowed_comment(parsed.text, parsed.node_at(path[:-1]), path[-1] if path else None, parsed.index)
        extra = (f"；“{swallowed}”被当作注释，如果它是内容请加引号写成 \"{swallowed}\"" if swallowed
                 else "；请填写，或删除这一行")
        return missing_field, f"字段 {name} 的值为空{extra}", False
    if etype in ("string_too_short", "string_pattern_mismatch"):
        return missing_field, f"字段 {name} 不能为空（也不能只有空格）", False
    if etype in ("literal_error", "enum"):
        choices = _literal_choices(model, path, parsed.data)
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.3)
        hint = f"是不是“{close[0]}”？" if close and str(value) != close[0] else ""
        shown = "、".join(choices) if choices else str(ctx.get("expected", ""))
        return invalid_value, f"{name} 的值“{value}”不是允许的取值；{hint}可选：{shown}", False
    if etype == "union_tag_invalid":
        tag = str(ctx.get("discriminator", "")).strip("'")
        choices = [c.strip().strip("'") for c in str(ctx.get("expected_tags", "")).split(",") if c.strip()]
        close = difflib.get_close_matches(str(ctx.get("tag")), choices, n=1, cutoff=0.3)
        hint = f"是不是“{close[0]}”？" if close else ""
        return invalid_value, f"“{tag}”的值“{ctx.get('tag')}”不是允许的取值；{hint}可选：{'、'.join(choices)}", False
    if etype == "union_tag_not_found":
        tag = str(ctx.get("discriminator", "")).strip("'")
        return missing_field, f"缺少必填字段“{tag}”；它决定这条记录需要哪些字段", False
    if etype == "string_type" and isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        raw = parsed.noncanonical.get(path) or _source_text(parsed, path) or str(value)
        lost = "，开头的 0 会丢失" if raw.lstrip("+-").startswith("0") and len(raw) > 1 else ""
        return bare_number, f"{name} 应为文本，但 {raw} 会被读成数字{lost}；请加引号写成 \"{raw}\"", False
    if etype == "string_type" and isinstance(value, (bool, date)):
        raw = _source_text(parsed, path) or str(value)
        return bare_number, f"{name} 应为文本，但 {raw} 会被读成{_describe(value)}；请加引号写成 \"{raw}\"", False
    if etype in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        ops = {"greater_than_equal": ("ge", "≥"), "greater_than": ("gt", ">"),
               "less_than_equal": ("le", "≤"), "less_than": ("lt", "<")}
        key, sym = ops[etype]
        return out_of_range, f"{name} 的值 {_fmt(value)} 超出范围：应 {sym} {ctx.get(key)}", False
    if etype == "decimal_max_places":
        return out_of_range, f"{name} 的值 {_fmt(value)} 小数位过多：最多 {ctx.get('decimal_places')} 位小数", False
    if etype == "too_short":
        return out_of_range, f"{name} 至少需要 {ctx.get('min_length', 1)} 项", False
    if etype in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        shown = _source_text(parsed, path) or str(value)
        return wrong_type, f"{name} 应为日期，格式 YYYY-MM-DD（如 2023-05-04），实际是“{shown}”", False
    if etype in ("decimal_type", "decimal_parsing", "int_type", "int_parsing", "int_from_float", "finite_number",
                 "is_instance_of"):
        shown = _source_text(parsed, path) or str(value)
        kind = "整数" if etype.startswith("int") else "数字"
        if isinstance(value, str) and etype == "is_instance_of" and _source_text(parsed, path) is not None:
            return wrong_type, f"{name} 应为数字（不加引号，且不能大得离谱），实际是“{shown[:40]}”", False
        return wrong_type, f"{name} 应为{kind}，实际是“{shown}”", False
    if etype == "list_type":
        return wrong_type, f"{name} 应为列表（每项一行，以“- ”开头），实际是{_describe(value)}", False
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return wrong_type, f"{name} 应为映射（“键: 值”），实际是{_describe(value)}", False
    if etype == "string_type":
        return wrong_type, f"{name} 应为文本，实际是{_describe(value)}", False
    if etype in ("six_have_value", "timezone"):
        return wrong_type, f"{name}：{err['msg']}", False
    return wrong_type, f"{name} 的值不符合要求（{etype}）", False


def _fmt(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


class ErrorMapper:
    """Located findings for the pydantic errors of one file, which may be validated in parts.

    At most ``MAX_FINDINGS`` errors are listed (``ParsedYaml.add``); beyond that errors are
    only counted, without building their messages or positions. Positions come from the
    file's node index, so mapping N errors costs O(N). Duplicates (the same rule at the same
    path, as unions report) are dropped within one validation call.
    """

    def __init__(self, parsed: ParsedYaml, model: type[BaseModel], rel: str) -> None:
        self.parsed = parsed
        self.model = model
        self.rel = rel
        self.reported = {f.path for f in parsed.findings if f.is_error}
        self.seen: set[tuple[Any, ...]] = set()

    def _path(self, err: Any) -> YamlPath | None:
        path = data_path(tuple(err["loc"]), self.parsed.data)
        return None if format_path(path) in self.reported else path  # the parser explained it (an impossible date)

    def finding(self, err: Any) -> Finding | None:
        """The finding for one error; None when it says nothing new."""
        path = self._path(err)
        if path is None:
            return None
        rule, message, at_key = _message(err, path, self.parsed, self.model)
        if err["type"] == "union_tag_invalid":
            path = (*path, str(err.get("ctx", {}).get("discriminator", "")).strip("'"))
        if (rule.RULE.code, path) in self.seen:
            return None
        self.seen.add((rule.RULE.code, path))
        line, col = self.parsed.locate(path, at_key=at_key)
        return Finding(rule.RULE.code, rule.RULE.severity, self.rel, line, col, format_path(path), message)

    def add(self, err: Any) -> None:
        """List one error while there is room; beyond it, count it."""
        if not self.parsed.full():
            found = self.finding(err)
            if found is not None:
                self.parsed.add(found)
            return
        key = (err["type"], tuple(err["loc"]))  # cheap: union members may be counted twice
        if key not in self.seen:
            self.seen.add(key)
            self.parsed.dropped += 1

    def report(self, exc: ValidationError, prefix: YamlPath = (), *, offset: int = 0,
               skip: frozenset[Any] | set[Any] = frozenset(), depth: int = 1) -> set[tuple[Any, ...]]:
        """Add the errors of one validation call made at ``prefix`` (list indices shifted by
        ``offset``); errors under a first key in ``skip`` are left out. Returns the first
        ``depth`` parts (after ``prefix``) of each error's location."""
        self.seen = set()
        light = self.parsed.full()  # counting only: no input, no context
        heads: set[tuple[Any, ...]] = set()
        for err in exc.errors(include_url=False, include_context=not light, include_input=not light):
            loc = tuple(err["loc"])
            if loc and isinstance(loc[0], int) and offset:
                loc = (loc[0] + offset, *loc[1:])
            if loc and loc[0] in skip:
                continue
            heads.add(loc[:depth])
            if prefix or offset:
                err = {**err, "loc": (*prefix, *loc)}
            self.add(err)
        return heads


__all__ = ["ErrorMapper", "data_path", "field_title", "model_at"]
