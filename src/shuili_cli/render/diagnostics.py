"""Validation reporters: text, json, github, gitlab. Each returns a string."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from shuili_cli.core.findings import Finding

FORMATS = ("text", "json", "github", "gitlab")


def text_line(f: Finding, prefix: str = "") -> str:
    return f"{prefix}{f.file}:{f.line}:{f.column}: {f.severity.label} {f.code} {f.message}"


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
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
        fp = hashlib.sha256(f"{f.code}\0{f.file}\0{f.path}\0{f.message}".encode()).hexdigest()[:32]
        out.append({
            "type": "issue",
            "check_name": f.code,
            "description": f"{f.code} {f.message}",
            "categories": ["Bug Risk"] if f.is_error else ["Style"],
            "severity": "major" if f.is_error else "minor",
            "fingerprint": fp,
            "location": {"path": prefix + f.file, "lines": {"begin": f.line}},
        })
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
