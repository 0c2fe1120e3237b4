"""Steps of the procedure between receipt and reply, and the reply itself.

Each function appends one event after the statutory clock accepted it (see ``common``) and, for
the steps the law requires a document for, issues that letter in the same transaction: a step
is never recorded without its 补正告知书, 征求意见书, 收费通知书, 延期答复告知书, 延迟答复告知书
or 答复书, and a letter that cannot be issued leaves the step unrecorded. Which step may follow
which status, by whom and with which letter is the table in ``transitions``; the clock's rules
(第30条补正, 第32条/第34条征求意见, 109号收费, 第33条延期, 第35条) live in
``gongkai.statute.clock``, not here.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.letters.services.issue import letter_issue
from gongkai.applications.models import (
    OPEN_STATUSES,
    Application,
    ApplicationEventKind,
    ApplicationStatus,
    ConsultationParty,
    FeeMethod,
    Letter,
)
from gongkai.applications.services.common import (
    append_event,
    audit,
    compute,
    require_actor,
    require_step,
    set_queue_position,
)
from gongkai.applications.services.transitions import TRANSITIONS, Step
from gongkai.statute.clock import ClockState
from gongkai.statute.fees import FeeQuote, quote_by_items, quote_by_pages
from gongkai.statute.outcomes import OUTCOMES, Outcome


@dataclass(frozen=True)
class StepDone:
    """What a step recorded: the application as it now stands, the letter the step issued
    (``None`` for the steps without one) and, for a fee notice, the computed quote."""

    application: Application
    letter: Letter | None = None
    quote: FeeQuote | None = None

    @property
    def issued(self) -> Letter:
        """The letter, for a step whose transition issues one (``TRANSITIONS[step].letter``)."""
        if self.letter is None:
            raise LookupError("This step issued no letter.")
        return self.letter

    @property
    def fee_quote(self) -> FeeQuote:
        """The quote, for a fee notice (``application_send_fee_notice``)."""
        if self.quote is None:
            raise LookupError("This step computed no fee.")
        return self.quote


def _locked(application: Application) -> Application:
    # Lock the application row only: a join would also lock the agency row on PostgreSQL and
    # serialise every write of the agency.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=application.pk)
    )


def _issue(
    application: Application,
    step: Step,
    actor,
    on: datetime.date,
    request,
    extra: Mapping[str, Any] | None = None,
) -> Letter | None:
    """Issue the letter ``step`` requires (inside the step's transaction), dated ``on``."""
    kind = TRANSITIONS[step].letter
    if kind is None:
        return None
    return letter_issue(
        application=application, kind=kind, actor=actor, on=on, extra=extra, request=request
    )


def _record_step(
    application: Application,
    actor,
    step: Step,
    *,
    kind: ApplicationEventKind,
    on: datetime.date,
    request=None,
    audit_detail: dict | None = None,
    **event,
) -> StepDone:
    """The shape of every simple step: check the actor, lock, check the status, append the
    event, audit, issue the step's letter.

    ``event`` holds the event's other fields (until, workdays, party, note).
    """
    require_actor(actor, application, step)
    with transaction.atomic():
        application = _locked(application)
        require_step(application, step)
        append_event(application, kind=kind, on=on, actor=actor, **event)
        audit(actor, TRANSITIONS[step].audit, application, request, **(audit_detail or {}))
        letter = _issue(application, step, actor, on, request)
    return StepDone(application, letter)


def application_request_supplement(
    *,
    application: Application,
    actor,
    on: datetime.date,
    until: datetime.date,
    items: str,
    request=None,
) -> StepDone:
    """一次性告知补正 (第30条): what to supplement (``items``) and by when (``until``), with the
    补正告知书 dated ``on``.

    The reply period stops; it restarts in full from the day the corrected application arrives.
    If ``until`` passes without it, the application is deemed withdrawn (视为放弃).
    """
    if not items.strip():
        raise ValidationError({"items": "请写明需要补正的事项。"})
    if until <= on:
        raise ValidationError({"until": "补正期限应晚于告知之日。"})
    return _record_step(
        application,
        actor,
        Step.REQUEST_SUPPLEMENT,
        audit_detail={"until": str(until)},
        kind=ApplicationEventKind.SUPPLEMENT_REQUESTED,
        on=on,
        until=until,
        note=items,
        request=request,
    )


def application_receive_supplement(
    *, application: Application, actor, on: datetime.date, note: str = "", request=None
) -> StepDone:
    """The corrected application arrived on ``on``: the period restarts from that day (第30条)."""
    return _record_step(
        application,
        actor,
        Step.RECEIVE_SUPPLEMENT,
        audit_detail={"on": str(on)},
        kind=ApplicationEventKind.SUPPLEMENT_RECEIVED,
        on=on,
        note=note,
        request=request,
    )


def application_start_consultation(
    *,
    application: Application,
    actor,
    on: datetime.date,
    party: ConsultationParty | str,
    consulted: str,
    request=None,
) -> StepDone:
    """Send a 征求意见书 to a third party (第32条) or another agency (第34条) on ``on``.

    The time until the reply is excluded from the reply period (第33条第3款). The letter is
    addressed to ``consulted``.
    """
    if party not in ConsultationParty.values:
        raise ValidationError({"party": "请选择征求意见的对象类型。"})
    if not consulted.strip():
        raise ValidationError({"consulted": "请填写被征求意见的单位或个人。"})
    return _record_step(
        application,
        actor,
        Step.START_CONSULTATION,
        audit_detail={"party": str(party)},
        kind=ApplicationEventKind.CONSULTATION_STARTED,
        on=on,
        party=party,
        note=consulted.strip(),
        request=request,
    )


def application_end_consultation(
    *, application: Application, actor, on: datetime.date, opinion: str = "", request=None
) -> StepDone:
    """The consulted party replied (or its 15 working days ran out) on ``on``: the clock runs."""
    return _record_step(
        application,
        actor,
        Step.END_CONSULTATION,
        audit_detail={"on": str(on)},
        kind=ApplicationEventKind.CONSULTATION_ENDED,
        on=on,
        note=opinion,
        request=request,
    )


def items_this_month(application: Application) -> int:
    """Fee items already counted this calendar month for the same applicant (109号第4条).

    The same applicant is the same ID number; the number is encrypted at rest, so applicants
    are matched by the stored mask and name first and the plain numbers compared in Python.
    """
    received = application.received_on
    if received is None:
        return 0
    candidates = Application.objects.filter(
        agency=application.agency,
        fee_method=FeeMethod.BY_ITEMS,
        id_number_masked=application.id_number_masked,
        name=application.name,
        received_on__year=received.year,
        received_on__month=received.month,
    ).exclude(pk=application.pk)
    total = 0
    for other in candidates.only("id_number", "fee_quantity"):
        if other.id_number == application.id_number:
            total += other.fee_quantity or 0
    return total


def fee_quote(application: Application, method: FeeMethod | str, quantity: int) -> FeeQuote:
    """The 信息处理费 for ``quantity`` items or pages, computed by the 109号 tiers."""
    if method == FeeMethod.BY_ITEMS:
        return quote_by_items(items_this_month(application), quantity)
    if method == FeeMethod.BY_PAGES:
        return quote_by_pages(quantity)
    raise ValidationError({"method": "请选择收费方式（按件或按量）。"})


def application_send_fee_notice(
    *,
    application: Application,
    actor,
    on: datetime.date,
    method: FeeMethod | str,
    quantity: int,
    confirmed_amount: Decimal,
    payment_instructions: str = "",
    request=None,
) -> StepDone:
    """Record that the 收费通知书 reached the applicant on ``on`` and issue it.

    The amount is computed by the 109号 tiers inside the transaction; ``confirmed_amount`` is
    the amount the clerk saw and approved (``fee_quote``), and the notice is refused when the
    two differ (another application of the same applicant this month changed the tier, or the
    quantity was changed after the quote). Refused when the tiers give nothing to pay. The
    clock pauses until payment; unpaid after 20 working days the application is deemed
    withdrawn (109号).
    """
    require_actor(actor, application, Step.FEE_NOTICE)
    if quantity is None or quantity < 1:
        raise ValidationError({"quantity": "件数或页数至少为 1。"})
    with transaction.atomic():
        application = _locked(application)
        require_step(application, Step.FEE_NOTICE)
        quote = fee_quote(application, method, quantity)
        if quote.amount <= Decimal(0):
            raise ValidationError(
                {"quantity": "按收费标准此申请无需收费（" + quote.explanation + "）。"}
            )
        if confirmed_amount != quote.amount:
            raise ValidationError(
                {
                    "quantity": f"按收费标准应收 {quote.amount} 元，与确认的金额"
                    f" {confirmed_amount} 元不一致，请重新核对后确认。"
                }
            )
        application.fee_method = method
        application.fee_quantity = quantity
        application.fee_amount = quote.amount
        application.save(update_fields=["fee_method", "fee_quantity", "fee_amount", "updated_at"])
        append_event(
            application,
            kind=ApplicationEventKind.FEE_NOTICE_SENT,
            on=on,
            note=quote.explanation,
            actor=actor,
        )
        audit(
            actor,
            TRANSITIONS[Step.FEE_NOTICE].audit,
            application,
            request,
            amount=str(quote.amount),
        )
        instructions = payment_instructions.strip()
        letter = _issue(
            application,
            Step.FEE_NOTICE,
            actor,
            on,
            request,
            extra={"payment_instructions": instructions} if instructions else None,
        )
    return StepDone(application, letter, quote)


def application_record_fee_paid(
    *, application: Application, actor, on: datetime.date, request=None
) -> StepDone:
    """The fee was paid on ``on``: the clock runs again."""
    return _record_step(
        application,
        actor,
        Step.FEE_PAID,
        audit_detail={"on": str(on)},
        kind=ApplicationEventKind.FEE_PAID,
        on=on,
        request=request,
    )


def application_extend(
    *,
    application: Application,
    actor,
    on: datetime.date,
    workdays: int,
    reason: str,
    request=None,
) -> StepDone:
    """Extend the reply period once by at most 20 working days (第33条第2款).

    Only the head of the disclosure office (公开工作机构负责人) may approve it; the approver is
    the actor. The applicant is told by the 延期答复告知书 issued with it.
    """
    require_actor(actor, application, Step.EXTEND)
    if not reason.strip():
        raise ValidationError({"reason": "请写明延期理由。"})
    return _record_step(
        application,
        actor,
        Step.EXTEND,
        audit_detail={"workdays": workdays},
        kind=ApplicationEventKind.EXTENDED,
        on=on,
        workdays=workdays,
        note=reason,
        request=request,
    )


def application_defer(
    *,
    application: Application,
    actor,
    on: datetime.date,
    until: datetime.date,
    reason: str,
    request=None,
) -> StepDone:
    """第35条: a justified but excessive application gets a reasonable later reply date, told by
    the 延迟答复告知书 issued with it."""
    require_actor(actor, application, Step.DEFER)
    if not reason.strip():
        raise ValidationError({"reason": "请写明理由。"})
    with transaction.atomic():
        application = _locked(application)
        require_step(application, Step.DEFER)
        if application.due_on is not None and until <= application.due_on:
            raise ValidationError({"until": "延迟答复期限应晚于原答复期限。"})
        append_event(
            application,
            kind=ApplicationEventKind.DEFERRED,
            on=on,
            until=until,
            note=reason,
            actor=actor,
        )
        audit(actor, TRANSITIONS[Step.DEFER].audit, application, request, until=str(until))
        letter = _issue(application, Step.DEFER, actor, on, request)
    return StepDone(application, letter)


def application_decide(
    *,
    application: Application,
    actor,
    on: datetime.date,
    outcome: Outcome | str,
    decision_text: str,
    legal_ground: str = "",
    letter_kind: str | None = None,
    request=None,
) -> StepDone:
    """Record the reply (第36条) given on ``on`` and issue the 答复书; the application is finished.

    ``outcome`` is its one statistical outcome (one row of 表三); 区分处理 is recorded as
    ``partially_granted``. A refusal or partial refusal needs its legal ground (第14/15/16条…).
    ``letter_kind`` chooses between the reply letters of one outcome (e.g. 予以公开 or
    已主动公开; ``letters.services.reply_letter_kind``). The two "deemed withdrawn" outcomes
    are reached through ``application_close_lapsed``.
    """
    require_actor(actor, application, Step.DECIDE)
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise ValidationError({"outcome": "请选择办理结果。"}) from None
    if outcome in (Outcome.OTHER_NO_SUPPLEMENT, Outcome.OTHER_UNPAID_FEE):
        raise ValidationError({"outcome": "逾期不补正、逾期不缴费的申请请用“视为放弃结案”办理。"})
    info = OUTCOMES[outcome]
    legal_ground = legal_ground.strip()
    if info.requires_legal_ground and not legal_ground:
        raise ValidationError({"legal_ground": "不予公开或部分公开必须写明法律依据。"})
    if not decision_text.strip():
        raise ValidationError({"decision_text": "请填写答复内容。"})
    with transaction.atomic():
        application = _locked(application)
        require_step(application, Step.DECIDE)
        if application.received_on and on < application.received_on:
            raise ValidationError({"on": "答复日期不能早于收到申请之日。"})
        _close(application, actor, on, outcome, decision_text, legal_ground)
        audit(actor, TRANSITIONS[Step.DECIDE].audit, application, request, outcome=outcome.value)
        letter = _issue(
            application,
            Step.DECIDE,
            actor,
            on,
            request,
            extra={"letter_kind": letter_kind} if letter_kind else None,
        )
    return StepDone(application, letter)


def application_close_lapsed(
    *, application: Application, actor, on: datetime.date, request=None
) -> StepDone:
    """Finish an application deemed withdrawn: 补正 (第30条) or fee (109号) deadline missed; the
    告知书 is issued with it."""
    require_actor(actor, application, Step.CLOSE_LAPSED)
    with transaction.atomic():
        application = _locked(application)
        require_step(application, Step.CLOSE_LAPSED)
        clock = compute(application, on=on)
        if clock.state == ClockState.LAPSED_NO_SUPPLEMENT:
            outcome, text = (
                Outcome.OTHER_NO_SUPPLEMENT,
                "申请人无正当理由逾期不补正，视为放弃申请。",
            )
        elif clock.state == ClockState.LAPSED_UNPAID_FEE:
            outcome, text = (
                Outcome.OTHER_UNPAID_FEE,
                "申请人逾期未按收费通知要求缴纳费用，视为放弃申请。",
            )
        else:
            raise ValidationError("补正或缴费期限尚未届满，不能视为放弃。")
        _close(application, actor, on, outcome, text, "")
        audit(
            actor,
            TRANSITIONS[Step.CLOSE_LAPSED].audit,
            application,
            request,
            outcome=outcome.value,
        )
        letter = _issue(application, Step.CLOSE_LAPSED, actor, on, request)
    return StepDone(application, letter)


def _close(application, actor, on, outcome: Outcome, text: str, legal_ground: str) -> None:
    application.outcome = outcome.value
    application.decision_text = text
    application.legal_ground = legal_ground
    application.closed_on = on
    # The CLOSED event sets status to closed; save the outcome in the same step so the
    # "closed has outcome" constraint holds at every write.
    application.status = ApplicationStatus.CLOSED
    application.save(
        update_fields=[
            "outcome",
            "decision_text",
            "legal_ground",
            "closed_on",
            "status",
            *set_queue_position(application),
            "updated_at",
        ]
    )
    append_event(application, kind=ApplicationEventKind.CLOSED, on=on, actor=actor)


__all__ = [
    "OPEN_STATUSES",
    "StepDone",
    "application_close_lapsed",
    "application_decide",
    "application_defer",
    "application_end_consultation",
    "application_extend",
    "application_receive_supplement",
    "application_record_fee_paid",
    "application_request_supplement",
    "application_send_fee_notice",
    "application_start_consultation",
    "fee_quote",
]
