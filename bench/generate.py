#!/usr/bin/env python3
"""Generate a synthetic shuili data repository for benchmarking.

Usage: python bench/generate.py N OUT_DIR [--seed S] [--shape {current,dense}]
                                [--hazards-per-year N] [--evaluations-per-year N]
                                [--unsupervised-majors K] [--brief | --no-brief]

The repository follows the format of the data-model spec and is meant to validate without
errors, so that a benchmark measures the normal path of `shuili validate`; with the default knobs
it has no warnings either. Every date lies within 2023. Output is deterministic for a given
(N, seed, knobs): each enterprise has its own random stream, derived from the seed and its index.

The YAML text is written directly (not via yaml.dump) for speed; every scalar written here is
plain-safe (no ": ", " #", ASCII commas or brackets inside flow collections).

Knobs (argparse options, and keyword arguments of `generate()`; the defaults are the current
shape, whose output is byte for byte what it was before the knobs existed):
  --hazards-per-year N    hazards in each enterprise's hazards/2023.yaml (300; 1..9999; at least
                          the 监管检查 and 挂牌督办 hazards the plan needs, up to 20, plus K).
                          Beyond about 8,000 hazards (8,800 with --brief) a file passes shuili's
                          250,000-node limit and validate stops reading it (SL016, an error)
  --evaluations-per-year N  5S evaluations per enterprise (150; (date, post, person) stay unique,
                          so at most about 7,000)
  --unsupervised-majors K   K of the hazards are 自查 重大 ones that no 挂牌督办 action lists: each
                          gives exactly one SL601 warning, K x N in all, and no other finding (0)
  --brief                 hazards without location, funds_wan or an open hazard's planned measures,
                          with short descriptions and measures (measures stays with rectified_on,
                          verified_by with verified_on, as the data model requires)
  --shape dense           = --hazards-per-year 900 --evaluations-per-year 50 --unsupervised-majors 17
                          --brief (issue 13); knobs given explicitly override the preset

Sizes per enterprise (N = 10):
  current: about 225 KB: hazards 143 KB (~477 B a hazard), 5S 32 KB, checklists 27 KB, risks 21 KB,
           enterprise 1 KB; about 226 MB at N = 1000.
  dense:   about 364 KB: hazards 304 KB (~337 B a brief hazard), 5S 11 KB, checklists 27 KB,
           risks 21 KB, enterprise 1 KB; about 364 MB at N = 1000. Issue 13 quotes ~180 MB for
           900 hazards a year, which a block-style hazard with these fields cannot reach (the
           fields kept cost ~300 B); `--shape dense --hazards-per-year 355` gives ~180 MB instead.
The bureau files add about 1 KB per enterprise.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

YEAR = 2023
DAYS_IN_YEAR = 365
LAST_DAY = DAYS_IN_YEAR - 1
# Day index (0 = 1 January) -> ISO date text.
DATES: tuple[str, ...] = tuple(
    (date(YEAR, 1, 1) + timedelta(days=d)).isoformat() for d in range(DAYS_IN_YEAR)
)

N_CHECKLIST_ITEMS = 40
N_RISK_POINTS = 40
N_HAZARDS = 300
N_EVALUATIONS = 150
N_OTHER_SOURCE = 10  # hazards per enterprise with source 其他 (fewer when --hazards-per-year is small)
MAX_HAZARDS = 9999  # hazard ids are H-2023-0001 ... H-2023-9999


@dataclass(frozen=True)
class Knobs:
    """What varies between benchmark shapes; the defaults give the current shape's output, byte for byte."""

    hazards_per_year: int = N_HAZARDS  # hazards in each enterprise's hazards/2023.yaml
    evaluations_per_year: int = N_EVALUATIONS  # 5S evaluations per enterprise
    unsupervised_majors: int = 0  # 重大 hazards per enterprise that no 挂牌督办 lists (one SL601 each)
    brief: bool = False  # hazards without location/funds_wan/planned measures, and shorter texts

    def check(self) -> None:
        """SystemExit with a clear message when the knobs cannot give a valid repository."""
        if not 1 <= self.hazards_per_year <= MAX_HAZARDS:
            raise SystemExit(f"--hazards-per-year must be between 1 and {MAX_HAZARDS}, not {self.hazards_per_year}")
        if self.evaluations_per_year < 0:
            raise SystemExit(f"--evaluations-per-year must be 0 or more, not {self.evaluations_per_year}")
        if not 0 <= self.unsupervised_majors <= self.hazards_per_year:
            raise SystemExit(f"--unsupervised-majors must be between 0 and --hazards-per-year "
                             f"({self.hazards_per_year}), not {self.unsupervised_majors}")


# Named presets of `--shape`. Dense: the issue 13 shape (900 hazards a year, ~17 SL601 warnings per
# enterprise, brief hazard records; about 180 MB at N = 1000 -- see the module docstring).
SHAPES: dict[str, Knobs] = {
    "current": Knobs(),
    "dense": Knobs(hazards_per_year=900, evaluations_per_year=50, unsupervised_majors=17, brief=True),
}

# --------------------------------------------------------------------------------------------
# Identifiers with check characters
# --------------------------------------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_check_char(body: str) -> str:
    """GB 32100-2015 check character for the first 17 characters of a USCC."""
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body: str) -> str:
    """GB 11714 check character of the 9-character organisation code (all-digit body)."""
    total = sum(int(ch) * w for ch, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def make_uscc(rng: random.Random, public_institution: bool) -> str:
    """A well-formed 18-character unified social credit code."""
    # Registration authority + unit type: 91 = market regulator / enterprise,
    # 12 = establishment office / public institution.
    head = "12" if public_institution else "91"
    region = "350599"  # fictitious county-level administrative code
    org = "".join(rng.choice("0123456789") for _ in range(8))
    body = head + region + org + org_code_check_char(org)
    return body + uscc_check_char(body)


# --------------------------------------------------------------------------------------------
# Vocabulary (all values are plain-safe YAML scalars)
# --------------------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶"
    "程苏魏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺"
    "顾毛郝龚邵万钱严覃武洪"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文辉玉兰红梅飞鹏斌宇浩凯俊晓东海波"
PLACE_CHARS = "桃溪东平湖洋石鼓蓬壶吾峰达埔岵山五里街仙夹坑苏坑玉斗锦斗下洋横口外山介福呈祥东关一都桂洋坑仔口"
TOWNSHIPS = (
    "桃城镇", "五里街镇", "一都镇", "下洋镇", "蓬壶镇", "达埔镇", "吾峰镇", "石鼓镇",
    "岵山镇", "东平镇", "湖洋镇", "坑仔口镇", "玉斗镇", "锦斗镇", "桂洋镇", "苏坑镇",
)


@dataclass(frozen=True)
class Industry:
    """Vocabulary of one water-sector industry."""

    name: str
    suffix: str  # appended to a place name to form the unit name
    departments: tuple[str, ...]
    posts: tuple[str, ...]
    locations: tuple[str, ...]
    objects: tuple[str, ...]
    top_owner: str


INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "水库管理", "水库管理站",
        ("运行管理科", "工程维护科", "安全保卫科", "综合办公室"),
        ("闸门启闭操作岗", "大坝巡视检查岗", "溢洪道值守岗", "水文观测记录岗", "机电设备维修岗",
         "配电房值班电工岗", "库区安全巡逻岗", "防汛物资仓库管理岗", "输水隧洞检修岗"),
        ("溢洪道闸室", "大坝坝顶", "输水隧洞进口", "启闭机房", "配电房", "防汛物资仓库",
         "库区管理房", "下游消力池", "坝后量水堰"),
        ("弧形闸门启闭机", "启闭机钢丝绳", "坝顶防护栏杆", "柴油备用发电机组", "低压配电柜",
         "水位观测设施", "防汛抢险物资", "输水隧洞检修闸门", "监控视频系统", "坝体渗压观测设施",
         "溢洪道边墙", "消防灭火器材", "应急照明装置", "救生衣和救生圈"),
        "站长",
    ),
    Industry(
        "水力发电", "水电站",
        ("运行值班部", "检修维护部", "安全生产部", "综合管理部"),
        ("水轮发电机组值班岗", "中控室监盘岗", "升压站巡检岗", "机组检修岗", "前池拦污栅清污岗",
         "压力管道巡查岗", "厂用电运行岗", "油库及危化品管理岗", "继电保护试验岗"),
        ("主厂房发电机层", "中控室", "升压站", "前池", "压力管道镇墩", "尾水渠", "油库",
         "厂用变压器室", "蓄电池室"),
        ("一号水轮发电机组", "二号水轮发电机组", "主变压器", "高压开关柜", "前池拦污栅",
         "压力钢管伸缩节", "调速器油压装置", "直流蓄电池组", "厂房桥式起重机", "励磁系统柜",
         "绝缘工器具", "接地装置", "消防喷淋系统", "透平油储油罐"),
        "站长",
    ),
    Industry(
        "城乡供水", "供水有限公司",
        ("制水车间", "管网管理部", "水质检测中心", "安全生产部"),
        ("取水泵房值班岗", "加氯间投加岗", "絮凝沉淀池巡检岗", "滤池反冲洗操作岗",
         "清水池及二级泵房值班岗", "水质化验岗", "管网抢修岗", "配电室值班电工岗", "药剂仓库管理岗"),
        ("取水泵房", "加氯间", "絮凝沉淀池", "滤池", "清水池", "二级泵房", "化验室",
         "药剂仓库", "高压配电室"),
        ("液氯钢瓶及汽化器", "漏氯吸收装置", "取水离心泵组", "滤池反冲洗阀门", "清水池通气孔",
         "化验室危化品柜", "次氯酸钠储罐", "高压配电柜", "管网抢修挖掘机", "有限空间作业设备",
         "加药计量泵", "水池防护栏杆", "应急抢修车辆", "正压式空气呼吸器"),
        "总经理",
    ),
    Industry(
        "水利工程施工", "水利水电工程有限公司",
        ("工程管理部", "安全质量部", "设备物资部", "施工项目部"),
        ("塔式起重机司机岗", "施工升降机操作岗", "混凝土拌和站操作岗", "钢筋加工岗",
         "模板支架安装岗", "基坑开挖作业岗", "临时用电电工岗", "爆破作业岗", "围堰及导流值守岗"),
        ("拦河闸施工区", "混凝土拌和站", "钢筋加工棚", "基坑作业面", "导流围堰", "施工便道",
         "材料堆场", "临时配电房", "生活营地"),
        ("塔式起重机", "施工升降机", "混凝土搅拌机", "钢筋切断机", "高大模板支撑体系",
         "深基坑支护结构", "临时用电配电箱", "导流围堰", "脚手架连墙件", "爆破器材临时存放点",
         "挖掘机", "自卸汽车", "电焊机", "安全防护网"),
        "总经理",
    ),
)

CHECK_PHRASES = (
    "外观完好无损坏、无变形、无锈蚀", "运行声音正常，无异常振动和发热", "安全防护装置齐全有效",
    "标识标牌清晰完整，警示内容与现场风险相符", "定期检测检验合格并在有效期内",
    "操作规程上墙，作业人员熟悉操作要领", "接地和绝缘良好，测试记录完整", "润滑良好，紧固件无松动",
    "消防器材配置数量充足、压力正常", "巡视检查记录填写及时、内容真实", "应急物资数量满足预案要求",
    "作业人员持证上岗、劳动防护用品佩戴正确", "通道畅通，无杂物堆放", "照明充足，应急照明有效",
)
CHECK_REQUIREMENTS = (
    "发现问题立即报告并登记隐患台账", "不符合要求的停止使用并挂牌警示", "按规定频次开展检查并签字确认",
    "检查结果纳入班组安全活动讲评", "存在缺陷的由维修班组限期处理", "检查中发现的隐患按五到位要求整改",
    "重要部位实行双人检查、交叉复核",
)
BASES = (
    "SL 105-2007", "SL 721-2015", "SL 230-2015", "GB 50194-2014", "GB 2894-2008",
    "GB 6441-1986", "DL 5027-2015", "GB 26860-2011", "JGJ 46-2005", "GB 5749-2022",
    "水利部安全生产标准化评审标准", "福建省水利工程运行管理规程",
)
CHECKLIST_FREQ = {"企业": "每月", "车间": "每周", "岗位": "每班"}

RISK_CATEGORIES = ("设备设施", "作业活动", "作业环境", "管理", "构（建）筑物")
RISK_ACTIVITIES = (
    "运行操作", "检修作业", "巡视检查", "高处作业", "有限空间作业", "动火作业", "临时用电作业",
    "起重吊装作业", "清污作业", "防汛值守",
)
ACCIDENT_TYPES = (
    "物体打击", "车辆伤害", "机械伤害", "起重伤害", "触电", "淹溺", "灼烫", "火灾", "高处坠落",
    "坍塌", "容器爆炸", "其他爆炸", "中毒和窒息", "其他伤害",
)
CONTROLS = (
    "作业前开展安全技术交底并签字确认", "严格执行操作票和工作票制度", "设置安全警示标志和隔离围栏",
    "作业人员正确佩戴安全帽和安全带", "落实专人监护，严禁单人作业", "定期检测检验并建立台账",
    "作业前检测气体浓度，保持通风良好", "配备绝缘工器具并定期试验", "恶劣天气停止室外作业",
    "加强巡视检查，发现异常立即停机处理", "设备停电、验电、挂接地线后方可作业", "完善应急物资配备并定期演练",
)
EMERGENCIES = (
    "立即停机并切断电源，报告值班长", "停止作业，撤离人员，设置警戒区域", "现场急救并拨打120，报告单位负责人",
    "立即停止作业，切断电源，组织人员撤离至安全区域并报告值班负责人",
    "迅速将伤员转移至安全地点，进行现场急救，同时拨打120急救电话并报告单位负责人",
    "立即启动现场处置方案，使用就近消防器材扑救初期火灾，火势扩大时拨打119报警",
    "发现人员落水立即抛投救生圈，严禁未经培训人员下水施救，并报告防汛值班室",
    "关闭相关阀门，佩戴正压式空气呼吸器进行处置，疏散下风向人员并报告应急指挥部",
)
DIRECT_BASES = (
    "属于水利部《水利工程生产安全重大事故隐患清单指南》所列重大危险源情形，直接判定为重大风险",
    "构成危险化学品重大危险源，依据省级水利安全风险分级管控导则直接判定",
    "涉及深基坑、高大模板等危险性较大的分部分项工程，依据导则直接判定为较大及以上风险",
)
CONTROL_LEVELS = ("企业", "车间", "班组", "岗位")

# LEC table values, as written in the file and in tenths (to compute D exactly with integers).
L_VALUES: tuple[tuple[str, int], ...] = (
    ("10", 100), ("6", 60), ("3", 30), ("1", 10), ("0.5", 5), ("0.2", 2), ("0.1", 1),
)
E_VALUES: tuple[tuple[str, int], ...] = (
    ("10", 100), ("6", 60), ("3", 30), ("2", 20), ("1", 10), ("0.5", 5),
)
C_VALUES: tuple[tuple[str, int], ...] = (
    ("100", 100), ("40", 40), ("15", 15), ("7", 7), ("3", 3), ("1", 1),
)
L_WEIGHTS = (2, 6, 12, 12, 6, 3, 2)
E_WEIGHTS = (3, 10, 10, 6, 4, 2)
C_WEIGHTS = (1, 3, 8, 12, 10, 4)


def lec_color(l_tenths: int, e_tenths: int, c: int) -> str:
    """Colour of D = L x E x C, with L and E given in tenths (so 100 x D is an integer)."""
    d100 = l_tenths * e_tenths * c
    if d100 > 32000:
        return "红"
    if d100 > 16000:
        return "橙"
    if d100 > 7000:
        return "黄"
    return "蓝"


DEFECTS = (
    "存在明显锈蚀和局部变形，部分紧固螺栓松动缺失", "防护罩缺失，转动部位裸露无隔离措施",
    "安全警示标志褪色脱落，现场无法辨认警示内容", "接地线连接松脱，接地电阻测试记录超期未做",
    "运行中有异常噪声和振动，未及时停机检查", "检测检验报告已超过有效期，仍在继续使用",
    "周边堆放杂物，占用安全通道和应急疏散通道", "电缆绝缘层老化破损，存在漏电风险",
    "操作规程未上墙，作业人员对操作要领不熟悉", "巡视检查记录填写不完整，存在漏检漏记现象",
    "灭火器压力不足且未按月检查，部分已过期", "应急照明灯具损坏，停电时无法正常启用",
    "防护栏杆高度不足且立柱松动，存在坠落风险", "作业人员未按规定佩戴安全帽和安全带",
    "油液渗漏严重，地面油污未及时清理", "限位开关失灵，制动装置调整不当",
)
CONSEQUENCES = (
    "可能导致设备损坏或人员伤害", "易引发触电事故", "存在机械伤害风险", "可能造成高处坠落事故",
    "遇紧急情况影响人员疏散", "不符合安全生产标准化要求", "汛期可能影响工程安全运行",
    "一旦发生火灾难以及时扑救",
)
MEASURES = (
    "更换损坏部件并紧固全部螺栓，恢复设备完好状态", "加装防护罩和隔离栏杆，设置警示标志",
    "重新制作并张贴安全警示标志和操作规程", "重新连接接地线并委托有资质单位检测合格",
    "停机检修并更换磨损部件，试运行正常后投入使用", "委托有资质的检测机构重新检测检验合格",
    "清理现场杂物，划定安全通道并设置标线", "更换老化电缆并进行绝缘测试",
    "组织作业人员开展专项安全培训并考试合格", "完善巡视检查制度，明确检查频次和责任人",
    "更换过期灭火器并建立月度检查台账", "维修更换应急照明灯具并进行断电试验",
)
MEASURE_FOLLOWUPS = (
    "整改完成后由安全管理人员现场复核", "同步修订相关管理制度和操作规程", "举一反三排查同类设备设施",
    "纳入班组日常检查重点内容", "整改过程落实专人监护",
)
# (description, measures) of 重大 hazards.
MAJORS = (
    ("主要安全监测设施失效，不能满足安全运行要求",
     "停止相关运行操作，委托专业单位修复监测设施并经检测合格，修复期间加密人工观测"),
    ("特种设备未经检验合格擅自投入使用",
     "立即停用该设备，委托特种设备检验机构检验合格并办理使用登记后方可使用"),
    ("有限空间作业未执行先通风、再检测、后作业的规定，且无监护人员",
     "停止有限空间作业，完善作业审批制度，配备气体检测仪和通风设备，作业时落实专人监护"),
    ("重要电气设备接地装置失效，且未采取停电隔离措施",
     "停电隔离故障设备，重新敷设接地装置并经检测合格，同步开展全厂接地排查"),
)

# --brief hazards: short descriptions (appended to an object, except for 重大) and measures.
BRIEF_DEFECTS = ("锈蚀", "松动", "缺失", "破损", "渗漏", "标识不清", "检测超期", "接地不良", "杂物堆放", "防护不全")
BRIEF_MEASURES = ("已更换", "已紧固", "已修复", "已补设", "已清理", "已检测")
BRIEF_MAJORS = ("监测设施失效", "特种设备未检验", "有限空间无监护", "接地装置失效")

ACTION_NOTES = (
    "督促企业落实隐患整改责任", "专项执法检查，重点检查风险分级管控和隐患排查治理情况",
    "汛前安全生产检查", "“双随机、一公开”监督检查",
)
INCENTIVE_MEASURES = ("经济政策", "社会荣誉", "信贷信用", "投融资", "保险费率", "其他")
DOCUMENT_KINDS = (
    ("安全生产检查清单", "合成县水利行业安全生产检查清单（2023年修订版）"),
    ("标准化运行提升指南", "合成县水利工程标准化运行提升指南"),
    ("中等企业达标细则", "合成县水利行业中等企业安全生产标准化达标细则"),
    ("小微企业达标细则", "合成县水利行业小微企业安全生产标准化达标细则"),
    ("网格员安全生产检查导则", "合成县水利行业网格员安全生产检查导则（试行）"),
)

# --------------------------------------------------------------------------------------------
# Plan: enterprises and bureau actions (ids of actions are known before files are written)
# --------------------------------------------------------------------------------------------


@dataclass
class Action:
    """One bureau enforcement action; `lines` are the extra pre-rendered YAML lines."""

    day: int
    type: str
    enterprise: str | None
    lines: list[str] = field(default_factory=list)
    hazards: list[str] = field(default_factory=list)
    id: str = ""


@dataclass
class EnterprisePlan:
    """What the bureau's files say about one enterprise, decided before its files are written."""

    index: int
    id: str
    industry: Industry
    inspections: list[Action]
    majors: list[tuple[int, Action]]  # (found day of a 重大 hazard, its 挂牌督办 action)


def enterprise_rng(seed: int, index: int, stream: str) -> random.Random:
    """An independent, reproducible random stream (string seeds hash with SHA-512)."""
    return random.Random(f"shuili-bench:{seed}:{stream}:{index}")


def plan_enterprise(seed: int, index: int, width: int) -> tuple[EnterprisePlan, list[Action]]:
    """Decide the bureau actions concerning one enterprise."""
    rng = enterprise_rng(seed, index, "plan")
    ent_id = f"ent-{index:0{width}d}"
    industry = INDUSTRIES[rng.randrange(len(INDUSTRIES))]
    actions: list[Action] = []

    inspections = []
    for day in sorted(rng.sample(range(20, LAST_DAY - 2), rng.randint(2, 6))):
        a = Action(day, "检查", ent_id)
        if rng.random() < 0.2:  # a multi-day inspection
            a.lines.append(f"    end_date: {DATES[day + rng.randint(1, 2)]}")
        a.lines.append("    authority: 合成县水利局")
        if rng.random() < 0.5:
            a.lines.append(f"    note: {rng.choice(ACTION_NOTES)}")
        inspections.append(a)
    actions.extend(inspections)

    majors: list[tuple[int, Action]] = []
    r = rng.random()
    n_major = 0 if r < 0.7 else 1 if r < 0.95 else 2
    for _ in range(n_major):
        found = rng.randint(30, 330)
        listing = Action(found + rng.randint(1, 10), "挂牌督办", ent_id,
                         [f"    doc_no: 合水督〔{YEAR}〕{index % 97 + 1}号", "    authority: 合成县水利局"])
        majors.append((found, listing))
        actions.append(listing)

    if rng.random() < 0.08:
        amount = rng.choice(("0.5", "1", "1.5", "2.5", "3", "5", "0.85", "1.2345"))
        actions.append(Action(rng.randint(60, LAST_DAY), "罚款", ent_id,
                              [f"    amount_wan: {amount}",
                               f"    doc_no: 合水罚〔{YEAR}〕{index % 89 + 1}号",
                               "    authority: 合成县水利局",
                               "    note: 未按规定开展隐患排查治理"]))
    if rng.random() < 0.05:
        actions.append(Action(rng.randint(30, LAST_DAY), "约谈警示", ent_id,
                              ["    authority: 合成县水利局"]))
    if rng.random() < 0.01:
        actions.append(Action(rng.randint(30, LAST_DAY), "责令停产停业整顿", ent_id,
                              ["    authority: 合成县水利局"]))
    if rng.random() < 0.01:
        actions.append(Action(rng.randint(30, LAST_DAY), "曝光典型案例", ent_id))
    if rng.random() < 0.10:
        picked = sorted(rng.sample(range(len(INCENTIVE_MEASURES)), rng.randint(1, 2)))
        measures = ", ".join(INCENTIVE_MEASURES[k] for k in picked)
        actions.append(Action(rng.randint(90, LAST_DAY), "激励", ent_id,
                              [f"    measures: [{measures}]", "    note: 安全生产标准化达标创建成效明显"]))
    if rng.random() < 0.03:
        actions.append(Action(rng.randint(90, LAST_DAY), "约束", ent_id,
                              ["    measures: [信贷信用]", "    note: 隐患整改不力"]))
    return EnterprisePlan(index, ent_id, industry, inspections, majors), actions


def plan_repository(n: int, seed: int) -> tuple[list[EnterprisePlan], list[Action]]:
    """Plan all enterprises, then number all actions in date order."""
    width = max(4, len(str(n)))
    plans: list[EnterprisePlan] = []
    actions: list[Action] = []
    for i in range(1, n + 1):
        plan, acts = plan_enterprise(seed, i, width)
        plans.append(plan)
        actions.extend(acts)
    # A few actions against unlicensed operators without a folder.
    rng = enterprise_rng(seed, 0, "bureau")
    for k in range(max(1, n // 200)):
        actions.append(Action(rng.randint(30, LAST_DAY), "取缔关闭", None,
                              [f"    party: 无证取水经营户{k + 1}", "    authority: 合成县水利局"]))
    for k in range(max(1, n // 500)):
        actions.append(Action(rng.randint(30, LAST_DAY), "移送司法机关", None,
                              [f"    party: 非法采砂团伙{k + 1}", f"    persons: {rng.randint(1, 4)}",
                               "    authority: 合成县水利局"]))
    actions.sort(key=lambda a: (a.day, a.enterprise or "~"))
    width_a = max(4, len(str(len(actions))))
    for k, a in enumerate(actions, 1):
        a.id = f"ENF-{YEAR}-{k:0{width_a}d}"
    return plans, actions


# --------------------------------------------------------------------------------------------
# Per-enterprise files
# --------------------------------------------------------------------------------------------


def person(rng: random.Random) -> str:
    """A Chinese personal name of two or three characters."""
    given = rng.choice(GIVEN) if rng.random() < 0.25 else rng.choice(GIVEN) + rng.choice(GIVEN)
    return rng.choice(SURNAMES) + given


def phone(rng: random.Random) -> str:
    """A landline or mobile number (always written quoted)."""
    if rng.random() < 0.5:
        return f"0595-2{rng.randint(0, 9999999):07d}"
    return f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}"


@dataclass
class Staff:
    """People and structure of one enterprise, shared by its files."""

    name: str
    officers: list[str]  # safety officers: evaluators, verifiers
    people: list[str]
    post_people: dict[str, list[str]]
    checklist_day: int
    risk_day: int
    five_s_day: int


def enterprise_yaml(rng: random.Random, plan: EnterprisePlan, staff: Staff) -> str:
    """enterprise.yaml: profile and every optional block."""
    ind = plan.industry
    public = ind.name == "水库管理" and rng.random() < 0.6
    scale = rng.choices(("规上企业", "中等企业", "小微企业"), (2, 3, 5))[0]
    township = rng.choice(TOWNSHIPS)
    d = DATES
    out = [
        f"id: {plan.id}",
        f"name: {staff.name}",
        f'credit_code: "{make_uscc(rng, public)}"',  # quoted: it may be all digits
        f"kind: {'事业单位' if public else '企业'}",
        f"scale: {scale}",
        f"industry: {ind.name}",
        f"township: {township}",
        f"address: 合成县{township}{rng.choice(PLACE_CHARS)}{rng.choice(PLACE_CHARS)}村"
        f"{rng.randint(1, 200)}号",
        "contact:",
        f"  name: {staff.officers[0]}",
        f'  phone: "{phone(rng)}"',
        "standardization:",
    ]
    s1 = rng.randint(5, 60)
    s2 = rng.randint(150, 300)
    if rng.random() < 0.5:
        out += ["  - standard: 地标", "    grade: 自评", f"    effective_on: {d[s1]}",
                "  - standard: 地标", "    grade: 达标", f"    effective_on: {d[s2]}",
                f"    certificate: 泉水标〔{YEAR}〕{plan.index % 500 + 1}号"]
    else:
        std = rng.choice(("国标", "省标"))
        grade = rng.choice(("二级", "三级"))
        out += [f"  - standard: {std}", "    grade: 自评", f"    effective_on: {d[s1]}",
                f"  - standard: {std}", f"    grade: {grade}", f"    effective_on: {d[s2]}",
                f"    certificate: 闽水安标{YEAR}{plan.index:05d}"]
    b = rng.randint(60, 200)
    out += ["benchmarks:", f"  - level: {rng.choice(('县级', '乡级'))}", f"    awarded_on: {d[b]}"]
    if rng.random() < 0.1:
        out.append(f"    revoked_on: {d[rng.randint(b, LAST_DAY)]}")
    out += ["premium:", "  - level: 县级", f"    awarded_on: {d[rng.randint(200, 330)]}"]
    out.append("demo_posts:")
    for post in rng.sample(list(ind.posts), 2):
        out += [f"  - post: {post}", f"    level: {rng.choice(('市级', '县级', '乡级'))}",
                f"    awarded_on: {d[rng.randint(90, 330)]}"]
    out += [
        "responsibility_system:",
        f"  established_on: {d[rng.randint(10, 60)]}",
        f"  document: {staff.name}全员安全生产责任制及考核清单（{YEAR}年版）",
        "five_s:",
        f"  adopted_on: {d[staff.five_s_day]}",
        "six_have:",
    ]
    for key in ("floor_markings", "equipment_nameplates", "post_warnings", "work_instructions",
                "pipe_flow_markers", "valve_tags"):
        r = rng.random()
        if r < 0.8:
            out.append(f"  {key}: {d[rng.randint(30, 300)]}")
        elif r < 0.93:
            out.append(f"  {key}: null")
        else:
            out.append(f"  {key}: {{not_applicable: 本单位无相关设施，经评估不适用}}")
    return "\n".join(out) + "\n"


def checklists_yaml(rng: random.Random, plan: EnterprisePlan, staff: Staff) -> str:
    """checklists.yaml: one checklist per tier, 40 items each."""
    ind = plan.industry
    out = ["checklists:"]
    tiers = (("CL-E", "企业"), ("CL-W", "车间"), ("CL-P", "岗位"))
    for cl_id, level in tiers:
        out.append(f"  - id: {cl_id}")
        out.append(f"    level: {level}")
        if level == "企业":
            out.append(f"    name: {staff.name}安全生产检查清单")
            out.append(f"    owner: {ind.top_owner}")
        elif level == "车间":
            dept = rng.choice(ind.departments)
            out.append(f"    name: {dept}安全检查表册")
            out.append(f"    owner: {dept}负责人")
            out.append(f"    department: {dept}")
        else:
            post = rng.choice(ind.posts)
            out.append(f"    name: {post}安全检查卡片")
            out.append("    owner: 班组长")
            out.append(f"    post: {post}")
        out.append(f"    frequency: {CHECKLIST_FREQ[level]}")
        out.append("    requirements: 发现隐患当日登记，一般隐患7日内整改，重大隐患立即报告并停止相关作业")
        out.append(f"    established_on: {DATES[staff.checklist_day]}")
        out.append("    items:")
        for k in range(1, N_CHECKLIST_ITEMS + 1):
            obj = rng.choice(ind.objects)
            p1, p2 = rng.sample(CHECK_PHRASES, 2)
            out.append(f"      - id: {k}")
            out.append(f"        content: {obj}{p1}，{p2}；{rng.choice(CHECK_REQUIREMENTS)}")
            out.append(f"        basis: {rng.choice(BASES)}")
    return "\n".join(out) + "\n"


def risks_yaml(rng: random.Random, plan: EnterprisePlan, staff: Staff) -> str:
    """risks.yaml: 40 risk points, mostly LEC, a few by direct judgement."""
    ind = plan.industry
    out = ["risk_points:"]
    direct = set(rng.sample(range(N_RISK_POINTS), 3))
    for k in range(N_RISK_POINTS):
        loc = rng.choice(ind.locations)
        obj = rng.choice(ind.objects)
        post = rng.choice(ind.posts)
        types = rng.sample(ACCIDENT_TYPES, rng.randint(1, 2))
        out.append(f"  - id: R-{k + 1:03d}")
        out.append(f"    name: {obj}{rng.choice(RISK_ACTIVITIES)}")
        out.append(f"    category: {rng.choice(RISK_CATEGORIES)}")
        out.append(f"    location: {loc}")
        out.append(f"    department: {rng.choice(ind.departments)}")
        out.append(f"    post: {post}")
        out.append(f"    accident_types: [{', '.join(types)}]")
        if k in direct:
            out.append(f"    assessment: {{method: 直接判定, basis: {rng.choice(DIRECT_BASES)}}}")
            color = rng.choice(("红", "橙"))
        else:
            l_txt, l_val = rng.choices(L_VALUES, L_WEIGHTS)[0]
            e_txt, e_val = rng.choices(E_VALUES, E_WEIGHTS)[0]
            c_txt, c_val = rng.choices(C_VALUES, C_WEIGHTS)[0]
            out.append(f"    assessment: {{method: LEC, L: {l_txt}, E: {e_txt}, C: {c_txt}}}")
            color = lec_color(l_val, e_val, c_val)
        out.append(f"    color: {color}")
        out.append(f"    controls: [{', '.join(rng.sample(CONTROLS, rng.randint(1, 3)))}]")
        if rng.random() < 0.6:
            out.append(f"    emergency: {rng.choice(EMERGENCIES)}")
        out.append(f"    responsible: {rng.choice(staff.people)}")
        if rng.random() < 0.7:
            out.append(f"    control_level: {rng.choice(CONTROL_LEVELS)}")
        out.append(f"    identified_on: {DATES[staff.risk_day]}")
    return "\n".join(out) + "\n"


def hazards_yaml(rng: random.Random, plan: EnterprisePlan, staff: Staff, knobs: Knobs = Knobs()) -> str:
    """hazards/2023.yaml: knobs.hazards_per_year hazards (300); fills the 挂牌督办 actions' hazard lists.

    knobs.unsupervised_majors of them are 自查 重大 hazards that no action lists (one SL601 each).
    With knobs.brief a hazard leaves out location, funds_wan and the planned measures of an open
    hazard, and its description and measures are short; measures and verified_by stay where the data
    model requires them (with rectified_on and verified_on)."""
    ind = plan.industry
    # (day, source, inspection id, 挂牌督办 action or None, 重大)
    specs: list[tuple[int, str, str, Action | None, bool]] = []
    for a in plan.inspections:
        for _ in range(rng.randint(1, 3)):
            specs.append((a.day, "监管检查", a.id, None, False))
    for found, major_action in plan.majors:
        specs.append((found, "自查", "", major_action, True))
    fixed = len(specs) + knobs.unsupervised_majors
    if fixed > knobs.hazards_per_year:
        raise SystemExit(f"{plan.id} needs at least {fixed} hazards (监管检查, listed 重大 and "
                         f"--unsupervised-majors); --hazards-per-year is {knobs.hazards_per_year}")
    for _ in range(min(N_OTHER_SOURCE, knobs.hazards_per_year - fixed)):
        specs.append((rng.randint(5, LAST_DAY), "其他", "", None, False))
    first = staff.checklist_day + 1
    for _ in range(knobs.unsupervised_majors):
        specs.append((rng.randint(first, LAST_DAY - 30), "自查", "", None, True))
    while len(specs) < knobs.hazards_per_year:
        specs.append((rng.randint(first, LAST_DAY), "自查", "", None, False))
    specs.sort(key=lambda s: s[0])

    d = DATES
    brief = knobs.brief
    out = ["hazards:"]
    for k, (day, source, inspection, listing, major) in enumerate(specs, 1):
        hid = f"H-{YEAR}-{k:04d}"
        out.append(f"  - id: {hid}")
        out.append(f"    found_on: {d[day]}")
        out.append(f"    source: {source}")
        if inspection:
            out.append(f"    inspection: {inspection}")
        if source == "自查" and day > staff.checklist_day:
            out.append(f"    checklist: {rng.choice(('CL-E', 'CL-W', 'CL-P'))}")
            out.append(f"    checklist_item: {rng.randint(1, N_CHECKLIST_ITEMS)}")
        if day >= staff.risk_day and rng.random() < 0.7:
            out.append(f"    risk_point: R-{rng.randint(1, N_RISK_POINTS):03d}")
        if listing is not None:
            listing.hazards.append(hid)
        if brief:
            if major:
                out.append(f"    description: {rng.choice(BRIEF_MAJORS)}")
            else:
                out.append(f"    description: {rng.choice(ind.objects)}{rng.choice(BRIEF_DEFECTS)}")
            measures = rng.choice(BRIEF_MEASURES)
        else:
            loc = rng.choice(ind.locations)
            if major:
                major_text, measures = rng.choice(MAJORS)
                out.append(f"    description: {loc}{major_text}")
            else:
                text = rng.choice(ind.objects) + rng.choice(DEFECTS)
                if rng.random() < 0.2:
                    text += "，" + rng.choice(CONSEQUENCES)
                out.append(f"    description: {text}")
                measures = rng.choice(MEASURES)
                if rng.random() < 0.2:
                    measures += "，" + rng.choice(MEASURE_FOLLOWUPS)
            if major or rng.random() < 0.75:
                out.append(f"    location: {loc}")
        out.append(f"    grade: {'重大' if major else '一般'}")
        out.append(f"    responsible: {rng.choice(staff.people)}")
        span = rng.randint(30, 90) if major else rng.randint(3, 30)
        out.append(f"    deadline: {d[min(day + span, LAST_DAY)]}")
        # Late hazards may still be open at year end.
        rect = day + (rng.randint(20, span) if major else rng.randint(0, span))
        if rect <= LAST_DAY and rng.random() < 0.97:
            out.append(f"    measures: {measures}")  # required with rectified_on
            if not brief and (major or rng.random() < 0.7):
                funds = rng.randint(50, 5000) / 100 if major else rng.randint(0, 300) / 100
                out.append(f"    funds_wan: {funds:g}")
            out.append(f"    rectified_on: {d[rect]}")
            ver = rect + rng.randint(0, 5)
            if ver <= LAST_DAY:
                out.append(f"    verified_on: {d[ver]}")
                out.append(f"    verified_by: {rng.choice(staff.officers)}")  # required with verified_on
        elif not brief and (major or rng.random() < 0.5):  # planned measures of an open hazard
            out.append(f"    measures: {measures}")
    return "\n".join(out) + "\n"


def five_s_yaml(rng: random.Random, plan: EnterprisePlan, staff: Staff, knobs: Knobs = Knobs()) -> str:
    """five-s/2023.yaml: knobs.evaluations_per_year evaluations (150) with unique (date, post, person)."""
    # dict.fromkeys: one person may be drawn twice for a post, and a pair twice would repeat an evaluation (SL301)
    pairs = list(dict.fromkeys((post, who) for post, people in staff.post_people.items() for who in people))
    first = staff.five_s_day + 1
    n_days = DAYS_IN_YEAR - first
    if knobs.evaluations_per_year > n_days * len(pairs):
        raise SystemExit(f"{plan.id}: --evaluations-per-year {knobs.evaluations_per_year} is more than the "
                         f"{n_days * len(pairs)} distinct (date, post, person) evaluations this enterprise allows "
                         f"({len(pairs)} post-person pairs x {n_days} days)")
    picks = sorted(rng.sample(range(n_days * len(pairs)), knobs.evaluations_per_year))
    out = ["evaluations:"]
    for code in picks:
        day, pair = divmod(code, len(pairs))
        post, who = pairs[pair]
        out.append(f"  - date: {DATES[first + day]}")
        out.append(f"    post: {post}")
        out.append(f"    person: {who}")
        if rng.random() < 0.4:  # a joint evaluation
            out.append(f"    evaluator: {staff.officers[0]}、{staff.officers[1]}")
        else:
            out.append(f"    evaluator: {rng.choice(staff.officers)}")
        out.append("    scores:")
        for key in ("整理", "整顿", "清扫", "清洁", "素养"):
            out.append(f"      {key}: {rng.randint(12, 20)}")
    return "\n".join(out) + "\n"


def write_text(path: Path, text: str) -> int:
    """Write UTF-8 text with LF line ends; return the size in bytes."""
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def write_enterprise(root: Path, plan: EnterprisePlan, seed: int, sizes: dict[str, int],
                     knobs: Knobs = Knobs()) -> None:
    """Write one enterprise folder; adds the byte count of each file kind to `sizes`."""
    rng = enterprise_rng(seed, plan.index, "files")
    ind = plan.industry
    place = rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS)
    people = [person(rng) for _ in range(30)]
    officers = people[:2]
    posts = rng.sample(list(ind.posts), 8)
    staff = Staff(
        name=f"合成县{place}{ind.suffix}",
        officers=officers,
        people=people,
        # 5S sheets name the post with its department, e.g. 运行管理科闸门启闭操作岗.
        post_people={rng.choice(ind.departments) + p: people[2 + 3 * j: 5 + 3 * j]
                     for j, p in enumerate(posts)},
        checklist_day=rng.randint(5, 25),
        risk_day=rng.randint(5, 30),
        five_s_day=rng.randint(0, 40),
    )
    folder = root / "enterprises" / plan.id
    (folder / "hazards").mkdir(parents=True, exist_ok=True)
    (folder / "five-s").mkdir(exist_ok=True)
    sizes["enterprise"] += write_text(folder / "enterprise.yaml", enterprise_yaml(rng, plan, staff))
    sizes["checklists"] += write_text(folder / "checklists.yaml", checklists_yaml(rng, plan, staff))
    sizes["risks"] += write_text(folder / "risks.yaml", risks_yaml(rng, plan, staff))
    sizes["hazards"] += write_text(folder / "hazards" / f"{YEAR}.yaml", hazards_yaml(rng, plan, staff, knobs))
    sizes["five-s"] += write_text(folder / "five-s" / f"{YEAR}.yaml", five_s_yaml(rng, plan, staff, knobs))


# --------------------------------------------------------------------------------------------
# Repository-level files
# --------------------------------------------------------------------------------------------


def shuili_yaml() -> str:
    return (
        "schema_version: 1\n"
        "unit:\n"
        "  name: 合成县水利局\n"
        "  type: 县（市、区）\n"
        "  region: 合成县\n"
        "reporter:\n"
        "  name: 林晓东\n"
        '  phone: "0595-23881234"\n'
    )


def documents_yaml() -> str:
    out = ["documents:"]
    for k, (kind, title) in enumerate(DOCUMENT_KINDS, 1):
        out += [f"  - id: DOC-{YEAR}-{k:02d}", f"    kind: {kind}", f"    title: {title}",
                f"    issued_on: {DATES[40 + 25 * k]}", f"    doc_no: 合水〔{YEAR}〕{10 + 3 * k}号"]
    return "\n".join(out) + "\n"


def assessments_yaml(plans: list[EnterprisePlan], seed: int) -> str:
    rng = enterprise_rng(seed, 0, "assessments")
    out = ["assessments:"]
    for p in plans:
        color = rng.choices(("红", "橙", "黄", "蓝"), (5, 15, 30, 50))[0]
        out += [f"  - enterprise: {p.id}", f"    assessed_on: {DATES[rng.randint(60, 180)]}",
                f"    color: {color}",
                "    basis: 依据《泉州市水利行业安全风险整体评估细则（试行）》评估"]
    return "\n".join(out) + "\n"


def enforcement_yaml(actions: list[Action]) -> str:
    out = ["actions:"]
    for a in actions:
        out.append(f"  - id: {a.id}")
        out.append(f"    date: {DATES[a.day]}")
        out.append(f"    type: {a.type}")
        if a.enterprise:
            out.append(f"    enterprise: {a.enterprise}")
        if a.type == "挂牌督办":
            out.append(f"    hazards: [{', '.join(a.hazards)}]")
        out.extend(a.lines)
    return "\n".join(out) + "\n"


def generate(n: int, out_dir: Path, seed: int = 1, *, hazards_per_year: int = N_HAZARDS,
             evaluations_per_year: int = N_EVALUATIONS, unsupervised_majors: int = 0,
             brief: bool = False) -> dict[str, int]:
    """Write the repository; return the bytes written per file kind. The keywords are the fields of
    `Knobs` (their defaults give the current shape); a SystemExit says which knob cannot be met."""
    knobs = Knobs(hazards_per_year, evaluations_per_year, unsupervised_majors, brief)
    knobs.check()
    out_dir.mkdir(parents=True, exist_ok=True)
    if (out_dir / "enterprises").exists() or (out_dir / "shuili.yaml").exists():
        raise SystemExit(f"{out_dir} already holds a repository; choose an empty directory")
    sizes = dict.fromkeys(("enterprise", "checklists", "risks", "hazards", "five-s", "bureau"), 0)
    plans, actions = plan_repository(n, seed)
    try:
        for plan in plans:
            write_enterprise(out_dir, plan, seed, sizes, knobs)
    except SystemExit as exc:  # a knob that one enterprise cannot meet
        raise SystemExit(f"{exc}\n{out_dir} is left incomplete; delete it before generating again") from None
    bureau = out_dir / "bureau"
    (bureau / "enforcement").mkdir(parents=True, exist_ok=True)
    sizes["bureau"] += write_text(out_dir / "shuili.yaml", shuili_yaml())
    sizes["bureau"] += write_text(bureau / "documents.yaml", documents_yaml())
    sizes["bureau"] += write_text(bureau / "assessments.yaml", assessments_yaml(plans, seed))
    sizes["bureau"] += write_text(bureau / "enforcement" / f"{YEAR}.yaml", enforcement_yaml(actions))
    return sizes


def add_knob_options(parser: argparse.ArgumentParser) -> None:
    """--shape and the knobs, shared with bench/run.py. A knob given explicitly overrides the preset."""
    parser.add_argument("--shape", choices=sorted(SHAPES), default="current",
                        help="preset of the knobs below: current (the default: 300 hazards, 150 5S evaluations) or "
                             "dense (900 hazards, 50 evaluations, 17 unsupervised 重大, --brief); "
                             "a knob given explicitly overrides the preset")
    parser.add_argument("--hazards-per-year", type=int, metavar="N",
                        help=f"hazards in each enterprise's hazards/{YEAR}.yaml (current {N_HAZARDS}, at most {MAX_HAZARDS})")
    parser.add_argument("--evaluations-per-year", type=int, metavar="N",
                        help=f"5S evaluations per enterprise (current {N_EVALUATIONS})")
    parser.add_argument("--unsupervised-majors", type=int, metavar="K",
                        help="重大 hazards per enterprise, within --hazards-per-year, that no 挂牌督办 lists: "
                             "each gives one SL601 warning (current 0)")
    parser.add_argument("--brief", action=argparse.BooleanOptionalAction, default=None,
                        help="brief hazard records: no location, funds_wan or planned measures; short texts")


def knobs_from_args(args: argparse.Namespace) -> Knobs:
    """The preset of args.shape with the explicitly given knobs put over it."""
    given = {k: getattr(args, k) for k in ("hazards_per_year", "evaluations_per_year", "unsupervised_majors", "brief")
             if getattr(args, k) is not None}
    knobs = replace(SHAPES[args.shape], **given)
    knobs.check()
    return knobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic shuili data repository.")
    parser.add_argument("n", type=int, help="number of enterprises")
    parser.add_argument("out_dir", type=Path, help="output directory (created; must not hold a repository)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    add_knob_options(parser)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    knobs = knobs_from_args(args)
    start = time.perf_counter()
    sizes = generate(args.n, args.out_dir, args.seed, **asdict(knobs))
    elapsed = time.perf_counter() - start
    total = sum(sizes.values())
    per_ent = (total - sizes["bureau"]) / args.n / 1000
    print(f"wrote {args.n} enterprises to {args.out_dir} in {elapsed:.1f} s (shape {args.shape}: "
          + ", ".join(f"{k} {v}" for k, v in asdict(knobs).items()) + ")")
    print("per enterprise (KB): " + ", ".join(
        f"{k} {v / args.n / 1000:.1f}" for k, v in sizes.items() if k != "bureau"
    ) + f"; total {per_ent:.1f}")
    print(f"bureau files: {sizes['bureau'] / 1000:.1f} KB")
    print(f"total size: {total / 1e6:.1f} MB ({total} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
