"""Writes to the working-day calendar. Every change goes through one of these functions.

Each runs in ``transaction.atomic``, validates with the model's ``full_clean`` (the same Chinese
messages the admin shows), records a Wagtail log entry (``ModelLogEntry``, shown in the admin
history; the project has no audit app of its own yet) and bumps the calendar version twice:
at once, so this request sees its own change, and again on commit, so a process that rebuilt the
calendar from the not-yet-committed state in between does not keep it.

A calendar change moves deadlines: after it commits, the stored due date and status of every
open application (all agencies: the calendar is national) are recomputed from the new calendar
(spec §6) by ``gongkai.applications.reminders.deadlines_recompute``. It runs synchronously in
``transaction.on_commit`` (a county has hundreds of open applications, not millions), after the
version bump so it reads the new calendar. It is ``robust``: should it fail, the calendar change
stands, the error is logged and the daily job (``applications_daily``) recomputes anyway.
Each writer takes an optional ``on_recomputed`` callback that receives the
``RecomputeResult``; the back office uses it to tell the editor what moved.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from wagtail.log_actions import log

from gongkai.workdays.models import CalendarDay, CalendarDayKind, CalendarYear
from gongkai.workdays.selectors import calendar_version_bump

if TYPE_CHECKING:
    from gongkai.applications.services import RecomputeResult

RecomputeCallback = Callable[["RecomputeResult"], object]


def _actor(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    """The user to record, or None for anonymous/system changes (management commands)."""
    return user if user is not None and user.is_authenticated else None


def _changed(user: AbstractBaseUser | None, on_recomputed: RecomputeCallback | None) -> None:
    calendar_version_bump()
    transaction.on_commit(calendar_version_bump)
    transaction.on_commit(
        partial(_recompute_open_deadlines, _actor(user), on_recomputed), robust=True
    )


def _recompute_open_deadlines(
    user: AbstractBaseUser | None, on_recomputed: RecomputeCallback | None
) -> None:
    # Imported here: the calendar is the lower layer; applications depend on it, not back.
    from gongkai.applications.reminders import deadlines_recompute

    result = deadlines_recompute(trigger="calendar", actor=user)
    if on_recomputed is not None:
        on_recomputed(result)


def calendar_day_set(
    *,
    day: datetime.date,
    kind: CalendarDayKind | str,
    note: str = "",
    source: str = "",
    user: AbstractBaseUser | None = None,
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
        log(row, "wagtail.create" if created else "wagtail.edit", user=row.updated_by)
        _changed(user, on_recomputed)
    return row


def calendar_day_delete(
    *,
    day: datetime.date,
    user: AbstractBaseUser | None = None,
    on_recomputed: RecomputeCallback | None = None,
) -> None:
    """Remove the override for ``day`` (the package's status applies again).

    Raises ``CalendarDay.DoesNotExist`` if there is no row for ``day``.
    """
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().get(date=day)
        log(row, "wagtail.delete", user=_actor(user))
        row.delete()
        _changed(user, on_recomputed)


def calendar_year_add(
    *,
    year: int,
    notice_number: str = "",
    published_on: datetime.date | None = None,
    user: AbstractBaseUser | None = None,
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
        log(row, "wagtail.create" if created else "wagtail.edit", user=row.updated_by)
        _changed(user, on_recomputed)
    return row


def calendar_year_delete(
    *,
    year: int,
    user: AbstractBaseUser | None = None,
    on_recomputed: RecomputeCallback | None = None,
) -> None:
    """Withdraw the confirmation of ``year`` (its deadlines become uncomputable again unless the
    package knows the year). Raises ``CalendarYear.DoesNotExist`` if not confirmed."""
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().get(year=year)
        log(row, "wagtail.delete", user=_actor(user))
        row.delete()
        _changed(user, on_recomputed)
