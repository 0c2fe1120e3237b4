"""Dashboard panels of 依申请公开 (Wagtail home): what needs the clerk's attention today.

Four short lists for the user's agencies, each with its count and a link to the filtered queue:
即将到期（5个工作日内）, 已逾期, 待确认接收 (not yet received, 第31条), 视为放弃待结案. Each panel
costs two queries (count, first rows), whatever the number of applications, each on the
queue's index (``models.status``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from wagtail.admin.ui.components import Component

from gongkai.agencies.permissions import filter_by_agency
from gongkai.applications.models import Application, ApplicationStatus, DeadlineChange
from gongkai.applications.selectors import applications_visible_to, queue_listing
from gongkai.applications.views.admin import user_is_staff
from gongkai.applications.views.admin_common import (
    DueWindow,
    admin_url,
    awaiting_confirmation,
    deadline_badge,
    due_soon,
    due_window,
    overdue,
    queue_order,
    with_status,
)
from gongkai.statute.receipt import CONFIRMED_RULE
from gongkai.statute.workdays import WorkdayCalendar
from gongkai.workdays.selectors import get_calendar

ROWS_SHOWN = 5
FIRST_ORDER = 10


class ApplicationsPanel(Component):
    """One dashboard list of applications (the first ``ROWS_SHOWN``) with its total."""

    template_name = "applications/admin/panel.html"

    def __init__(
        self,
        *,
        name: str,
        heading: str,
        order: int,
        queryset: QuerySet[Application],
        filter_query: str,
        empty_text: str,
        calendar: WorkdayCalendar,
        window: DueWindow,
        note: str = "",
    ):
        self.name = name
        self.heading = heading
        self.order = order
        self.queryset = queryset
        self.filter_query = filter_query
        self.empty_text = empty_text
        self.calendar = calendar
        self.window = window
        self.note = note

    def get_context_data(self, parent_context: dict | None = None) -> dict[str, Any]:
        count = self.queryset.count()
        rows = [
            {
                "application": application,
                "url": admin_url("detail", application.pk),
                "badge": deadline_badge(application, self.calendar, self.window.today),
            }
            for application in self.queryset[:ROWS_SHOWN]
        ]
        return {
            "panel_id": f"applications-{self.name}",
            "heading": self.heading,
            "count": count,
            "rows": rows,
            "more": count > len(rows),
            "queue_url": admin_url("index") + "?" + self.filter_query,
            "empty_text": self.empty_text,
            "note": self.note,
            "include_styles": self.order == FIRST_ORDER,
        }


class DeadlineChangesPanel(Component):
    """期限变动待处理: shown only while letters state a deadline that has moved (one count)."""

    template_name = "applications/admin/deadline_changes_panel.html"
    order = FIRST_ORDER - 1

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context: dict | None = None) -> dict[str, Any]:
        return {"count": self.count, "url": admin_url("deadline_changes")}


def deadline_changes_panel(user) -> list[DeadlineChangesPanel]:
    """The panel, if the user's agencies have open deadline changes (one query)."""
    count = filter_by_agency(DeadlineChange.objects.unresolved(), user).count()
    return [DeadlineChangesPanel(count)] if count else []


def panels_for(request) -> list[Component]:
    """The panels for the user's agencies; none for a user who works for no agency."""
    user = request.user
    if not user_is_staff(user):
        return []
    calendar = get_calendar()
    window = due_window(calendar)
    # Only the listed columns (nothing decrypted), each list in the queue's indexed order: by
    # due date for the due ones, oldest first for the others.
    visible = queue_listing(applications_visible_to(user))
    specs: list[tuple[str, str, QuerySet, str, str, str]] = [
        (
            "due-soon",
            "即将到期（5个工作日内）",
            queue_order(due_soon(visible, window)),
            "due=soon",
            "没有5个工作日内到期的申请。",
            window.error,
        ),
        (
            "overdue",
            "已逾期",
            queue_order(overdue(visible, window.today)),
            "due=overdue",
            "没有逾期的申请。",
            "",
        ),
        (
            "awaiting-confirmation",
            "待确认接收",
            awaiting_confirmation(visible),
            f"status={ApplicationStatus.SUBMITTED.value}",
            "没有待确认接收的申请。",
            CONFIRMED_RULE + "，请及时确认。",
        ),
        (
            "lapsed",
            "视为放弃待结案",
            queue_order(with_status(visible, ApplicationStatus.LAPSED)),
            f"status={ApplicationStatus.LAPSED.value}",
            "没有待结案的视为放弃申请。",
            "",
        ),
    ]
    return [
        *deadline_changes_panel(user),
        *(
            ApplicationsPanel(
                name=name,
                heading=heading,
                order=FIRST_ORDER + index,
                queryset=queryset,
                filter_query=query,
                empty_text=empty,
                calendar=calendar,
                window=window,
                note=note,
            )
            for index, (name, heading, queryset, query, empty, note) in enumerate(specs)
        ),
    ]
