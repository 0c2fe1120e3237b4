"""Tests of the statutory reply clock (pure: no Django, no database).

Every date below was counted by hand on the 2026 calendar of 国办发明电〔2025〕7号 (built
explicitly here and checked against the ``chinesecalendar`` package); the working days of each
count are spelled out in a comment where the count crosses a holiday. Test names carry the
article they check.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from gongkai.statute.clock import (
    Clock,
    ClockError,
    ClockEvent,
    ClockRules,
    ClockState,
    EventKind,
    compute_clock,
    format_date_zh,
)
from gongkai.statute.workdays import (
    UnknownCalendarYear,
    WorkdayCalendar,
    calendar_from_chinese_calendar,
    statutory_holidays,
)

K = EventKind
D = date


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# 国办发明电〔2025〕7号 (2026 arrangement). Note 1-4 (Sunday) is a 调休上班 day for 元旦, which
# a hand-written list easily forgets; the agreement test below catches such slips.
HOLIDAYS_2026 = {
    **dict.fromkeys(_span(D(2026, 1, 1), D(2026, 1, 3)), "元旦"),
    **dict.fromkeys(_span(D(2026, 2, 15), D(2026, 2, 23)), "春节"),
    **dict.fromkeys(_span(D(2026, 4, 4), D(2026, 4, 6)), "清明"),
    **dict.fromkeys(_span(D(2026, 5, 1), D(2026, 5, 5)), "劳动节"),
    **dict.fromkeys(_span(D(2026, 6, 19), D(2026, 6, 21)), "端午"),
    **dict.fromkeys(_span(D(2026, 9, 25), D(2026, 9, 27)), "中秋"),
    **dict.fromkeys(_span(D(2026, 10, 1), D(2026, 10, 7)), "国庆"),
}
MAKEUP_2026 = {
    D(2026, 1, 4): "元旦",
    D(2026, 2, 14): "春节",
    D(2026, 2, 28): "春节",
    D(2026, 5, 9): "劳动节",
    D(2026, 9, 20): "国庆",
    D(2026, 10, 10): "国庆",
}


@pytest.fixture(scope="module")
def cal() -> WorkdayCalendar:
    # Only 2026 is known, so any count leaving 2026 raises UnknownCalendarYear.
    return WorkdayCalendar(HOLIDAYS_2026, MAKEUP_2026, {2026})


def test_explicit_2026_calendar_agrees_with_chinese_calendar_package(cal: WorkdayCalendar) -> None:
    package = calendar_from_chinese_calendar()
    for d in _span(D(2026, 1, 1), D(2026, 12, 31)):
        assert cal.is_workday(d) is package.is_workday(d), d


def ev(kind: EventKind, on: date, until: date | None = None, workdays: int | None = None):
    return ClockEvent(kind, on, until, workdays)


def clock(cal: WorkdayCalendar, today: date, *events: ClockEvent, **rules: object) -> Clock:
    return compute_clock(events, cal, today, ClockRules(**rules))  # type: ignore[arg-type]


def texts(c: Clock) -> list[str]:
    return [s.text for s in c.steps]


# -- helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (D(2026, 3, 2), "2026年3月2日"),
        (D(2026, 12, 31), "2026年12月31日"),
        (D(2026, 10, 10), "2026年10月10日"),
    ],
)
def test_format_date_zh_long_form_without_zero_padding(d: date, text: str) -> None:
    assert format_date_zh(d) == text


def test_every_state_and_event_has_a_chinese_label() -> None:
    assert ClockState.RUNNING.label == "办理中"
    assert ClockState.CLOSED.label == "已办结"
    for state in ClockState:
        assert state.label and state.label.isascii() is False
    for kind in EventKind:
        assert kind.label and kind.label.isascii() is False


@pytest.mark.parametrize(
    "field",
    [
        "reply_workdays",
        "supplement_request_workdays",
        "extension_max_workdays",
        "consultation_workdays",
        "fee_payment_workdays",
    ],
)
@pytest.mark.parametrize("value", [0, -1, True, 2.5])
def test_rules_reject_non_positive_periods(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        ClockRules(**{field: value})  # type: ignore[arg-type]


def test_not_received_without_events(cal: WorkdayCalendar) -> None:
    c = compute_clock([], cal, D(2026, 3, 2))
    assert c.state is ClockState.NOT_RECEIVED
    assert (c.received_on, c.due_on, c.remaining_workdays, c.overdue) == (None, None, None, False)
    assert texts(c) == ["尚未收到申请"]


# -- 第33条: 20 working days from the day after receipt -----------------------------------------

REPLY_DUE_2026 = [
    # receipt, due (20th working day after receipt), note
    (D(2026, 3, 2), D(2026, 3, 30), "Monday, no holiday"),
    # 2-14 Sat 调休 (1), 2-15..23 春节, 2-24..27 (5), 2-28 Sat 调休 (6), 3-2..6 (11),
    # 3-9..13 (16), 3-16..19 (20)
    (D(2026, 2, 13), D(2026, 3, 19), "across 春节 with two 调休 Saturdays"),
    # 10-1..7 国庆, 10-8, 10-9 (2), 10-10 Sat 调休 (3), 10-12..16 (8), 19..23 (13),
    # 26..30 (18), 11-2, 11-3 (20)
    (D(2026, 9, 30), D(2026, 11, 3), "across 国庆"),
    # 9-20 Sun 调休 (1), 9-21..24 (5), 9-25..27 中秋, 9-28..30 (8), 10-8, 10-9 (10),
    # 10-10 Sat (11), 10-12..16 (16), 10-19..22 (20)
    (D(2026, 9, 18), D(2026, 10, 22), "across 中秋 and 国庆 with the Sunday 调休"),
    (D(2026, 3, 7), D(2026, 4, 3), "received on a Saturday: counting starts Monday"),
    # 5-6..8 (3), 5-9 Sat 调休 (4), 5-11..15 (9), 18..22 (14), 25..29 (19), 6-1 (20)
    (D(2026, 5, 1), D(2026, 6, 1), "received on a holiday"),
    # 1-4 Sun 调休 (1), 1-5..9 (6), 12..16 (11), 19..23 (16), 26..29 (20)
    (D(2026, 1, 1), D(2026, 1, 29), "received on 元旦, 1-4 Sunday is worked"),
    (D(2026, 12, 1), D(2026, 12, 29), "last period inside the known year"),
]


@pytest.mark.parametrize(("received", "due", "note"), REPLY_DUE_2026)
def test_reply_due_20_workdays_after_receipt_art33(
    cal: WorkdayCalendar, received: date, due: date, note: str
) -> None:
    c = clock(cal, received, ev(K.RECEIVED, received))
    assert c.state is ClockState.RUNNING, note
    assert c.received_on == c.period_start == received
    assert c.due_on == due, note
    assert c.remaining_workdays == 20
    assert c.period_workdays == 20
    assert not c.overdue
    assert c.problems == ()


def test_steps_explain_receipt_and_due_date_art31_art33(cal: WorkdayCalendar) -> None:
    c = clock(cal, D(2026, 3, 2), ev(K.RECEIVED, D(2026, 3, 2)))
    assert c.steps[0].on == D(2026, 3, 2)
    assert texts(c) == [
        "2026年3月2日 收到申请（第三十一条），次日起算20个工作日，应于2026年3月30日前答复",
        "应于2026年3月30日前答复",
    ]
    assert c.steps[-1].on is None


@pytest.mark.parametrize(
    ("today", "remaining", "overdue"),
    [
        (D(2026, 3, 27), 1, False),
        (D(2026, 3, 30), 0, False),  # the due day itself is still in time
        (D(2026, 3, 31), -1, True),
        (D(2026, 4, 7), -5, True),  # 3-31, 4-1..3 (4-4..6 清明), 4-7
    ],
)
def test_overdue_only_after_the_due_day_art33(
    cal: WorkdayCalendar, today: date, remaining: int, overdue: bool
) -> None:
    c = clock(cal, today, ev(K.RECEIVED, D(2026, 3, 2)))
    assert c.due_on == D(2026, 3, 30)
    assert c.remaining_workdays == remaining
    assert c.overdue is overdue
    assert any("已超过答复期限" in p for p in c.problems) is overdue


def test_configurable_reply_period(cal: WorkdayCalendar) -> None:
    c = clock(cal, D(2026, 3, 2), ev(K.RECEIVED, D(2026, 3, 2)), reply_workdays=15)
    assert c.due_on == D(2026, 3, 23)
    assert c.period_workdays == 15


# -- 第30条: 补正 within 7 working days; the period restarts; 视为放弃 -----------------------------


@pytest.mark.parametrize(
    ("received", "request_by"),
    [
        (D(2026, 3, 2), D(2026, 3, 11)),
        # 2-14 Sat (1), 2-24..27 (5), 2-28 Sat (6), 3-2 (7)
        (D(2026, 2, 13), D(2026, 3, 2)),
        # 9-28..30 (3), 10-8, 10-9 (5), 10-10 Sat (6), 10-12 (7)
        (D(2026, 9, 25), D(2026, 10, 12)),
    ],
)
def test_supplement_request_due_within_7_workdays_art30(
    cal: WorkdayCalendar, received: date, request_by: date
) -> None:
    c = clock(cal, received, ev(K.RECEIVED, received))
    assert c.supplement_request_by == request_by


def test_supplement_request_stops_the_clock_art30(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 9),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 5), until=D(2026, 3, 16)),
    )
    assert c.state is ClockState.AWAITING_SUPPLEMENT
    assert c.state.label == "等待补正"
    assert c.due_on is None
    assert c.remaining_workdays is None
    assert c.supplement_due == D(2026, 3, 16)
    assert c.supplement_request_by == D(2026, 3, 11)
    assert c.problems == ()
    assert not c.overdue
    assert texts(c)[1].startswith("2026年3月5日 发出补正告知书（第三十条），答复期限停止计算")
    assert texts(c)[-1] == "等待申请人补正（补正期限2026年3月16日），收到补正后重新计算答复期限"


@pytest.mark.parametrize(("requested", "late"), [(D(2026, 3, 11), False), (D(2026, 3, 12), True)])
def test_supplement_request_after_7_workdays_is_a_problem_art30(
    cal: WorkdayCalendar, requested: date, late: bool
) -> None:
    c = clock(
        cal,
        requested,
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.SUPPLEMENT_REQUESTED, requested, until=D(2026, 3, 31)),
    )
    assert c.state is ClockState.AWAITING_SUPPLEMENT  # allowed, only flagged
    expected = "补正告知晚于收到申请后7个工作日（应于2026年3月11日前，实际2026年3月12日，第三十条）"
    assert c.problems == ((expected,) if late else ())


def test_supplement_received_restarts_full_period_art30(cal: WorkdayCalendar) -> None:
    # 18 of the 20 days were used before the (late) 补正 request: they no longer count.
    c = clock(
        cal,
        D(2026, 4, 20),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 27), until=D(2026, 4, 10)),
        ev(K.SUPPLEMENT_RECEIVED, D(2026, 3, 31)),
    )
    assert c.state is ClockState.RUNNING
    assert c.received_on == D(2026, 3, 2)
    assert c.period_start == D(2026, 3, 31)
    # 4-1..3 (3), 4-7..10 (7), 4-13..17 (12), 4-20..24 (17), 4-27..29 (20)
    assert c.due_on == D(2026, 4, 29)
    assert c.supplement_due is None
    assert c.remaining_workdays == 7  # 4-21..24 (4), 4-27..29 (7)
    assert texts(c)[2] == (
        "2026年3月31日 收到补正后的申请（第三十条），答复期限自该日重新计算20个工作日，"
        "应于2026年4月29日前答复"
    )


@pytest.mark.parametrize(
    ("today", "state", "lapsed_on"),
    [
        (D(2026, 3, 13), ClockState.AWAITING_SUPPLEMENT, None),
        (D(2026, 3, 16), ClockState.AWAITING_SUPPLEMENT, None),  # today == until: still in time
        (D(2026, 3, 17), ClockState.LAPSED_NO_SUPPLEMENT, D(2026, 3, 17)),
        (D(2026, 6, 1), ClockState.LAPSED_NO_SUPPLEMENT, D(2026, 3, 17)),
    ],
)
def test_no_supplement_by_deadline_lapses_the_day_after_art30(
    cal: WorkdayCalendar, today: date, state: ClockState, lapsed_on: date | None
) -> None:
    c = clock(
        cal,
        today,
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 5), until=D(2026, 3, 16)),
    )
    assert c.state is state
    assert c.lapsed_on == lapsed_on
    assert c.due_on is None
    assert c.remaining_workdays is None
    assert not c.overdue
    assert c.supplement_due == D(2026, 3, 16)
    if lapsed_on:
        assert c.state.label == "逾期未补正，视为放弃申请"
        assert texts(c)[-1] == "申请人无正当理由逾期不补正，视为放弃申请（第三十条）"


def test_supplement_on_the_deadline_day_is_in_time_art30(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 20),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 5), until=D(2026, 3, 16)),
        ev(K.SUPPLEMENT_RECEIVED, D(2026, 3, 16)),
    )
    assert c.state is ClockState.RUNNING
    assert c.lapsed_on is None
    # 3-17..20 (4), 23..27 (9), 3-30..4-3 (14), 4-7..10 (18), 4-13, 4-14 (20)
    assert c.due_on == D(2026, 4, 14)


def test_supplement_after_the_deadline_is_refused_art30(cal: WorkdayCalendar) -> None:
    with pytest.raises(ClockError, match="视为放弃申请") as info:
        clock(
            cal,
            D(2026, 3, 20),
            ev(K.RECEIVED, D(2026, 3, 2)),
            ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 5), until=D(2026, 3, 16)),
            ev(K.SUPPLEMENT_RECEIVED, D(2026, 3, 17)),
        )
    assert "逾期未补正" in str(info.value)
    assert "2026年3月17日" in str(info.value)


def test_closing_a_lapsed_application_files_it_art30(cal: WorkdayCalendar) -> None:
    # 表三 其他处理 1: the agency records the close; no deadline applies, nothing is overdue.
    c = clock(
        cal,
        D(2026, 5, 1),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 5), until=D(2026, 3, 16)),
        ev(K.CLOSED, D(2026, 3, 20)),
    )
    assert c.state is ClockState.CLOSED
    assert c.lapsed_on == D(2026, 3, 17)
    assert c.closed_on == D(2026, 3, 20)
    assert (c.due_on, c.overdue, c.remaining_workdays, c.supplement_due) == (
        None,
        False,
        None,
        None,
    )
    assert c.problems == ()


def test_second_supplement_request_after_restart_is_a_problem_art30(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 20),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 3), until=D(2026, 3, 10)),
        ev(K.SUPPLEMENT_RECEIVED, D(2026, 3, 9)),
        ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 10), until=D(2026, 3, 24)),
    )
    assert c.state is ClockState.AWAITING_SUPPLEMENT
    assert c.supplement_due == D(2026, 3, 24)
    assert c.problems == ("第三十条要求一次性告知补正，2026年3月10日为第2次补正告知",)


def test_extension_granted_before_a_restart_is_kept_art30_art33(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 20),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.EXTENDED, D(2026, 3, 3), workdays=5),
        ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 4), until=D(2026, 3, 18)),
        ev(K.SUPPLEMENT_RECEIVED, D(2026, 3, 16)),
    )
    # 25 working days from 3-16: 3-17..20 (4), 23..27 (9), 3-30..4-3 (14), 4-7..10 (18),
    # 4-13..17 (23), 4-20, 4-21 (25)
    assert c.due_on == D(2026, 4, 21)
    assert c.extension_workdays == 5
    assert c.period_workdays == 25
    assert "（含已批准延长的5个工作日）" in texts(c)[3]


def test_extension_while_awaiting_supplement_applies_after_restart_art30_art33(
    cal: WorkdayCalendar,
) -> None:
    c = clock(
        cal,
        D(2026, 3, 20),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 3), until=D(2026, 3, 18)),
        ev(K.EXTENDED, D(2026, 3, 4), workdays=5),
        ev(K.SUPPLEMENT_RECEIVED, D(2026, 3, 16)),
    )
    assert texts(c)[2].endswith("（第三十三条），补正后起算")
    assert c.due_on == D(2026, 4, 21)


# -- 第32条/第34条/第33条第2款: consultation time is excluded --------------------------------------


def test_consultation_days_excluded_inclusive_art32_art33(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 25),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 9)),
        ev(K.CONSULTATION_ENDED, D(2026, 3, 20)),
    )
    # Used before: 3-3..3-6 (4); excluded 3-9..3-20 (10); 16 left from 3-23:
    # 3-23..27 (5), 3-30..4-3 (10), 4-7..10 (14), 4-13, 4-14 (16). Same as 3-30 + 10.
    assert c.state is ClockState.RUNNING
    assert c.due_on == D(2026, 4, 14)
    assert c.consultation_reply_by is None
    assert texts(c) == [
        "2026年3月2日 收到申请（第三十一条），次日起算20个工作日，应于2026年3月30日前答复",
        (
            "2026年3月9日 发出征求意见书（第三十二条、第三十四条），征求意见期间不计入答复期限"
            "（第三十三条第二款），已用4个工作日；对方应于2026年3月30日前答复"
        ),
        (
            "2026年3月20日 征求意见结束，2026年3月9日至2026年3月20日的10个工作日不计入答复期限，"
            "次日起恢复计算，应于2026年4月14日前答复"
        ),
        "应于2026年4月14日前答复",
    ]


def test_open_consultation_pauses_and_shows_reply_by_art32(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 20),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 9)),
    )
    assert c.state is ClockState.PAUSED_CONSULTATION
    assert c.due_on is None
    assert c.remaining_workdays == 16
    assert c.consultation_reply_by == D(2026, 3, 30)  # 3-9 + 15 working days
    assert not c.overdue
    assert c.problems == ()
    assert texts(c)[-1] == "征求意见中（暂停计时），剩余16个工作日，恢复计算后确定答复期限"


@pytest.mark.parametrize(("today", "hint"), [(D(2026, 3, 30), False), (D(2026, 3, 31), True)])
def test_third_party_silent_past_15_workdays_hint_art32(
    cal: WorkdayCalendar, today: date, hint: bool
) -> None:
    c = clock(cal, today, ev(K.RECEIVED, D(2026, 3, 2)), ev(K.CONSULTATION_STARTED, D(2026, 3, 9)))
    assert c.state is ClockState.PAUSED_CONSULTATION
    assert any("第三方逾期未答复，可依法自行决定" in p for p in c.problems) is hint


def test_consultation_across_spring_festival_art32_art33(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 4),
        ev(K.RECEIVED, D(2026, 2, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 2, 9)),
        ev(K.CONSULTATION_ENDED, D(2026, 3, 3)),
    )
    # Used 2-3..2-6 (4). Excluded 2-9..13 (5), 2-14 Sat (6), 2-24..27 (10), 2-28 Sat (11),
    # 3-2, 3-3 (13). 16 left: 3-4..6 (3), 3-9..13 (8), 16..20 (13), 23..25 (16).
    assert c.due_on == D(2026, 3, 25)
    assert "13个工作日不计入答复期限" in texts(c)[2]
    # The reply (3-3) came within the third party's 15 working days (2-9 + 15 = 3-6).
    assert texts(c)[1].endswith("对方应于2026年3月6日前答复")
    assert c.problems == ()


def test_consultation_ended_after_reply_by_is_flagged_art32(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 4, 2),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 9)),
        ev(K.CONSULTATION_ENDED, D(2026, 4, 1)),
    )
    # Excluded 3-9..4-1 (18 working days): all of them, as recorded.
    # 16 left from 4-1: 4-2, 4-3 (2), 4-7..10 (6), 13..17 (11), 20..24 (16).
    assert c.due_on == D(2026, 4, 24)
    assert c.problems == (
        (
            "征求意见于2026年4月1日结束，已超过对方答复期限2026年3月30日（第三十二条、第三十四条），"
            "超期部分是否应扣除请核实"
        ),
    )


def test_several_consultations_in_sequence_art32_art34(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 4, 1),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 4)),  # used 3-3 (1)
        ev(K.CONSULTATION_ENDED, D(2026, 3, 6)),  # excluded 3-4..6
        ev(K.CONSULTATION_STARTED, D(2026, 3, 6)),  # same day: nothing counted in between
        ev(K.CONSULTATION_ENDED, D(2026, 3, 10)),  # excluded 3-9, 3-10
        ev(K.CONSULTATION_STARTED, D(2026, 3, 12)),  # used 3-11 (2)
        ev(K.CONSULTATION_ENDED, D(2026, 3, 12)),  # excluded 3-12 (a one-day pause)
    )
    # 18 left from 3-12: 3-13 (1), 16..20 (6), 23..27 (11), 3-30..4-3 (16), 4-7, 4-8 (18).
    # Same as 3-30 + 6 excluded days (3-4, 5, 6, 9, 10, 12): 3-31..4-3 (4), 4-7, 4-8.
    assert c.state is ClockState.RUNNING
    assert c.due_on == D(2026, 4, 8)


def test_consultation_started_on_day_of_receipt_uses_no_day_art32(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 3),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 2)),
    )
    assert c.remaining_workdays == 20
    assert "已用0个工作日" in texts(c)[1]


def test_consultation_started_on_the_due_day_excludes_it_art33(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 4, 1),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 30)),  # the due day: 19 used, 1 left
        ev(K.CONSULTATION_ENDED, D(2026, 3, 31)),
    )
    assert c.due_on == D(2026, 4, 1)
    assert c.problems == ()


def test_consultation_after_the_due_date_cannot_move_it_art33(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 4, 2),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 31)),
    )
    # Paused, but the date is already fixed: known and overdue.
    assert c.state is ClockState.PAUSED_CONSULTATION
    assert c.due_on == D(2026, 3, 30)
    assert c.overdue
    assert c.remaining_workdays == -3  # 3-31, 4-1, 4-2
    assert c.problems[0] == (
        "2026年3月31日征求意见时答复期限已于2026年3月30日届满，暂停不能顺延已届满的期限"
    )
    assert texts(c)[-1] == "应于2026年3月30日前答复"
    # Ending the consultation does not move it either.
    c = clock(
        cal,
        D(2026, 4, 10),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 31)),
        ev(K.CONSULTATION_ENDED, D(2026, 4, 8)),
    )
    assert c.due_on == D(2026, 3, 30)
    assert c.overdue


# -- 国办函〔2020〕109号: fee notice pauses the clock; 20 working days to pay ----------------------


def test_fee_notice_pauses_until_paid_109(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 4, 30),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.FEE_NOTICE_SENT, D(2026, 3, 23)),  # used 3-3..20 (14)
        ev(K.FEE_PAID, D(2026, 4, 10)),  # excluded 3-23..4-10
    )
    # 6 left from 4-10: 4-13..17 (5), 4-20 (6)
    assert c.state is ClockState.RUNNING
    assert c.due_on == D(2026, 4, 20)
    assert c.fee_payment_by is None
    assert c.overdue
    assert texts(c)[1] == (
        "2026年3月23日 收费通知书送达申请人（国办函〔2020〕109号），缴费期间不计入答复期限，"
        "已用14个工作日；申请人应于2026年4月21日前缴费，逾期未缴纳的视为放弃申请"
    )
    assert (
        texts(c)[2] == "2026年4月10日 申请人缴纳信息处理费，次日起恢复计算，应于2026年4月20日前答复"
    )


@pytest.mark.parametrize(
    ("today", "state", "lapsed_on"),
    [
        (D(2026, 4, 21), ClockState.PAUSED_FEE, None),  # the last day to pay
        (D(2026, 4, 22), ClockState.LAPSED_UNPAID_FEE, D(2026, 4, 22)),
    ],
)
def test_unpaid_fee_lapses_after_20_workdays_109(
    cal: WorkdayCalendar, today: date, state: ClockState, lapsed_on: date | None
) -> None:
    c = clock(cal, today, ev(K.RECEIVED, D(2026, 3, 2)), ev(K.FEE_NOTICE_SENT, D(2026, 3, 23)))
    # 3-23 + 20: 3-24..27 (4), 3-30..4-3 (9), 4-7..10 (13), 4-13..17 (18), 4-20, 4-21 (20)
    assert c.fee_payment_by == D(2026, 4, 21)
    assert c.state is state
    assert c.lapsed_on == lapsed_on
    assert c.due_on is None
    assert not c.overdue
    if state is ClockState.PAUSED_FEE:
        assert c.remaining_workdays == 6
    else:
        assert c.remaining_workdays is None
        assert texts(c)[-1] == "申请人逾期未缴纳信息处理费，视为放弃申请（国办函〔2020〕109号）"


def test_fee_paid_after_the_deadline_is_refused_109(cal: WorkdayCalendar) -> None:
    with pytest.raises(ClockError, match="逾期未缴费"):
        clock(
            cal,
            D(2026, 5, 6),
            ev(K.RECEIVED, D(2026, 3, 2)),
            ev(K.FEE_NOTICE_SENT, D(2026, 3, 23)),
            ev(K.FEE_PAID, D(2026, 4, 22)),
        )


def test_fee_payment_window_across_labour_day_109(cal: WorkdayCalendar) -> None:
    c = clock(
        cal, D(2026, 4, 28), ev(K.RECEIVED, D(2026, 4, 24)), ev(K.FEE_NOTICE_SENT, D(2026, 4, 28))
    )
    # 4-29, 4-30 (2), 5-1..5 劳动节, 5-6..8 (5), 5-9 Sat (6), 5-11..15 (11), 18..22 (16),
    # 25..28 (20)
    assert c.fee_payment_by == D(2026, 5, 28)


def test_fee_notice_without_pause_when_configured_109(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 25),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.FEE_NOTICE_SENT, D(2026, 3, 23)),
        fee_notice_pauses=False,
    )
    assert c.state is ClockState.RUNNING
    assert c.due_on == D(2026, 3, 30)
    assert c.fee_payment_by == D(2026, 4, 21)
    assert "答复期限继续计算" in texts(c)[1]
    paid = clock(
        cal,
        D(2026, 3, 25),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.FEE_NOTICE_SENT, D(2026, 3, 23)),
        ev(K.FEE_PAID, D(2026, 3, 24)),
        fee_notice_pauses=False,
    )
    assert paid.due_on == D(2026, 3, 30)
    assert paid.fee_payment_by is None
    # Unpaid past the deadline still lapses: the lapse is the 109号 rule, not the pause.
    lapsed = clock(
        cal,
        D(2026, 4, 22),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.FEE_NOTICE_SENT, D(2026, 3, 23)),
        fee_notice_pauses=False,
    )
    assert lapsed.state is ClockState.LAPSED_UNPAID_FEE


def test_fee_and_consultation_overlapping_exclude_their_union(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 16),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 9)),  # used 4
        ev(K.FEE_NOTICE_SENT, D(2026, 3, 11)),
    )
    assert c.state is ClockState.PAUSED_FEE  # the applicant's payment is awaited
    assert c.consultation_reply_by == D(2026, 3, 30)
    c = clock(
        cal,
        D(2026, 3, 20),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 9)),
        ev(K.FEE_NOTICE_SENT, D(2026, 3, 11)),
        ev(K.CONSULTATION_ENDED, D(2026, 3, 13)),  # still paused by the fee
        ev(K.FEE_PAID, D(2026, 3, 18)),
    )
    # Excluded 3-9..3-18 (8): 3-30 + 8 = 3-31..4-3 (4), 4-7..10 (8).
    assert c.state is ClockState.RUNNING
    assert c.due_on == D(2026, 4, 10)


# -- 第33条第2款: one extension of at most 20 working days ---------------------------------------


@pytest.mark.parametrize(
    ("workdays", "due"),
    [
        (1, D(2026, 3, 31)),
        (5, D(2026, 4, 7)),  # 3-30 + 5: 3-31..4-3 (4), 4-4..6 清明, 4-7 (5)
        (20, D(2026, 4, 28)),  # 3-31..4-3 (4), 4-7..10 (8), 13..17 (13), 20..24 (18), 27, 28
    ],
)
def test_extension_adds_workdays_art33(cal: WorkdayCalendar, workdays: int, due: date) -> None:
    c = clock(
        cal,
        D(2026, 3, 20),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.EXTENDED, D(2026, 3, 20), workdays=workdays),
    )
    assert c.due_on == due
    assert c.due_on == cal.add_workdays(D(2026, 3, 30), workdays)
    assert c.extension_workdays == workdays
    assert c.period_workdays == 20 + workdays
    assert c.problems == ()
    assert texts(c)[1] == (
        f"2026年3月20日 经政府信息公开工作机构负责人同意，延长答复期限{workdays}个工作日"
        f"（第三十三条），应于{format_date_zh(due)}前答复"
    )


def test_extension_after_the_due_date_is_a_problem_art33(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 4, 1),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.EXTENDED, D(2026, 3, 31), workdays=10),
    )
    assert c.due_on == D(2026, 4, 14)
    assert c.problems == (
        "延期决定（2026年3月31日）晚于答复期限2026年3月30日，延期应在期限内作出（第三十三条）",
    )


def test_extension_during_a_pause_art33(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 25),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 9)),
        ev(K.EXTENDED, D(2026, 3, 10), workdays=10),
    )
    assert c.state is ClockState.PAUSED_CONSULTATION
    assert c.remaining_workdays == 26
    assert "剩余26个工作日，暂停期间不计算" in texts(c)[2]


def test_extension_maximum_is_configurable_art33(cal: WorkdayCalendar) -> None:
    events = (ev(K.RECEIVED, D(2026, 3, 2)), ev(K.EXTENDED, D(2026, 3, 3), workdays=15))
    with pytest.raises(ClockError, match="1至10个工作日"):
        clock(cal, D(2026, 3, 3), *events, extension_max_workdays=10)
    assert clock(cal, D(2026, 3, 3), *events).extension_workdays == 15


# -- 第35条: deferred reply date ---------------------------------------------------------------


def test_deferral_sets_the_due_date_art35(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 5, 6),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.EXTENDED, D(2026, 3, 20), workdays=5),
        ev(K.DEFERRED, D(2026, 3, 25), until=D(2026, 6, 30)),
        # Pauses after a deferral no longer move the agency's date.
        ev(K.CONSULTATION_STARTED, D(2026, 4, 1)),
        ev(K.CONSULTATION_ENDED, D(2026, 4, 20)),
    )
    assert c.state is ClockState.RUNNING
    assert c.due_on == c.deferred_until == D(2026, 6, 30)
    assert c.extension_workdays == 5
    assert texts(c)[2] == (
        "2026年3月25日 申请数量、频次明显超过合理范围，依第三十五条确定延迟答复期限，"
        "应于2026年6月30日前答复"
    )
    assert texts(c)[-1] == "应于2026年6月30日前答复"


def test_deferral_date_known_even_while_paused_art35(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 7, 1),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.DEFERRED, D(2026, 3, 25), until=D(2026, 6, 30)),
        ev(K.FEE_NOTICE_SENT, D(2026, 6, 29)),
    )
    assert c.state is ClockState.PAUSED_FEE
    assert c.due_on == D(2026, 6, 30)
    assert c.overdue
    assert c.remaining_workdays == -1


def test_deferral_earlier_than_the_due_date_is_flagged_art35(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 10),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.DEFERRED, D(2026, 3, 9), until=D(2026, 3, 20)),
    )
    assert c.due_on == D(2026, 3, 20)
    assert c.problems == ("延迟答复期限2026年3月20日早于原答复期限2026年3月30日，请核对",)


# -- closing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("closed", "overdue", "remaining"),
    [(D(2026, 3, 27), False, 1), (D(2026, 3, 30), False, 0), (D(2026, 4, 7), True, -5)],
)
def test_closed_late_is_overdue_art33(
    cal: WorkdayCalendar, closed: date, overdue: bool, remaining: int
) -> None:
    c = clock(cal, D(2026, 12, 31), ev(K.RECEIVED, D(2026, 3, 2)), ev(K.CLOSED, closed))
    assert c.state is ClockState.CLOSED
    assert c.closed_on == closed
    assert c.due_on == D(2026, 3, 30)
    assert c.overdue is overdue
    assert c.remaining_workdays == remaining
    if overdue:
        assert c.problems == ("2026年4月7日答复，晚于答复期限2026年3月30日（第三十三条）",)
        assert (
            texts(c)[1] == "2026年4月7日 作出答复，办结，晚于答复期限2026年3月30日（逾期5个工作日）"
        )
    else:
        assert c.problems == ()
        assert texts(c)[1] == f"{format_date_zh(closed)} 作出答复，办结"
    assert texts(c)[-1] == "应于2026年3月30日前答复"


def test_close_during_consultation_ends_it_that_day_art32(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 12, 31),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 9)),
        ev(K.CLOSED, D(2026, 4, 20)),
    )
    assert c.state is ClockState.CLOSED
    assert c.consultation_reply_by is None
    assert c.due_on == cal.add_workdays(D(2026, 4, 20), 16)
    assert not c.overdue


def test_close_while_awaiting_supplement_has_no_due_date_art30(cal: WorkdayCalendar) -> None:
    c = clock(
        cal,
        D(2026, 3, 10),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 3), until=D(2026, 3, 17)),
        ev(K.CLOSED, D(2026, 3, 9)),
    )
    assert c.state is ClockState.CLOSED
    assert (c.due_on, c.overdue, c.lapsed_on, c.supplement_due) == (None, False, None, None)
    assert texts(c)[-1] == "已办结"


# -- ordering and impossible histories ---------------------------------------------------------


def test_events_are_sorted_by_date_and_same_day_order_is_kept(cal: WorkdayCalendar) -> None:
    given = [
        ev(K.CONSULTATION_ENDED, D(2026, 3, 20)),
        ev(K.RECEIVED, D(2026, 3, 2)),
        ev(K.CONSULTATION_STARTED, D(2026, 3, 9)),
    ]
    assert clock(cal, D(2026, 3, 25), *given).due_on == D(2026, 4, 14)
    same_day = [ev(K.RECEIVED, D(2026, 3, 2)), ev(K.CONSULTATION_STARTED, D(2026, 3, 2))]
    assert clock(cal, D(2026, 3, 3), *same_day).state is ClockState.PAUSED_CONSULTATION
    with pytest.raises(ClockError, match="早于收到申请"):
        clock(cal, D(2026, 3, 3), *reversed(same_day))


def test_event_dated_after_today_is_flagged(cal: WorkdayCalendar) -> None:
    c = clock(cal, D(2026, 3, 2), ev(K.RECEIVED, D(2026, 3, 3)))
    assert c.problems == ("2026年3月3日的「收到申请」日期晚于今天，请核对",)


R = ev(K.RECEIVED, D(2026, 3, 2))
SUP = ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 3), until=D(2026, 3, 17))
CLOCK_ERRORS = [
    ("event before RECEIVED", [ev(K.CONSULTATION_STARTED, D(2026, 3, 1)), R], "早于收到申请"),
    ("no RECEIVED at all", [ev(K.CLOSED, D(2026, 3, 3))], "没有记录收到申请"),
    ("second RECEIVED", [R, ev(K.RECEIVED, D(2026, 3, 3))], "不能再次记录「收到申请」"),
    ("supplement without request", [R, ev(K.SUPPLEMENT_RECEIVED, D(2026, 3, 3))], "没有待补正"),
    (
        "second supplement request outstanding",
        [R, SUP, ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 4), until=D(2026, 3, 18))],
        "不能再次告知补正",
    ),
    (
        "supplement request without until",
        [R, ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 3))],
        "没有填写补正期限",
    ),
    (
        "supplement until before request",
        [R, ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 3), until=D(2026, 3, 2))],
        "早于告知日期",
    ),
    (
        "consultation end without start",
        [R, ev(K.CONSULTATION_ENDED, D(2026, 3, 3))],
        "没有进行中的征求意见",
    ),
    (
        "consultation started while open",
        [R, ev(K.CONSULTATION_STARTED, D(2026, 3, 3)), ev(K.CONSULTATION_STARTED, D(2026, 3, 4))],
        "尚未结束",
    ),
    ("fee paid without notice", [R, ev(K.FEE_PAID, D(2026, 3, 3))], "没有待缴费的收费通知"),
    (
        "second fee notice while unpaid",
        [R, ev(K.FEE_NOTICE_SENT, D(2026, 3, 3)), ev(K.FEE_NOTICE_SENT, D(2026, 3, 4))],
        "尚未缴费",
    ),
    (
        "second extension",
        [R, ev(K.EXTENDED, D(2026, 3, 3), workdays=5), ev(K.EXTENDED, D(2026, 3, 4), workdays=5)],
        "只能延长一次",
    ),
    ("extension of 0", [R, ev(K.EXTENDED, D(2026, 3, 3), workdays=0)], "1至20个工作日"),
    ("extension of 21", [R, ev(K.EXTENDED, D(2026, 3, 3), workdays=21)], "1至20个工作日"),
    ("extension without workdays", [R, ev(K.EXTENDED, D(2026, 3, 3))], "1至20个工作日"),
    ("extension of True", [R, ev(K.EXTENDED, D(2026, 3, 3), workdays=True)], "1至20个工作日"),  # type: ignore[arg-type]
    (
        "extension after deferral",
        [
            R,
            ev(K.DEFERRED, D(2026, 3, 3), until=D(2026, 5, 29)),
            ev(K.EXTENDED, D(2026, 3, 4), workdays=5),
        ],
        "不能再依第三十三条延期",
    ),
    ("deferral without until", [R, ev(K.DEFERRED, D(2026, 3, 3))], "没有填写延迟答复的期限"),
    (
        "second deferral",
        [
            R,
            ev(K.DEFERRED, D(2026, 3, 3), until=D(2026, 5, 29)),
            ev(K.DEFERRED, D(2026, 3, 4), until=D(2026, 6, 30)),
        ],
        "不能再次确定",
    ),
    (
        "deferral while awaiting supplement",
        [R, SUP, ev(K.DEFERRED, D(2026, 3, 4), until=D(2026, 5, 29))],
        "补正期间",
    ),
    (
        "supplement request after deferral",
        [
            R,
            ev(K.DEFERRED, D(2026, 3, 3), until=D(2026, 5, 29)),
            ev(K.SUPPLEMENT_REQUESTED, D(2026, 3, 4), until=D(2026, 3, 18)),
        ],
        "不能再告知补正",
    ),
    (
        "anything after CLOSED",
        [R, ev(K.CLOSED, D(2026, 3, 3)), ev(K.FEE_PAID, D(2026, 3, 4))],
        "已于2026年3月3日答复办结",
    ),
    ("second CLOSED", [R, ev(K.CLOSED, D(2026, 3, 3)), ev(K.CLOSED, D(2026, 3, 3))], "答复办结"),
    (
        "event while lapsed (supplement)",
        [R, SUP, ev(K.EXTENDED, D(2026, 3, 18), workdays=5)],
        "视为放弃申请",
    ),
    (
        "event while lapsed (fee)",
        [R, ev(K.FEE_NOTICE_SENT, D(2026, 3, 3)), ev(K.CONSULTATION_STARTED, D(2026, 4, 2))],
        "逾期未缴费",
    ),
]


@pytest.mark.parametrize(
    ("case", "events", "message"), CLOCK_ERRORS, ids=[c[0] for c in CLOCK_ERRORS]
)
def test_impossible_histories_raise_clock_error(
    cal: WorkdayCalendar, case: str, events: list[ClockEvent], message: str
) -> None:
    with pytest.raises(ClockError, match=message):
        compute_clock(events, cal, D(2026, 6, 30))


def test_clock_error_is_a_value_error() -> None:
    assert issubclass(ClockError, ValueError)


def test_wrong_types_raise_type_error(cal: WorkdayCalendar) -> None:
    with pytest.raises(TypeError):
        compute_clock([ev(K.RECEIVED, datetime(2026, 3, 2, 9))], cal, D(2026, 3, 2))  # noqa: DTZ001
    with pytest.raises(TypeError):
        compute_clock([R], cal, datetime(2026, 3, 2, 9))  # noqa: DTZ001
    with pytest.raises(ValueError, match="not_an_event"):
        compute_clock([ClockEvent("not_an_event", D(2026, 3, 2))], cal, D(2026, 3, 2))  # type: ignore[arg-type]


def test_event_kind_accepts_its_string_value(cal: WorkdayCalendar) -> None:
    c = compute_clock([ClockEvent("received", D(2026, 3, 2))], cal, D(2026, 3, 2))  # type: ignore[arg-type]
    assert c.due_on == D(2026, 3, 30)


# -- the calendar's limits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "today", "year"),
    [
        ([ev(K.RECEIVED, D(2026, 12, 15))], D(2026, 12, 15), 2027),  # the period runs into 2027
        ([ev(K.RECEIVED, D(2025, 12, 1))], D(2026, 1, 5), 2025),
        ([ev(K.RECEIVED, D(2026, 3, 2))], D(2027, 1, 4), 2027),  # "today" in an unknown year
        (
            [ev(K.RECEIVED, D(2026, 11, 2)), ev(K.FEE_NOTICE_SENT, D(2026, 12, 7))],
            D(2026, 12, 7),
            2027,
        ),
    ],
)
def test_unknown_calendar_year_propagates(
    cal: WorkdayCalendar, events: list[ClockEvent], today: date, year: int
) -> None:
    with pytest.raises(UnknownCalendarYear) as info:
        compute_clock(events, cal, today)
    assert info.value.year == year


def test_received_in_december_2026_gets_a_provisional_due_date_in_2027_article_33(
    cal: WorkdayCalendar,
) -> None:
    """2027's notice is not entered: the due date is counted on the 放假办法's own days and
    marked 暂定, never refused. 2026-12-15 + 20: 12-16..18 (3), 21..25 (8), 28..31 (12), 2027-01-01
    is 元旦 by rule, 1-4..8 (17), 1-11..13 (20)."""
    provisional = cal.with_provisional_rule(statutory_holidays)
    result = compute_clock([ev(K.RECEIVED, D(2026, 12, 15))], provisional, D(2026, 12, 15))
    assert result.due_on == D(2027, 1, 13)
    assert result.provisional_years == {2027}
    assert result.provisional
    assert "暂定" in result.steps[-1].text and "2027年" in result.steps[-1].text


def test_due_date_inside_a_known_year_is_not_provisional(cal: WorkdayCalendar) -> None:
    provisional = cal.with_provisional_rule(statutory_holidays)
    result = compute_clock([ev(K.RECEIVED, D(2026, 11, 2))], provisional, D(2026, 11, 2))
    assert result.due_on == D(2026, 11, 30)
    assert not result.provisional
    assert "暂定" not in result.steps[-1].text


def test_deferred_date_is_the_agencys_own_not_provisional_article_35(
    cal: WorkdayCalendar,
) -> None:
    provisional = cal.with_provisional_rule(statutory_holidays)
    result = compute_clock(
        [ev(K.RECEIVED, D(2026, 12, 1)), ev(K.DEFERRED, D(2026, 12, 10), until=D(2027, 2, 26))],
        provisional,
        D(2026, 12, 10),
    )
    assert result.due_on == D(2027, 2, 26)
    assert not result.provisional


def test_extension_into_2027_is_provisional_article_33_2(cal: WorkdayCalendar) -> None:
    provisional = cal.with_provisional_rule(statutory_holidays)
    result = compute_clock(
        [ev(K.RECEIVED, D(2026, 11, 20)), ev(K.EXTENDED, D(2026, 12, 10), workdays=20)],
        provisional,
        D(2026, 12, 10),
    )
    assert result.due_on is not None and result.due_on.year == 2027
    assert result.provisional_years == {2027}
