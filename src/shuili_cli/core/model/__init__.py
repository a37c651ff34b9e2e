"""Pydantic models of every file kind, and the registry that names them."""

from __future__ import annotations

from dataclasses import dataclass

from shuili_cli.core.model.bureau import AssessmentsFile, DocumentsFile, EnforcementFile, Settings
from shuili_cli.core.model.common import Record
from shuili_cli.core.model.enterprise import Enterprise
from shuili_cli.core.model.records import ChecklistsFile, FiveSFile, HazardsFile, RisksFile


@dataclass(frozen=True, slots=True)
class FileKind:
    """One kind of data file: its role in the layout, model and schema name."""

    role: str
    schema_name: str
    title: str
    model: type[Record]
    records_key: str | None


FILE_KINDS: dict[str, FileKind] = {
    k.role: k
    for k in (
        FileKind("settings", "shuili", "仓库设置 shuili.yaml", Settings, None),
        FileKind("enterprise", "enterprise", "企业档案 enterprise.yaml", Enterprise, None),
        FileKind("checklists", "checklists", "三张清单 checklists.yaml", ChecklistsFile, "checklists"),
        FileKind("risks", "risks", "风险点 risks.yaml", RisksFile, "risk_points"),
        FileKind("hazards", "hazards", "隐患 hazards/<年>.yaml", HazardsFile, "hazards"),
        FileKind("five_s", "five-s", "5S 考评 five-s/<年>.yaml", FiveSFile, "evaluations"),
        FileKind("documents", "documents", "标准规范文件 bureau/documents.yaml", DocumentsFile, "documents"),
        FileKind("assessments", "assessments", "整体风险评级 bureau/assessments.yaml", AssessmentsFile, "assessments"),
        FileKind("enforcement", "enforcement", "执法激励约束 bureau/enforcement/<年>.yaml", EnforcementFile, "actions"),
    )
}

__all__ = ["FILE_KINDS", "FileKind", "Record"]
