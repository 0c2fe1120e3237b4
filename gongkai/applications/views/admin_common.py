"""What the back-office screens of 依申请公开 share: URLs, the due-date window, deadline badges.

"Due soon" and "overdue" are the reminders' rules (``gongkai.applications.reminders.lists``: 5
working days by the calendar in force; a deadline before today), applied here as filters on the
stored ``due_on`` so that the queue and the panels count and page in SQL.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.urls import reverse

from gongkai.applications.models import OPEN_STATUSES, Application, ApplicationStatus
from gongkai.applications.reminders.lists import (
    DUE_SOON_WORKDAYS,
    DueItem,
    classify_due,
    due_horizon,
)
from gongkai.applications.services.common import today
from gongkai.statute.clock import format_date_zh
from gongkai.statute.workdays import WorkdayCalendar
from gongkai.workdays.selectors import get_calendar

URL_NAMESPACE = "applications_admin"


def admin_url(name: str, *args) -> str:
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


@dataclass(frozen=True)
class DueWindow:
    """Today and the last day that counts as "due soon"; ``error`` (Chinese) when the calendar
    lacks a year on the way, so the horizon stops short."""

    today: datetime.date
    soon_until: datetime.date | None
    error: str = ""


def due_window(
    calendar: WorkdayCalendar | None = None, on: datetime.date | None = None
) -> DueWindow:
    """Today's "due soon" horizon, by the reminders' rule (``reminders.lists.due_horizon``)."""
    on = on or today()
    horizon, problem = due_horizon(on, calendar or get_calendar(), DUE_SOON_WORKDAYS)
    return DueWindow(on, horizon, problem or "")


def due_soon(queryset: QuerySet[Application], window: DueWindow) -> QuerySet[Application]:
    """Open applications due today or within the next 5 working days (none if unknowable)."""
    if window.soon_until is None:
        return queryset.none()
    return queryset.open().filter(due_on__gte=window.today, due_on__lte=window.soon_until)


def overdue(queryset: QuerySet[Application], on: datetime.date) -> QuerySet[Application]:
    """Open applications whose reply deadline (the last day on time) is before ``on``."""
    return queryset.open().filter(due_on__lt=on)


def queue_order(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Awaiting confirmation first (not yet received, 第31条), then open ones by due date, then
    finished ones, most recently closed first."""
    return queryset.annotate(
        queue_group=Case(
            When(status=ApplicationStatus.SUBMITTED, then=Value(0)),
            When(status__in=OPEN_STATUSES, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by(
        "queue_group",
        F("due_on").asc(nulls_last=True),
        F("closed_on").desc(nulls_last=True),
        "-submitted_at",
        "-pk",
    )


@dataclass(frozen=True)
class DeadlineBadge:
    """How the reply deadline stands, in one short Chinese phrase for a list or a header."""

    text: str
    level: str  # "ok", "soon", "overdue", "info"


def deadline_badge(
    application: Application, calendar: WorkdayCalendar, on: datetime.date
) -> DeadlineBadge | None:
    """ "剩余N个工作日" / "今天到期" / "已逾期N个工作日" for an open application with a due date
    (the reminders' wording); None when there is nothing to count (not received, finished,
    paused without a date)."""
    if application.status not in OPEN_STATUSES or application.due_on is None:
        return None
    late, workdays = classify_due(application.due_on, on, calendar)
    if workdays is None:
        return DeadlineBadge("工作日历缺少年度，无法计算", "info")
    label = DueItem(application, application.due_on, late, workdays).label
    if late or workdays == 0:
        return DeadlineBadge(label, "overdue")
    return DeadlineBadge(label, "soon" if workdays <= DUE_SOON_WORKDAYS else "ok")


def date_zh(d: datetime.date | None) -> str:
    return format_date_zh(d) if d else ""
