"""Working-day calendar (工作日历) for the periods of the 《政府信息公开条例》(2019).

Every period in the 条例 is counted in 工作日:
  - 第26条: 主动公开 within 20 working days of the information being made or changed;
  - 第30条: 一次性告知补正 within 7 working days of receipt;
  - 第32条/第34条: a third party / another agency replies within 15 working days;
  - 第33条: reply within 20 working days of receipt, extension at most 20 more.

A working day is Monday to Friday, except the 放假 days and plus the 调休上班 weekend days that
the 国务院办公厅 publishes every year in 《关于YYYY年部分节假日安排的通知》(国办发明电), which can
change during the year (国办发明电〔2020〕1号 extended the 2020 Spring Festival). The calendar is
therefore data: holiday dates, make-up working dates, and the set of years whose arrangement is
known. A date in any other year raises ``UnknownCalendarYear``; guessing "weekends only" would
silently produce a deadline that is too early or too late.

Provisional years (暂定). The next year's notice comes out in October to December, after
applications whose deadlines fall into that year have arrived; an office cannot stop taking them
in. So a calendar may carry a *provisional rule*: for a year whose arrangement is not known, a
day is a 放假 day if the rule says so (``statutory_holidays``: the days the
《全国年节及纪念日放假办法》 itself fixes, 2024 revision, with the 第六条 补假 of a holiday that
falls on a weekend), any explicit override still wins, and there are no 调休上班 days (those only
the notice can set). Such a day is *provisional*: callers mark every date computed through it as
暂定 (``is_provisional`` / ``provisional_years``), and recompute once the year is confirmed. A
calendar without a rule keeps raising ``UnknownCalendarYear`` for unknown years.

Counting convention (docs/disclosure-rules.md §6; common practice "自收到申请次日起算", 国办公开办函〔2015〕207号 part
on counting not retrieved): the day of receipt is not counted; counting starts from the next
working day, and the period ends on the n-th working day after the day of receipt.

No Django import here; ``today`` is never read, callers pass dates in.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    "DayOverride",
    "ProvisionalRule",
    "UnknownCalendarYear",
    "WorkdayCalendar",
    "calendar_from_chinese_calendar",
    "statutory_holidays",
]

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
_NO_DAYS: Mapping[date, str] = MappingProxyType({})


class UnknownCalendarYear(ValueError):
    """The calendar has no 放假/调休 arrangement for ``year``.

    Raised instead of guessing from weekends: until staff enter the year's 国办发明电 arrangement
    (or confirm the year), no deadline touching that year can be computed.
    """

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"工作日历中没有 {year} 年的节假日安排，请先在后台“工作日历”中录入该年的放假和调休安排。"
        )


class DayOverride(NamedTuple):
    """One day whose status is set explicitly (a row of the editable 工作日历调整 table).

    ``is_workday=False`` is a 放假 day, ``True`` a working day (normally a 调休上班 weekend day).
    ``note`` is the holiday name or reason, e.g. "春节".
    """

    day: date
    is_workday: bool
    note: str = ""


def _weekdays_through(ordinal: int) -> int:
    """Number of Monday-Friday days among proleptic ordinals 1..``ordinal`` (1 is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _as_notes(days: Mapping[date, str] | Iterable[date]) -> dict[date, str]:
    if isinstance(days, Mapping):
        notes = {_check_date(d): str(note) for d, note in days.items()}
    else:
        notes = {_check_date(d): "" for d in days}
    return notes


def _check_date(d: object) -> date:
    # datetime is a subclass of date but never equal to one: a datetime key would silently miss
    # every holiday lookup, so refuse it loudly.
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"expected a datetime.date, got {type(d).__name__}: {d!r}")
    return d


#: ``year -> {date: holiday name}``: the 放假 days a provisional year is computed with.
ProvisionalRule = Callable[[int], Mapping[date, str]]


class WorkdayCalendar:
    """An immutable working-day calendar.

    Built from ``holidays`` (放假 dates, optionally mapped to the holiday name), ``makeup_workdays``
    (调休上班 dates, normally weekend days, optionally mapped to a note) and ``known_years`` (years
    whose arrangement has been published and entered). A date may not be in both sets.

    A day is a working day if it is a make-up working day, else if it is not a holiday and falls
    on Monday-Friday. Every query about a date outside ``known_years`` raises
    ``UnknownCalendarYear``, unless the calendar has a ``provisional`` rule: then an unknown year
    is computed with the rule's 放假 days under the explicit days (see the module docstring) and
    every such date is provisional. Instances never change; ``with_overrides`` returns a new
    calendar.
    """

    __slots__ = (
        "_holidays",
        "_known_years",
        "_makeup",
        "_provisional",
        "_provisional_days",
        "_weekday_holidays",
        "_weekend_workdays",
    )

    def __init__(
        self,
        holidays: Mapping[date, str] | Iterable[date],
        makeup_workdays: Mapping[date, str] | Iterable[date],
        known_years: Iterable[int],
        provisional: ProvisionalRule | None = None,
    ) -> None:
        holiday_notes = _as_notes(holidays)
        makeup_notes = _as_notes(makeup_workdays)
        both = sorted(holiday_notes.keys() & makeup_notes.keys())
        if both:
            raise ValueError(
                "同一天不能既是放假日又是调休上班日（a date cannot be both a holiday and a make-up "
                f"working day）: {', '.join(d.isoformat() for d in both)}"
            )
        self._holidays: Mapping[date, str] = MappingProxyType(holiday_notes)
        self._makeup: Mapping[date, str] = MappingProxyType(makeup_notes)
        self._known_years: frozenset[int] = frozenset(int(y) for y in known_years)
        # Only the days that differ from the Monday-Friday rule matter for counting; kept sorted so
        # workdays_between is O(log n) whatever the span (annual statistics span a whole year).
        self._weekday_holidays: tuple[date, ...] = tuple(
            sorted(d for d in holiday_notes if d.weekday() < _SATURDAY)
        )
        self._weekend_workdays: tuple[date, ...] = tuple(
            sorted(d for d in makeup_notes if d.weekday() >= _SATURDAY)
        )
        self._provisional = provisional
        # year -> the rule's 放假 days of that year not overridden explicitly (filled on demand;
        # the rule is a pure function of the year, so caching cannot change an answer).
        self._provisional_days: dict[int, Mapping[date, str]] = {}

    # -- data ---------------------------------------------------------------------------------

    @property
    def holidays(self) -> Mapping[date, str]:
        """放假 dates mapped to their holiday name or note (read-only)."""
        return self._holidays

    @property
    def makeup_workdays(self) -> Mapping[date, str]:
        """调休上班 dates mapped to their note (read-only)."""
        return self._makeup

    @property
    def known_years(self) -> frozenset[int]:
        """Years whose 放假/调休 arrangement is known (confirmed); other years are provisional
        if the calendar has a rule, else they raise ``UnknownCalendarYear``."""
        return self._known_years

    @property
    def provisional_rule(self) -> ProvisionalRule | None:
        """The rule unknown years are computed with, or None (they raise)."""
        return self._provisional

    def is_provisional(self, d: date | int) -> bool:
        """Whether ``d`` (a date or a year) lies in a year computed only provisionally (暂定)."""
        year = d if isinstance(d, int) else _check_date(d).year
        return year not in self._known_years and self._provisional is not None

    def provisional_years(self, *days: date | None) -> frozenset[int]:
        """The provisional years among ``days`` and every year between the earliest and the
        latest of them (a count across a year passes through all its days). ``None`` is
        skipped, so optional dates can be passed as they are."""
        present = [_check_date(d) for d in days if d is not None]
        if not present or self._provisional is None:
            return frozenset()
        years = range(min(present).year, max(present).year + 1)
        return frozenset(y for y in years if y not in self._known_years)

    def __repr__(self) -> str:
        years = sorted(self._known_years)
        span = f"{years[0]}-{years[-1]}" if years else "none"
        return (
            f"<WorkdayCalendar years={span} ({len(years)}) holidays={len(self._holidays)} "
            f"makeup_workdays={len(self._makeup)}>"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkdayCalendar):
            return NotImplemented
        return (
            self._known_years == other._known_years
            and dict(self._holidays) == dict(other._holidays)
            and dict(self._makeup) == dict(other._makeup)
        )

    __hash__ = None  # type: ignore[assignment]  # equality is by value over mutable-looking data

    # -- queries ------------------------------------------------------------------------------

    def require_year(self, year: int) -> None:
        """Raise ``UnknownCalendarYear`` unless ``year`` is known or can be computed
        provisionally."""
        if year not in self._known_years and self._provisional is None:
            raise UnknownCalendarYear(year)

    def _rule_days(self, year: int) -> Mapping[date, str]:
        """The provisional rule's 放假 days of an unknown ``year`` that no explicit day
        overrides (empty for a known year)."""
        if year in self._known_years or self._provisional is None:
            return _NO_DAYS
        days = self._provisional_days.get(year)
        if days is None:
            days = MappingProxyType(
                {
                    _check_date(d): str(name)
                    for d, name in self._provisional(year).items()
                    if d.year == year and d not in self._holidays and d not in self._makeup
                }
            )
            self._provisional_days[year] = days
        return days

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day (工作日). Raises ``UnknownCalendarYear``."""
        _check_date(d)
        self.require_year(d.year)
        if d in self._makeup:
            return True
        if d in self._holidays or d in self._rule_days(d.year):
            return False
        return d.weekday() < _SATURDAY

    def holiday_name(self, d: date) -> str | None:
        """The name of the holiday ``d`` belongs to (e.g. "春节"), or None if ``d`` is not a 放假
        day (ordinary weekends included). Raises ``UnknownCalendarYear``."""
        _check_date(d)
        self.require_year(d.year)
        if d in self._holidays:
            return self._holidays[d] or None
        return self._rule_days(d.year).get(d) or None

    def next_workday(self, d: date) -> date:
        """The first working day strictly after ``d`` (same as ``add_workdays(d, 1)``).

        Raises ``UnknownCalendarYear`` if ``d`` or any day examined lies in an unknown year.
        """
        return self.add_workdays(d, 1)

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start``; ``n == 0`` returns ``start`` unchanged.

        条例 convention (第30/32/33条 "自收到…之日起…个工作日"): ``start`` (the day of receipt)
        is not counted, whether or not it is a working day; counting starts from the next working
        day. So an application received on ``start`` must be answered by
        ``add_workdays(start, 20)`` (第33条), and ``workdays_between(start, result) == n``.

        Raises ``ValueError`` for ``n < 0`` and ``UnknownCalendarYear`` if ``start`` or any day up
        to the result lies in a year the calendar does not know.
        """
        _check_date(start)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, got {type(n).__name__}")
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        self.require_year(start.year)
        d = start
        remaining = n
        while remaining:
            d += _ONE_DAY
            if self.is_workday(d):
                remaining -= 1
        return d

    def workdays_between(self, start: date, end: date) -> int:
        """Number of working days ``d`` with ``start < d <= end``.

        Half-open on the left to match ``add_workdays``: ``start`` is the day of receipt and is
        not counted, ``end`` is counted. So ``workdays_between(s, add_workdays(s, n)) == n`` and
        ``workdays_between(d, d) == 0``. If ``end < start`` the result is negative
        (``-workdays_between(end, start)``), like subtracting dates, so "working days left until
        the deadline" can go below zero once it has passed.

        Raises ``UnknownCalendarYear`` if any year from ``start.year`` to ``end.year`` is unknown.
        """
        _check_date(start)
        _check_date(end)
        if end < start:
            return -self.workdays_between(end, start)
        lost = 0
        for year in range(start.year, end.year + 1):
            self.require_year(year)
            lost += sum(
                1 for d in self._rule_days(year) if start < d <= end and d.weekday() < _SATURDAY
            )
        weekdays = _weekdays_through(end.toordinal()) - _weekdays_through(start.toordinal())
        lost += bisect_right(self._weekday_holidays, end) - bisect_right(
            self._weekday_holidays, start
        )
        gained = bisect_right(self._weekend_workdays, end) - bisect_right(
            self._weekend_workdays, start
        )
        return weekdays - lost + gained

    # -- derivation ---------------------------------------------------------------------------

    def with_overrides(
        self,
        days: Iterable[DayOverride | tuple[date, bool, str]],
        known_years: Iterable[int] = (),
    ) -> WorkdayCalendar:
        """A new calendar where each of ``days`` replaces whatever this calendar says about it.

        ``days`` yields ``(date, is_workday, note)``: ``False`` makes the date a 放假 day, ``True``
        a working day (a 调休上班 day if it falls on a weekend; on a weekday it cancels a holiday).
        Later entries for the same date win. ``known_years`` are added to the known years; an
        override alone does not make its year known, because one row is not a whole year's
        arrangement (staff confirm the year separately). The provisional rule is kept.
        """
        holidays = dict(self._holidays)
        makeup = dict(self._makeup)
        for day, is_workday, note in days:
            _check_date(day)
            holidays.pop(day, None)
            makeup.pop(day, None)
            (makeup if is_workday else holidays)[day] = note
        return WorkdayCalendar(
            holidays, makeup, self._known_years | frozenset(known_years), self._provisional
        )

    def with_provisional_rule(self, rule: ProvisionalRule | None) -> WorkdayCalendar:
        """The same calendar computing unknown years with ``rule`` (None: they raise)."""
        return WorkdayCalendar(self._holidays, self._makeup, self._known_years, rule)


def calendar_from_chinese_calendar() -> WorkdayCalendar:
    """The calendar published by the ``chinesecalendar`` package (import ``chinese_calendar``).

    Reads the package's ``constants.holidays`` / ``constants.workdays`` dicts directly (one pass,
    no per-date calls). Known years are the years present in its holiday table (1.11.0: 2004-2026,
    including the 2020 extension under 国办发明电〔2020〕1号). Holiday names are given in Chinese
    (e.g. "春节"). Raises ``ImportError`` if the package is not installed.
    """
    from chinese_calendar import constants  # local import: the core stays importable without it

    chinese_names = {h.value: h.chinese for h in constants.Holiday}

    def name(value: object) -> str:
        key = getattr(value, "value", value)
        return chinese_names.get(str(key), str(key))

    holidays = {d: name(v) for d, v in constants.holidays.items()}
    makeup = {d: name(v) for d, v in constants.workdays.items()}
    known_years = {d.year for d in holidays}
    return WorkdayCalendar(holidays, makeup, known_years)


def statutory_holidays(year: int) -> dict[date, str]:
    """The 放假 days that the 《全国年节及纪念日放假办法》 itself fixes for ``year``, by rule.

    2024 revision (国务院令第793号, in force 2025-01-01), 第二条: 元旦 1 day, 春节 4 days (农历除夕
    to 正月初三), 清明节 1, 劳动节 2 (5月1日-2日), 端午节 1, 中秋节 1, 国庆节 3 (10月1日-3日); and
    第六条: a holiday of all citizens that falls on a Saturday or Sunday is made up (补假) on a
    working day. No 调休: the make-up working days and the bridging days only the State Council's
    yearly notice sets. Lunar dates and 清明 come from the ``holidays`` package (its China
    calendar computes these days by rule); the days it lists only because of a published 调休
    arrangement ("休息日（由…调休）") are left out, so a year the package already knows gives the
    same answer as one it does not. Years before 2025 followed the older rule (春节 3 days,
    劳动节 1): a provisional calendar is only ever needed for the coming year.

    Raises ``ImportError`` if ``holidays`` is not installed.
    """
    import holidays as holidays_package  # local import: the core stays importable without it

    days = holidays_package.country_holidays("CN", years=year, observed=True, language="zh_CN")
    result: dict[date, str] = {}
    for day, names in sorted(days.items()):
        kept = [n for n in str(names).split("; ") if not n.startswith("休息日")]
        if day.year == year and kept:
            result[day] = _statutory_name(kept[0])
    return result


def _statutory_name(name: str) -> str:
    """``"春节（补假）"`` → ``"春节（补假）"``; ``"农历除夕"`` → ``"春节"`` (the 放假办法 counts 除夕 as
    the first of the 春节 days)."""
    return "春节" if name == "农历除夕" else name
