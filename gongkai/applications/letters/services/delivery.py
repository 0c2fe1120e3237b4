"""After issue: ``letter_record_delivery`` (送达) and ``letter_withdraw`` (作废)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.models import (
    Application,
    DeliveryChannel,
    Letter,
)
from gongkai.applications.services.common import (
    actor_or_none,
    audit,
    require_staff,
    today,
)
from gongkai.audit.models import AuditAction
from gongkai.statute.clock import format_date_zh


def letter_record_delivery(
    *,
    letter: Letter,
    actor,
    channel: DeliveryChannel | str,
    delivered_on: datetime.date,
    note: str = "",
    request=None,
) -> Letter:
    """Record how and when ``letter`` reached its recipient (送达, 国办公开办函〔2016〕235号).

    ``delivered_on`` is the day that counts: signed for (直接送达、委托送达), posted (邮寄送达:
    交邮之日), sent (电子邮件、网上、传真). Not before the letter's date, not in the future.
    A second call corrects the record; the audit event keeps the previous values. Refused for
    a withdrawn letter (已作废: it is not to be sent).
    """
    require_staff(actor, letter.agency)
    if channel not in DeliveryChannel.values:
        raise ValidationError({"channel": "请选择送达方式。"})
    if delivered_on is None:
        raise ValidationError({"delivered_on": "请填写送达日期。"})
    if delivered_on > today():
        raise ValidationError({"delivered_on": "送达日期不能晚于今天。"})
    if delivered_on < letter.issued_on:
        raise ValidationError(
            {"delivered_on": f"送达日期不能早于成文日期（{format_date_zh(letter.issued_on)}）。"}
        )
    note = (note or "").strip()
    max_length = Letter._meta.get_field("delivery_note").max_length
    if max_length is not None and len(note) > max_length:
        raise ValidationError({"note": "送达说明最多300字。"})
    with transaction.atomic():
        letter = Letter.objects.select_for_update().select_related("application").get(pk=letter.pk)
        if letter.withdrawn_on is not None:
            raise ValidationError(f"{letter.number}已作废，不能登记送达。")
        previous = {
            "previous_channel": letter.delivery_channel,
            "previous_delivered_on": str(letter.delivered_on or ""),
        }
        letter.delivery_channel = channel
        letter.delivered_on = delivered_on
        letter.delivery_note = note
        letter.save(update_fields=["delivery_channel", "delivered_on", "delivery_note"])
        audit(
            actor,
            AuditAction.LETTER_DELIVER,
            letter.application,
            request,
            letter=letter.pk,
            number=letter.number,
            channel=str(channel),
            delivered_on=str(delivered_on),
            **(previous if previous["previous_channel"] else {}),
        )
    return letter


def letter_withdraw(
    *,
    letter: Letter,
    actor,
    reason: str,
    on: datetime.date | None = None,
    request=None,
) -> Letter:
    """Void (作废) ``letter``, issued by mistake, on ``on`` (default today); return it.

    The letter is kept, marked withdrawn with the day, the actor and ``reason``: its 文号 stays
    taken (numbers are never reused, so the gap in the sequence is explained by this record)
    and it still renders, marked 已作废. A withdrawn letter no longer counts for the
    once-per-application rules (``ONCE_ONLY``), so a correct one can be issued with the next
    number, nor for ``application_withdraw_last_step``. The application's steps are not
    touched: a wrong step is withdrawn separately, after its letter.

    Raises ``PermissionDenied`` for anyone not working for the agency, ``ValidationError``
    when the reason is blank, the date is in the future or before the 成文日期, or the letter
    is already withdrawn. Writes an audit event (``LETTER_WITHDRAW``).
    """
    require_staff(actor, letter.agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明作废理由。"})
    withdrawn_on = on or today()
    if withdrawn_on > today():
        raise ValidationError({"on": "作废日期不能晚于今天。"})
    with transaction.atomic():
        # The application first, as ``letter_issue`` locks it: a withdrawal and the re-issue of
        # the same kind of letter are serialised, never interleaved.
        application = Application.objects.select_for_update(of=("self",)).get(
            pk=letter.application_id
        )
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.withdrawn_on is not None:
            raise ValidationError(
                f"{letter.number}已于{format_date_zh(letter.withdrawn_on)}作废，不能重复作废。"
            )
        if withdrawn_on < letter.issued_on:
            raise ValidationError(
                {"on": f"作废日期不能早于成文日期（{format_date_zh(letter.issued_on)}）。"}
            )
        letter.withdrawn_on = withdrawn_on
        letter.withdrawn_by = actor_or_none(actor)
        letter.withdrawal_reason = reason
        letter.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_reason"])
        letter.application = application
        audit(
            actor,
            AuditAction.LETTER_WITHDRAW,
            application,
            request,
            letter=letter.pk,
            number=letter.number,
            kind=letter.kind,
            on=str(withdrawn_on),
            reason=reason,
        )
    return letter
