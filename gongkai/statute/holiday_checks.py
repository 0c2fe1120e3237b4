"""Checks on a year's 放假/调休 arrangement before staff confirm it (确认节假日安排).

A pasted notice can be read correctly and still be wrong for the calendar: the wrong year's
notice, a typo in the source, a line the parser did not see. ``arrangement_warnings`` lists, in
Chinese, what deserves a second look. None of them is necessarily an error (the State Council
may do what the rule does not foresee), so each needs an explicit acknowledgement, not a refusal.
No Django import.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from gongkai.statute.holiday_notice import format_day

__all__ = ["EDGE_DAYS", "arrangement_warnings", "within_year_edges"]

# A notice may start its 元旦 holiday, or the 上班 day before it, in the last days of the previous
# year ("2018年12月30日至2019年1月1日放假调休……2018年12月29日（星期六）上班"). Nothing of a notice
# lies further back, or in the next year (whose own notice covers its 元旦).
EDGE_DAYS = 7
_SATURDAY = 5


def within_year_edges(day: date, year: int) -> bool:
    """Whether ``day`` may belong to ``year``'s arrangement: in the year or its last-week edge."""
    return day.year == year or (day.year == year - 1 and (date(year, 1, 1) - day).days <= EDGE_DAYS)


def arrangement_warnings(
    year: int,
    holidays: Mapping[date, str],
    makeup_workdays: Mapping[date, str],
    statutory: Mapping[date, str],
) -> list[str]:
    """Chinese warnings about ``year``'s arrangement, in the order a person should read them.

    ``statutory`` are the 放假 days the 《全国年节及纪念日放假办法》 itself fixes for the year
    (``gongkai.statute.workdays.statutory_holidays``). Warned about: no 放假 day at all; a
    statutory holiday made a 上班 day or missing from the 放假 days; a 上班 day that is not a
    Saturday or Sunday; a date outside the year and its edge (``within_year_edges``).
    """
    warnings: list[str] = []
    if not holidays:
        warnings.append(f"没有任何放假日期：{year}年的安排至少应有元旦、春节等节日的放假日期。")
    for day, name in sorted(statutory.items()):
        if day in makeup_workdays:
            warnings.append(
                f"{format_day(day)}是《全国年节及纪念日放假办法》规定的放假日（{name}），"
                "却被列为上班日。"
            )
        elif holidays and day not in holidays:
            warnings.append(
                f"{format_day(day)}是《全国年节及纪念日放假办法》规定的放假日（{name}），"
                "但不在本次录入的放假日期中。"
            )
    for day in sorted(makeup_workdays):
        if day.weekday() < _SATURDAY:
            warnings.append(
                f"调休上班日{format_day(day)}本来就是工作日；调休上班日通常是周六或周日，请核对。"
            )
    for day in sorted({*holidays, *makeup_workdays}):
        if not within_year_edges(day, year):
            warnings.append(f"{format_day(day)}不在{year}年内，请核对年份。")
    return warnings
