"""Validation reporters: text, json, github, gitlab. Each returns a string.

Messages and file names carry data from the repository: every reporter passes
them through :mod:`shuili_cli.render.safe_text`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from shuili_cli.core.findings import Finding
from shuili_cli.render.safe_text import clean, dumps

FORMATS = ("text", "json", "github", "gitlab")


def text_line(f: Finding, prefix: str = "") -> str:
    return clean(f"{prefix}{f.file}:{f.line}:{f.column}: {f.severity.label} {f.code} {f.message}")


def summary_line(files: int, enterprises: int, errors: int, warnings: int, seconds: float) -> str:
    verdict = "通过" if errors == 0 else "未通过"
    return (f"{verdict}：检查了 {files} 个文件、{enterprises} 家企业，"
            f"{errors} 个错误，{warnings} 个警告，用时 {seconds:.2f} 秒")


def as_text(findings: Sequence[Finding], summary: str) -> str:
    return "\n".join([*(text_line(f) for f in findings), summary]) + "\n"


def as_json(findings: Sequence[Finding], errors: int, warnings: int, ok: bool) -> str:
    doc = {
        "ok": ok,
        "errors": errors,
        "warnings": warnings,
        "diagnostics": [
            {"code": f.code, "severity": f.severity.value, "file": f.file, "line": f.line, "column": f.column,
             "message": f.message, "path": f.path}
            for f in findings
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


def as_github(findings: Sequence[Finding], summary: str, prefix: str = "") -> str:
    """GitHub Actions workflow commands; findings show on the pull request's lines."""
    lines = []
    for f in findings:
        level = "error" if f.is_error else "warning"
        props = f"file={_gh_prop(prefix + f.file)},line={f.line},col={f.column},title={_gh_prop(f.code)}"
        lines.append(f"::{level} {props}::{_gh_data(f.message)}")
    lines.append(summary)
    return "\n".join(lines) + "\n"


def as_gitlab(findings: Sequence[Finding], prefix: str = "") -> str:
    """A GitLab Code Quality report (a JSON array)."""
    out = []
    for f in findings:
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
