"""Recomputing due dates and statuses when the calendar or the date changes.

``due_on``, ``due_on_provisional`` and ``status`` are a stored copy of the clock so that the
queue sorts in SQL. They go stale in two ways: the working-day calendar changes (a 国办发明电
published, a provisional year confirmed, a notice corrected), and time passes (a 补正 or fee
deadline expires and the application lapses). Both are repaired here, in batches, by the
calendar's ``calendar_changed`` signal and by the daily job.

A moved deadline may make a letter untrue (the receipt said "最迟于2027年1月13日"): every
application whose reply deadline moved gets a ``DeadlineChange`` listing the letters that stated
a date that no longer holds, for the clerk to send a corrected notice (``deadline_change_notify``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from gongkai.applications.letters.stated import STATED_KEYS, stale_letters
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    DeadlineChange,
    DeadlineChangeTrigger,
    Letter,
    queue_position,
)
from gongkai.applications.models.application import CLOCK_EVENT_KINDS
from gongkai.applications.services.common import STATUS_FOR_STATE, today
from gongkai.statute.clock import Clock, ClockError, ClockEvent, EventKind, compute_clock
from gongkai.statute.workdays import UnknownCalendarYear
from gongkai.workdays.selectors import get_calendar

BATCH_SIZE = 2000
# How many unrecomputable applications a message names before it says "等 N 件".
NAMED_FAILURES = 10

# Statuses whose running date (the other side's reply, the payment) a letter states even while
# the reply deadline itself is unknown: checked after every calendar change.
_PAUSED_WITH_STATED_DATES = (ApplicationStatus.CONSULTING, ApplicationStatus.AWAITING_FEE)

_TRIGGERS = {
    "calendar": DeadlineChangeTrigger.CALENDAR,
    "daily": DeadlineChangeTrigger.DAILY,
    "receipt_correction": DeadlineChangeTrigger.RECEIPT_CORRECTION,
}


@dataclass
class RecomputeResult:
    checked: int = 0
    changed: int = 0
    # Applications whose clock cannot be computed: id → why (the calendar always computes now,
    # provisionally if need be, so only an impossible history lands here).
    failed: dict[int, str] = field(default_factory=dict)
    # Applications whose reply deadline moved (id → (old, new)), and the unresolved
    # ``DeadlineChange`` rows written for the letters that stated the old dates.
    moved: dict[int, tuple[datetime.date, datetime.date | None]] = field(default_factory=dict)
    changes: list[int] = field(default_factory=list)
    stale_letters: int = 0

    def describe(self) -> tuple[str, str | None]:
        """Chinese lines for staff: what was recomputed, and (or None) which could not be.

        A method, so the calendar's screens word the result without importing this app. The
        second line names up to ``NAMED_FAILURES`` applications by registration number and
        agency (no personal data) with the clock's reason; it costs one query.
        """
        done = f"已重新计算 {self.checked} 件办理中申请的答复期限，其中 {self.changed} 件有变化。"
        if self.changes:
            done += (
                f"{len(self.changes)} 件申请已发出的 {self.stale_letters} 份文书所载期限已不准确，"
                "请在“依申请公开 → 期限变动”中向申请人发出答复期限变更告知书。"
            )
        if not self.failed:
            return done, None
        ids = sorted(self.failed)
        named = Application.objects.filter(pk__in=ids[:NAMED_FAILURES]).select_related("agency")
        names = "、".join(
            f"{a.registration_number}（{a.agency.name}）" for a in named.order_by("pk")
        )
        more = f"等 {len(ids)} 件" if len(ids) > NAMED_FAILURES else f"共 {len(ids)} 件"
        reasons = "；".join(sorted(set(self.failed.values()))[:3])
        return done, f"以下申请的答复期限无法计算，仍保留原期限：{names}{more}。原因：{reasons}"


class Stored(NamedTuple):
    """What an application's row held before a recomputation (its letters may state it)."""

    due_on: datetime.date | None
    provisional: bool
    agency_id: int


def _stored(clock: Clock) -> tuple[str, datetime.date | None, bool]:
    """The clock's values as the row stores them: (status, due date, provisional)."""
    return (STATUS_FOR_STATE[clock.state].value, clock.due_on, clock.provisional)


def applications_recompute_deadlines(
    *,
    agency=None,
    on: datetime.date | None = None,
    batch_size: int = BATCH_SIZE,
    trigger: str = "manual",
) -> RecomputeResult:
    """Recompute ``due_on``, ``due_on_provisional`` and ``status`` of every open application
    (of ``agency``, or all), and record the deadlines that moved under letters already sent.

    Streams the open applications and their clock events (two queries, both ordered by
    application, read ``batch_size`` rows at a time) and writes only the rows that changed: one
    ``UPDATE … WHERE id IN`` per new (status, due date, provisional) and batch, with the queue's
    position (``models.status.queue_position``) in the same statement, guarded so an
    application finished meanwhile is never reopened. Call inside a transaction (the writes and
    the caller's audit event commit together); ``reminders.deadlines_recompute`` does.

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
        open_apps.order_by("pk")
        .values_list("pk", "status", "due_on", "due_on_provisional", "agency_id")
        .iterator(batch_size)
    )
    events = (
        ApplicationEvent.objects.filter(application__in=open_apps, kind__in=CLOCK_EVENT_KINDS)
        .order_by("application_id", "on", "pk")
        .values_list("application_id", "kind", "on", "until", "workdays")
        .iterator(batch_size)
    )
    computed: dict[tuple[ClockEvent, ...], Clock | str] = {}
    moves: dict[tuple[str, datetime.date | None, bool], list[int]] = defaultdict(list)
    # Applications whose letters may now state an untrue date: id → (its row before, new clock).
    to_check: dict[int, tuple[Stored, Clock]] = {}
    pending = next(events, None)
    for pk, status, due_on, provisional, agency_id in applications:
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
                outcome = compute_clock(history, calendar, on)
            except (UnknownCalendarYear, ClockError) as exc:
                outcome = str(exc)
            computed[history] = outcome
        if isinstance(outcome, str):
            result.failed[pk] = outcome
            continue
        stored = _stored(outcome)
        changed = stored != (status, due_on, provisional)
        if changed:
            moves[stored].append(pk)
            if due_on is not None and outcome.due_on not in (None, due_on):
                result.moved[pk] = (due_on, outcome.due_on)
        if changed or (trigger == "calendar" and status in _PAUSED_WITH_STATED_DATES):
            to_check[pk] = (Stored(due_on, provisional, agency_id), outcome)
    for (status, due_on, provisional), pks in moves.items():
        # Still open, so closed_on is empty: the queue's position follows from these two.
        rank, key = queue_position(status, due_on, None)
        for first in range(0, len(pks), batch_size):
            result.changed += (
                Application.objects.open()
                .filter(pk__in=pks[first : first + batch_size])
                .update(
                    status=status,
                    due_on=due_on,
                    due_on_provisional=provisional,
                    queue_rank=rank,
                    queue_key=key,
                )
            )
    record_deadline_changes(
        to_check, trigger=_TRIGGERS.get(trigger, DeadlineChangeTrigger.MANUAL), result=result
    )
    return result


def record_deadline_changes(
    candidates: dict[int, tuple[Stored, Clock]],
    *,
    trigger: DeadlineChangeTrigger,
    result: RecomputeResult,
    batch_size: int = BATCH_SIZE,
) -> None:
    """Write a ``DeadlineChange`` for each candidate whose deadline moved or whose letters
    state a date the new clock no longer gives (call inside the caller's transaction).

    ``candidates`` maps an application id to (its row before the recomputation, its new
    clock). One unresolved change per application: a second move updates it and keeps the
    first old date. A moved deadline that no sent letter stated is recorded as resolved
    ("无需另行告知"), so the clerk still sees it in the list of recent changes.
    """
    now = timezone.now()
    ids = sorted(candidates)
    for first in range(0, len(ids), batch_size):
        chunk = ids[first : first + batch_size]
        letters: dict[int, list[Letter]] = defaultdict(list)
        for letter in Letter.objects.filter(
            application_id__in=chunk, kind__in=list(STATED_KEYS), withdrawn_on__isnull=True
        ).order_by("pk"):
            letters[letter.application_id].append(letter)
        open_changes = {
            c.application_id: c
            for c in DeadlineChange.objects.unresolved()
            .select_for_update()
            .filter(application_id__in=chunk)
        }
        for pk in chunk:
            before, clock = candidates[pk]
            old_due = before.due_on
            stale = stale_letters(letters[pk], old_due_on=old_due, clock=clock)
            moved = old_due is not None and clock.due_on not in (None, old_due)
            existing = open_changes.get(pk)
            if existing is not None:
                known = {(e["id"], e["key"]) for e in existing.letters}
                existing.letters += [e for e in stale if (e["id"], e["key"]) not in known]
                existing.new_due_on = clock.due_on
                existing.new_provisional = clock.provisional
                existing.detected_at = now
                existing.save(
                    update_fields=["letters", "new_due_on", "new_provisional", "detected_at"]
                )
                result.changes.append(existing.pk)
                result.stale_letters += len(stale)
                continue
            if not stale and not moved:
                continue
            change = DeadlineChange.objects.create(
                application_id=pk,
                agency_id=before.agency_id,
                detected_at=now,
                trigger=trigger,
                old_due_on=old_due,
                new_due_on=clock.due_on,
                old_provisional=before.provisional,
                new_provisional=clock.provisional,
                letters=stale,
                resolved_at=None if stale else now,
                resolution_note="" if stale else "未发出载明原期限的文书，无需另行告知。",
            )
            if stale:
                result.changes.append(change.pk)
                result.stale_letters += len(stale)
