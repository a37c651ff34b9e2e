"""figures.json as a model: what ``shuili report`` writes beside the workbook and ``shuili rollup`` reads.

The JSON Schema ``schemas/figures.schema.json`` is generated from :class:`FiguresDocument`
(``shuili schema``); ``core/rollup`` validates a county's submission with the same model, so the
published schema and the check are one definition. Numbers stay exact: the reader parses JSON
decimals as ``Decimal``; a money figure that no float can hold exactly is written as its decimal text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Optional, Union

from pydantic import Field, StrictBool, StrictInt, StringConstraints, WithJsonSchema

from shuili_cli.core.model.common import F, Record

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
IsoDay = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
MAX_FIGURE = 10**12   # no county counts or fines this much: a larger number is not a figure the report wrote
Figure = Union[Annotated[StrictInt, Field(ge=0, le=MAX_FIGURE)],
               Annotated[Decimal, Field(ge=0, le=MAX_FIGURE, allow_inf_nan=False, max_digits=30),
                         WithJsonSchema({"type": "number", "minimum": 0, "maximum": MAX_FIGURE})],
               Annotated[str, StringConstraints(pattern=r"^[0-9]{1,13}(\.[0-9]{1,16})?$")]]


class FigUnit(Record):
    name: str = F("填报单位")
    type: str = F("填报单位类型", "县（市、区）或 市直单位")
    region: str = F("地区")


class FigCommit(Record):
    head: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}([0-9a-f]{24})?$")] = F(
        "提交", "生成时数据仓库的 git HEAD")
    clean: StrictBool = F("工作区干净", "生成时数据仓库的文件与该提交完全一致")


class FigSource(Record):
    repository: str = F("数据仓库", "填报单位名称")
    commit: Optional[FigCommit] = F("git 提交", "数据仓库是 git 工作区时才有", default=None)
    shuili_version: str = F("shuili 版本")
    generated_on: IsoDay = F("生成日期", "即报表的填报日期（--date）")
    content_sha256: Sha256 = F(
        "数据摘要", "shuili.yaml 和读取的每个数据文件：按路径排序的“路径\\0文件的 SHA-256\\n”各行的 SHA-256")


class FiguresDocument(Record):
    """月报表数字 figures.json：shuili report 写在工作簿旁，shuili rollup 读取。"""

    schema_version: Literal[1] = F("格式版本", "目前为 1；更新的版本由更新的 shuili 生成")
    month: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")] = F("月份", "YYYY-MM")
    basis: Literal["month", "ytd"] = F("口径", "month 当月；ytd 发生量自 1 月 1 日起累计")
    unit: FigUnit = F("填报单位")
    generated_on: IsoDay = F("填报日期")
    source: FigSource = F("来源")
    sha256: Optional[Sha256] = F("工作簿摘要", "同一文件夹中月报表工作簿（.xlsx）的 SHA-256；只输出数字时没有", default=None)
    figures: dict[str, Figure] = F("各栏数字", "键见 shuili explain --list；金额（万元）为精确小数")
    as_of: Optional[IsoDay] = F("统计截至", "当月未结束时（--partial）", default=None)
    draft: Optional[StrictBool] = F("草稿", "数据有错误时（--draft）", default=None)
    findings: Optional[list[str]] = F("未解决的问题", "草稿时列出", default=None)


SCHEMA_NAME = "figures"
TITLE = "月报表数字 figures.json"


class RollupRows(Record):
    city: Optional[dict[str, Figure]] = F("市直单位", "市直单位仓库的数字；没有 --city-repo 时为 null", alias="市直单位")
    counties: dict[str, Figure] = F("县（市、区）", "各县报送之和", alias="县（市、区）")


class RollupCounty(Record):
    name: str = F("填报单位")
    sha256: Sha256 = F("figures.json 摘要", "县里 figures.json 的 SHA-256（直接读取仓库时为按同样格式生成的内容的 SHA-256）")
    source: FigSource = F("来源")
    submitted_as: Literal["figures", "repository"] = F("报送方式", "figures 报表文件夹；repository 数据仓库（直接计算）")


class RollupDocument(Record):
    """市级汇总数字 figures.json：shuili rollup 写在汇总工作簿旁。"""

    schema_version: Literal[1] = F("格式版本", "目前为 1")
    kind: Literal["rollup"] = F("种类", "市级汇总")
    month: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")] = F("月份", "YYYY-MM")
    basis: Literal["month", "ytd"] = F("口径", "month 当月；ytd 发生量自 1 月 1 日起累计")
    unit: FigUnit = F("填报单位", "市直单位仓库的填报单位")
    generated_on: IsoDay = F("填报日期")
    as_of: Optional[IsoDay] = F("统计截至", "当月未结束时（--partial）", default=None)
    source: Optional[FigSource] = F("来源", "市直单位仓库；没有 --city-repo 时没有", default=None)
    sha256: Sha256 = F("工作簿摘要", "同一文件夹中汇总工作簿（.xlsx）的 SHA-256")
    rows: RollupRows = F("两行数字")
    counties: list[RollupCounty] = F("各县报送", "按市直单位仓库 counties 列表的顺序")
    missing: list[str] = F("缺报", "--partial 时尚未报送的县")


ROLLUP_SCHEMA_NAME = "rollup"
ROLLUP_TITLE = "市级汇总数字 figures.json（shuili rollup）"
