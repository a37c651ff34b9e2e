"""``enterprises/<id>/enterprise.yaml``: the enterprise profile (一企一档)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Optional

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from shuili_cli.core.domain.vocab import Standard, StandardGrade, UnitKind
from shuili_cli.core.model.common import Day, F, Ident, Level, Note, Para, Record, Scale, Text

SIX_HAVE_ITEMS: dict[str, str] = {
    "floor_markings": "车间地上有标线",
    "equipment_nameplates": "设备有铭牌",
    "post_warnings": "岗位有警示",
    "work_instructions": "作业有指令",
    "pipe_flow_markers": "管线有流向标",
    "valve_tags": "重要阀门或开关有挂牌",
}


class NotApplicable(Record):
    not_applicable: Para = F("不适用理由", "本单位没有该项内容的理由")


def _six_have_value(value: Any) -> Any:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, dict):
        keys = set(value)
        reason = value.get("not_applicable")
        if keys == {"not_applicable"} and isinstance(reason, str) and reason.strip():
            return NotApplicable(not_applicable=reason)
    raise PydanticCustomError(
        "six_have_value",
        "六有各项的值应为完成日期（YYYY-MM-DD）、留空表示未完成，或 {not_applicable: 理由}",
    )


SixHaveValue = Annotated[
    Optional[Any],
    BeforeValidator(_six_have_value),
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            {"type": "null"},
            {
                "type": "object",
                "properties": {"not_applicable": {"type": "string", "minLength": 1, "title": "不适用理由"}},
                "required": ["not_applicable"],
                "additionalProperties": False,
            },
        ],
    }),
]


class Contact(Record):
    name: Optional[Text] = F("联系人", default=None)
    phone: Optional[Text] = F("联系电话", "请加引号，避免开头的 0 丢失", default=None)


class Standardization(Record):
    standard: Standard = F("达标类型", "国标、省标，或地标（泉州市地方标准）")
    grade: StandardGrade = F(
        "等级", "国标/省标：一级、二级、三级或自评；地标：达标（不分级）或自评"
    )
    effective_on: Day = F("生效日期", "达标定级（或完成自评）之日")
    expires_on: Optional[Day] = F("有效期至", "证书有效的最后一天", default=None)
    certificate: Optional[Text] = F("证书编号", default=None)


class Award(Record):
    level: Level = F("层级", "市级、县级或乡级")
    awarded_on: Day = F("授予日期")
    revoked_on: Optional[Day] = F("撤销日期", "自该日起不再计入", default=None)
    note: Optional[Note] = F("备注", default=None)


class DemoPost(Record):
    post: Text = F("岗位名称")
    level: Level = F("层级", "市级、县级或乡级")
    awarded_on: Day = F("授予日期")
    revoked_on: Optional[Day] = F("撤销日期", "自该日起不再计入", default=None)
    note: Optional[Note] = F("备注", default=None)


class ResponsibilitySystem(Record):
    established_on: Day = F("建立日期", "全员安全生产责任制及考核清单编制完成之日")
    document: Optional[Text] = F("文件名称或文号", default=None)


class FiveS(Record):
    adopted_on: Day = F("推行日期", "开始推行现场 5S 管理之日")


class SixHave(Record):
    floor_markings: SixHaveValue = F("车间地上有标线", "完成日期；留空为未完成；或 {not_applicable: 理由}", default=None)
    equipment_nameplates: SixHaveValue = F("设备有铭牌", "完成日期；留空为未完成；或 {not_applicable: 理由}", default=None)
    post_warnings: SixHaveValue = F("岗位有警示", "完成日期；留空为未完成；或 {not_applicable: 理由}", default=None)
    work_instructions: SixHaveValue = F("作业有指令", "完成日期；留空为未完成；或 {not_applicable: 理由}", default=None)
    pipe_flow_markers: SixHaveValue = F("管线有流向标", "完成日期；留空为未完成；或 {not_applicable: 理由}", default=None)
    valve_tags: SixHaveValue = F("重要阀门或开关有挂牌", "完成日期；留空为未完成；或 {not_applicable: 理由}", default=None)


class Enterprise(Record):
    """一企一档：企业（事业单位）基本信息与标准化情况。"""

    id: Ident = F("编号", "等于文件夹名，只含字母、数字、_ 和 -")
    name: Text = F("单位名称")
    credit_code: Optional[str] = F("统一社会信用代码", "18 位，按 GB 32100-2015 校验", default=None)
    no_credit_code: Optional[Text] = F(
        "没有信用代码的原因", "个人所有的小水电、村级水库等确实没有统一社会信用代码时，写明原因；写了就不再提示缺少信用代码",
        default=None)
    kind: UnitKind = F("单位性质")
    scale: Scale = F("三类企业", "规上企业、中等企业或小微企业（事业单位参照划分）")
    industry: Text = F("行业", "如 水库管理、水力发电、城乡供水、水利工程施工")
    township: Optional[Text] = F("乡镇（街道）", default=None)
    address: Optional[Text] = F("地址", default=None)
    contact: Optional[Contact] = F("联系人", default=None)
    registered_on: Optional[Day] = F("纳入监管日期", "此日期之前不计入", default=None)
    closed_on: Optional[Day] = F("关闭日期", "自该日起不再计入", default=None)
    standardization: list[Standardization] = F("达标定级记录", default_factory=list)
    benchmarks: list[Award] = F("标杆", default_factory=list)
    premium: list[Award] = F("精品", default_factory=list)
    demo_posts: list[DemoPost] = F("示范岗位", default_factory=list)
    responsibility_system: Optional[ResponsibilitySystem] = F("全员安全生产责任制及考核清单", default=None)
    five_s: Optional[FiveS] = F("5S 现场管理", default=None)
    six_have: Optional[SixHave] = F("六有可视化警示标识", default=None)
