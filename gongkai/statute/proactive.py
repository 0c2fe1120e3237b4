"""主动公开 (第十九条至第二十六条): what the catalogue classifies items by, and when they are due.

Pure data and arithmetic, no Django. Sources: the 条例 (2019) 第十四至十六条 (what is withheld),
第二十条 (the fifteen items every agency discloses), 第二十六条 (20 working days from forming or
changing); gov.cn's 22 主题分类; the 公开属性 of 国办发〔2016〕80号's 源头认定 (docs/disclosure-rules.md
§2 and §5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.statute.workdays import WorkdayCalendar

# 第二十条: (number, text). The number is the item's 项 ("第二十条第（七）项").
ARTICLE_20_ITEMS: tuple[tuple[int, str], ...] = (
    (1, "行政法规、规章和规范性文件"),
    (2, "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    (3, "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    (4, "国民经济和社会发展统计信息"),
    (5, "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    (6, "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"),
    (7, "财政预算、决算信息"),
    (8, "行政事业性收费项目及其依据、标准"),
    (9, "政府集中采购项目的目录、标准及实施情况"),
    (10, "重大建设项目的批准和实施情况"),
    (11, "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    (12, "突发公共事件的应急预案、预警信息及应对情况"),
    (13, "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    (14, "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    (15, "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)

_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1..99 written as in the 条例's item numbers: 7 → 七, 12 → 十二, 20 → 二十."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens - 1] + "十")
    return head + (_NUMERALS[ones - 1] if ones else "")


def article_20_label(number: int) -> str:
    """ "（七）财政预算、决算信息"."""
    return f"（{chinese_number(number)}）{dict(ARTICLE_20_ITEMS)[number]}"


# gov.cn's 主题分类 (the first level of the national topic scheme).
TOPICS: tuple[str, ...] = (
    "国务院组织机构",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
)


class Attribute(StrEnum):
    """公开属性, fixed when the document is drafted (源头认定)."""

    PROACTIVE = "proactive"  # 主动公开
    ON_REQUEST = "on_request"  # 依申请公开
    WITHHELD = "withheld"  # 不予公开


ATTRIBUTE_LABELS = {
    Attribute.PROACTIVE: "主动公开",
    Attribute.ON_REQUEST: "依申请公开",
    Attribute.WITHHELD: "不予公开",
}

# The legal reasons an item is not disclosed proactively (第十四至十六条); 依申请公开 and 不予公开
# must state one (国办发〔2016〕80号: 拟不公开的须说明法律依据).
WITHHOLDING_REASONS: tuple[tuple[str, str], ...] = (
    ("state_secret", "属于国家秘密（第十四条）"),
    ("prohibited_by_law", "法律、行政法规禁止公开（第十四条）"),
    ("endangers_security", "公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）"),
    ("third_party", "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害（第十五条）"),
    ("internal_affairs", "属于人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）"),
    (
        "process_information",
        "属于讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）",
    ),
    ("enforcement_file", "属于行政执法案卷信息（第十六条第二款）"),
    (
        "not_for_public",
        "不涉及公众利益调整、不需要公众广泛知晓或者参与决策，依申请提供（第十九条）",
    ),
)


class Validity(StrEnum):
    """有效性 of a normative document or any item: in force, expired, repealed."""

    IN_FORCE = "in_force"  # 有效
    EXPIRED = "expired"  # 失效
    REPEALED = "repealed"  # 废止


VALIDITY_LABELS = {
    Validity.IN_FORCE: "有效",
    Validity.EXPIRED: "失效",
    Validity.REPEALED: "废止",
}

# 第二十六条: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
PUBLICATION_WORKDAYS = 20


def publication_due(formed_on: date, calendar: WorkdayCalendar) -> date:
    """The last day an item formed (or changed) on ``formed_on`` may be published (第二十六条).

    Counted like the reply deadline: the day of forming is day 0. The date is provisional
    (暂定) when it falls in a year the calendar knows only by its statutory holidays
    (``calendar.provisional_years``)."""
    return calendar.add_workdays(formed_on, PUBLICATION_WORKDAYS)


@dataclass(frozen=True)
class IndexNumberPattern:
    """An agency's 索引号 pattern, e.g. ``{code}/{year}-{n:05}`` → 11640323MB1E59422B/2020-00013.

    Placeholders: ``{code}`` (the agency's 统一社会信用代码 or 组织机构代码), ``{year}``,
    ``{month}`` (two digits), ``{n}`` (the serial of the year, optionally zero-padded:
    ``{n:05}``). The serial restarts every year, so ``{year}`` and ``{n}`` are required.
    """

    text: str

    _PLACEHOLDER = re.compile(r"\{(code|year|month|n)(?::0?(\d))?\}")

    def problems(self) -> list[str]:
        """Why the pattern cannot number items (Chinese, for the form); empty when it can."""
        names = [m.group(1) for m in self._PLACEHOLDER.finditer(self.text)]
        problems = []
        if "year" not in names or "n" not in names:
            problems.append(
                "索引号格式必须包含 {year}（年份）和 {n}（当年序号），例如 {code}/{year}-{n:05}。"
            )
        rest = self._PLACEHOLDER.sub("", self.text)
        if "{" in rest or "}" in rest:
            problems.append(
                "索引号格式中只能使用 {code}、{year}、{month}、{n} 或 {n:05} 这样的占位符。"
            )
        if len(self.text) > 60:
            problems.append("索引号格式过长（最多60个字符）。")
        return problems

    def format(self, *, code: str, on: date, n: int) -> str:
        def fill(m: re.Match[str]) -> str:
            name, width = m.group(1), int(m.group(2) or 0)
            value = {"code": code, "year": f"{on.year}", "month": f"{on.month:02d}", "n": n}[name]
            return f"{value:0{width}d}" if name == "n" and width else str(value)

        return self._PLACEHOLDER.sub(fill, self.text)


DEFAULT_INDEX_PATTERN = "{code}/{year}-{n:05}"
