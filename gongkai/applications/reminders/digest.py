"""Who is reminded of what on a given day: one ``Digest`` per member of staff."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from gongkai.agencies.models import StaffMembership, StaffRole
from gongkai.applications.models import OPEN_STATUSES, Application
from gongkai.applications.reminders.lists import (
    DUE_SOON_WORKDAYS,
    DueItem,
    awaiting_closure,
    awaiting_confirmation,
    due_soon_and_overdue,
)
from gongkai.statute.workdays import WorkdayCalendar

# Who is reminded of an application nobody is assigned to (or whose assignee left the agency).
FALLBACK_ROLES = (StaffRole.CLERK, StaffRole.OFFICE_HEAD)


@dataclass
class Digest:
    """What one member of staff is reminded of on one day."""

    recipient: User
    due_soon: list[DueItem] = field(default_factory=list)
    overdue: list[DueItem] = field(default_factory=list)
    awaiting_confirmation: list[Application] = field(default_factory=list)
    awaiting_closure: list[Application] = field(default_factory=list)
    # Open applications whose deadline could not be recomputed: (application, why).
    uncomputable: list[tuple[Application, str]] = field(default_factory=list)

    def applications(self) -> list[Application]:
        return [
            *(i.application for i in self.overdue),
            *(i.application for i in self.due_soon),
            *self.awaiting_confirmation,
            *self.awaiting_closure,
            *(a for a, _ in self.uncomputable),
        ]

    def __len__(self) -> int:
        return len(self.applications())

    def counts(self) -> dict[str, int]:
        return {
            "overdue": len(self.overdue),
            "due_soon": len(self.due_soon),
            "awaiting_confirmation": len(self.awaiting_confirmation),
            "awaiting_closure": len(self.awaiting_closure),
            "uncomputable": len(self.uncomputable),
        }

    def summary(self) -> str:
        """E.g. "已逾期1件，即将到期2件，待确认接收1件" (the non-empty lists only)."""
        names = {
            "overdue": "已逾期",
            "due_soon": "即将到期",
            "awaiting_confirmation": "待确认接收",
            "awaiting_closure": "视为放弃待结案",
            "uncomputable": "期限无法计算",
        }
        return "，".join(f"{names[k]}{n}件" for k, n in self.counts().items() if n)


@dataclass
class Digests:
    """Every digest of a day, by recipient, and the applications nobody could be reminded of
    (their agency has no clerk or office head): the job prints those."""

    by_recipient: dict[int, Digest] = field(default_factory=dict)
    unattended: list[Application] = field(default_factory=list)
    calendar_problem: str | None = None


def _recipients_resolver(
    applications: Iterable[Application],
) -> Callable[[Application], list[User]]:
    """A function application → list of users to remind, built with two queries.

    The assignee counts only while active and still a member of the application's agency (so a
    clerk who moved to another agency stops receiving its applications); otherwise the agency's
    active clerks and office heads.
    """
    applications = list(applications)
    agency_ids = {a.agency_id for a in applications}
    fallback: dict[int, list[User]] = defaultdict(list)
    for membership in (
        StaffMembership.objects.filter(
            agency_id__in=agency_ids, role__in=FALLBACK_ROLES, user__is_active=True
        )
        .select_related("user")
        .order_by("user__username", "pk")
    ):
        users = fallback[membership.agency_id]
        if all(u.pk != membership.user_id for u in users):
            users.append(membership.user)
    assignee_ids = {a.assignee_id for a in applications if a.assignee_id is not None}
    members = set(
        StaffMembership.objects.filter(
            user_id__in=assignee_ids, agency_id__in=agency_ids
        ).values_list("user_id", "agency_id")
    )

    def recipients(application: Application) -> list[User]:
        assignee = application.assignee
        if (
            assignee is not None
            and assignee.is_active
            and (assignee.pk, application.agency_id) in members
        ):
            return [assignee]
        return fallback.get(application.agency_id, [])

    return recipients


def reminder_digests(
    today: datetime.date,
    calendar: WorkdayCalendar,
    *,
    uncomputable: dict[int, str] | None = None,
    within_workdays: int = DUE_SOON_WORKDAYS,
) -> Digests:
    """Every member of staff's reminders on ``today`` (about six queries, whatever the volume).

    ``uncomputable`` maps application ids to the reason their deadline could not be recomputed
    (``RecomputeResult.failed``); those are listed for their clerks too, so a year missing from
    the calendar is noticed rather than silently leaving deadlines stale.
    """
    base = Application.objects.select_related("agency", "assignee")
    due = due_soon_and_overdue(base, today, calendar, within_workdays)
    confirm = list(awaiting_confirmation(base))
    closure = list(awaiting_closure(base))
    failed = uncomputable or {}
    stuck = list(base.filter(pk__in=list(failed), status__in=OPEN_STATUSES).order_by("pk"))
    every = [
        *(i.application for i in due.overdue),
        *(i.application for i in due.due_soon),
        *confirm,
        *closure,
        *stuck,
    ]
    recipients = _recipients_resolver(every)
    result = Digests(calendar_problem=due.problem)
    unattended: dict[int, Application] = {}

    def add(application: Application, attr: str, entry) -> None:
        users = recipients(application)
        if not users:
            unattended[application.pk] = application
        for user in users:
            digest = result.by_recipient.setdefault(user.pk, Digest(recipient=user))
            getattr(digest, attr).append(entry)

    for item in due.overdue:
        add(item.application, "overdue", item)
    for item in due.due_soon:
        add(item.application, "due_soon", item)
    for application in confirm:
        add(application, "awaiting_confirmation", application)
    for application in closure:
        add(application, "awaiting_closure", application)
    for application in stuck:
        add(application, "uncomputable", (application, failed[application.pk]))
    result.unattended = sorted(unattended.values(), key=lambda a: (a.agency.name, a.pk))
    return result
