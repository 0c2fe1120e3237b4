"""Answering a deadline that moved under letters already sent (期限变动 → 变更告知书).

Two ways to close a ``DeadlineChange``: issue the 答复期限变更告知书 (a new numbered letter
stating the date that now applies), or record why no letter is needed (e.g. the applicant was
told by phone and the reply has gone out). Both are permission-checked and audited.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.applications.letters.services import letter_issue
from gongkai.applications.letters.stated import KEY_LABELS
from gongkai.applications.models import DeadlineChange, Letter, LetterKind
from gongkai.applications.services.common import actor_or_none, audit, require_staff
from gongkai.audit.models import AuditAction
from gongkai.statute.clock import format_date_zh

REASONS = {
    "calendar": "因国务院节假日安排公布（或工作日历调整），答复期限相应变化。",
    "receipt_correction": "因本机关更正了收到申请的日期，答复期限相应变化。",
}


def describe_stale(entry: dict) -> str:
    """``"盐科公收〔2026〕3号 载明答复期限2027年1月13日，现为2027年1月14日"``."""
    stated = format_date_zh(datetime.date.fromisoformat(entry["stated"]))
    now = format_date_zh(datetime.date.fromisoformat(entry["now"])) if entry.get("now") else "待定"
    return f"{entry['number']} 载明{KEY_LABELS.get(entry['key'], '期限')}{stated}，现为{now}"


def _locked_open_change(change: DeadlineChange) -> DeadlineChange:
    locked = (
        DeadlineChange.objects.select_for_update(of=("self",))
        .select_related("application__agency")
        .get(pk=change.pk)
    )
    if locked.resolved_at is not None:
        raise ValidationError("该期限变动已经处理过了。")
    return locked


def deadline_change_notify(*, change: DeadlineChange, actor, request=None) -> Letter:
    """Issue the 答复期限变更告知书 for ``change`` and mark it resolved; return the letter.

    Refuses (``ValidationError``) a change already resolved, or one whose application has no
    reply deadline now (closed, lapsed or waiting on a 补正: there is no date to announce —
    record why with ``deadline_change_dismiss`` instead). ``PermissionDenied`` for anyone not
    working for the agency.
    """
    require_staff(actor, change.agency)
    with transaction.atomic():
        change = _locked_open_change(change)
        application = change.application
        if application.due_on is None or not application.is_open:
            raise ValidationError(
                "该申请目前没有可告知的答复期限（已办结、视为放弃或等待补正），"
                "请选择“无需告知”并说明原因。"
            )
        letter = letter_issue(
            application=application,
            kind=LetterKind.DEADLINE_CHANGE_NOTICE,
            actor=actor,
            extra={
                "previous_due_on": change.old_due_on or application.due_on,
                "change_reason": REASONS.get(change.trigger, ""),
            },
            request=request,
        )
        change.resolved_at = timezone.now()
        change.resolved_by = actor_or_none(actor)
        change.resolution_letter = letter
        change.save(update_fields=["resolved_at", "resolved_by", "resolution_letter"])
        audit(
            actor,
            AuditAction.DEADLINE_CHANGE_NOTIFY,
            application,
            request,
            change=change.pk,
            letter=letter.pk,
            number=letter.number,
        )
    return letter


def deadline_change_dismiss(*, change: DeadlineChange, actor, note: str, request=None) -> None:
    """Close ``change`` without a letter, recording why (``note``, required)."""
    require_staff(actor, change.agency)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请说明无需告知申请人的原因。"})
    max_length = DeadlineChange._meta.get_field("resolution_note").max_length
    if max_length is not None and len(note) > max_length:
        raise ValidationError({"note": f"说明不能超过{max_length}个字。"})
    with transaction.atomic():
        change = _locked_open_change(change)
        change.resolved_at = timezone.now()
        change.resolved_by = actor_or_none(actor)
        change.resolution_note = note
        change.save(update_fields=["resolved_at", "resolved_by", "resolution_note"])
        audit(
            actor,
            AuditAction.DEADLINE_CHANGE_DISMISS,
            change.application,
            request,
            change=change.pk,
        )
