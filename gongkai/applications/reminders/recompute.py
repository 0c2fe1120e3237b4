"""Recomputing the stored deadlines of open applications, recorded and explained to staff."""

from __future__ import annotations

import datetime

from django.db import transaction

from gongkai.applications.services import RecomputeResult, applications_recompute_deadlines
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record


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
    """Chinese lines for staff (``RecomputeResult.describe``)."""
    return result.describe()
