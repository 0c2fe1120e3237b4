"""Reading the State Council's yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知).

``parse_holiday_notice(text)`` takes the text a clerk pasted (from gov.cn, a newspaper page or a
forum repost, with whatever page chrome came along) and returns the arrangement it states: the
放假 days, the 调休上班 days, the notice number (文号, e.g. 国办发明电〔2025〕7号) and the day it
was signed, plus Chinese ``problems`` for what it could not read. It never guesses: a sentence it
does not understand is reported, not skipped silently, and nothing is read outside the items.

What is parsed is the structure every notice since 2008 shares, not particular strings:

- items headed by a Chinese numeral and the holiday's name: "一、元旦：", "六、中秋节、国庆节：";
- in each item, sentences (。) made of clauses (，): a date expression followed by a verb,
  放假/补休 (a 放假 day) or 上班 (a 调休上班 day); "共N天" / "放假N天" is checked against the days;
- date expressions: "1月1日", "2022年12月31日", ranges "9月29日至10月6日" / "1月1日至3日" (a
  range whose end lies before its start begins in the previous year: "12月31日至1月2日"), lists
  "1月22日、2月4日"; the notes in brackets are dropped after their weekday ("周四", "星期日") is
  checked against the date (a wrong weekday usually means a wrong year);
- a later notice extending a holiday ("延长2020年春节假期至2月2日……2月3日起正常上班",
  国办发明电〔2020〕1号) extends the named holiday of the arrangement pasted with it and cancels
  the 调休上班 days it now covers.

Full-width and half-width digits and punctuation are the same (NFKC). No Django import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

__all__ = ["HolidayNotice", "format_day", "parse_holiday_notice"]

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAY_DIGITS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# A holiday of a few days; anything longer is a typo ("1月1日至31日"), not an arrangement.
MAX_RANGE_DAYS = 15
SNIPPET = 40

_CJK = "\u4e00-\u9fff"
_DATE = r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_HEADING = re.compile(
    rf"(?<![{_CJK}])[一二三四五六七八九十]{{1,3}}\s*[、.]\s*([{_CJK}][{_CJK}、]{{0,15}}?)\s*:"
)
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年\s*部分\s*节\s*假\s*日\s*安\s*排")
_BODY_YEAR = re.compile(r"现将\s*(\d{4})\s*年")
# The signature: 国务院办公厅 and the full date it was signed (not "国务院办公厅12月1日发布"); a
# forum repost may put anti-copy noise (never Chinese) between the two lines.
_SIGNATURE = re.compile(
    rf"国务院办公厅[^{_CJK}]{{0,40}}?(\d{{4}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日"
)
_NUMBER = re.compile(r"(国[\u4e00-\u9fff]{1,5})\s*[〔\[(【]\s*(\d{4})\s*[〕\])】]\s*(\d{1,3})\s*号")
_EXTENSION = re.compile(
    rf"延长\s*(?:(\d{{4}})\s*年\s*)?([{_CJK}]{{2,4}}?)\s*假期\s*至\s*{_DATE}\s*(?:\([^()]*\))?"
    rf"(?:\s*,?\s*{_DATE}\s*(?:\([^()]*\))?\s*起\s*(?:正常)?\s*上班)?"
)
_TOKEN = re.compile(rf"(?P<note>\([^()]*\))|(?P<full>{_DATE})|(?P<day>(?<![\d月])(\d{{1,2}})\s*日)")
_VERB = re.compile(r"放假|补休|上班")
_HAS_DATE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日|至\s*\d{1,2}\s*日")
_NOTE_WEEKDAY = re.compile(r"(?:周|星期)\s*([一二三四五六日天])")
# In a clause's skeleton each date is replaced by this private-use character.
_D = "\ue000"
_CLAUSE = re.compile(
    rf"^(?P<spec>{_D}(?:(?:至|到|-|~|—){_D})?|{_D}(?:(?:、|和|及){_D})*)"
    r"(?P<verb>放假|补休|上班)(?P<rest>.*)$"
)
_ONLY_DATES = re.compile(rf"^{_D}(?:(?:、|和|及){_D})*$")
_COUNT = re.compile(r"(?:^|共)(\d{1,2})天")


@dataclass(frozen=True)
class HolidayNotice:
    """What a pasted notice says.

    ``holidays`` maps each 放假 day to the name of its item ("春节", "中秋节、国庆节");
    ``makeup_workdays`` maps each 调休上班 day to the holiday it belongs to. ``year`` is the
    arrangement's year (None if it could not be told); ``notice_number`` the 文号 found (several
    joined with "、", e.g. the yearly notice and a later extension), "" if none;
    ``published_on`` the date under the signature 国务院办公厅 (the latest, if several).
    ``problems`` are Chinese sentences for a person: each names the line and what was not read.
    """

    year: int | None
    holidays: dict[date, str] = field(default_factory=dict)
    makeup_workdays: dict[date, str] = field(default_factory=dict)
    notice_number: str = ""
    published_on: date | None = None
    problems: tuple[str, ...] = ()


def format_day(d: date) -> str:
    """ "2027年1月1日（星期五）": how dates are named in messages and on the screen."""
    return f"{d.year}年{d.month}月{d.day}日（{WEEKDAY_NAMES[d.weekday()]}）"


@dataclass
class _Item:
    name: str
    line: int
    parts: list[str]


@dataclass
class _Extension:
    name: str
    end: date
    line: int


class _Reader:
    """One parse: collects days and problems while walking the items."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.holidays: dict[date, str] = {}
        self.makeup: dict[date, str] = {}
        self.problems: list[str] = []

    def problem(self, line: int, text: str, why: str) -> None:
        snippet = " ".join(text.split())
        if len(snippet) > SNIPPET:
            snippet = snippet[: SNIPPET - 1] + "…"
        self.problems.append(f"第{line}行“{snippet}”：{why}")

    # -- one item ---------------------------------------------------------------------------

    def read_item(self, item: _Item) -> None:
        body = "".join(item.parts)
        for sentence in re.split(r"[。;]", body):
            if sentence.strip():
                self.read_sentence(item, sentence)

    def read_sentence(self, item: _Item, sentence: str) -> None:
        dates, skeleton = self.tokens(item, sentence)
        if dates is None:
            return
        pending: list[date] = []
        last_verb_days = 0
        index = 0
        for clause in skeleton.split(","):
            clause = re.sub(r"\s+", "", clause)
            count = clause.count(_D)
            clause_dates = dates[index : index + count]
            index += count
            if not count:
                counted = _COUNT.search(clause)
                if counted and last_verb_days and int(counted[1]) != last_verb_days:
                    self.problem(
                        item.line,
                        sentence,
                        f"写明共{counted[1]}天，但所列日期是{last_verb_days}天，请核对。",
                    )
                verb = _VERB.search(clause)
                if verb and pending:
                    self.assign(item, sentence, pending, verb[0])
                    last_verb_days, pending = len(pending), []
                continue
            if _ONLY_DATES.match(clause):
                pending += [d for d, _ in clause_dates]
                continue
            match = _CLAUSE.match(clause)
            if match is None:
                self.problem(item.line, sentence, "未能识别其中的日期和“放假”“上班”，未录入。")
                return
            days = self.expand(item, sentence, match["spec"], clause_dates)
            if days is None:
                return
            self.assign(item, sentence, pending + days, match["verb"])
            last_verb_days, pending = len(days), []
            counted = _COUNT.search(match["rest"])
            if counted and int(counted[1]) != len(days):
                self.problem(
                    item.line, sentence, f"写明{counted[1]}天，但所列日期是{len(days)}天，请核对。"
                )
        if pending:
            self.problem(item.line, sentence, "列出了日期，但没有说明是放假还是上班，未录入。")

    def tokens(self, item: _Item, sentence: str) -> tuple[list[tuple[date, bool]] | None, str]:
        """The sentence's dates (with whether its year was written) and its skeleton, in which
        each date is ``_D`` and the bracketed notes are gone ("\\ue000至\\ue000放假调休")."""
        dates: list[tuple[date, bool]] = []
        skeleton: list[str] = []
        position = 0
        previous: date | None = None
        for token in _TOKEN.finditer(sentence):
            skeleton.append(sentence[position : token.start()])
            position = token.end()
            if token["note"]:
                between = skeleton[-1].strip()
                weekday = _NOTE_WEEKDAY.search(token["note"])
                if previous is not None and not between and weekday:
                    written = _WEEKDAY_DIGITS[weekday[1]]
                    if written != previous.weekday():
                        self.problem(
                            item.line,
                            sentence,
                            f"{format_day(previous)}，通知写的是{WEEKDAY_NAMES[written]}，"
                            "请核对年份和日期。",
                        )
                continue
            if token["full"]:
                year_text, month, day = token.group(3, 4, 5)
                year = int(year_text) if year_text else self.year
            else:
                if previous is None:
                    self.problem(item.line, sentence, "日期缺少月份，未录入。")
                    return None, ""
                year, month, day = previous.year, previous.month, token.group(7)
            try:
                previous = date(int(year), int(month), int(day))
            except ValueError:
                self.problem(item.line, sentence, f"{year}年{month}月{day}日不是有效的日期。")
                return None, ""
            dates.append((previous, bool(token["full"] and token.group(3))))
            skeleton.append(_D)
        skeleton.append(sentence[position:])
        return dates, "".join(skeleton)

    def expand(
        self, item: _Item, sentence: str, spec: str, dates: list[tuple[date, bool]]
    ) -> list[date] | None:
        if len(dates) == 2 and re.search(r"至|到|-|~|—", spec):
            (start, start_has_year), (end, _) = dates
            if end < start and not start_has_year:
                # "12月31日至1月2日" in the 元旦 item: the range starts in the previous year.
                start = start.replace(year=start.year - 1)
            span = (end - start).days + 1
            if not 1 <= span <= MAX_RANGE_DAYS:
                self.problem(
                    item.line, sentence, "日期范围不合理（结束早于开始或超过15天），未录入。"
                )
                return None
            return [start + timedelta(days=n) for n in range(span)]
        return [d for d, _ in dates]

    def assign(self, item: _Item, sentence: str, days: list[date], verb: str) -> None:
        target, other = (
            (self.makeup, self.holidays) if verb == "上班" else (self.holidays, self.makeup)
        )
        for day in days:
            if day in other:
                self.problem(
                    item.line, sentence, f"{format_day(day)}同时被列为放假和上班，请核对。"
                )
                continue
            target.setdefault(day, item.name)

    def extend(self, extension: _Extension) -> None:
        """Apply "延长…假期至…": the holiday now runs to ``end``; 调休上班 days inside are void."""
        days = [d for d, name in self.holidays.items() if extension.name in name]
        if not days:
            self.problems.append(
                f"第{extension.line}行：通知延长{extension.name}假期至{format_day(extension.end)}，"
                f"但没有找到原来的{extension.name}放假日期。请把{self.year}年部分节假日安排的通知"
                "和这份通知一起粘贴。"
            )
            return
        last = max(days)
        name = self.holidays[last]
        if extension.end <= last:
            return
        day = last
        while day < extension.end:
            day += timedelta(days=1)
            self.makeup.pop(day, None)
            self.holidays[day] = name


def parse_holiday_notice(text: str, *, year: int | None = None) -> HolidayNotice:
    """Read the arrangement in ``text``; ``year`` is used only if the text does not name one.

    Never raises for bad input: whatever cannot be read becomes one of ``problems`` (a result
    with no 放假 day and a problem when nothing at all could be read).
    """
    normal = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    problems: list[str] = []
    found_year = _first_year(normal)
    notice_year = found_year or year
    signatures = [_valid_date(*m.group(1, 2, 3)) for m in _SIGNATURE.finditer(normal)]
    published = max((d for d in signatures if d is not None), default=None)
    numbers = list(dict.fromkeys(f"{m[1]}〔{m[2]}〕{m[3]}号" for m in _NUMBER.finditer(normal)))
    if notice_year is None:
        problems.append("没有找到通知的年度（如“关于2027年部分节假日安排的通知”），请选择年度。")
        return HolidayNotice(
            None, notice_number="、".join(numbers), published_on=published, problems=tuple(problems)
        )

    extensions: list[_Extension] = []
    # Blank out what is not an item (keeping line breaks, so line numbers stay right).
    for match in _EXTENSION.finditer(normal):
        end = _valid_date(match[3] or match[1] or notice_year, match[4], match[5])
        if end is not None:
            extensions.append(_Extension(match[2], end, normal.count("\n", 0, match.start()) + 1))
    normal = _blank(_blank(normal, _EXTENSION), _SIGNATURE)

    reader = _Reader(notice_year)
    items = list(_items(normal, reader))
    for item in items:
        reader.read_item(item)
    for extension in extensions:
        reader.extend(extension)
    if not items and not extensions:
        reader.problems.append(
            "没有找到“一、元旦：……”这样的放假安排条目。请粘贴国务院办公厅"
            f"《关于{notice_year}年部分节假日安排的通知》的全文。"
        )
    return HolidayNotice(
        year=notice_year,
        holidays=dict(sorted(reader.holidays.items())),
        makeup_workdays=dict(sorted(reader.makeup.items())),
        notice_number="、".join(numbers),
        published_on=published,
        problems=tuple(problems + reader.problems),
    )


def _items(text: str, reader: _Reader) -> Iterator[_Item]:
    """The items of ``text``: a heading line and the lines continuing its sentences.

    A line right after an item continues it while it has a date or a verb (text copied from a
    web page can break a sentence anywhere); any other line, a blank one too, ends the item. A line outside
    every item that looks like an arrangement (a date and a verb) is reported, not used.
    """
    current: _Item | None = None
    seen_heading = False
    for number, line in enumerate(text.split("\n"), start=1):
        cuts = [m.start() for m in _HEADING.finditer(line)]
        segments = [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]
        for segment in segments:
            heading = _HEADING.match(segment)
            if heading:
                seen_heading = True
                current = _Item(heading[1], number, [segment[heading.end() :]])
                yield current
            elif current is not None and (_HAS_DATE.search(segment) or _VERB.search(segment)):
                current.parts.append(segment)
            else:
                current = None  # a blank line ends an item too: each stands in its paragraph
                if seen_heading and _HAS_DATE.search(segment) and _VERB.search(segment):
                    reader.problem(
                        number,
                        segment,
                        "像是放假或上班安排，但不在“一、元旦：”这样的条目下，未录入。",
                    )


def _first_year(text: str) -> int | None:
    for pattern in (_TITLE_YEAR, _BODY_YEAR, _EXTENSION):
        match = pattern.search(text)
        if match and match[1]:
            return int(match[1])
    return None


def _valid_date(year: object, month: object, day: object) -> date | None:
    try:
        return date(int(str(year)), int(str(month)), int(str(day)))
    except ValueError:
        return None


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
