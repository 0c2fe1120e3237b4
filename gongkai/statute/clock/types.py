"""The values of the statutory clock: events in, ``Clock`` out (see the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

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
    # Years whose official arrangement is not entered and through which a date this clock shows
    # (the due date, or the running 补正/征求意见/缴费 date) was counted on the provisional
    # calendar (暂定, see ``statute.workdays``); empty when every shown date is final.
    provisional_years: frozenset[int] = frozenset()

    @property
    def provisional(self) -> bool:
        """Whether a date this clock shows is provisional (暂定)."""
        return bool(self.provisional_years)


class ClockError(ValueError):
    """The events cannot have happened in this order; the message (Chinese) says why."""


# -- the replay --------------------------------------------------------------------------------
