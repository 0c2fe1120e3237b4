"""The statutory clock (答复期限) of one 依申请公开 application, as one pure function of its events.

``compute_clock(events, calendar, today)`` replays what happened to an application (receipt,
补正, 征求意见, 收费, 延期, 延迟答复, 办结) and returns where its reply deadline stands, why, and
which legal problems the history shows. Nothing is stored here and nothing is read from the
clock: ``today`` is passed in, so the result for a given history and day never changes.

Legal basis, article by article (《政府信息公开条例》2019, "条例"):

- 第31条: the date of receipt (``RECEIVED.on``) depends on the channel; callers decide it.
- 第33条第1款: reply within 20 working days of receipt. Counting follows ``workdays.py``: the
  day of receipt is not counted, so the due date is ``add_workdays(receipt, 20)``.
- 第33条第2款: one extension of at most 20 working days (the office head's approval is checked by
  the caller); the time spent consulting a third party or another agency is not counted.
- 第30条: the agency tells the applicant once, within 7 working days of receipt, what to
  supplement and by when; the period then runs from the day the corrected application arrives
  (a restart, not a pause); an applicant who misses the deadline without good reason is deemed
  to have withdrawn (视为放弃申请).
- 第32条 / 第34条: a third party / another agency has 15 working days to reply to a
  征求意见书; silence lets the agency decide (第32条) or counts as consent (第34条).
- 第35条: for a reasonable but excessive request the agency sets a deferred reply date.
- 国办函〔2020〕109号: the applicant pays the 信息处理费 within 20 working days from the day
  after receiving the 收费通知书, else is deemed to have withdrawn. Whether the period pauses
  meanwhile is not verified in the text ([M] in the spec): ``ClockRules.fee_notice_pauses``.

Pause arithmetic (第33条第2款 "不计算在前款规定的期限内"): the working days from the day a pause
starts through the day it ends, both inclusive, are excluded. Before the pause, the days used are
those after the period start up to the day *before* the pause starts; counting resumes on the
day after the pause ends. A pause that starts once the due date has already passed cannot move
that due date (the time was already used up); the history shows it as a problem.

Choices the law leaves open, made here (callers rely on them):

- An extension granted before a 补正 restart stays: the period after the restart is
  ``reply_workdays + n`` and no second extension is allowed (第33条 allows one per application).
- After a 第35条 deferral the agency's date is the due date; later pauses do not move it and a
  第33条 extension is refused (ClockError).
- A consultation and a fee pause may overlap; the excluded time is their union. A second
  consultation may start only after the first has ended.
- CLOSED is the one event accepted after a lapse (it files the application as 其他处理); any
  other event dated after a missed 补正/缴费 deadline is a ClockError. CLOSED during a pause ends
  the pause that day; CLOSED while awaiting a 补正 or after a lapse has no due date.
- An event dated after ``today`` is accepted and listed in ``problems``.

No Django import here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from gongkai.statute.clock.replay import _check_event, _Replay
from gongkai.statute.clock.types import (
    Clock,
    ClockError,
    ClockEvent,
    ClockRules,
    ClockState,
    ClockStep,
    EventKind,
    format_date_zh,
)
from gongkai.statute.workdays import WorkdayCalendar

__all__ = [
    "Clock",
    "ClockError",
    "ClockEvent",
    "ClockRules",
    "ClockState",
    "ClockStep",
    "EventKind",
    "compute_clock",
    "format_date_zh",
]


def compute_clock(
    events: Iterable[ClockEvent],
    calendar: WorkdayCalendar,
    today: date,
    rules: ClockRules = ClockRules(),  # noqa: B008 - frozen dataclass: a shared default is safe
) -> Clock:
    """The reply clock of one application on ``today``, from its events.

    Events are replayed in date order; events of the same day keep the given order (a stable
    sort), so a caller lists same-day events in the order they happened. ``today`` is only
    used for the lapse of a 补正/缴费 deadline (``today`` after the deadline; the deadline day
    itself is still in time), ``overdue`` and ``remaining_workdays``.

    Raises ``ClockError`` (Chinese message for the user) for a history that cannot have
    happened: an event before RECEIVED, a second RECEIVED, SUPPLEMENT_RECEIVED without an
    outstanding request, a second request while one is outstanding, CONSULTATION_ENDED without
    an open consultation, a consultation started while one is open, FEE_PAID without an unpaid
    notice, a second notice while one is unpaid, a second EXTENDED, EXTENDED outside
    1..``extension_max_workdays`` or after a DEFERRED, a second DEFERRED, a DEFERRED while
    awaiting a 补正 or a 补正 request after a DEFERRED, a missing ``until`` / an ``until`` before
    ``on``, anything after CLOSED, and any event except CLOSED dated after a missed 补正/缴费
    deadline (the application has lapsed; CLOSED then files it). ``UnknownCalendarYear`` from
    the calendar propagates unchanged.
    """
    checked = [(_check_event(e, rules), e) for e in events]
    if isinstance(today, datetime) or not isinstance(today, date):
        raise TypeError(f"today must be a datetime.date, got {today!r}")
    replay = _Replay(calendar, today, rules)
    for kind, event in sorted(checked, key=lambda ke: ke[1].on):
        replay.apply(kind, event)
    return replay.result()
