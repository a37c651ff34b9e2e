"""The enterprise's own record files: checklists, risks, hazards, 5S."""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import ConfigDict, Field

from shuili_cli.core.domain.risk import LEC_C, LEC_E, LEC_L
from shuili_cli.core.domain.vocab import ControlLevel, HazardGrade, HazardSource, Tier
from shuili_cli.core.model.common import Color, Day, F, Ident, Money, Num, Para, Record, Text, number_schema
from shuili_cli.core.model.conditions import CHECKLIST, EVALUATION, HAZARD, schema_extra

AccidentType = Literal[
    "物体打击", "车辆伤害", "机械伤害", "起重伤害", "触电", "淹溺", "灼烫", "火灾", "高处坠落", "坍塌",
    "冒顶片帮", "透水", "放炮", "火药爆炸", "瓦斯爆炸", "锅炉爆炸", "容器爆炸", "其他爆炸", "中毒和窒息", "其他伤害",
]

# ----------------------------------------------------------------- 三张清单


class ChecklistItem(Record):
    id: Ident = F("条目编号", "清单内唯一")
    content: Para = F("检查内容")
    basis: Optional[Text] = F("检查依据", "标准或制度条款，如 SL 105", default=None)


class Checklist(Record):
    model_config = ConfigDict(json_schema_extra=schema_extra(CHECKLIST))

    id: Ident = F("清单编号", "企业内唯一")
    level: Tier = F(
        "层级", "企业 = 安全生产检查清单；车间 = 车间（部门）安全检查表册；岗位 = 岗位（班组）安全检查卡片"
    )
    name: Text = F("清单名称")
    owner: Text = F("带队负责人", "各层级主要负责人")
    department: Optional[Text] = F("车间（部门）", "level 为 车间 时必填", default=None)
    post: Optional[Text] = F("岗位（班组）", "level 为 岗位 时必填", default=None)
    frequency: Literal["每班", "每日", "每周", "每月", "每季度", "每半年", "每年", "不定期"] = F("检查频次")
    requirements: Optional[Para] = F("整改要求", default=None)
    established_on: Day = F("建立日期")
    items: list[ChecklistItem] = F("检查条目", "至少一条", min_length=1)


class ChecklistNotApplicable(Record):
    车间: Para = F("不设车间的理由", "没有车间（部门）的单位，说明由谁直接管理各岗位")


class ChecklistsFile(Record):
    """三张清单：安全生产检查清单、车间（部门）安全检查表册、岗位（班组）安全检查卡片。"""

    not_applicable: Optional[ChecklistNotApplicable] = F("不适用的层级", default=None)
    checklists: list[Checklist] = F("检查清单", default_factory=list)


# ----------------------------------------------------------------- 风险点


def _choices(table: tuple[int | float, ...]) -> str:
    return "取值 " + "、".join(map(str, table))


class LecAssessment(Record):
    method: Literal["LEC"] = F("评价方法", "作业条件危险性评价法 D = L × E × C")
    L: Annotated[Num, number_schema(enum=list(LEC_L))] = F("L 事故发生的可能性", _choices(LEC_L))
    E: Annotated[Num, number_schema(enum=list(LEC_E))] = F("E 暴露于危险环境的频繁程度", _choices(LEC_E))
    C: Annotated[Num, number_schema(enum=list(LEC_C))] = F("C 发生事故产生的后果", _choices(LEC_C))


class DirectAssessment(Record):
    method: Literal["直接判定"] = F("评价方法", "直接判定（如构成重大危险源）")
    basis: Para = F("判定依据")


Assessment = Annotated[Union[LecAssessment, DirectAssessment], Field(discriminator="method")]


class RiskPoint(Record):
    id: Ident = F("风险点编号", "企业内唯一")
    name: Text = F("风险点名称")
    category: Text = F("类别", "设备设施、作业活动、作业环境、管理、构（建）筑物等")
    location: Optional[Text] = F("位置", default=None)
    department: Optional[Text] = F("所属部门", default=None)
    post: Optional[Text] = F("所属岗位", default=None)
    accident_types: list[AccidentType] = F("易发生事故类型", "GB 6441 的 20 类", default_factory=list)
    assessment: Assessment = F("风险评价", "{method: LEC, L, E, C} 或 {method: 直接判定, basis}")
    color: Color = F("风险等级颜色", "红 重大、橙 较大、黄 一般、蓝 低")
    controls: list[Para] = F("管控措施", "至少一条", min_length=1)
    emergency: Optional[Para] = F("应急措施", default=None)
    responsible: Text = F("管控责任人")
    control_level: Optional[ControlLevel] = F("管控层级", default=None)
    identified_on: Day = F("辨识日期")
    retired_on: Optional[Day] = F("销号日期", "自该日起不再计入", default=None)


class RisksFile(Record):
    """风险点：四色安全风险分级管控。"""

    risk_points: list[RiskPoint] = F("风险点", default_factory=list)


# ----------------------------------------------------------------- 隐患


class Hazard(Record):
    model_config = ConfigDict(json_schema_extra=schema_extra(HAZARD))

    id: Ident = F("隐患编号", "企业内唯一（跨所有年份文件）")
    found_on: Day = F("发现日期")
    source: HazardSource = F("来源", "自查、监管检查或其他（市级检查、网格员、投诉等）")
    inspection: Optional[Ident] = F("检查行动编号", "来源为 监管检查 时必填：本企业的 检查 行动", default=None)
    checklist: Optional[Ident] = F("依据的检查清单", default=None)
    checklist_item: Optional[Ident] = F("清单条目", "需同时填写 checklist", default=None)
    risk_point: Optional[Ident] = F("关联风险点", default=None)
    description: Para = F("隐患描述")
    location: Optional[Text] = F("部位", default=None)
    grade: HazardGrade = F("隐患等级", "一般事故隐患或重大事故隐患")
    responsible: Text = F("整改责任人")
    deadline: Day = F("整改期限")
    measures: Optional[Para] = F("整改措施", "填写 rectified_on 后必填", default=None)
    funds_wan: Optional[Money] = F("整改资金（万元）", default=None)
    rectified_on: Optional[Day] = F("整改完成日期", default=None)
    verified_on: Optional[Day] = F("验收销号日期", default=None)
    verified_by: Optional[Text] = F("验收人", "填写 verified_on 后必填", default=None)


class HazardsFile(Record):
    """隐患清单（整改清单由整改字段派生）。"""

    hazards: list[Hazard] = F("隐患", default_factory=list)


# ----------------------------------------------------------------- 5S

Score = Annotated[Num, Field(ge=0, le=20), number_schema(minimum=0, maximum=20)]


class FiveSScores(Record):
    整理: Score = F("整理", "0–20 分")
    整顿: Score = F("整顿", "0–20 分")
    清扫: Score = F("清扫", "0–20 分")
    清洁: Score = F("清洁", "0–20 分")
    素养: Score = F("素养", "0–20 分")


class Evaluation(Record):
    model_config = ConfigDict(json_schema_extra=schema_extra(EVALUATION))

    date: Day = F("评价日期")
    post: Text = F("岗位")
    person: Optional[Text] = F("被评价人", default=None)
    evaluator: Text = F("评价人")
    scores: Optional[FiveSScores] = F("分项得分", "整理、整顿、清扫、清洁、素养各 0–20 分；与 total 二选一", default=None)
    total: Optional[Annotated[Num, Field(ge=0, le=100), number_schema(minimum=0, maximum=100)]] = F(
        "总分", "0–100 分；与 scores 二选一", default=None
    )


class FiveSFile(Record):
    """5S 现场管理考评记录。"""

    evaluations: list[Evaluation] = F("考评记录", default_factory=list)
