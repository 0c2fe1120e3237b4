"""Tests of the pure working-day calendar (no Django, no database).

Dates come from the 国办发明电 notices listed in docs/disclosure-rules.md §6; each table's test name carries the
legal basis it checks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from gongkai.statute.workdays import (
    DayOverride,
    UnknownCalendarYear,
    WorkdayCalendar,
    calendar_from_chinese_calendar,
    statutory_holidays,
)


@pytest.fixture(scope="module")
def cal() -> WorkdayCalendar:
    return calendar_from_chinese_calendar()


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# -- 2020: 国办发明电〔2019〕16号 and its extension 国办发明电〔2020〕1号 --------------------------

SPRING_2020_DAYS = [
    # 调休上班 Sunday under 〔2019〕16号, unchanged by the extension.
    (date(2020, 1, 19), True, None),
    (date(2020, 1, 23), True, None),  # Thursday before 除夕: ordinary working day
    (date(2020, 1, 24), False, "春节"),  # 除夕
    (date(2020, 1, 30), False, "春节"),  # originally the last day off
    (date(2020, 1, 31), False, "春节"),  # added by 〔2020〕1号
    # Saturday: a scheduled 调休上班 day under 〔2019〕16号, made a holiday by 〔2020〕1号.
    (date(2020, 2, 1), False, "春节"),
    (date(2020, 2, 2), False, "春节"),  # Sunday, last day of the extension
    (date(2020, 2, 3), True, None),  # work resumed (Monday)
]


@pytest.mark.parametrize(("day", "is_workday", "name"), SPRING_2020_DAYS)
def test_spring_festival_2020_extension_guobanfa_mingdian_2020_1(
    cal: WorkdayCalendar, day: date, is_workday: bool, name: str | None
) -> None:
    assert cal.is_workday(day) is is_workday
    assert cal.holiday_name(day) == name


def test_spring_festival_2020_extension_expressed_as_override() -> None:
    # The calendar as first published (〔2019〕16号): 1-24..1-30 off, 1-19 and 2-1 working.
    original = WorkdayCalendar(
        holidays=dict.fromkeys(_span(date(2020, 1, 24), date(2020, 1, 30)), "春节"),
        makeup_workdays={date(2020, 1, 19): "春节", date(2020, 2, 1): "春节"},
        known_years={2020},
    )
    assert original.is_workday(date(2020, 2, 1))
    assert original.add_workdays(date(2020, 1, 23), 1) == date(2020, 1, 31)

    # 国办发明电〔2020〕1号 (2020-01-26): extended to 2-2; 2-1 became a holiday.
    extended = original.with_overrides(
        [DayOverride(d, False, "春节（延长）") for d in _span(date(2020, 1, 31), date(2020, 2, 2))]
    )
    assert not extended.is_workday(date(2020, 2, 1))
    assert extended.is_workday(date(2020, 1, 19))
    assert extended.add_workdays(date(2020, 1, 23), 1) == date(2020, 2, 3)
    assert extended.holiday_name(date(2020, 2, 1)) == "春节（延长）"
    # Immutable style: the original is unchanged.
    assert original.is_workday(date(2020, 2, 1))
    # And the package's data agrees with the extended notice.
    package = calendar_from_chinese_calendar()
    for d in _span(date(2020, 1, 18), date(2020, 2, 4)):
        assert extended.is_workday(d) is package.is_workday(d), d


NATIONAL_DAY_2020 = [
    (date(2020, 9, 26), False),  # Saturday, ordinary weekend
    (date(2020, 9, 27), True),  # Sunday 调休上班
    (date(2020, 9, 30), True),
    *[(d, False) for d in _span(date(2020, 10, 1), date(2020, 10, 8))],  # 国庆+中秋
    (date(2020, 10, 9), True),
    (date(2020, 10, 10), True),  # Saturday 调休上班
    (date(2020, 10, 11), False),  # Sunday, ordinary weekend
]


@pytest.mark.parametrize(("day", "is_workday"), NATIONAL_DAY_2020)
def test_national_day_2020_guobanfa_mingdian_2019_16(
    cal: WorkdayCalendar, day: date, is_workday: bool
) -> None:
    assert cal.is_workday(day) is is_workday


# -- 2025: 国办发明电〔2024〕12号 (amended 《全国年节及纪念日放假办法》: +除夕, +5月2日) ---

HOLIDAYS_2025 = [
    ("春节", date(2025, 1, 28), date(2025, 2, 4), [date(2025, 1, 26), date(2025, 2, 8)]),
    ("劳动节", date(2025, 5, 1), date(2025, 5, 5), [date(2025, 4, 27)]),
    ("国庆节", date(2025, 10, 1), date(2025, 10, 8), [date(2025, 9, 28), date(2025, 10, 11)]),
]


@pytest.mark.parametrize(("name", "first", "last", "makeup"), HOLIDAYS_2025)
def test_holidays_2025_guobanfa_mingdian_2024_12(
    cal: WorkdayCalendar, name: str, first: date, last: date, makeup: list[date]
) -> None:
    for d in _span(first, last):
        assert not cal.is_workday(d), d
    # The day before and after the block are working days or ordinary weekend days.
    assert cal.is_workday(first - timedelta(days=1)) or (first - timedelta(days=1)).weekday() >= 5
    for d in makeup:
        assert d.weekday() >= 5, "调休上班 days are weekend days"
        assert cal.is_workday(d), d
        assert cal.holiday_name(d) is None
    assert cal.holiday_name(first) in {name, "中秋"}  # 2025 国庆 merges 中秋 (10-6)


# -- 第33条: reply within 20 working days of receipt --------------------------------------------

REPLY_DEADLINES = [
    # Received Friday 2025-09-26. Counting from the next day: 9-27 Sat off; 9-28 Sun 调休 (1);
    # 9-29 (2), 9-30 (3); 10-1..10-8 off; 10-9 (4), 10-10 (5), 10-11 Sat 调休 (6); 10-12 Sun off;
    # 10-13..10-17 (7-11); 10-20..10-24 (12-16); 10-27 (17), 10-28 (18), 10-29 (19), 10-30 (20).
    (date(2025, 9, 26), 20, date(2025, 10, 30)),
    # Received on a holiday (2025-10-03): counting starts on 10-9; 10-9, 10-10, 10-11 (3),
    # 10-13..17 (8), 10-20..24 (13), 10-27..31 (18), 11-3 (19), 11-4 (20).
    (date(2025, 10, 3), 20, date(2025, 11, 4)),
    # Received on 除夕 2020-01-24 (original 7 days + 〔2020〕1号 extension): first working day 2-3;
    # 2-3..2-7 (5), 2-10..14 (10), 2-17..21 (15), 2-24..28 (20).
    (date(2020, 1, 24), 20, date(2020, 2, 28)),
    # 第30条 补正 notice within 7 working days: received Thu 2025-04-24; 4-25 (1), 4-27 Sun 调休
    # (2), 4-28 (3), 4-29 (4), 4-30 (5); 5-1..5-5 off; 5-6 (6), 5-7 (7).
    (date(2025, 4, 24), 7, date(2025, 5, 7)),
    (date(2025, 9, 26), 0, date(2025, 9, 26)),
    (date(2025, 9, 27), 0, date(2025, 9, 27)),  # n == 0 returns start even on a rest day
]


@pytest.mark.parametrize(("received", "n", "deadline"), REPLY_DEADLINES)
def test_reply_deadline_tiaoli_article_33(
    cal: WorkdayCalendar, received: date, n: int, deadline: date
) -> None:
    assert cal.add_workdays(received, n) == deadline
    assert cal.workdays_between(received, deadline) == n


def test_next_workday_skips_holiday_block(cal: WorkdayCalendar) -> None:
    assert cal.next_workday(date(2025, 9, 30)) == date(2025, 10, 9)
    assert cal.next_workday(date(2025, 9, 26)) == date(2025, 9, 28)  # Sunday 调休上班
    assert cal.next_workday(date(2025, 10, 9)) == date(2025, 10, 10)  # strictly after


def test_workdays_between_conventions(cal: WorkdayCalendar) -> None:
    d = date(2025, 10, 30)
    assert cal.workdays_between(d, d) == 0
    assert cal.workdays_between(date(2025, 9, 26), d) == 20
    assert cal.workdays_between(d, date(2025, 9, 26)) == -20
    # Whole year 2025: 365 - 104 weekend days - 18 weekday holidays + 5 调休上班 weekend days.
    # Weekday holidays: 元旦 1 (Wed), 春节 6 (1-28..1-31, 2-3, 2-4), 清明 1 (Fri 4-4), 劳动节 3
    # (5-1, 5-2, 5-5), 端午 1 (Mon 6-2), 国庆中秋 6 (10-1..10-3, 10-6..10-8) = 18.
    assert cal.workdays_between(date(2024, 12, 31), date(2025, 12, 31)) == 365 - 104 - 18 + 5


def test_workdays_between_matches_add_workdays_everywhere(cal: WorkdayCalendar) -> None:
    # Consistency over every start date of 2020 and 2025 (the years with the oddest arrangements)
    # and the usual periods of the 条例 (第30条 7, 第32/34条 15, 第33条 20 and 40 with extension).
    for start in [
        *_span(date(2020, 1, 1), date(2020, 12, 1)),
        *_span(date(2025, 1, 1), date(2025, 12, 1)),
    ]:
        for n in (0, 1, 7, 15, 20, 40):
            end = cal.add_workdays(start, n)
            assert cal.workdays_between(start, end) == n, (start, n)
            assert n == 0 or cal.is_workday(end)


def test_agrees_with_chinese_calendar_package_every_day_2004_2026(cal: WorkdayCalendar) -> None:
    for d in _span(date(2004, 1, 1), date(2026, 12, 31)):
        assert cal.is_workday(d) is chinese_calendar.is_workday(d), d


def test_workdays_between_counts_like_a_day_by_day_loop(cal: WorkdayCalendar) -> None:
    start = date(2019, 12, 15)
    running = 0
    for end in _span(start, date(2021, 1, 15)):
        if end > start and cal.is_workday(end):
            running += 1
        assert cal.workdays_between(start, end) == running, end


# -- Unknown years: never a weekend-only guess --------------------------------------------------


def test_unknown_year_2027_raises_with_chinese_message(cal: WorkdayCalendar) -> None:
    with pytest.raises(UnknownCalendarYear) as exc_info:
        cal.is_workday(date(2027, 1, 4))
    assert exc_info.value.year == 2027
    assert isinstance(exc_info.value, ValueError)
    assert "工作日历中没有 2027 年的节假日安排" in str(exc_info.value)
    assert "2027" in str(exc_info.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.add_workdays(date(2026, 12, 15), 20),  # runs into 2027
        lambda c: c.next_workday(date(2026, 12, 31)),
        lambda c: c.workdays_between(date(2026, 12, 1), date(2027, 1, 1)),
        lambda c: c.holiday_name(date(2027, 2, 6)),
        lambda c: c.is_workday(date(2003, 12, 31)),
    ],
)
def test_unknown_year_raises_from_every_query(
    cal: WorkdayCalendar, call: Callable[[WorkdayCalendar], object]
) -> None:
    with pytest.raises(UnknownCalendarYear):
        call(cal)


def test_last_days_of_known_year_still_compute(cal: WorkdayCalendar) -> None:
    # 2026-12-01 + 20 working days stays inside 2026 (12-29, a Tuesday).
    assert cal.add_workdays(date(2026, 12, 1), 20) == date(2026, 12, 29)


def test_override_adding_2027_makes_it_known(cal: WorkdayCalendar) -> None:
    # Illustrative 2027 rows (not an official notice): 元旦 2027-01-01 (Fri) .. 01-03.
    rows = [
        DayOverride(date(2027, 1, 1), False, "元旦"),
        DayOverride(date(2027, 1, 2), False, "元旦"),
        DayOverride(date(2027, 1, 3), False, "元旦"),
    ]
    # Rows alone do not make the year known: one row is not a whole year's arrangement.
    partial = cal.with_overrides(rows)
    with pytest.raises(UnknownCalendarYear):
        partial.is_workday(date(2027, 1, 4))

    known = cal.with_overrides(rows, known_years={2027})
    assert 2027 in known.known_years
    assert not known.is_workday(date(2027, 1, 1))
    assert known.holiday_name(date(2027, 1, 1)) == "元旦"
    assert known.is_workday(date(2027, 1, 4))
    # 2026-12-31 (Thu) + 1: 1-1 holiday, weekend → Monday 2027-01-04.
    assert known.next_workday(date(2026, 12, 31)) == date(2027, 1, 4)
    # 2026-12-15 + 20: 12-16..12-18 (3), 12-21..25 (8), 12-28..31 (12), 1-4..8 (17), 1-11..13 (20).
    assert known.add_workdays(date(2026, 12, 15), 20) == date(2027, 1, 13)
    assert cal.known_years == frozenset(range(2004, 2027))  # original untouched


def test_override_workday_on_weekday_cancels_holiday(cal: WorkdayCalendar) -> None:
    changed = cal.with_overrides([(date(2025, 10, 8), True, "假设取消")])
    assert changed.is_workday(date(2025, 10, 8))
    assert changed.workdays_between(date(2025, 9, 30), date(2025, 10, 8)) == 1
    assert changed.next_workday(date(2025, 9, 30)) == date(2025, 10, 8)


def test_override_last_entry_wins_and_weekend_holiday() -> None:
    base = WorkdayCalendar(holidays=set(), makeup_workdays=set(), known_years={2030})
    changed = base.with_overrides(
        [(date(2030, 1, 5), True, "调休"), (date(2030, 1, 5), False, "改为放假")]
    )
    assert not changed.is_workday(date(2030, 1, 5))
    assert changed.holiday_name(date(2030, 1, 5)) == "改为放假"
    assert changed.makeup_workdays == {}


def test_calendar_rejects_a_day_in_both_sets() -> None:
    with pytest.raises(ValueError, match="2030-01-05"):
        WorkdayCalendar({date(2030, 1, 5)}, {date(2030, 1, 5)}, {2030})


def test_invalid_arguments(cal: WorkdayCalendar) -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        cal.add_workdays(date(2025, 1, 2), -1)
    with pytest.raises(TypeError):
        cal.is_workday(datetime(2025, 1, 2, 9, 0))  # noqa: DTZ001 - the point is a naive datetime
    with pytest.raises(TypeError):
        cal.add_workdays(date(2025, 1, 2), True)  # type: ignore[arg-type]


def test_calendar_is_read_only(cal: WorkdayCalendar) -> None:
    with pytest.raises(TypeError):
        cal.holidays[date(2025, 3, 3)] = "x"  # type: ignore[index]
    with pytest.raises(AttributeError):
        cal.extra = 1  # type: ignore[attr-defined]
    assert cal == calendar_from_chinese_calendar()
    assert "2004-2026" in repr(cal)


# -- Provisional years (暂定): the 放假办法's own days, until the notice is entered --------------

STATUTORY_COUNT_SINCE_2025 = 13  # 国务院令第793号 第二条: 1 + 4 + 1 + 2 + 1 + 1 + 3


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_holidays_are_part_of_every_published_arrangement_fangjia_banfa_2024(
    cal: WorkdayCalendar, year: int
) -> None:
    """The rule's days, checked against the State Council's real arrangements (chinesecalendar):
    every statutory day and every 补假 is a 放假 day of the notice."""
    rule = statutory_holidays(year)
    assert len([name for name in rule.values() if "补假" not in name]) == (
        STATUTORY_COUNT_SINCE_2025
    )
    for day, name in rule.items():
        assert not cal.is_workday(day), (day, name)
        assert day.year == year


def test_statutory_holidays_2027_by_rule_with_bujia_fangjia_banfa_article_6() -> None:
    rule = statutory_holidays(2027)
    # 春节 2027: 除夕 is Friday 2-5; 2-6 and 2-7 fall on the weekend → 补假 2-9 and 2-10.
    assert [d for d, n in rule.items() if n.startswith("春节")] == _span(
        date(2027, 2, 5), date(2027, 2, 10)
    )
    # 国庆节 10-1 (Fri) .. 10-3 (Sun) → 补假 10-4, 10-5; 中秋节 2027-09-15 (农历八月十五).
    assert rule[date(2027, 9, 15)] == "中秋节"
    assert rule[date(2027, 10, 4)] == "国庆节（补假）"
    assert rule[date(2027, 4, 5)] == "清明节"
    assert rule[date(2027, 6, 9)] == "端午节"
    # No 调休: the rule never makes a weekend a working day, and lists no 休息日.
    assert all("休息日" not in n for n in rule.values())


@pytest.fixture(scope="module")
def provisional_cal(cal: WorkdayCalendar) -> WorkdayCalendar:
    return cal.with_provisional_rule(statutory_holidays)


def test_provisional_year_computes_instead_of_raising(provisional_cal: WorkdayCalendar) -> None:
    # 2026-12-04 + 20: 12-07..12-31 are 20 working days? 12-7..11 (5), 14..18 (10), 21..25 (15),
    # 28..31 (19), then 2027-01-01 is 元旦 (provisional) and 1-2/1-3 the weekend → 2027-01-04.
    assert provisional_cal.add_workdays(date(2026, 12, 4), 20) == date(2027, 1, 4)
    assert provisional_cal.is_provisional(date(2027, 1, 4))
    assert not provisional_cal.is_provisional(date(2026, 12, 31))
    assert provisional_cal.provisional_years(date(2026, 12, 4), date(2027, 1, 4)) == {2027}
    assert provisional_cal.provisional_years(date(2026, 12, 4), None) == frozenset()
    assert provisional_cal.holiday_name(date(2027, 2, 9)) == "春节（补假）"
    assert not provisional_cal.is_workday(date(2027, 2, 9))
    # No 调休上班 is guessed: Saturday 2027-02-20 stays a weekend day.
    assert not provisional_cal.is_workday(date(2027, 2, 20))


def test_provisional_workdays_between_agrees_with_counting_day_by_day(
    provisional_cal: WorkdayCalendar,
) -> None:
    start = date(2026, 12, 20)
    running = 0
    for end in _span(start, date(2027, 12, 31)):
        if end > start and provisional_cal.is_workday(end):
            running += 1
        assert provisional_cal.workdays_between(start, end) == running, end


def test_explicit_days_win_over_the_provisional_rule(provisional_cal: WorkdayCalendar) -> None:
    entered = provisional_cal.with_overrides(
        [DayOverride(date(2027, 1, 2), False, "元旦"), DayOverride(date(2027, 1, 4), False, "元旦")]
    )
    assert entered.provisional_rule is statutory_holidays
    assert entered.holiday_name(date(2027, 1, 2)) == "元旦"
    assert not entered.is_workday(date(2027, 1, 4))
    # Still provisional until the year is confirmed; confirmed, the rule no longer applies.
    assert entered.is_provisional(2027)
    confirmed = entered.with_overrides([], known_years={2027})
    assert not confirmed.is_provisional(2027)
    assert confirmed.is_workday(date(2027, 2, 9))  # no 补假 unless the notice says so
    assert confirmed.provisional_years(date(2026, 12, 1), date(2027, 3, 1)) == frozenset()


def test_calendar_without_rule_still_raises_for_unknown_year(cal: WorkdayCalendar) -> None:
    assert not cal.is_provisional(2027)
    assert cal.provisional_years(date(2027, 1, 4)) == frozenset()
    with pytest.raises(UnknownCalendarYear):
        cal.add_workdays(date(2026, 12, 4), 20)
