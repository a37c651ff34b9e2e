"""The bureau's own records and the repository settings."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from shuili_cli.core.domain.vocab import (
    DEFAULT_FIVE_S_WINDOW_DAYS,
    MAX_DAYS,
    ClosureType,
    DocKind,
    FineType,
    IncentiveType,
    InspectionType,
    PlainActionType,
    ReferralType,
    ReportingUnitType,
    SupervisionType,
)
from shuili_cli.core.model.common import Color, Day, F, Ident, Money, Para, Record, Text

MEASURES = Literal["经济政策", "社会荣誉", "信贷信用", "投融资", "保险费率", "其他"]

# ----------------------------------------------------------------- documents


class Document(Record):
    id: Ident = F("文件编号", "局内唯一")
    kind: DocKind = F("类别")
    title: Text = F("标题")
    issued_on: Day = F("印发日期")
    doc_no: Optional[Text] = F("文号", default=None)
    withdrawn_on: Optional[Day] = F("废止日期", "被修订版替代或废止之日，自该日起不再计入", default=None)


class DocumentsFile(Record):
    """优化标准规范：局里印发的标准规范文件。"""

    documents: list[Document] = F("文件", default_factory=list)


# ----------------------------------------------------------------- assessments


class OverallRating(Record):
    enterprise: Ident = F("企业编号")
    assessed_on: Day = F("评估日期")
    color: Color = F("整体安全风险等级", "红、橙、黄、蓝")
    basis: Optional[Para] = F("评估依据", default=None)


class AssessmentsFile(Record):
    """企业整体安全风险等级（四色）评估。"""

    assessments: list[OverallRating] = F("评估", default_factory=list)


# ----------------------------------------------------------------- enforcement


class _Action(Record):
    id: Ident = F("行动编号", "跨所有执法文件唯一")
    date: Day = F("日期")
    enterprise: Ident = F("企业编号")
    note: Optional[Para] = F("备注", default=None)
    doc_no: Optional[Text] = F("文号", default=None)
    authority: Optional[Text] = F("执法（实施）单位", "如 县水利局、某某镇人民政府", default=None)


class Inspection(_Action):
    type: InspectionType = F("类型")
    end_date: Optional[Day] = F("结束日期", "多日检查的最后一天", default=None)


class Supervision(_Action):
    type: SupervisionType = F("类型")
    hazards: list[Ident] = F("督办的重大隐患", "本企业 grade 为 重大 的隐患编号", min_length=1)


class Fine(_Action):
    type: FineType = F("类型")
    amount_wan: Annotated[Money, Field(gt=0)] = F("罚款金额（万元）", "大于 0")


class PlainAction(_Action):
    type: PlainActionType = F("类型")


class _PartyAction(_Action):
    enterprise: Optional[Ident] = F("企业编号", "无证经营者等没有档案的对象可改填 party", default=None)  # type: ignore[assignment]
    party: Optional[Text] = F("对象", "没有企业档案的对象（如无证经营者）", default=None)


class Closure(_PartyAction):
    type: ClosureType = F("类型")


class JudicialReferral(_PartyAction):
    type: ReferralType = F("类型")
    persons: Annotated[int, Field(ge=1, strict=True)] = F("移送人数", "至少 1 人")


class Incentive(_Action):
    type: IncentiveType = F("类型")
    measures: list[MEASURES] = F("措施", "经济政策、社会荣誉、信贷信用、投融资、保险费率、其他", min_length=1)


Action = Annotated[
    Union[Inspection, Supervision, Fine, PlainAction, Closure, JudicialReferral, Incentive],
    Field(discriminator="type"),
]


class EnforcementFile(Record):
    """执法激励约束：检查、挂牌督办、罚款、激励、约束等行动。"""

    actions: list[Action] = F("行动", default_factory=list)


# ----------------------------------------------------------------- settings


def _unit_type(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("(", "（").replace(")", "）")
    return value


class Unit(Record):
    name: Text = F("填报单位", "打印在每张报表上")
    type: Annotated[ReportingUnitType, BeforeValidator(_unit_type)] = F(
        "填报单位类型", "本仓库填写报表的哪一行：县（市、区）或 市直单位"
    )
    region: Text = F("地区", "用于报表标题，如 永春县")


class Reporter(Record):
    name: Optional[Text] = F("填表人", default=None)
    phone: Optional[Text] = F("联系电话", "请加引号", default=None)


class IntervalDays(Record):
    红: Annotated[int, Field(ge=1, le=MAX_DAYS, strict=True)] = F("红", default=30)
    橙: Annotated[int, Field(ge=1, le=MAX_DAYS, strict=True)] = F("橙", default=60)
    黄: Annotated[int, Field(ge=1, le=MAX_DAYS, strict=True)] = F("黄", default=90)
    蓝: Annotated[int, Field(ge=1, le=MAX_DAYS, strict=True)] = F("蓝", default=180)


class Rules(Record):
    five_s_window_days: Annotated[int, Field(ge=1, le=MAX_DAYS, strict=True)] = F(
        "5S 考评有效天数", "最近 N 天内有考评才计入“强化5S现场管理”", default=DEFAULT_FIVE_S_WINDOW_DAYS
    )
    five_s_pass_score: Annotated[int, Field(ge=0, le=100, strict=True)] = F(
        "5S 合格分", "低于此分的考评由 shuili alerts 提示；“强化5S现场管理”按有无考评统计，不看分数", default=80
    )
    inspection_interval_days: IntervalDays = F(
        "差异化监管检查间隔（天）", "按企业整体风险颜色", default_factory=IntervalDays
    )
    certificate_warning_days: Annotated[int, Field(ge=0, le=MAX_DAYS, strict=True)] = F(
        "证书到期提前提醒天数", default=90
    )


class Limits(Record):
    max_file_mb: Annotated[int, Field(ge=1, le=200, strict=True)] = F("单个文件大小上限（MB）", default=10)


def _timezone(value: Any) -> Any:
    if isinstance(value, str):
        from zoneinfo import available_timezones

        known = available_timezones()
        if known and value not in known:
            raise PydanticCustomError("timezone", "不认识的时区“{value}”；中国大陆请用 Asia/Shanghai", {"value": value})
    return value


class Settings(Record):
    """仓库设置：填报单位、填表人和统计规则。"""

    schema_version: Literal[1] = F("格式版本", "目前为 1")
    unit: Unit = F("填报单位")
    reporter: Optional[Reporter] = F("填表人", default=None)
    rules: Rules = F("统计规则", default_factory=Rules)
    timezone: Annotated[Text, AfterValidator(_timezone)] = F("时区", "决定“今天”是哪一天，默认中国标准时间", default="Asia/Shanghai")  # noqa: E501
    limits: Limits = F("读取限制", default_factory=Limits)
    counties: Optional[list[Text]] = F(
        "下辖县（市、区）", "仅市直单位的仓库：shuili rollup 要汇总的各县填报单位名称（与各县 shuili.yaml 的 unit.name 相同）",
        default=None)
