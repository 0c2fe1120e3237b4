"""What every write to an application shares: permission, the clock, status, audit.

Each public service is one state change: it checks the actor's right and the start state, runs
in one transaction, appends its event, recomputes the clock from all events (a step the clock
refuses is refused here, with its Chinese message) and writes an audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.agencies.models import StaffRole
from gongkai.agencies.permissions import staff_agency_ids
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationEventKind,
    ApplicationStatus,
    queue_position,
)
from gongkai.applications.models.application import CLOCK_EVENT_KINDS
from gongkai.applications.services.transitions import TRANSITIONS, Step
from gongkai.audit.services import audit_record
from gongkai.statute.clock import (
    Clock,
    ClockError,
    ClockEvent,
    ClockState,
    EventKind,
    compute_clock,
)
from gongkai.statute.workdays import UnknownCalendarYear
from gongkai.workdays.selectors import get_calendar

STATUS_FOR_STATE: dict[ClockState, ApplicationStatus] = {
    ClockState.NOT_RECEIVED: ApplicationStatus.SUBMITTED,
    ClockState.RUNNING: ApplicationStatus.IN_PROGRESS,
    ClockState.AWAITING_SUPPLEMENT: ApplicationStatus.AWAITING_SUPPLEMENT,
    ClockState.PAUSED_CONSULTATION: ApplicationStatus.CONSULTING,
    ClockState.PAUSED_FEE: ApplicationStatus.AWAITING_FEE,
    ClockState.LAPSED_NO_SUPPLEMENT: ApplicationStatus.LAPSED,
    ClockState.LAPSED_UNPAID_FEE: ApplicationStatus.LAPSED,
    ClockState.CLOSED: ApplicationStatus.CLOSED,
}


def today() -> datetime.date:
    return timezone.localdate()


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in local time: the moment stored for a day whose time
    is not known (post registered days after it arrived)."""
    midnight = datetime.datetime.combine(day, datetime.time())
    return timezone.make_aware(midnight, timezone.get_current_timezone())


def actor_or_none(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def staff_refusal(user, agency_id: int, roles: Iterable[StaffRole] | None = None) -> str | None:
    """Why ``user`` may not act for the agency ``agency_id`` (in one of ``roles``); None if it may.

    Answered from the memberships loaded once per request (``staff_roles``), so the detail page
    can ask it of every action it might offer.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return "请先登录。"
    if user.is_superuser:
        return None
    if roles is not None:
        roles = list(roles)
        if agency_id not in staff_agency_ids(user, roles=roles):
            return "此操作需由" + "、".join(StaffRole(r).label for r in roles) + "办理。"
        return None
    if agency_id not in staff_agency_ids(user):
        return "您不是该机关的工作人员，不能办理其申请。"
    return None


def require_staff(user, agency, roles: Iterable[StaffRole] | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` works for ``agency`` (in one of ``roles``)."""
    refusal = staff_refusal(user, agency.pk, roles)
    if refusal is not None:
        raise PermissionDenied(refusal)


def clock_events(events: Iterable[ApplicationEvent]) -> list[ClockEvent]:
    """The clock's inputs among an application's events, in their stored order."""
    return [
        ClockEvent(kind=EventKind(e.kind), on=e.on, until=e.until, workdays=e.workdays)
        for e in events
        if e.kind in CLOCK_EVENT_KINDS
    ]


def compute(application: Application, extra: ClockEvent | None = None, *, on=None) -> Clock:
    """The clock of ``application`` from its stored events (plus ``extra``, not yet stored).

    Raises ``ValidationError`` with the clock's or the calendar's Chinese message when the step
    is impossible or a date falls in a year the working-day calendar does not know.
    """
    events = clock_events(application.events.order_by("on", "pk"))
    if extra is not None:
        events.append(extra)
    try:
        return compute_clock(events, get_calendar(), on or today())
    except ClockError as exc:
        raise ValidationError(str(exc)) from exc
    except UnknownCalendarYear as exc:
        raise ValidationError(str(exc)) from exc


def set_queue_position(application: Application) -> list[str]:
    """Bring ``queue_rank``/``queue_key`` in line with the status and dates just set on
    ``application``; return the names that changed (to add to ``save(update_fields=...)``).

    Every write of ``status``, ``due_on`` or ``closed_on`` calls this before saving: the queue
    orders and pages by these two columns (``models.status``), and the database refuses a rank
    that does not fit the status (``application_queue_rank_follows_status``).
    """
    rank, key = queue_position(application.status, application.due_on, application.closed_on)
    changed = []
    if application.queue_rank != rank:
        application.queue_rank = rank
        changed.append("queue_rank")
    if application.queue_key != key:
        application.queue_key = key
        changed.append("queue_key")
    return changed


def apply_clock(application: Application, clock: Clock) -> list[str]:
    """Copy the clock's state onto the denormalised fields (status, due date, the queue's
    position); return the names that changed."""
    changed = []
    if application.status != ApplicationStatus.DISCARDED:
        status = STATUS_FOR_STATE[clock.state]
        if application.status != status:
            application.status = status
            changed.append("status")
    if application.due_on != clock.due_on:
        application.due_on = clock.due_on
        changed.append("due_on")
    if application.due_on_provisional != clock.provisional:
        application.due_on_provisional = clock.provisional
        changed.append("due_on_provisional")
    return changed + set_queue_position(application)


def append_event(
    application: Application,
    *,
    kind: ApplicationEventKind | str,
    on: datetime.date,
    actor,
    until: datetime.date | None = None,
    workdays: int | None = None,
    party: str = "",
    note: str = "",
) -> tuple[ApplicationEvent, Clock]:
    """Store one event after the clock accepted it; refresh status and due date.

    Call inside a transaction. ``on`` may not be in the future: a step is recorded when it
    happened.
    """
    if on > today():
        raise ValidationError("日期不能晚于今天。")
    clock = None
    if kind in CLOCK_EVENT_KINDS:
        clock = compute(
            application, ClockEvent(kind=EventKind(kind), on=on, until=until, workdays=workdays)
        )
    event = ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        on=on,
        until=until,
        workdays=workdays,
        party=party,
        note=note,
        actor=actor_or_none(actor),
    )
    if clock is None:
        clock = compute(application)
    changed = apply_clock(application, clock)
    if changed:
        application.save(update_fields=[*changed, "updated_at"])
    return event, clock


def audit(actor, action: str, application: Application, request=None, **detail) -> None:
    audit_record(
        actor=actor_or_none(actor),
        action=action,
        target=application,
        agency=application.agency,
        detail=detail,
        request=request,
        target_label=f"申请 {application.registration_number}",
    )


def require_actor(actor, application: Application, step: Step) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may take ``step`` on ``application``."""
    require_staff(actor, application.agency, roles=TRANSITIONS[step].roles)


def require_step(application: Application, step: Step, clock: Clock | None = None) -> None:
    """Refuse ``step`` on ``application`` (locked) with its status in the Chinese message.

    The clock is computed (today) only when the stored status alone does not allow the step.
    """
    transition = TRANSITIONS[step]
    if application.status in transition.statuses:
        return
    if transition.clock_states:
        clock = clock or compute(application)
        if clock.state in transition.clock_states:
            return
    raise ValidationError(
        f"该申请当前状态为“{application.get_status_display()}”，不能{transition.doing}。"
    )
