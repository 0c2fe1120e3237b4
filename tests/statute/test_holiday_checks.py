"""Checks on an arrangement before it is confirmed (gongkai.statute.holiday_checks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gongkai.statute.holiday_checks import arrangement_warnings, within_year_edges
from gongkai.statute.holiday_notice import parse_holiday_notice

D = date
NOTICES = Path(__file__).resolve().parent.parent / "fixtures" / "holiday_notices"

# The 放假办法's own days of 2026 (2024 revision: 元旦 1, 春节 除夕-初三 4, 清明 1, 劳动节 2, 端午 1,
# 中秋 1, 国庆 3), written out from the lunar calendar: 除夕 2026-02-16, 端午 06-19, 中秋 09-25,
# 清明 04-05.
STATUTORY_2026 = {
    D(2026, 1, 1): "元旦",
    D(2026, 2, 16): "春节",
    D(2026, 2, 17): "春节",
    D(2026, 2, 18): "春节",
    D(2026, 2, 19): "春节",
    D(2026, 4, 5): "清明节",
    D(2026, 5, 1): "劳动节",
    D(2026, 5, 2): "劳动节",
    D(2026, 6, 19): "端午节",
    D(2026, 9, 25): "中秋节",
    D(2026, 10, 1): "国庆节",
    D(2026, 10, 2): "国庆节",
    D(2026, 10, 3): "国庆节",
}


def notice_2026():
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    return parse_holiday_notice(text)


def test_the_real_2026_notice_raises_no_warning() -> None:
    notice = notice_2026()
    assert arrangement_warnings(2026, notice.holidays, notice.makeup_workdays, STATUTORY_2026) == []


def test_no_holiday_at_all() -> None:
    assert arrangement_warnings(2027, {}, {}, {}) == [
        "没有任何放假日期：2027年的安排至少应有元旦、春节等节日的放假日期。"
    ]


def test_statutory_holiday_made_a_working_day_or_missing() -> None:
    notice = notice_2026()
    holidays = dict(notice.holidays)
    del holidays[D(2026, 10, 2)]
    makeup = {**notice.makeup_workdays, D(2026, 10, 3): "国庆节"}
    del holidays[D(2026, 10, 3)]
    assert arrangement_warnings(2026, holidays, makeup, STATUTORY_2026) == [
        (
            "2026年10月2日（星期五）是《全国年节及纪念日放假办法》规定的放假日（国庆节），"
            "但不在本次录入的放假日期中。"
        ),
        (
            "2026年10月3日（星期六）是《全国年节及纪念日放假办法》规定的放假日（国庆节），"
            "却被列为上班日。"
        ),
    ]


def test_makeup_day_on_a_weekday() -> None:
    warnings = arrangement_warnings(2027, {D(2027, 1, 1): "元旦"}, {D(2027, 1, 4): "元旦"}, {})
    assert warnings == [
        "调休上班日2027年1月4日（星期一）本来就是工作日；调休上班日通常是周六或周日，请核对。"
    ]


def test_dates_outside_the_year_and_its_edge() -> None:
    holidays = {D(2026, 12, 31): "元旦", D(2027, 1, 1): "元旦", D(2026, 10, 1): "国庆节"}
    makeup = {D(2028, 1, 8): "元旦"}
    assert arrangement_warnings(2027, holidays, makeup, {}) == [
        "2026年10月1日（星期四）不在2027年内，请核对年份。",
        "2028年1月8日（星期六）不在2027年内，请核对年份。",
    ]


def test_year_edges() -> None:
    assert within_year_edges(D(2027, 12, 31), 2027)
    assert within_year_edges(D(2026, 12, 25), 2027)  # 7 days before 1月1日
    assert not within_year_edges(D(2026, 12, 24), 2027)
    assert not within_year_edges(D(2028, 1, 1), 2027)
