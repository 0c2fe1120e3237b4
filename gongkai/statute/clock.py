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
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

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

_ONE_DAY = timedelta(days=1)


def format_date_zh(d: date) -> str:
    """``date(2026, 3, 2)`` → ``"2026年3月2日"`` (the long form used in letters, no zero padding)."""
    return f"{d.year}年{d.month}月{d.day}日"


class EventKind(StrEnum):
    """What happened to an application; the fields of ``ClockEvent`` each kind uses are noted."""

    RECEIVED = "received"  # on = receipt date under 第31条
    SUPPLEMENT_REQUESTED = "supplement_requested"  # on = 补正告知书 issued; until = its deadline
    SUPPLEMENT_RECEIVED = "supplement_received"  # on = corrected application in (第30条 restart)
    CONSULTATION_STARTED = "consultation_started"  # on = 征求意见书 sent (第32条/第34条)
    CONSULTATION_ENDED = "consultation_ended"  # on = reply arrived, or the agency stopped waiting
    FEE_NOTICE_SENT = "fee_notice_sent"  # on = 收费通知书 reached the applicant (109号)
    FEE_PAID = "fee_paid"  # on = day paid
    EXTENDED = "extended"  # workdays = n (1..extension_max), once (第33条)
    DEFERRED = "deferred"  # until = the deferred reply date set under 第35条
    CLOSED = "closed"  # on = day the reply was issued

    @property
    def label(self) -> str:
        """Chinese name of the event, as staff see it (e.g. "补正告知")."""
        return _EVENT_LABELS[self]


_EVENT_LABELS = {
    EventKind.RECEIVED: "收到申请",
    EventKind.SUPPLEMENT_REQUESTED: "补正告知",
    EventKind.SUPPLEMENT_RECEIVED: "收到补正",
    EventKind.CONSULTATION_STARTED: "征求意见",
    EventKind.CONSULTATION_ENDED: "征求意见结束",
    EventKind.FEE_NOTICE_SENT: "收费通知",
    EventKind.FEE_PAID: "缴纳费用",
    EventKind.EXTENDED: "延长答复期限",
    EventKind.DEFERRED: "延迟答复",
    EventKind.CLOSED: "答复办结",
}


@dataclass(frozen=True)
class ClockEvent:
    """One dated event. ``until`` is used by SUPPLEMENT_REQUESTED and DEFERRED (required there),
    ``workdays`` by EXTENDED (required there); other kinds ignore both."""

    kind: EventKind
    on: date
    until: date | None = None
    workdays: int | None = None


@dataclass(frozen=True)
class ClockRules:
    """Every period of the clock, in working days; defaults are the statutory values.

    The spec marks some of these [M] (not verified against the official text), so a deployment
    can change them without a code change. Raises ``ValueError`` for a negative or zero period.
    """

    reply_workdays: int = 20  # 第33条第1款
    supplement_request_workdays: int = 7  # 第30条
    extension_max_workdays: int = 20  # 第33条第2款
    consultation_workdays: int = 15  # 第32条 / 第34条: the other side's time to reply
    fee_payment_workdays: int = 20  # 109号: from the day after the notice is received
    fee_notice_pauses: bool = True  # [M] whether the reply period pauses until payment

    def __post_init__(self) -> None:
        for name in (
            "reply_workdays",
            "supplement_request_workdays",
            "extension_max_workdays",
            "consultation_workdays",
            "fee_payment_workdays",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")


class ClockState(StrEnum):
    """Where the application's clock stands; ``.label`` is the Chinese status shown to staff."""

    NOT_RECEIVED = "not_received"
    RUNNING = "running"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    PAUSED_CONSULTATION = "paused_consultation"
    PAUSED_FEE = "paused_fee"
    LAPSED_NO_SUPPLEMENT = "lapsed_no_supplement"
    LAPSED_UNPAID_FEE = "lapsed_unpaid_fee"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ClockState.NOT_RECEIVED: "尚未收到申请",
    ClockState.RUNNING: "办理中",
    ClockState.AWAITING_SUPPLEMENT: "等待补正",
    ClockState.PAUSED_CONSULTATION: "征求意见中（暂停计时）",
    ClockState.PAUSED_FEE: "等待缴费（暂停计时）",
    ClockState.LAPSED_NO_SUPPLEMENT: "逾期未补正，视为放弃申请",
    ClockState.LAPSED_UNPAID_FEE: "逾期未缴费，视为放弃申请",
    ClockState.CLOSED: "已办结",
}


@dataclass(frozen=True)
class ClockStep:
    """One line of the explanation shown to staff; ``on`` is the event's date (None for the
    closing summary line)."""

    on: date | None
    text: str


@dataclass(frozen=True)
class Clock:
    """The clock of one application on ``today``.

    ``due_on`` is the last day on which the reply is on time. It is None while it cannot be
    known: not received, awaiting a 补正 (the period has not restarted yet), lapsed, or paused
    with days left (the date depends on when the pause ends). While paused it is still given
    when it is already fixed: by a 第35条 deferral, or because the pause began after the due date
    had passed. For CLOSED it is the due date that applied on the day of the reply (a reply given
    during a pause is treated as ending the pause that day).

    ``remaining_workdays``: working days from ``today`` to ``due_on`` (negative once overdue)
    whenever ``due_on`` is known; while paused with the date unknown, the working days of the
    period still unused; for CLOSED, from ``closed_on`` to ``due_on`` (negative: replied late by
    that many working days); None otherwise.
    """

    state: ClockState
    received_on: date | None
    period_start: date | None
    due_on: date | None
    remaining_workdays: int | None
    supplement_request_by: date | None
    supplement_due: date | None
    consultation_reply_by: date | None
    fee_payment_by: date | None
    lapsed_on: date | None
    extension_workdays: int
    closed_on: date | None
    overdue: bool
    steps: tuple[ClockStep, ...]
    problems: tuple[str, ...]
    # Added beyond the agreed interface (all with defaults, so positional use is unaffected):
    period_workdays: int = 0  # reply_workdays + extension: the length of the current period
    deferred_until: date | None = None  # the 第35条 deferred reply date, once set


class ClockError(ValueError):
    """The events cannot have happened in this order; the message (Chinese) says why."""


# -- the replay --------------------------------------------------------------------------------


def _check_event(event: ClockEvent, rules: ClockRules) -> EventKind:
    kind = EventKind(event.kind)
    if isinstance(event.on, datetime) or not isinstance(event.on, date):
        raise TypeError(f"ClockEvent.on must be a datetime.date, got {event.on!r}")
    if kind in (EventKind.SUPPLEMENT_REQUESTED, EventKind.DEFERRED):
        if event.until is None:
            what = "补正期限" if kind is EventKind.SUPPLEMENT_REQUESTED else "延迟答复的期限"
            raise ClockError(f"{format_date_zh(event.on)}的「{kind.label}」没有填写{what}")
        if isinstance(event.until, datetime) or not isinstance(event.until, date):
            raise TypeError(f"ClockEvent.until must be a datetime.date, got {event.until!r}")
        if event.until < event.on:
            raise ClockError(
                f"{format_date_zh(event.on)}的「{kind.label}」期限{format_date_zh(event.until)}"
                "早于告知日期"
            )
    if kind is EventKind.EXTENDED:
        n = event.workdays
        if (
            isinstance(n, bool)
            or not isinstance(n, int)
            or not 1 <= n <= rules.extension_max_workdays
        ):
            raise ClockError(
                f"延长答复期限应为1至{rules.extension_max_workdays}个工作日（第三十三条），"
                f"{format_date_zh(event.on)}的延期为{n}个工作日"
            )
    return kind


class _Replay:
    """Mutable state while replaying the events of one application (private to this module).

    The current period is kept as running segments: closed ones ``(anchor, last)`` count the
    working days ``anchor < d <= last``; the open one counts from ``anchor`` on. The due date is
    the day the ``period_workdays``-th counted working day falls on.
    """

    def __init__(self, calendar: WorkdayCalendar, today: date, rules: ClockRules) -> None:
        self.cal = calendar
        self.today = today
        self.rules = rules
        self.received_on: date | None = None
        self.period_start: date | None = None
        self.segments: list[tuple[date, date]] = []
        self.anchor: date | None = None  # open running segment, None while stopped
        self.extension = 0
        self.deferred_until: date | None = None
        self.supplement_until: date | None = None
        self.supplement_requests = 0
        self.consultation_start: date | None = None
        self.consultation_reply_by: date | None = None
        self.fee_payment_by: date | None = None  # set while a notice is unpaid
        self.closed_on: date | None = None
        self.due_at_close: date | None = None
        self.lapsed: ClockState | None = None
        self.lapsed_on: date | None = None
        self.steps: list[ClockStep] = []
        self.problems: list[str] = []

    # -- derived ---------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self.rules.reply_workdays + self.extension

    def paused(self) -> bool:
        fee_pause = self.fee_payment_by is not None and self.rules.fee_notice_pauses
        return self.consultation_start is not None or fee_pause

    def counting(self) -> bool:
        return (
            self.period_start is not None
            and self.supplement_until is None
            and not self.paused()
            and self.closed_on is None
        )

    def _segment_days(self, anchor: date, last: date) -> int:
        return self.cal.workdays_between(anchor, last) if last > anchor else 0

    def used(self) -> int:
        """Working days of the period counted in closed segments."""
        return sum(self._segment_days(a, b) for a, b in self.segments)

    def due(self) -> date | None:
        """The due date if it is known now (see ``Clock``)."""
        if self.deferred_until is not None:
            return self.deferred_until  # 第35条: the agency's date replaces the arithmetic
        if self.period_start is None or self.supplement_until is not None:
            return None
        remaining = self.total
        for anchor, last in self.segments:
            n = self._segment_days(anchor, last)
            if remaining <= n:
                # The period ran out before a later pause began: the pause cannot move it.
                return self.cal.add_workdays(anchor, remaining)
            remaining -= n
        if self.anchor is not None:
            return self.cal.add_workdays(self.anchor, remaining)
        return None

    # -- transitions -----------------------------------------------------------------------

    def stop(self, on: date) -> None:
        """The clock stops at the start of ``on``: the days counted end the day before."""
        if self.anchor is not None:
            self.segments.append((self.anchor, on - _ONE_DAY))
            self.anchor = None

    def add_step(self, on: date | None, text: str) -> None:
        self.steps.append(ClockStep(on, text))

    def due_text(self) -> str:
        due = self.due()
        if due is not None:
            return f"应于{format_date_zh(due)}前答复"
        return f"剩余{max(self.total - self.used(), 0)}个工作日，暂停期间不计算"

    def apply(self, kind: EventKind, e: ClockEvent) -> None:
        d = format_date_zh(e.on)
        if self.received_on is None and kind is not EventKind.RECEIVED:
            raise ClockError(f"{d}的「{kind.label}」早于收到申请，或者没有记录收到申请")
        if self.closed_on is not None:
            raise ClockError(
                f"申请已于{format_date_zh(self.closed_on)}答复办结，不能再记录{d}的「{kind.label}」"
            )
        if e.on > self.today:
            self.problems.append(f"{d}的「{kind.label}」日期晚于今天，请核对")
        self._check_lapse(e.on)
        if self.lapsed is not None and kind is not EventKind.CLOSED:
            assert self.lapsed_on is not None  # noqa: S101 - set together with lapsed
            raise ClockError(
                f"申请人{'逾期未补正' if self.lapsed is ClockState.LAPSED_NO_SUPPLEMENT else '逾期未缴费'}，"
                f"自{format_date_zh(self.lapsed_on)}起视为放弃申请，不能再记录{d}的「{kind.label}」；"
                "如申请人有正当理由，请先更正期限"
            )
        handler = {
            EventKind.RECEIVED: self._on_received,
            EventKind.SUPPLEMENT_REQUESTED: self._on_supplement_requested,
            EventKind.SUPPLEMENT_RECEIVED: self._on_supplement_received,
            EventKind.CONSULTATION_STARTED: self._on_consultation_started,
            EventKind.CONSULTATION_ENDED: self._on_consultation_ended,
            EventKind.FEE_NOTICE_SENT: self._on_fee_notice_sent,
            EventKind.FEE_PAID: self._on_fee_paid,
            EventKind.EXTENDED: self._on_extended,
            EventKind.DEFERRED: self._on_deferred,
            EventKind.CLOSED: self._on_closed,
        }[kind]
        was_counting = self.counting()
        handler(e, d)
        if was_counting and not self.counting():
            self.stop(e.on)

    def _check_lapse(self, on: date) -> None:
        """Mark the application lapsed if ``on`` is after an unmet supplement/fee deadline."""
        if self.lapsed is not None or self.closed_on is not None:
            return
        if self.supplement_until is not None and on > self.supplement_until:
            # 第30条: 逾期不补正，视为放弃申请. The deadline day itself is still in time.
            self.lapsed = ClockState.LAPSED_NO_SUPPLEMENT
            self.lapsed_on = self.supplement_until + _ONE_DAY
        elif self.fee_payment_by is not None and on > self.fee_payment_by:
            # 109号: 逾期未缴纳，视为放弃申请.
            self.lapsed = ClockState.LAPSED_UNPAID_FEE
            self.lapsed_on = self.fee_payment_by + _ONE_DAY

    # -- one handler per event kind (dispatched from ``apply``) ---------------------------

    def _on_received(self, e: ClockEvent, d: str) -> None:
        if self.received_on is not None:
            raise ClockError(
                f"已于{format_date_zh(self.received_on)}收到申请，{d}不能再次记录「收到申请」"
            )
        self.received_on = self.period_start = self.anchor = e.on
        self.add_step(
            e.on,
            f"{d} 收到申请（第三十一条），次日起算{self.total}个工作日，{self.due_text()}",
        )

    def _on_supplement_requested(self, e: ClockEvent, d: str) -> None:
        assert e.until is not None  # noqa: S101 - checked in _check_event
        if self.supplement_until is not None:
            raise ClockError(
                f"已有未完成的补正告知（补正期限{format_date_zh(self.supplement_until)}），"
                f"{d}不能再次告知补正"
            )
        if self.deferred_until is not None:
            raise ClockError(f"已依第三十五条确定延迟答复期限，{d}不能再告知补正")
        assert self.received_on is not None  # noqa: S101 - checked in apply
        request_by = self.cal.add_workdays(self.received_on, self.rules.supplement_request_workdays)
        if e.on > request_by:
            self.problems.append(
                f"补正告知晚于收到申请后{self.rules.supplement_request_workdays}个工作日"
                f"（应于{format_date_zh(request_by)}前，实际{d}，第三十条）"
            )
        self.supplement_requests += 1
        if self.supplement_requests > 1:
            self.problems.append(
                f"第三十条要求一次性告知补正，{d}为第{self.supplement_requests}次补正告知"
            )
        self.supplement_until = e.until
        # 第30条: the period restarts from the corrected application, so whatever was counted of
        # the old period no longer matters.
        self.anchor = None
        self.segments = []
        self.add_step(
            e.on,
            f"{d} 发出补正告知书（第三十条），答复期限停止计算；申请人应于"
            f"{format_date_zh(e.until)}前补正，无正当理由逾期不补正的视为放弃申请",
        )

    def _on_supplement_received(self, e: ClockEvent, d: str) -> None:
        if self.supplement_until is None:
            raise ClockError(f"没有待补正的告知，{d}不能记录「收到补正」")
        self.supplement_until = None
        # 第30条 "答复期限自行政机关收到补正的申请之日起计算": a full new period from this day.
        # An extension granted earlier is kept (one extension per application, 第33条): the
        # applicant was notified of it and the law does not revoke it on a restart.
        self.period_start = e.on
        self.segments = []
        self.anchor = e.on if not self.paused() else None
        ext = f"（含已批准延长的{self.extension}个工作日）" if self.extension else ""
        self.add_step(
            e.on,
            f"{d} 收到补正后的申请（第三十条），答复期限自该日重新计算{self.total}个工作日{ext}，"
            f"{self.due_text()}",
        )

    def _pause_starts(self, e: ClockEvent, what: str) -> None:
        """Problem if the period had already run out before the pause began."""
        if self.counting():
            due = self.due()
            if due is not None and due < e.on and self.deferred_until is None:
                self.problems.append(
                    f"{format_date_zh(e.on)}{what}时答复期限已于{format_date_zh(due)}届满，"
                    "暂停不能顺延已届满的期限"
                )

    def _resume(self, on: date) -> None:
        """A pause ended on ``on``: counting resumes from the next day if nothing else pauses."""
        if self.counting() and self.anchor is None:
            self.anchor = on

    def _on_consultation_started(self, e: ClockEvent, d: str) -> None:
        if self.consultation_start is not None:
            raise ClockError(
                f"{format_date_zh(self.consultation_start)}开始的征求意见尚未结束，"
                f"{d}不能再开始征求意见；请先记录「征求意见结束」"
            )
        self._pause_starts(e, "征求意见")
        if self.counting():
            self.stop(e.on)  # now rather than in apply(): the step below shows the days used
        self.consultation_start = e.on
        self.consultation_reply_by = self.cal.add_workdays(e.on, self.rules.consultation_workdays)
        self.add_step(
            e.on,
            f"{d} 发出征求意见书（第三十二条、第三十四条），征求意见期间不计入答复期限"
            f"（第三十三条第二款），已用{self.used()}个工作日；对方应于"
            f"{format_date_zh(self.consultation_reply_by)}前答复",
        )

    def _on_consultation_ended(self, e: ClockEvent, d: str) -> None:
        if self.consultation_start is None or self.consultation_reply_by is None:
            raise ClockError(f"没有进行中的征求意见，{d}不能记录「征求意见结束」")
        start, reply_by = self.consultation_start, self.consultation_reply_by
        excluded = self.cal.workdays_between(start - _ONE_DAY, e.on)
        if e.on > reply_by:
            self.problems.append(
                f"征求意见于{d}结束，已超过对方答复期限{format_date_zh(reply_by)}"
                "（第三十二条、第三十四条），超期部分是否应扣除请核实"
            )
        self.consultation_start = self.consultation_reply_by = None
        self._resume(e.on)
        self.add_step(
            e.on,
            f"{d} 征求意见结束，{format_date_zh(start)}至{d}的{excluded}个工作日不计入答复期限，"
            f"次日起恢复计算，{self.due_text()}",
        )

    def _on_fee_notice_sent(self, e: ClockEvent, d: str) -> None:
        if self.fee_payment_by is not None:
            raise ClockError(
                f"此前的收费通知尚未缴费（缴费期限{format_date_zh(self.fee_payment_by)}），"
                f"{d}不能再发收费通知"
            )
        if self.rules.fee_notice_pauses:
            self._pause_starts(e, "发出收费通知")
        was_counting = self.counting()
        self.fee_payment_by = self.cal.add_workdays(e.on, self.rules.fee_payment_workdays)
        if was_counting and not self.counting():
            self.stop(e.on)
        pause = (
            f"缴费期间不计入答复期限，已用{self.used()}个工作日"
            if self.rules.fee_notice_pauses
            else "答复期限继续计算"
        )
        self.add_step(
            e.on,
            f"{d} 收费通知书送达申请人（国办函〔2020〕109号），{pause}；申请人应于"
            f"{format_date_zh(self.fee_payment_by)}前缴费，逾期未缴纳的视为放弃申请",
        )

    def _on_fee_paid(self, e: ClockEvent, d: str) -> None:
        if self.fee_payment_by is None:
            raise ClockError(f"没有待缴费的收费通知，{d}不能记录「缴纳费用」")
        self.fee_payment_by = None
        self._resume(e.on)
        resumed = "次日起恢复计算，" if self.rules.fee_notice_pauses else ""
        self.add_step(e.on, f"{d} 申请人缴纳信息处理费，{resumed}{self.due_text()}")

    def _on_extended(self, e: ClockEvent, d: str) -> None:
        assert e.workdays is not None  # noqa: S101 - checked in _check_event
        if self.extension:
            raise ClockError(f"答复期限只能延长一次（第三十三条），{d}不能再次延期")
        if self.deferred_until is not None:
            raise ClockError(
                f"已依第三十五条确定延迟答复期限（{format_date_zh(self.deferred_until)}），"
                f"{d}不能再依第三十三条延期"
            )
        due = self.due()
        if due is not None and e.on > due:
            self.problems.append(
                f"延期决定（{d}）晚于答复期限{format_date_zh(due)}，延期应在期限内作出（第三十三条）"
            )
        self.extension = e.workdays
        self.add_step(
            e.on,
            f"{d} 经政府信息公开工作机构负责人同意，延长答复期限{e.workdays}个工作日"
            f"（第三十三条），{self.due_text() if self.supplement_until is None else '补正后起算'}",
        )

    def _on_deferred(self, e: ClockEvent, d: str) -> None:
        assert e.until is not None  # noqa: S101 - checked in _check_event
        if self.deferred_until is not None:
            raise ClockError(
                f"已确定延迟答复期限（{format_date_zh(self.deferred_until)}），{d}不能再次确定"
            )
        if self.supplement_until is not None:
            raise ClockError(f"补正期间答复期限尚未起算，{d}不能确定延迟答复期限")
        due = self.due()
        if due is not None and e.until < due:
            self.problems.append(
                f"延迟答复期限{format_date_zh(e.until)}早于原答复期限{format_date_zh(due)}，请核对"
            )
        # 第35条: the agency's date is the deadline from now on; later pauses and extensions no
        # longer move it (an extension after it is refused above and in _on_extended).
        self.deferred_until = e.until
        self.add_step(
            e.on,
            f"{d} 申请数量、频次明显超过合理范围，依第三十五条确定延迟答复期限，"
            f"应于{format_date_zh(e.until)}前答复",
        )

    def _on_closed(self, e: ClockEvent, d: str) -> None:
        if self.lapsed is None and self.supplement_until is None:
            # A reply issued during a pause ends it that day (the agency stopped waiting).
            self.consultation_start = self.consultation_reply_by = None
            self.fee_payment_by = None
            self._resume(e.on)
            self.due_at_close = self.due()
        # Closed while awaiting a 补正 (e.g. withdrawn) or after a lapse (filed as 其他处理): no
        # period was running, so no deadline applies; nothing stays outstanding after closing.
        self.supplement_until = None
        self.consultation_start = self.consultation_reply_by = None
        self.fee_payment_by = None
        self.closed_on = e.on
        late = ""
        if self.due_at_close is not None and e.on > self.due_at_close:
            days = self.cal.workdays_between(self.due_at_close, e.on)
            late = f"，晚于答复期限{format_date_zh(self.due_at_close)}（逾期{days}个工作日）"
            self.problems.append(
                f"{d}答复，晚于答复期限{format_date_zh(self.due_at_close)}（第三十三条）"
            )
        self.add_step(e.on, f"{d} 作出答复，办结{late}")

    # -- result ----------------------------------------------------------------------------

    def result(self) -> Clock:
        if self.received_on is None:
            return Clock(
                state=ClockState.NOT_RECEIVED,
                received_on=None,
                period_start=None,
                due_on=None,
                remaining_workdays=None,
                supplement_request_by=None,
                supplement_due=None,
                consultation_reply_by=None,
                fee_payment_by=None,
                lapsed_on=None,
                extension_workdays=0,
                closed_on=None,
                overdue=False,
                steps=(ClockStep(None, "尚未收到申请"),),
                problems=(),
                period_workdays=self.total,
            )
        state = self._final_state()
        due: date | None
        remaining: int | None = None
        if state is ClockState.CLOSED:
            due = self.due_at_close
            if due is not None:
                assert self.closed_on is not None  # noqa: S101
                remaining = self.cal.workdays_between(self.closed_on, due)
        elif state in (ClockState.RUNNING, ClockState.PAUSED_CONSULTATION, ClockState.PAUSED_FEE):
            due = self.due()
            if due is not None:
                remaining = self.cal.workdays_between(self.today, due)
            else:
                remaining = max(self.total - self.used(), 0)
        else:
            due = None
        if state is ClockState.CLOSED:
            overdue = due is not None and self.closed_on is not None and self.closed_on > due
        else:
            overdue = due is not None and self.today > due
        if overdue and state is not ClockState.CLOSED:
            assert due is not None  # noqa: S101
            self.problems.append(f"已超过答复期限（应于{format_date_zh(due)}前答复，第三十三条）")
        if (
            state is ClockState.PAUSED_CONSULTATION
            and self.consultation_reply_by is not None
            and self.today > self.consultation_reply_by
        ):
            self.problems.append(
                f"征求意见已超过{self.rules.consultation_workdays}个工作日"
                f"（对方应于{format_date_zh(self.consultation_reply_by)}前答复）："
                "第三方逾期未答复，可依法自行决定（第三十二条）；"
                "其他机关逾期未答复的视为同意公开（第三十四条）"
            )
        self.add_step(None, self._final_line(state, due))
        return Clock(
            state=state,
            received_on=self.received_on,
            period_start=self.period_start,
            due_on=due,
            remaining_workdays=remaining,
            supplement_request_by=self.cal.add_workdays(
                self.received_on, self.rules.supplement_request_workdays
            ),
            supplement_due=self.supplement_until,
            consultation_reply_by=self.consultation_reply_by,
            fee_payment_by=self.fee_payment_by,
            lapsed_on=self.lapsed_on,
            extension_workdays=self.extension,
            closed_on=self.closed_on,
            overdue=overdue,
            steps=tuple(self.steps),
            problems=tuple(self.problems),
            period_workdays=self.total,
            deferred_until=self.deferred_until,
        )

    def _final_state(self) -> ClockState:
        if self.closed_on is not None:
            return ClockState.CLOSED
        # "today" is checked like the date of one more event: today == deadline is still in time.
        self._check_lapse(self.today)
        if self.lapsed is not None:
            return self.lapsed
        if self.supplement_until is not None:
            return ClockState.AWAITING_SUPPLEMENT
        if self.fee_payment_by is not None and self.rules.fee_notice_pauses:
            # The applicant's payment is what is awaited (and can lapse), so it is the state shown
            # even if a consultation is open at the same time.
            return ClockState.PAUSED_FEE
        if self.consultation_start is not None:
            return ClockState.PAUSED_CONSULTATION
        return ClockState.RUNNING

    def _final_line(self, state: ClockState, due: date | None) -> str:
        if due is not None:
            return f"应于{format_date_zh(due)}前答复"
        if state is ClockState.LAPSED_NO_SUPPLEMENT:
            return "申请人无正当理由逾期不补正，视为放弃申请（第三十条）"
        if state is ClockState.LAPSED_UNPAID_FEE:
            return "申请人逾期未缴纳信息处理费，视为放弃申请（国办函〔2020〕109号）"
        if state is ClockState.AWAITING_SUPPLEMENT:
            assert self.supplement_until is not None  # noqa: S101
            return (
                f"等待申请人补正（补正期限{format_date_zh(self.supplement_until)}），"
                "收到补正后重新计算答复期限"
            )
        if state is ClockState.CLOSED:
            return "已办结"
        return (
            f"{state.label}，剩余{max(self.total - self.used(), 0)}个工作日，恢复计算后确定答复期限"
        )


def compute_clock(
    events: Iterable[ClockEvent],
    calendar: WorkdayCalendar,
    today: date,
    rules: ClockRules = ClockRules(),  # frozen, so a shared default is safe
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
