"""Reading the State Council's holiday notices (国务院办公厅关于YYYY年部分节假日安排的通知).

The real notices are in tests/fixtures/holiday_notices/, as copied from the web page named on
their first line (which is not part of the paste). The independent truth is the data of the
``chinesecalendar`` package (``chinese_calendar.constants``), read directly, not through our
calendar code.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from chinese_calendar import constants

from gongkai.statute.holiday_notice import format_day, parse_holiday_notice

NOTICES = Path(__file__).resolve().parent.parent / "fixtures" / "holiday_notices"
D = date

# The package also lists 2023-12-30/31 (a Saturday and Sunday) as 元旦 days: the weekend that
# the 2024 notice's "1月1日放假，与周末连休" joins. The notices themselves name only 1月1日, and a
# weekend is a rest day anyway, so these are no working-day difference.
PACKAGE_WEEKEND_EXTRAS = {2023: {D(2023, 12, 30), D(2023, 12, 31)}}


def notice_text(name: str) -> str:
    source, text = (NOTICES / name).read_text(encoding="utf-8").split("\n", 1)
    assert source.startswith("# 来源: http")
    return text


def package_days(year: int) -> tuple[set[date], set[date]]:
    holidays = {d for d in constants.holidays if d.year == year}
    workdays = {d for d in constants.workdays if d.year == year}
    return holidays - PACKAGE_WEEKEND_EXTRAS.get(year, set()), workdays


def assert_matches_package(year: int, holidays: dict, makeup: dict) -> None:
    package_holidays, package_workdays = package_days(year)
    assert {d for d in holidays if d.year == year} == package_holidays
    assert {d for d in makeup if d.year == year} == package_workdays
    # Days at the edge of the year (2022-12-31 in the 2023 notice) are the package's too.
    assert all(d in constants.holidays for d in holidays if d.year != year)
    assert all(d in constants.workdays for d in makeup if d.year != year)


@pytest.mark.parametrize(
    ("name", "year", "number", "published_on"),
    [
        ("2017.txt", 2017, "国办发明电〔2016〕17号", D(2016, 12, 1)),
        ("2020.txt", 2020, "", D(2019, 11, 21)),
        ("2023.txt", 2023, "国办发明电〔2022〕16号", D(2022, 12, 8)),
        ("2023-forum.txt", 2023, "国办发明电〔2022〕16号", D(2022, 12, 8)),
        ("2024.txt", 2024, "国办发明电〔2023〕7号", D(2023, 10, 25)),
        ("2025.txt", 2025, "", D(2024, 11, 12)),
        ("2026.txt", 2026, "", D(2025, 11, 4)),
    ],
)
def test_real_notices_give_the_days_of_the_package(name, year, number, published_on) -> None:
    notice = parse_holiday_notice(notice_text(name))
    assert notice.problems == ()
    assert (notice.year, notice.notice_number, notice.published_on) == (year, number, published_on)
    if year == 2020:
        # The yearly notice alone: before 国办发明电〔2020〕1号 extended the Spring Festival.
        extended = {D(2020, 1, 31), D(2020, 2, 1), D(2020, 2, 2)}
        assert_matches_package(
            year,
            {**notice.holidays, **dict.fromkeys(extended, "春节")},
            {d: n for d, n in notice.makeup_workdays.items() if d != D(2020, 2, 1)},
        )
        assert D(2020, 2, 1) in notice.makeup_workdays
        assert not extended & notice.holidays.keys()
    else:
        assert_matches_package(year, notice.holidays, notice.makeup_workdays)


def test_names_come_from_the_item_headings() -> None:
    notice = parse_holiday_notice(notice_text("2023.txt"))
    assert notice.holidays[D(2022, 12, 31)] == "元旦"
    assert notice.holidays[D(2023, 1, 21)] == "春节"
    # One item for both: the name is the heading's, 中秋节 and 国庆节 together.
    assert notice.holidays[D(2023, 9, 29)] == "中秋节、国庆节"
    assert notice.holidays[D(2023, 10, 6)] == "中秋节、国庆节"
    assert notice.makeup_workdays[D(2023, 10, 8)] == "中秋节、国庆节"
    assert notice.makeup_workdays[D(2023, 1, 29)] == "春节"
    # 2017: 元旦 "1月1日放假，1月2日（星期一）补休" — 补休 is a 放假 day.
    notice = parse_holiday_notice(notice_text("2017.txt"))
    assert notice.holidays[D(2017, 1, 2)] == "元旦"


def test_the_2020_extension_pasted_with_the_yearly_notice() -> None:
    # 国办发明电〔2020〕1号: "延长2020年春节假期至2月2日……2月3日（星期一）起正常上班". The
    # Saturday 2月1日, a 调休上班 day of the yearly notice, becomes a holiday; 2月3日 is no
    # make-up working day, just the first ordinary one.
    text = notice_text("2020.txt") + "\n" + notice_text("2020-extension.txt")
    notice = parse_holiday_notice(text)
    assert notice.problems == ()
    assert_matches_package(2020, notice.holidays, notice.makeup_workdays)
    assert notice.holidays[D(2020, 2, 2)] == "春节"
    assert D(2020, 2, 3) not in notice.makeup_workdays
    assert notice.published_on == D(2020, 1, 26)  # the latest signature
    assert notice.notice_number == ""  # neither page printed the 文号


def test_both_2020_notices_run_together_on_one_line() -> None:
    notice = parse_holiday_notice(notice_text("2020-one-line.txt"))
    assert notice.problems == ()
    assert_matches_package(2020, notice.holidays, notice.makeup_workdays)
    assert notice.notice_number == "国办发明电〔2019〕16号、国办发明电〔2020〕1号"


def test_the_extension_alone_asks_for_the_yearly_notice() -> None:
    notice = parse_holiday_notice(notice_text("2020-extension.txt"))
    assert notice.year == 2020
    assert notice.holidays == {}
    (problem,) = notice.problems
    assert "延长春节假期至2020年2月2日（星期日）" in problem
    assert "请把2020年部分节假日安排的通知和这份通知一起粘贴" in problem


def test_full_width_text_as_on_gov_cn() -> None:
    text = (
        "国务院办公厅关于２０２６年部分节假日安排的通知\n"
        "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\n"
        "二、春节：２月１５日（农历腊月二十八、周日）至２３日（农历正月初七、周一）放假调休，共９天。"
        "２月１４日（周六）、２月２８日（周六）上班。\n"
    )
    notice = parse_holiday_notice(text)
    assert notice.problems == ()
    assert notice.year == 2026
    assert list(notice.holidays) == [D(2026, 1, n) for n in (1, 2, 3)] + [
        D(2026, 2, 15) + timedelta(days=n) for n in range(9)
    ]
    assert notice.makeup_workdays == {
        D(2026, 1, 4): "元旦",
        D(2026, 2, 14): "春节",
        D(2026, 2, 28): "春节",
    }


def test_a_range_across_the_year_end_without_years() -> None:
    text = "关于2019年部分节假日安排的通知\n一、元旦：12月30日至1月1日放假调休，共3天。12月29日（星期六）上班。"
    notice = parse_holiday_notice(text)
    assert list(notice.holidays) == [D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1)]
    # A single date without a year is in the notice's year: 2019-12-29 is a Sunday, not the
    # Saturday the notice names (the real notice wrote "2018年12月29日"), and that is reported.
    assert list(notice.makeup_workdays) == [D(2019, 12, 29)]
    assert notice.problems == (
        "第2行“12月29日(星期六)上班”：2019年12月29日（星期日），通知写的是星期六，请核对年份和日期。",
    )


def test_sentence_breaks_and_page_chrome_from_a_web_page() -> None:
    text = (
        "首页 > 政策 > 最新\n2026-11-20 10:00 来源：中国政府网\n"
        "国务院办公厅关于2027年部分节假日安排的通知\n国办发明电〔2026〕9号\n"
        "   一、元旦：1月1日（周五）至3日（周日）放假，\n共3天。\n"
        "二、春节：2月5日（农历除夕、周五）至\n2月12日（农历正月初七、周五）\n放假调休，共8天。"
        "1月31日（周日）、\n2月20日（周六）上班。\n"
        "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。\n"
        "国务院办公厅\n2026年11月20日\n【打印本页】【关闭窗口】\n"
    )
    notice = parse_holiday_notice(text)
    assert notice.problems == ()
    assert (notice.year, notice.notice_number, notice.published_on) == (
        2027,
        "国办发明电〔2026〕9号",
        D(2026, 11, 20),
    )
    assert len(notice.holidays) == 3 + 8
    assert notice.makeup_workdays == {D(2027, 1, 31): "春节", D(2027, 2, 20): "春节"}


def test_one_day_holidays_and_lists_joined_by_commas() -> None:
    text = (
        "关于2025年部分节假日安排的通知\n"
        "一、元旦：1月1日（周三）放假1天，不调休。\n"
        "四、劳动节：5月1日至5日放假调休，共5天。4月27日（周日），5月10日上班。\n"
    )
    notice = parse_holiday_notice(text)
    assert notice.problems == ()
    assert notice.holidays[D(2025, 1, 1)] == "元旦"
    assert list(notice.makeup_workdays) == [D(2025, 4, 27), D(2025, 5, 10)]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("一、元旦：1月1日（周四）放假1天。", "2027年1月1日（星期五），通知写的是星期四，请核对"),
        ("一、元旦：1月1日至3日放假，共4天。", "写明共4天，但所列日期是3天"),
        ("一、元旦：1月1日放假2天。", "写明2天，但所列日期是1天"),
        ("一、元旦：2月30日放假。", "2027年2月30日不是有效的日期"),
        ("一、元旦：1月1日至2月10日放假。", "日期范围不合理"),
        ("二、春节：2月6日、2月7日。", "列出了日期，但没有说明是放假还是上班"),
        ("二、春节：放假时间为2月6日至12日。", "未能识别其中的日期和“放假”“上班”"),
        ("二、春节：2月6日放假。2月6日上班。", "2027年2月6日（星期六）同时被列为放假和上班"),
        ("二、春节：3日放假。", "日期缺少月份"),
    ],
)
def test_what_cannot_be_read_is_reported_with_its_line(line, problem) -> None:
    notice = parse_holiday_notice(f"关于2027年部分节假日安排的通知\n{line}")
    (found,) = notice.problems
    assert found.startswith("第2行“")
    assert problem in found


def test_an_arrangement_outside_the_items_is_reported_not_used() -> None:
    text = "关于2027年部分节假日安排的通知\n一、元旦：1月1日放假。\n\n另：2月6日放假。\n"
    notice = parse_holiday_notice(text)
    assert list(notice.holidays) == [D(2027, 1, 1)]
    (problem,) = notice.problems
    assert problem.startswith("第4行“另:2月6日放假。”：像是放假或上班安排")


def test_text_without_items_or_year() -> None:
    notice = parse_holiday_notice("今天天气很好。")
    assert notice.year is None
    assert notice.problems == (
        "没有找到通知的年度（如“关于2027年部分节假日安排的通知”），请选择年度。",
    )
    notice = parse_holiday_notice("今天天气很好。", year=2027)
    assert notice.year == 2027
    assert notice.holidays == {}
    assert "没有找到“一、元旦：……”这样的放假安排条目" in notice.problems[0]


def test_the_text_year_wins_over_the_default() -> None:
    assert parse_holiday_notice(notice_text("2026.txt"), year=2027).year == 2026


def test_format_day() -> None:
    assert format_day(D(2027, 1, 1)) == "2027年1月1日（星期五）"
