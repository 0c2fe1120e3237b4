"""What the back-office screens of 依申请公开 share: URLs, the due-date window, deadline badges.

"Due soon" and "overdue" are the reminders' rules (``gongkai.applications.reminders.lists``: 5
working days by the calendar in force; a deadline before today), applied here as filters on the
stored queue position (``models.status``) so that the queue and the panels count and page in
SQL, on an index.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from gongkai.applications.models import OPEN_STATUSES, Application, QueueRank
from gongkai.applications.models.status import date_key
from gongkai.applications.reminders.lists import (
    DUE_SOON_WORKDAYS,
    DueItem,
    classify_due,
    due_horizon,
)
from gongkai.applications.services.common import today
from gongkai.applications.views.admin_paging import QUEUE_ORDER
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


# Each filter keeps the queryset's own class (``ApplicationQuerySet`` and its methods).


def due_soon[QS: QuerySet[Application]](queryset: QS, window: DueWindow) -> QS:
    """Open applications due today or within the next 5 working days (none if unknowable).

    Written on the queue's stored position (open with a due date = ``QueueRank.DUE``, the key
    is the due date) so the queue's index reads exactly these rows, in order.
    """
    if window.soon_until is None:
        return queryset.none()
    return queryset.filter(
        queue_rank=QueueRank.DUE,
        queue_key__gte=date_key(window.today),
        queue_key__lte=date_key(window.soon_until),
    )


def overdue[QS: QuerySet[Application]](queryset: QS, on: datetime.date) -> QS:
    """Open applications whose reply deadline (the last day on time) is before ``on``."""
    return queryset.filter(queue_rank=QueueRank.DUE, queue_key__lt=date_key(on))


def with_status[QS: QuerySet[Application]](queryset: QS, status: str) -> QS:
    """Applications in ``status`` (counted and paged from the status indexes in queue order)."""
    return queryset.filter(status=status)


def awaiting_confirmation[QS: QuerySet[Application]](queryset: QS) -> QS:
    """Submissions not yet received (第31条), oldest first, in the queue's order."""
    return queue_order(queryset.filter(queue_rank=QueueRank.AWAITING_CONFIRMATION))


def queue_order[QS: QuerySet[Application]](queryset: QS) -> QS:
    """Awaiting confirmation first (not yet received, 第31条), then open ones by due date, then
    finished ones, most recently closed first (``models.status``: the stored position)."""
    return queryset.order_by(*QUEUE_ORDER)


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
