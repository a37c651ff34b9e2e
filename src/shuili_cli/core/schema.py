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


def figures_schemas() -> dict[str, dict[str, object]]:
    """File name -> schema of figures.json: what ``shuili report`` writes (and ``shuili rollup`` reads),
    and what ``shuili rollup`` writes."""
    from shuili_cli.core.model import figures_doc as fd

    out: dict[str, dict[str, object]] = {}
    for name, title, model in ((fd.SCHEMA_NAME, fd.TITLE, fd.FiguresDocument),
                               (fd.ROLLUP_SCHEMA_NAME, fd.ROLLUP_TITLE, fd.RollupDocument)):
        body = model.model_json_schema()
        out[f"{name}.schema.json"] = {"$schema": DRAFT, "$id": f"{name}.schema.json", "title": title,
                                      **{k: v for k, v in body.items() if k != "title"}}
    return out


def render_all() -> dict[str, str]:
    """File name -> JSON text, for every file kind and the two figures.json."""
    schemas = {f"{kind.schema_name}.schema.json": schema_for(role) for role, kind in FILE_KINDS.items()}
    schemas |= figures_schemas()
    return {name: json.dumps(body, ensure_ascii=False, indent=2) + "\n" for name, body in schemas.items()}


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write via a temporary file in the same folder and rename over the target (creating the folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_file.write_atomic(path, text, fsync=False, prefix=f".{path.name}.", suffix=".tmp")
