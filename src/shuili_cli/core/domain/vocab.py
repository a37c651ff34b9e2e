"""The domain vocabularies as named ``Literal`` types, shared by the models and the facts.

A typo such as ``h.grade == "重打"`` is then a mypy error, and the JSON Schema
(an ``enum`` per field) is generated from the same names.
"""

from __future__ import annotations

from typing import Final, Literal

Color = Literal["红", "橙", "黄", "蓝"]
"""Four-colour risk (风险点 colour, enterprise overall rating)."""
Scale = Literal["规上企业", "中等企业", "小微企业"]
Level = Literal["市级", "县级", "乡级"]
"""Award levels (标杆, 精品, 示范岗位)."""
UnitKind = Literal["企业", "事业单位"]
Standard = Literal["国标", "省标", "地标"]
StandardGrade = Literal["一级", "二级", "三级", "达标", "自评"]
HazardSource = Literal["自查", "监管检查", "其他"]
HazardGrade = Literal["一般", "重大"]
Tier = Literal["企业", "车间", "岗位"]
"""Checklist tiers (三张清单 levels)."""
ControlLevel = Literal["企业", "车间", "班组", "岗位"]
DocKind = Literal["安全生产检查清单", "标准化运行提升指南", "中等企业达标细则", "小微企业达标细则", "网格员安全生产检查导则"]
ReportingUnitType = Literal["县（市、区）", "市直单位"]

InspectionType = Literal["检查"]
SupervisionType = Literal["挂牌督办"]
FineType = Literal["罚款"]
PlainActionType = Literal["责令停产停业整顿", "暂扣或吊销证照", "曝光典型案例", "约谈警示"]
ClosureType = Literal["取缔关闭"]
ReferralType = Literal["移送司法机关"]
IncentiveType = Literal["激励", "约束"]
ActionType = Literal[
    "检查", "挂牌督办", "罚款", "责令停产停业整顿", "暂扣或吊销证照", "曝光典型案例", "约谈警示",
    "取缔关闭", "移送司法机关", "激励", "约束",
]

SELF_ASSESSMENT: Final[StandardGrade] = "自评"
MAJOR: Final[HazardGrade] = "重大"
RED: Final[Color] = "红"
SELF_FOUND: Final[HazardSource] = "自查"
SUPERVISORY: Final[HazardSource] = "监管检查"
OTHER_SOURCE: Final[HazardSource] = "其他"
INSPECTION: Final[InspectionType] = "检查"
SUPERVISION: Final[SupervisionType] = "挂牌督办"
FINE: Final[FineType] = "罚款"
REFERRAL: Final[ReferralType] = "移送司法机关"
WORKSHOP: Final[Tier] = "车间"
TIERS: Final[tuple[Tier, ...]] = ("企业", "车间", "岗位")

MAX_DAYS: Final = 3660
"""The longest interval (about ten years) any day-count setting in shuili.yaml may hold."""
DEFAULT_FIVE_S_WINDOW_DAYS: Final = 90
"""5S evaluations count when one falls within this many days up to D (shuili.yaml rules default)."""
