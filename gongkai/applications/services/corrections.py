"""Correcting mistakes: the applicant's data typed wrong, a step recorded by error, a receipt
date mistyped.

Nothing is edited in place without a trace: each correction is audited with what changed (never
the plain personal data itself). A step withdrawn takes the letter it issued with it (作废) while
that letter has not reached anyone; a letter that was sent, or any other letter issued after the
step, cannot be unsent: it must be withdrawn, 作废, first, on purpose.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.applications.letters.services.delivery import letter_withdraw
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationEventKind,
    ApplicationStatus,
    DeadlineChange,
    DeadlineChangeTrigger,
)
from gongkai.applications.search import index_name
from gongkai.applications.services.applicant import (
    APPLICANT_FIELDS,
    clean_applicant,
    missing_contents,
)
from gongkai.applications.services.common import (
    apply_clock,
    audit,
    compute,
    require_staff,
    require_step,
    start_of_day,
    today,
)
from gongkai.applications.services.deadlines import (
    RecomputeResult,
    Stored,
    record_deadline_changes,
)
from gongkai.applications.services.transitions import Step, allows, letter_of_event
from gongkai.audit.models import AuditAction
from gongkai.statute import receipt

# Steps that cannot be withdrawn: the application's arrival (correct it with the date instead).
_PERMANENT = frozenset(
    {ApplicationEventKind.SUBMITTED, ApplicationEventKind.RECEIVED, ApplicationEventKind.DISCARDED}
)
_PERSONAL = frozenset({"id_number", "phone", "email", "address", "fax"})


def application_update_details(
    *, application: Application, actor, data: Mapping[str, Any], request=None
) -> Application:
    """Correct the applicant's data or the request's description (the checks of a clerk's
    registration, ``clean_applicant(..., online=False)``).

    ``data`` holds the full set of applicant fields as on the intake form. Refused once the
    application is closed: what was answered is what was asked. The audit event lists which
    fields changed, not their values.
    """
    require_staff(actor, application.agency)
    merged = {name: getattr(application, name) for name in APPLICANT_FIELDS}
    merged.update({k: v for k, v in data.items() if k in APPLICANT_FIELDS})
    # A clerk's correction: what it takes to record the application must hold; a content still
    # missing stays listed on the detail page for 补正 (第30条), one filled in leaves the list.
    values = clean_applicant(merged, online=False)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status in (ApplicationStatus.CLOSED, ApplicationStatus.DISCARDED):
            raise ValidationError("已办结或已作废的申请不能修改。")
        changed = [name for name, value in values.items() if getattr(application, name) != value]
        if not changed:
            return application
        for name in changed:
            setattr(application, name, values[name])
        application.full_clean(exclude=["query_code", "submission_token"])
        application.save(update_fields=[*changed, "updated_at"])
        if "name" in changed:
            index_name(application)
        audit(
            actor,
            AuditAction.APPLICATION_UPDATE,
            application,
            request,
            fields=sorted(changed),
            personal_data_changed=bool(_PERSONAL & set(changed)),
            missing_contents=[content.field for content in missing_contents(values)],
        )
    return application


def application_withdraw_last_step(
    *, application: Application, actor, reason: str, request=None
) -> ApplicationEvent:
    """Remove the most recent step (recorded by mistake) and recompute the clock.

    Withdrawing the decision reopens the application (outcome cleared). The letter the step
    issued is voided with it (作废, reason "撤销办理步骤：…") unless it was sent (delivery
    recorded, or shown on the tracking page); refused then, for the arrival steps, and when
    another letter was issued after the step and is in force (withdraw it first,
    ``letters.services.letter_withdraw``). Returns the removed event (unsaved copy) for the
    caller's message.
    """
    require_staff(actor, application.agency)
    if not reason.strip():
        raise ValidationError({"reason": "请写明撤销理由。"})
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        require_step(application, Step.WITHDRAW)
        last = (
            application.events.exclude(kind__in=[ApplicationEventKind.ASSIGNED, "note"])
            .order_by("-on", "-pk")
            .first()
        )
        if last is None or last.kind in _PERMANENT:
            raise ValidationError("没有可以撤销的办理步骤。")
        later = list(
            application.letters.filter(created_at__gte=last.created_at, withdrawn_on__isnull=True)
        )
        own = letter_of_event(last.kind)
        for letter in later:
            if letter.kind != own or _sent(letter):
                why = "已送达" if letter.kind == own else "是此后制作的文书"
                raise ValidationError(
                    f"{letter.get_kind_display()}（{letter.number}）{why}，"
                    f"不能撤销“{last.get_kind_display()}”；如步骤有误，请先作废该文书，再撤销步骤。"
                )
        for letter in later:  # the step's own letter, not yet sent: void it with the step
            letter_withdraw(
                letter=letter, actor=actor, reason=f"撤销办理步骤：{reason}", request=request
            )
        if last.kind == ApplicationEventKind.FEE_NOTICE_SENT:
            # The fee was never asked for: the amount must not stay on the record.
            application.fee_method = ""
            application.fee_quantity = None
            application.fee_amount = None
        if last.kind == ApplicationEventKind.CLOSED:
            application.outcome = ""
            application.decision_text = ""
            application.legal_ground = ""
            application.closed_on = None
            # Leave "closed" before the clock says where it stands now.
            application.status = ApplicationStatus.IN_PROGRESS
        last.delete()
        apply_clock(application, compute(application))
        application.save()
        audit(
            actor,
            AuditAction.APPLICATION_WITHDRAW_STEP,
            application,
            request,
            step=last.kind,
            on=str(last.on),
            reason=reason,
        )
    return last


def _sent(letter) -> bool:
    """Whether ``letter`` may have reached its recipient: delivery recorded, or published on the
    tracking page by the agency's electronic delivery."""
    return letter.delivered_on is not None or (
        letter.public and letter.agency.letter_settings.electronic_delivery
    )


def application_correct_receipt_date(
    *, application: Application, actor, received_on: datetime.date, reason: str, request=None
) -> DeadlineChange | None:
    """Correct a mistyped date of receipt (收到申请之日, 第31条) and recompute the clock.

    ``reason`` is required. The new date may not be after today nor before the day the
    application arrived, and the recorded steps must still fit it (a 补正 request dated before
    the new receipt is refused with the clock's reason). The audit event keeps the old and the
    new date and the reason. Every letter already issued that stated a date which moved (the
    receipt date itself, the reply deadline, …) is listed in the returned ``DeadlineChange``
    (None when no stated date moved), for the clerk to send a corrected notice.
    """
    require_staff(actor, application.agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明更正的原因。"})
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("agency")
            .get(pk=application.pk)
        )
        old = application.received_on
        if not allows(Step.CORRECT_RECEIPT_DATE, application.status, None) or old is None:
            raise ValidationError("该申请尚未确认接收或已作废，没有可更正的收到申请日期。")
        if received_on == old:
            raise ValidationError({"received_on": "新日期与原日期相同，无需更正。"})
        if received_on > today():
            raise ValidationError({"received_on": "收到申请之日不能晚于今天。"})
        arrived_on = timezone.localdate(application.submitted_at)
        if received_on < arrived_on and (
            application.channel in receipt.CONFIRMED_CHANNELS or arrived_on != old
        ):
            raise ValidationError(
                {"received_on": "收到申请之日不能早于申请到达本机关之日，请核对两个日期。"}
            )
        moved_arrival = received_on < arrived_on
        if moved_arrival:
            # In person and by post the day it arrived is the day of receipt (第31条(一)(二)):
            # registered with one date, both were typed wrong together.
            application.submitted_at = start_of_day(received_on)
            application.events.filter(kind=ApplicationEventKind.SUBMITTED).update(on=received_on)
        before = Stored(application.due_on, application.due_on_provisional, application.agency_id)
        old_due = before.due_on
        application.events.filter(kind=ApplicationEventKind.RECEIVED).update(on=received_on)
        application.received_on = received_on
        clock = compute(application)  # the clock's refusal rolls the whole correction back
        changed = apply_clock(application, clock)
        arrival = ["submitted_at"] if moved_arrival else []
        application.save(update_fields=["received_on", *arrival, *changed, "updated_at"])
        result = RecomputeResult()
        record_deadline_changes(
            {application.pk: (before, clock)},
            trigger=DeadlineChangeTrigger.RECEIPT_CORRECTION,
            result=result,
        )
        change = application.deadline_changes.unresolved().first()
        audit(
            actor,
            AuditAction.APPLICATION_CORRECT_RECEIPT_DATE,
            application,
            request,
            old=old.isoformat(),
            new=received_on.isoformat(),
            reason=reason,
            old_due_on=old_due.isoformat() if old_due else None,
            new_due_on=clock.due_on.isoformat() if clock.due_on else None,
            deadline_change=change.pk if change else None,
        )
    return change
