"""Recomputing the stored deadlines of open applications, recorded and explained to staff."""

from __future__ import annotations

import datetime

from django.db import transaction

from gongkai.applications.models import Application
from gongkai.applications.services import RecomputeResult, applications_recompute_deadlines
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record

# How many unrecomputable applications a message names before it says "等 N 件".
NAMED_FAILURES = 10


def deadlines_recompute(
    *, trigger: str, actor=None, agency=None, on: datetime.date | None = None
) -> RecomputeResult:
    """Recompute the stored deadline and status of open applications and record that it ran.

    ``trigger`` says why ("calendar": the working-day calendar changed; "daily": the daily job;
    "command": ``gongkai applications recompute``). One audit event per run (action
    ``deadlines.recompute``, not one per application) with the counts and the ids that could
    not be computed; ``actor`` is the user who changed the calendar, None for the jobs.
    """
    with transaction.atomic():
        result = applications_recompute_deadlines(agency=agency, on=on, trigger=trigger)
        _audit(result, trigger=trigger, actor=actor, agency=agency, on=on)
    return result


def _audit(result: RecomputeResult, *, trigger: str, actor, agency, on) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DEADLINES_RECOMPUTE,
        agency=agency,
        detail={
            "trigger": trigger,
            "on": (on.isoformat() if on else None),
            "checked": result.checked,
            "changed": result.changed,
            "failed": sorted(result.failed)[:100],
            "moved": len(result.moved),
            "deadline_changes": result.changes[:100],
            "stale_letters": result.stale_letters,
        },
        target_label=f"{agency.name if agency else ''}办理中申请的答复期限",
        system=actor is None,
    )


def describe_recompute(result: RecomputeResult) -> tuple[str, str | None]:
    """Chinese lines for staff: what was recomputed, and (or None) which could not be.

    The second line names up to ``NAMED_FAILURES`` applications by registration number and
    agency (no personal data) with the calendar's reason; it costs one query.
    """
    done = f"已重新计算 {result.checked} 件办理中申请的答复期限，其中 {result.changed} 件有变化。"
    if result.changes:
        done += (
            f"{len(result.changes)} 件申请已发出的 {result.stale_letters} 份文书所载期限已不准确，"
            "请在“依申请公开 → 期限变动”中向申请人发出答复期限变更告知书。"
        )
    if not result.failed:
        return done, None
    ids = sorted(result.failed)
    named = Application.objects.filter(pk__in=ids[:NAMED_FAILURES]).select_related("agency")
    names = "、".join(f"{a.registration_number}（{a.agency.name}）" for a in named.order_by("pk"))
    more = f"等 {len(ids)} 件" if len(ids) > NAMED_FAILURES else f"共 {len(ids)} 件"
    reasons = "；".join(sorted(set(result.failed.values()))[:3])
    return done, f"以下申请的答复期限无法计算，仍保留原期限：{names}{more}。原因：{reasons}"
