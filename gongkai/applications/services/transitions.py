"""The procedure's state machine: which step may be taken from which status, by whom, and with
which letter — one table, read by the services (which refuse) and the detail page (which offers).

A step is allowed when the application's stored status is one of its ``statuses``, or when the
clock, computed today, stands in one of its ``clock_states``: a 补正 or fee deadline that ran out
today turns the stored status into "lapsed" only when the daily job runs, but the clock already
knows. ``roles`` names the staff roles that may take the step (None: any staff of the agency);
``letter`` is the document the step issues in its own transaction (第30条补正告知书, 征求意见书,
收费通知书, 延期答复告知书, 第35条延迟答复告知书, 答复书).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.agencies.models import StaffRole
from gongkai.applications.models import ApplicationEventKind, ApplicationStatus, LetterKind
from gongkai.audit.models import AuditAction
from gongkai.statute.clock import ClockState

# Roles that may approve an extension (第33条: 政府信息公开工作机构负责人同意) and a 第35条
# deferral.
EXTENSION_APPROVERS = frozenset({StaffRole.OFFICE_HEAD})


class Step(StrEnum):
    CONFIRM = "confirm"
    DISCARD = "discard"
    REQUEST_SUPPLEMENT = "request_supplement"
    RECEIVE_SUPPLEMENT = "receive_supplement"
    START_CONSULTATION = "start_consultation"
    END_CONSULTATION = "end_consultation"
    FEE_NOTICE = "fee_notice"
    FEE_PAID = "fee_paid"
    EXTEND = "extend"
    DEFER = "defer"
    DECIDE = "decide"
    CLOSE_LAPSED = "close_lapsed"
    CORRECT_RECEIPT_DATE = "correct_receipt_date"
    WITHDRAW = "withdraw"
    ASSIGN = "assign"


@dataclass(frozen=True)
class Transition:
    doing: str  # completes "不能……" in the refusal
    statuses: frozenset[ApplicationStatus]
    audit: AuditAction
    clock_states: frozenset[ClockState] = frozenset()
    roles: frozenset[StaffRole] | None = None
    letter: LetterKind | None = None
    event: ApplicationEventKind | None = None  # the event the step appends, if it has a letter


_S = ApplicationStatus
_RECEIVED = frozenset(_S) - {_S.SUBMITTED, _S.DISCARDED}
_OPEN = frozenset(_S) - {_S.CLOSED, _S.DISCARDED}

TRANSITIONS: dict[Step, Transition] = {
    Step.CONFIRM: Transition(
        "确认接收", frozenset({_S.SUBMITTED}), AuditAction.APPLICATION_CONFIRM_RECEIPT
    ),
    Step.DISCARD: Transition("作废", frozenset({_S.SUBMITTED}), AuditAction.APPLICATION_DISCARD),
    Step.REQUEST_SUPPLEMENT: Transition(
        "告知补正",
        frozenset({_S.IN_PROGRESS}),
        AuditAction.APPLICATION_REQUEST_SUPPLEMENT,
        letter=LetterKind.SUPPLEMENT_NOTICE,
        event=ApplicationEventKind.SUPPLEMENT_REQUESTED,
    ),
    Step.RECEIVE_SUPPLEMENT: Transition(
        "登记补正",
        frozenset({_S.AWAITING_SUPPLEMENT}),
        AuditAction.APPLICATION_RECEIVE_SUPPLEMENT,
        # Lapsed today but recorded for an earlier day within the deadline: the clock decides.
        clock_states=frozenset({ClockState.LAPSED_NO_SUPPLEMENT}),
    ),
    Step.START_CONSULTATION: Transition(
        "征求意见",
        frozenset({_S.IN_PROGRESS}),
        AuditAction.APPLICATION_CONSULTATION_START,
        letter=LetterKind.CONSULTATION_LETTER,
        event=ApplicationEventKind.CONSULTATION_STARTED,
    ),
    Step.END_CONSULTATION: Transition(
        "登记征求意见结果", frozenset({_S.CONSULTING}), AuditAction.APPLICATION_CONSULTATION_END
    ),
    Step.FEE_NOTICE: Transition(
        "发出收费通知",
        frozenset({_S.IN_PROGRESS}),
        AuditAction.APPLICATION_FEE_NOTICE,
        letter=LetterKind.FEE_NOTICE,
        event=ApplicationEventKind.FEE_NOTICE_SENT,
    ),
    Step.FEE_PAID: Transition(
        "登记缴费",
        frozenset({_S.AWAITING_FEE}),
        AuditAction.APPLICATION_FEE_PAID,
        clock_states=frozenset({ClockState.LAPSED_UNPAID_FEE}),
    ),
    Step.EXTEND: Transition(
        "延期答复",
        frozenset({_S.IN_PROGRESS, _S.CONSULTING, _S.AWAITING_FEE}),
        AuditAction.APPLICATION_EXTEND,
        roles=EXTENSION_APPROVERS,
        letter=LetterKind.EXTENSION_NOTICE,
        event=ApplicationEventKind.EXTENDED,
    ),
    Step.DEFER: Transition(
        "确定延迟答复期限",
        frozenset({_S.IN_PROGRESS}),
        AuditAction.APPLICATION_DEFER,
        roles=EXTENSION_APPROVERS,
        letter=LetterKind.DEFERRAL_NOTICE,
        event=ApplicationEventKind.DEFERRED,
    ),
    Step.DECIDE: Transition(
        "作出答复",
        frozenset({_S.IN_PROGRESS, _S.CONSULTING}),
        AuditAction.APPLICATION_DECIDE,
        letter=LetterKind.REPLY,
        event=ApplicationEventKind.CLOSED,
    ),
    Step.CLOSE_LAPSED: Transition(
        "视为放弃结案",
        frozenset({_S.LAPSED}),
        AuditAction.APPLICATION_CLOSE_LAPSED,
        # The stored status turns "lapsed" only when the daily job runs; the clock decides.
        clock_states=frozenset({ClockState.LAPSED_NO_SUPPLEMENT, ClockState.LAPSED_UNPAID_FEE}),
        letter=LetterKind.REPLY,
        event=ApplicationEventKind.CLOSED,
    ),
    Step.CORRECT_RECEIPT_DATE: Transition(
        "更正收到申请日期", _RECEIVED, AuditAction.APPLICATION_CORRECT_RECEIPT_DATE
    ),
    Step.WITHDRAW: Transition("撤销办理步骤", _RECEIVED, AuditAction.APPLICATION_WITHDRAW_STEP),
    Step.ASSIGN: Transition("指定经办人", _OPEN, AuditAction.APPLICATION_ASSIGN),
}


def allows(step: Step, status: str, state: ClockState | None) -> bool:
    """Whether ``step`` may be taken from ``status`` with the clock in ``state`` (today)."""
    transition = TRANSITIONS[step]
    return status in transition.statuses or state in transition.clock_states


def letter_of_event(kind: str) -> LetterKind | None:
    """The letter the step that appended an event of ``kind`` issued with it."""
    for transition in TRANSITIONS.values():
        if transition.event == kind:
            return transition.letter
    return None
