"""Writes to the working-day calendar. Every change goes through one of these functions.

Each runs in ``transaction.atomic``, validates with the model's ``full_clean`` (the same Chinese
messages the admin shows), records one audit event (``audit_record``, in the same transaction)
and bumps the calendar version twice: at once, so this request sees its own change, and again
on commit, so a process that rebuilt the calendar from the not-yet-committed state in between
does not keep it.

A calendar change moves deadlines, but the calendar is the lower layer and knows nothing of
applications: after the change commits it sends ``signals.calendar_changed`` with the acting
user, and applications' receiver recomputes the stored due date and status of every open
application (all agencies: the calendar is national, docs/disclosure-rules.md §6). The signal is sent synchronously
in ``transaction.on_commit`` (a county has hundreds of open applications, not millions), after
the version bump so receivers read the new calendar. It is ``robust``: should a receiver fail,
the calendar change stands, the error is logged and the daily job (``applications_daily``)
recomputes anyway. Each writer takes an optional ``on_recomputed`` callback that receives each
receiver's result (applications: its ``RecomputeResult``); the back office uses it to tell the
editor what moved.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from functools import partial
from typing import cast

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Q

from gongkai.agencies.permissions import can_edit_calendar
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record
from gongkai.workdays.models import CalendarDay, CalendarDayKind, CalendarYear
from gongkai.workdays.selectors import arrangement_warnings, calendar_version_bump
from gongkai.workdays.signals import RecomputeReport, calendar_changed

RecomputeCallback = Callable[[RecomputeReport], object]
# Who changed the calendar: a member of staff, or None / an anonymous user for a management
# command or another system change (recorded without an actor).
Editor = User | AnonymousUser | None


def _actor(user: Editor) -> User | None:
    """The user to record, or None for anonymous/system changes (management commands)."""
    return user if isinstance(user, User) and user.is_authenticated else None


def _record(user: Editor, action: AuditAction, target: Model, detail: dict) -> None:
    audit_record(actor=_actor(user), action=action, target=target, detail=detail, system=True)


def _changed(user: Editor, on_recomputed: RecomputeCallback | None) -> None:
    calendar_version_bump()
    transaction.on_commit(calendar_version_bump)
    transaction.on_commit(partial(_announce_change, _actor(user), on_recomputed), robust=True)


def _announce_change(user: Editor, on_recomputed: RecomputeCallback | None) -> None:
    for _receiver, result in calendar_changed.send(sender=None, user=user):
        if on_recomputed is not None and result is not None:
            # django-stubs types a receiver's response as ``str | None``; Django hands back
            # whatever the receiver returned (see ``signals``: a ``RecomputeReport``).
            on_recomputed(cast(RecomputeReport, result))


def calendar_day_set(
    *,
    day: datetime.date,
    kind: CalendarDayKind | str,
    note: str = "",
    source: str = "",
    user: Editor = None,
    previous_day: datetime.date | None = None,
    on_recomputed: RecomputeCallback | None = None,
) -> CalendarDay:
    """Make ``day`` a 放假 (``kind="holiday"``) or 调休上班 (``"workday"``) day.

    Creates the row for ``day`` or updates it. ``previous_day`` is the row's old date when an
    editor changed the date of an existing row: that row is moved rather than duplicated.
    Raises ``django.core.exceptions.ValidationError`` (Chinese messages) for invalid input, e.g. a
    调休上班 row on an ordinary weekday or a move onto a date that already has a row.
    """
    with transaction.atomic():
        if previous_day is not None and previous_day != day:
            row = CalendarDay.objects.select_for_update().get(date=previous_day)
            row.date = day
            created = False
        else:
            existing = CalendarDay.objects.select_for_update().filter(date=day).first()
            created = existing is None
            row = existing or CalendarDay(date=day)
        row.kind = kind
        row.note = note.strip()
        row.source = source.strip()
        row.updated_by = _actor(user)
        row.full_clean()
        row.save()
        _record(
            user,
            AuditAction.CALENDAR_DAY_SAVE,
            row,
            {
                "date": row.date.isoformat(),
                "kind": row.kind,
                "note": row.note,
                "source": row.source,
                "created": created,
                "previous_date": previous_day.isoformat() if previous_day else None,
            },
        )
        _changed(user, on_recomputed)
    return row


def calendar_day_delete(
    *,
    day: datetime.date,
    user: Editor = None,
    on_recomputed: RecomputeCallback | None = None,
) -> None:
    """Remove the override for ``day`` (the package's status applies again).

    Raises ``CalendarDay.DoesNotExist`` if there is no row for ``day``.
    """
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().get(date=day)
        _record(
            user,
            AuditAction.CALENDAR_DAY_DELETE,
            row,
            {"date": row.date.isoformat(), "kind": row.kind, "note": row.note},
        )
        row.delete()
        _changed(user, on_recomputed)


def calendar_year_add(
    *,
    year: int,
    notice_number: str = "",
    published_on: datetime.date | None = None,
    user: Editor = None,
    instance: CalendarYear | None = None,
    on_recomputed: RecomputeCallback | None = None,
) -> CalendarYear:
    """Confirm that ``year``'s 放假/调休 arrangement is entered, so deadlines in it can be computed.

    ``instance`` is an existing row to update (the admin edit view); otherwise a new row is
    created. Raises ``ValidationError`` if the year is out of range or already confirmed.
    """
    with transaction.atomic():
        row = instance if instance is not None else CalendarYear()
        created = row.pk is None
        row.year = year
        row.notice_number = notice_number.strip()
        row.published_on = published_on
        row.updated_by = _actor(user)
        row.full_clean()
        row.save()
        _record(user, AuditAction.CALENDAR_YEAR_SAVE, row, _year_detail(row, created=created))
        _changed(user, on_recomputed)
    return row


def calendar_year_delete(
    *,
    year: int,
    user: Editor = None,
    on_recomputed: RecomputeCallback | None = None,
) -> None:
    """Withdraw the confirmation of ``year`` (its deadlines become uncomputable again unless the
    package knows the year). Raises ``CalendarYear.DoesNotExist`` if not confirmed."""
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().get(year=year)
        _record(user, AuditAction.CALENDAR_YEAR_DELETE, row, {"year": row.year})
        row.delete()
        _changed(user, on_recomputed)


def _year_detail(row: CalendarYear, **extra: object) -> dict:
    published = row.published_on.isoformat() if row.published_on else None
    return {
        "year": row.year,
        "notice_number": row.notice_number,
        "published_on": published,
        **extra,
    }


def calendar_arrangement_confirm(
    *,
    year: int,
    holidays: Mapping[datetime.date, str],
    makeup_workdays: Mapping[datetime.date, str],
    notice_number: str,
    published_on: datetime.date | None,
    acknowledged_warnings: bool,
    user: User | AnonymousUser,
    on_recomputed: RecomputeCallback | None = None,
) -> CalendarYear:
    """Enter ``year``'s whole 放假/调休 arrangement (录入节假日安排) and confirm the year.

    ``holidays`` / ``makeup_workdays`` map each 放假 / 调休上班 day to its holiday's name, as
    ``gongkai.statute.holiday_notice`` reads them from the notice. In one transaction: every
    ``CalendarDay`` row of ``year`` (and of the given days at the year's edge) is replaced by
    these days, with ``notice_number`` as their source; the ``CalendarYear`` row is created or
    updated. One audit event (``calendar.arrangement_confirm``) with the counts.

    Raises ``PermissionDenied`` unless ``can_edit_calendar(user)``; ``ValidationError``
    (Chinese) for a year out of range, a day both 放假 and 上班, a field too long, or when
    ``selectors.arrangement_warnings`` has warnings and ``acknowledged_warnings`` is false.
    A 调休上班 day on a weekday is stored once acknowledged: it changes nothing, unlike the
    single-row editor, which refuses it as a probable typo.
    """
    if not can_edit_calendar(user):
        raise PermissionDenied("只有系统管理员、主管部门或超级管理员可以录入节假日安排。")
    both = sorted(holidays.keys() & makeup_workdays.keys())
    if both:
        raise ValidationError(
            "同一天不能既放假又上班：" + "、".join(f"{d:%Y-%m-%d}" for d in both) + "。"
        )
    warnings = arrangement_warnings(year, holidays, makeup_workdays)
    if warnings and not acknowledged_warnings:
        raise ValidationError(
            f"有 {len(warnings)} 条提示尚未确认，未保存。请逐条核对后勾选“我已核对以上提示”。",
            code="unacknowledged",
        )
    actor = _actor(user)
    source = notice_number.strip()
    days = [(d, CalendarDayKind.HOLIDAY, n) for d, n in holidays.items()]
    days += [(d, CalendarDayKind.WORKDAY, n) for d, n in makeup_workdays.items()]
    rows = [
        CalendarDay(date=d, kind=kind, note=str(note).strip(), source=source, updated_by=actor)
        for d, kind, note in sorted(days)
    ]
    for day_row in rows:
        day_row.clean_fields()  # field rules only: see the docstring on weekday 调休上班 days
    with transaction.atomic():
        year_row = CalendarYear.objects.select_for_update().filter(
            year=year
        ).first() or CalendarYear(year=year)
        created = year_row.pk is None
        year_row.notice_number = source
        year_row.published_on = published_on
        year_row.updated_by = actor
        year_row.full_clean()
        replaced, _ = (
            CalendarDay.objects.filter(Q(date__year=year) | Q(date__in=[r.date for r in rows]))
        ).delete()
        CalendarDay.objects.bulk_create(rows)
        year_row.save()
        _record(
            user,
            AuditAction.CALENDAR_ARRANGEMENT_CONFIRM,
            year_row,
            _year_detail(
                year_row,
                created=created,
                holidays=len(holidays),
                makeup_workdays=len(makeup_workdays),
                replaced_rows=replaced,
                warnings_acknowledged=len(warnings),
            ),
        )
        _changed(user, on_recomputed)
    return year_row
