"""Reporters of ``shuili validate``: text, json, github, gitlab (the table is
:data:`shuili_cli.render.registry.VALIDATE_REPORTERS`). Each returns a string.

Messages and file names carry data from the repository: every reporter passes
them through :mod:`shuili_cli.render.safe_text`.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from shuili_cli.core.findings import Finding
from shuili_cli.render.registry import RenderContext
from shuili_cli.render.safe_text import clean, dumps

if TYPE_CHECKING:
    from shuili_cli.core.review.validate import ValidationResult


def text_line(f: Finding, prefix: str = "") -> str:
    return clean(f"{prefix}{f.file}:{f.line}:{f.column}: {f.severity.label} {f.code} {f.message}")


def summary_line(files: int, enterprises: int, errors: int, warnings: int, seconds: float) -> str:
    verdict = "通过" if errors == 0 else "未通过"
    return (f"{verdict}：检查了 {files} 个文件、{enterprises} 家企业，"
            f"{errors} 个错误，{warnings} 个警告，用时 {seconds:.2f} 秒")


def _summary(result: ValidationResult) -> str:
    return summary_line(result.files, result.enterprises, result.errors, result.warnings, result.seconds)


def as_text(result: ValidationResult, context: RenderContext, /) -> str:
    return "\n".join([*(text_line(f) for f in result.findings), _summary(result)]) + "\n"


def as_json(result: ValidationResult, context: RenderContext, /) -> str:
    doc = {
        "ok": result.ok(context.strict),
        "errors": result.errors,
        "warnings": result.warnings,
        "diagnostics": [
            {"code": f.code, "severity": f.severity.value, "file": f.file, "line": f.line, "column": f.column,
             "message": f.message, "path": f.path}
            for f in result.findings
        ],
    }
    return dumps(doc)


def _gh_data(text: str) -> str:
    """%-encoded workflow-command data: a line break stays inside the annotation (%0A), every
    other hidden character is shown as an escape."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "%0A".join(clean(line).replace("%", "%25") for line in lines)


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(result: ValidationResult, context: RenderContext, /) -> str:
    """GitHub Actions workflow commands; findings show on the pull request's lines."""
    prefix = context.path_prefix
    lines = []
    for f in result.findings:
        level = "error" if f.is_error else "warning"
        props = f"file={_gh_prop(prefix + f.file)},line={f.line},col={f.column},title={_gh_prop(f.code)}"
        lines.append(f"::{level} {props}::{_gh_data(f.message)}")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def as_gitlab(result: ValidationResult, context: RenderContext, /) -> str:
    """A GitLab Code Quality report (a JSON array)."""
    prefix = context.path_prefix
    out = []
    for f in result.findings:
        key = f"{f.code}\0{f.file}\0{f.path}\0{f.message}".encode("utf-8", "surrogatepass")
        fp = hashlib.sha256(key).hexdigest()[:32]
        out.append({
            "type": "issue",
            "check_name": f.code,
            "description": clean(f"{f.code} {f.message}"),  # shown to people: escapes visible
            "categories": ["Bug Risk"] if f.is_error else ["Style"],
            "severity": "major" if f.is_error else "minor",
            "fingerprint": fp,
            "location": {"path": prefix + f.file, "lines": {"begin": f.line}},
        })
    return dumps(out)
