"""Committed schemas are current, and an independent validator agrees with ours."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.schema import render_all
from shuili_cli.core.source.layout import discover
from shuili_cli.core.source.yamlio import parse_text

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data-template"


def test_committed_schemas_are_current() -> None:
    for name, text in render_all().items():
        path = ROOT / "schemas" / name
        assert path.is_file(), f"schemas/{name} missing: run `shuili schema`"
        assert path.read_text(encoding="utf-8") == text, f"schemas/{name} is stale: run `shuili schema`"


def _jsonable(value: Any) -> Any:
    """What a JSON-Schema-aware editor sees: dates as strings, decimals as numbers."""
    from datetime import date
    from decimal import Decimal

    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _validator(role: str) -> jsonschema.protocols.Validator:
    schema = json.loads((ROOT / "schemas" / f"{FILE_KINDS[role].schema_name}.schema.json").read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _template_files() -> list[tuple[str, str]]:
    if not TEMPLATE.is_dir():
        return []
    return [(f.rel, f.role) for f in discover(TEMPLATE).files]


@pytest.mark.parametrize(("rel", "role"), _template_files())
def test_template_is_valid_against_schemas(rel: str, role: str) -> None:
    text = (TEMPLATE / rel).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema="), f"{rel} lacks the schema modeline"
    target = text.splitlines()[0].split("$schema=", 1)[1].strip()
    assert (TEMPLATE / rel).parent.joinpath(target).resolve() == (
        ROOT / "schemas" / f"{FILE_KINDS[role].schema_name}.schema.json"
    )
    data = parse_text(text, rel).data
    errors = list(_validator(role).iter_errors(_jsonable(data)))
    assert not errors, errors[0].message


BAD = {
    "hazards": [
        {"hazards": [{"id": "H-1", "found_on": "2023-05-04", "source": "自查", "description": "x", "grade": "一般",
                      "responsible": "y", "deadline": "2023-05-08", "deadlin": "2023-05-09"}]},
        {"hazards": [{"id": "H-1", "found_on": "2023-05-04", "source": "监管检查", "description": "x",
                      "grade": "一般", "responsible": "y", "deadline": "2023-05-08"}]},
        {"hazards": [{"id": "H-1", "found_on": "2023-05-04", "source": "自查", "description": "x", "grade": "较大",
                      "responsible": "y", "deadline": "2023-05-08"}]},
    ],
    "five_s": [
        {"evaluations": [{"date": "2023-05-04", "post": "p", "evaluator": "e", "total": 101}]},
        {"evaluations": [{"date": "2023-05-04", "post": "p", "evaluator": "e"}]},
    ],
    "enterprise": [
        {"id": "a", "name": "n", "kind": "企业", "scale": "规模以上", "industry": "i"},
    ],
}


@pytest.mark.parametrize(("role", "doc"), [(r, d) for r, docs in BAD.items() for d in docs])
def test_both_validators_reject_bad_documents(role: str, doc: dict[str, Any]) -> None:
    assert list(_validator(role).iter_errors(doc)), "jsonschema accepted it"
    from pydantic import ValidationError

    from shuili_cli.core.rules import file_checks
    from shuili_cli.core.source.pipeline import FileContext

    model = FILE_KINDS[role].model
    try:
        validated = model.model_validate(doc)
    except ValidationError:
        return
    ctx = FileContext("x.yaml", role, validated, doc, None)
    assert any(True for check in file_checks(role) for _ in check.check_file(ctx)), "shuili accepted it"
