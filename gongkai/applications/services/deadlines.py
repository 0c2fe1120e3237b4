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

from gongkai.applications.models import OPEN_STATUSES, Application, ApplicationEvent
from gongkai.applications.services.common import apply_clock, clock_events, today
from gongkai.statute.clock import ClockError, compute_clock
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

    Reads events in batches (two queries per batch) and writes only the rows that changed, with
    ``bulk_update``. An application whose dates fall in a year the calendar does not know keeps
    its stored values and is reported in ``failed`` (its deadline cannot be known).
    """
    on = on or today()
    calendar = get_calendar()
    result = RecomputeResult()
    open_apps = Application.objects.filter(status__in=OPEN_STATUSES)
    if agency is not None:
        open_apps = open_apps.filter(agency=agency)
    ids = list(open_apps.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        apps = list(
            Application.objects.filter(pk__in=chunk).only("pk", "status", "due_on", "agency_id")
        )
        events = defaultdict(list)
        for event in (
            ApplicationEvent.objects.filter(application_id__in=chunk)
            .only("application_id", "kind", "on", "until", "workdays")
            .order_by("on", "pk")
        ):
            events[event.application_id].append(event)
        dirty = []
        for application in apps:
            result.checked += 1
            try:
                clock = compute_clock(clock_events(events[application.pk]), calendar, on)
            except (UnknownCalendarYear, ClockError) as exc:
                result.failed[application.pk] = str(exc)
                continue
            if apply_clock(application, clock):
                dirty.append(application)
        if dirty:
            with transaction.atomic():
                Application.objects.bulk_update(dirty, ["status", "due_on"])
            result.changed += len(dirty)
    return result
