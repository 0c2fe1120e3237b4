"""Writes to the work log (工作台账). Every change goes through one of these functions."""

from __future__ import annotations

import datetime

from django.db import transaction

from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record
from gongkai.registers.models import Matter, MatterKind, RegisterEntry, WorkLogEntry, WorkLogKind


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def _audit(user, action: AuditAction, entry: WorkLogEntry) -> None:
    audit_record(
        actor=_actor(user),
        action=action,
        target=entry,
        detail={"kind": entry.kind, "date": entry.date.isoformat(), "count": entry.count},
        system=user is None,
    )


def work_log_record(
    *,
    agency,
    kind: WorkLogKind | str,
    date: datetime.date,
    count: int = 1,
    title: str = "",
    note: str = "",
    user=None,
) -> WorkLogEntry:
    """Record ``count`` items of ``kind`` for ``agency`` on ``date`` and return the new entry.

    Raises ``django.core.exceptions.ValidationError`` (Chinese messages) for an unknown kind or
    a count below 1. Writes its audit event in the same transaction.
    """
    entry = WorkLogEntry(
        agency=agency,
        kind=kind,
        date=date,
        count=count,
        title=title,
        note=note,
        created_by=_actor(user),
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        _audit(user, AuditAction.WORK_LOG_RECORD, entry)
    return entry


def work_log_update(*, entry: WorkLogEntry, user=None, **changes) -> WorkLogEntry:
    """Change fields of ``entry`` (kind, date, count, title, note); the agency stays.

    Same validation and log as ``work_log_record``.
    """
    allowed = {"kind", "date", "count", "title", "note"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"work_log_update: unknown fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        _audit(user, AuditAction.WORK_LOG_UPDATE, entry)
    return entry


def work_log_delete(*, entry: WorkLogEntry, user=None) -> None:
    """Delete ``entry`` (a mistaken registration), logging it first."""
    with transaction.atomic():
        _audit(user, AuditAction.WORK_LOG_DELETE, entry)
        entry.delete()


# -- 第二十条 registers ----------------------------------------------------------------------


def register_record_save(*, record: Matter | RegisterEntry, user=None) -> Matter | RegisterEntry:
    """Save a new or changed list item (``Matter``) or tally (``RegisterEntry``) with its audit
    event. ``ValidationError`` (Chinese) for an invalid one, nothing saved."""
    record.full_clean()
    created = record.pk is None
    with transaction.atomic():
        record.save()
        audit_record(
            actor=_actor(user),
            action=AuditAction.REGISTER_SAVE,
            target=record,
            detail={"kind": record.kind, "created": created},
            system=user is None,
        )
    return record


def register_record_delete(*, record: Matter | RegisterEntry, user=None) -> None:
    with transaction.atomic():
        audit_record(
            actor=_actor(user),
            action=AuditAction.REGISTER_DELETE,
            target=record,
            detail={"kind": record.kind},
            system=user is None,
        )
        record.delete()


def matter_record(
    *,
    agency,
    kind: MatterKind | str,
    name: str,
    listed_on: datetime.date,
    basis: str = "",
    user=None,
) -> Matter:
    """Put a matter on the agency's list from ``listed_on``."""
    matter = Matter(agency=agency, kind=kind, name=name, listed_on=listed_on, basis=basis)
    return register_record_save(record=matter, user=user)  # type: ignore[return-value]
