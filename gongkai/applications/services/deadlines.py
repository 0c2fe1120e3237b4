"""Recomputing due dates and statuses when the calendar or the date changes.

``due_on`` and ``status`` are a stored copy of the clock so that the queue sorts in SQL. They go
stale in two ways: the working-day calendar changes (a 国办发明电 published or corrected), and
time passes (a 补正 or fee deadline expires and the application lapses). Both are repaired here,
in batches, by the calendar services and by the daily job.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from gongkai.applications.models import Application, ApplicationEvent, queue_position
from gongkai.applications.models.application import CLOCK_EVENT_KINDS
from gongkai.applications.services.common import STATUS_FOR_STATE, today
from gongkai.statute.clock import ClockError, ClockEvent, EventKind, compute_clock
from gongkai.statute.workdays import UnknownCalendarYear
from gongkai.workdays.selectors import get_calendar

BATCH_SIZE = 2000


@dataclass
class RecomputeResult:
    checked: int = 0
    changed: int = 0
    # Applications whose clock cannot be computed (a year the calendar does not know): id → why.
    failed: dict[int, str] = field(default_factory=dict)


def applications_recompute_deadlines(
    *, agency=None, on: datetime.date | None = None, batch_size: int = BATCH_SIZE
) -> RecomputeResult:
    """Recompute ``due_on`` and ``status`` of every open application (of ``agency``, or all).

    Streams the open applications and their clock events (two queries, both ordered by
    application, read ``batch_size`` rows at a time) and writes only the rows that changed: one
    ``UPDATE … WHERE id IN`` per new (status, due date) and batch, with the queue's position
    (``models.status.queue_position``) in the same statement, guarded so an application
    finished meanwhile is never reopened. An application whose dates fall in a year the calendar
    does not know keeps its stored values and is reported in ``failed`` (its deadline cannot be
    known).

    The clock is a pure function of the events, the calendar and the day, and with many open
    applications most share their history with others (received on the same day, nothing else
    yet), so each distinct history is computed once per run (``bench/applications_bench.py``).
    """
    on = on or today()
    calendar = get_calendar()
    result = RecomputeResult()
    open_apps = Application.objects.open()
    if agency is not None:
        open_apps = open_apps.filter(agency=agency)
    applications = (
        open_apps.order_by("pk").values_list("pk", "status", "due_on").iterator(batch_size)
    )
    events = (
        ApplicationEvent.objects.filter(application__in=open_apps, kind__in=CLOCK_EVENT_KINDS)
        .order_by("application_id", "on", "pk")
        .values_list("application_id", "kind", "on", "until", "workdays")
        .iterator(batch_size)
    )
    computed: dict[tuple[ClockEvent, ...], tuple[str, datetime.date | None] | str] = {}
    moves: dict[tuple[str, datetime.date | None], list[int]] = defaultdict(list)
    pending = next(events, None)
    for pk, status, due_on in applications:
        result.checked += 1
        # Merge the two ordered streams: this application's events come next (an application
        # that changed between the two reads is skipped past).
        steps = []
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                _app, kind, day, until, workdays = pending
                steps.append(ClockEvent(EventKind(kind), day, until, workdays))
            pending = next(events, None)
        history = tuple(steps)
        outcome = computed.get(history)
        if outcome is None:
            try:
                clock = compute_clock(history, calendar, on)
                outcome = (STATUS_FOR_STATE[clock.state].value, clock.due_on)
            except (UnknownCalendarYear, ClockError) as exc:
                outcome = str(exc)
            computed[history] = outcome
        if isinstance(outcome, str):
            result.failed[pk] = outcome
        elif outcome != (status, due_on):
            moves[outcome].append(pk)
    with transaction.atomic():
        for (status, due_on), pks in moves.items():
            # Still open, so closed_on is empty: the queue's position follows from these two.
            rank, key = queue_position(status, due_on, None)
            for first in range(0, len(pks), batch_size):
                result.changed += (
                    Application.objects.open()
                    .filter(pk__in=pks[first : first + batch_size])
                    .update(status=status, due_on=due_on, queue_rank=rank, queue_key=key)
                )
    return result
