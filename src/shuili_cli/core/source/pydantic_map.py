"""Turn pydantic validation errors into located, Chinese findings.

pydantic reports each error with a ``loc`` (keys and indices, plus the tag
of a discriminated union) and a ``type``. We strip union tags to get the YAML
path, find the YAML position through the node tree, and phrase the message
from the type, the model's Chinese field titles and the scalar's source text.
"""

from __future__ import annotations

import types
from collections.abc import Callable
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
from shuili_cli.core.rules._base import ModelError, Rule, shown_field
from shuili_cli.core.source.yamlio import ParsedYaml, swallowed_comment

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


def _source_text(parsed: ParsedYaml, path: YamlPath) -> str | None:
    node = parsed.node_at(path)
    return node.value if isinstance(node, ScalarNode) else None


_PHRASED_BY: tuple[tuple[Rule, Callable[[ModelError], str | None]], ...] = (
    (missing_field.RULE, missing_field.message),
    (invalid_value.RULE, invalid_value.message),
    (bare_number.RULE, bare_number.message),
    (out_of_range.RULE, out_of_range.message),
)
"""The rules that phrase model errors, tried in order; ``wrong_type`` phrases the rest."""


def _message(err: Any, path: YamlPath, parsed: ParsedYaml, model: type[BaseModel]) -> tuple[Rule, str, bool]:
    """(rule, message, at_key) for one pydantic error: each rule module phrases its own."""
    etype: str = err["type"]
    name = shown_field(path, field_title(model, path, parsed.data))
    if etype == "extra_forbidden":
        owner = model_at(model, path[:-1], parsed.data)
        known = list(owner.model_fields) if owner is not None else []
        titles = {n: f.title or "" for n, f in owner.model_fields.items()} if owner is not None else {}
        return unknown_key.RULE, unknown_key.message(str(path[-1]), known, titles), True
    value = err.get("input")
    if value is None and etype not in ("missing", "union_tag_not_found"):
        swallowed = swallowed_comment(parsed.text, parsed.node_at(path[:-1]), path[-1] if path else None, parsed.index)
        return missing_field.RULE, missing_field.empty_message(name, swallowed), False
    error = ModelError(etype, value, err.get("ctx") or {}, err.get("msg", ""), name, _source_text(parsed, path),
                       parsed.noncanonical.get(path), lambda: _literal_choices(model, path, parsed.data))
    for rule, phrase in _PHRASED_BY:
        message = phrase(error)
        if message is not None:
            return rule, message, False
    return wrong_type.RULE, wrong_type.message(error), False


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
        if (rule.code, path) in self.seen:
            return None
        self.seen.add((rule.code, path))
        line, col = self.parsed.locate(path, at_key=at_key)
        char = invalid_value.odd_character(err.get("input")) if rule is invalid_value.RULE else None
        if char is not None:
            col += self.parsed.char_offset(path, char)
        return rule.finding(self.rel, line, col, format_path(path), message)

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
