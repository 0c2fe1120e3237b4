"""Steps of the procedure between receipt and reply, and the reply itself.

Each function appends one event after the statutory clock accepted it (see ``common``); the
clock's rules (第30条补正, 第32条/第34条征求意见, 109号收费, 第33条延期, 第35条) live in
``gongkai.statute.clock``, not here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.models import (
    OPEN_STATUSES,
    Application,
    ApplicationEventKind,
    ApplicationStatus,
    ConsultationParty,
    FeeMethod,
)
from gongkai.applications.services.common import (
    EXTENSION_APPROVERS,
    append_event,
    audit,
    compute,
    require_staff,
    require_status,
    set_queue_position,
)
from gongkai.statute.clock import ClockState
from gongkai.statute.fees import FeeQuote, quote_by_items, quote_by_pages
from gongkai.statute.outcomes import OUTCOMES, Outcome

RUNNING = (ApplicationStatus.IN_PROGRESS,)


def _locked(application: Application) -> Application:
    # Lock the application row only: a join would also lock the agency row on PostgreSQL and
    # serialise every write of the agency.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=application.pk)
    )


def _record_step(
    application: Application,
    actor,
    *,
    statuses: tuple[ApplicationStatus, ...],
    doing: str,
    audit_action: str,
    kind: ApplicationEventKind,
    on: datetime.date,
    request=None,
    audit_detail: dict | None = None,
    **event,
) -> Application:
    """The shape of every simple step: lock, check the status, append the event, audit.

    ``doing`` names the step in the refusal message ("不能告知补正"); ``event`` holds the
    event's other fields (until, workdays, party, note).
    """
    with transaction.atomic():
        application = _locked(application)
        require_status(application, *statuses, action=doing)
        append_event(application, kind=kind, on=on, actor=actor, **event)
        audit(actor, audit_action, application, request, **(audit_detail or {}))
    return application


def application_request_supplement(
    *,
    application: Application,
    actor,
    on: datetime.date,
    until: datetime.date,
    items: str,
    request=None,
) -> Application:
    """一次性告知补正 (第30条): what to supplement (``items``) and by when (``until``).

    The reply period stops; it restarts in full from the day the corrected application arrives.
    If ``until`` passes without it, the application is deemed withdrawn (视为放弃).
    """
    require_staff(actor, application.agency)
    if not items.strip():
        raise ValidationError({"items": "请写明需要补正的事项。"})
    if until <= on:
        raise ValidationError({"until": "补正期限应晚于告知之日。"})
    return _record_step(
        application,
        actor,
        statuses=RUNNING,
        doing="告知补正",
        audit_action="application.request_supplement",
        audit_detail={"until": str(until)},
        kind=ApplicationEventKind.SUPPLEMENT_REQUESTED,
        on=on,
        until=until,
        note=items,
        request=request,
    )


def application_receive_supplement(
    *, application: Application, actor, on: datetime.date, note: str = "", request=None
) -> Application:
    """The corrected application arrived on ``on``: the period restarts from that day (第30条)."""
    require_staff(actor, application.agency)
    return _record_step(
        application,
        actor,
        # Lapsed today but recorded for an earlier day within the deadline: the clock decides.
        statuses=(ApplicationStatus.AWAITING_SUPPLEMENT, ApplicationStatus.LAPSED),
        doing="登记补正",
        audit_action="application.receive_supplement",
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
) -> Application:
    """Send a 征求意见书 to a third party (第32条) or another agency (第34条) on ``on``.

    The time until the reply is excluded from the reply period (第33条第3款).
    """
    require_staff(actor, application.agency)
    if party not in ConsultationParty.values:
        raise ValidationError({"party": "请选择征求意见的对象类型。"})
    if not consulted.strip():
        raise ValidationError({"consulted": "请填写被征求意见的单位或个人。"})
    return _record_step(
        application,
        actor,
        statuses=RUNNING,
        doing="征求意见",
        audit_action="application.consultation_start",
        audit_detail={"party": str(party)},
        kind=ApplicationEventKind.CONSULTATION_STARTED,
        on=on,
        party=party,
        note=consulted,
        request=request,
    )


def application_end_consultation(
    *, application: Application, actor, on: datetime.date, opinion: str = "", request=None
) -> Application:
    """The consulted party replied (or its 15 working days ran out) on ``on``: the clock runs."""
    require_staff(actor, application.agency)
    return _record_step(
        application,
        actor,
        statuses=(ApplicationStatus.CONSULTING,),
        doing="登记征求意见结果",
        audit_action="application.consultation_end",
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
    request=None,
) -> FeeQuote:
    """Record that the 收费通知书 reached the applicant on ``on``; the amount is computed.

    Refused when the tiers give nothing to pay. The clock pauses until payment; unpaid after
    20 working days the application is deemed withdrawn (109号).
    """
    require_staff(actor, application.agency)
    if quantity is None or quantity < 1:
        raise ValidationError({"quantity": "件数或页数至少为 1。"})
    with transaction.atomic():
        application = _locked(application)
        require_status(application, *RUNNING, action="发出收费通知")
        quote = fee_quote(application, method, quantity)
        if quote.amount <= Decimal(0):
            raise ValidationError(
                {"quantity": "按收费标准此申请无需收费（" + quote.explanation + "）。"}
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
        audit(actor, "application.fee_notice", application, request, amount=str(quote.amount))
    return quote


def application_record_fee_paid(
    *, application: Application, actor, on: datetime.date, request=None
) -> Application:
    """The fee was paid on ``on``: the clock runs again."""
    require_staff(actor, application.agency)
    return _record_step(
        application,
        actor,
        statuses=(ApplicationStatus.AWAITING_FEE, ApplicationStatus.LAPSED),
        doing="登记缴费",
        audit_action="application.fee_paid",
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
) -> Application:
    """Extend the reply period once by at most 20 working days (第33条第2款).

    Only the head of the disclosure office (公开工作机构负责人) may approve it; the approver is
    the actor. The applicant must be told (延期答复告知书).
    """
    require_staff(actor, application.agency, roles=EXTENSION_APPROVERS)
    if not reason.strip():
        raise ValidationError({"reason": "请写明延期理由。"})
    return _record_step(
        application,
        actor,
        statuses=(
            ApplicationStatus.IN_PROGRESS,
            ApplicationStatus.CONSULTING,
            ApplicationStatus.AWAITING_FEE,
        ),
        doing="延期答复",
        audit_action="application.extend",
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
) -> Application:
    """第35条: a justified but excessive application gets a reasonable later reply date."""
    require_staff(actor, application.agency, roles=EXTENSION_APPROVERS)
    if not reason.strip():
        raise ValidationError({"reason": "请写明理由。"})
    with transaction.atomic():
        application = _locked(application)
        require_status(application, *RUNNING, action="确定延迟答复期限")
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
        audit(actor, "application.defer", application, request, until=str(until))
    return application


def application_decide(
    *,
    application: Application,
    actor,
    on: datetime.date,
    outcome: Outcome | str,
    decision_text: str,
    legal_ground: str = "",
    request=None,
) -> Application:
    """Record the reply (第36条) given on ``on``; the application is finished.

    ``outcome`` is its one statistical outcome (one row of 表三); 区分处理 is recorded as
    ``partially_granted``. A refusal or partial refusal needs its legal ground (第14/15/16条…).
    The two "deemed withdrawn" outcomes are reached through ``application_close_lapsed``.
    """
    require_staff(actor, application.agency)
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
        require_status(
            application,
            ApplicationStatus.IN_PROGRESS,
            ApplicationStatus.CONSULTING,
            action="作出答复",
        )
        if application.received_on and on < application.received_on:
            raise ValidationError({"on": "答复日期不能早于收到申请之日。"})
        _close(application, actor, on, outcome, decision_text, legal_ground)
        audit(actor, "application.decide", application, request, outcome=outcome.value)
    return application


def application_close_lapsed(
    *, application: Application, actor, on: datetime.date, request=None
) -> Application:
    """Finish an application deemed withdrawn: 补正 (第30条) or fee (109号) deadline missed."""
    require_staff(actor, application.agency)
    with transaction.atomic():
        application = _locked(application)
        # The stored status turns "lapsed" only when the daily job runs; the clock decides.
        require_status(
            application,
            ApplicationStatus.LAPSED,
            ApplicationStatus.AWAITING_SUPPLEMENT,
            ApplicationStatus.AWAITING_FEE,
            action="视为放弃结案",
        )
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
        audit(actor, "application.close_lapsed", application, request, outcome=outcome.value)
    return application


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
