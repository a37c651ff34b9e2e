"""JSON Schema (draft 2020-12) of every file kind, from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.source import atomic_file

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(role: str) -> dict[str, object]:
    kind = FILE_KINDS[role]
    body = kind.model.model_json_schema()
    return {"$schema": DRAFT, "$id": f"{kind.schema_name}.schema.json", "title": kind.title, **{
        k: v for k, v in body.items() if k != "title"}}


def render_all() -> dict[str, str]:
    """File name -> JSON text, for every file kind."""
    return {
        f"{kind.schema_name}.schema.json": json.dumps(schema_for(role), ensure_ascii=False, indent=2) + "\n"
        for role, kind in FILE_KINDS.items()
    }


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write via a temporary file in the same folder and rename over the target (creating the folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_file.write_atomic(path, text, fsync=False, prefix=f".{path.name}.", suffix=".tmp")
