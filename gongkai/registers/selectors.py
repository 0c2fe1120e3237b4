"""Reads of the work log (工作台账)."""

from __future__ import annotations

from django.db.models import QuerySet, Sum

from gongkai.agencies.permissions import filter_by_agency
from gongkai.registers.models import WorkLogEntry, WorkLogKind


def work_log_visible_to(user) -> QuerySet[WorkLogEntry]:
    """The entries ``user`` may see: their own agencies' (superusers: all)."""
    return filter_by_agency(WorkLogEntry.objects.select_related("agency"), user)


def work_log_yearly_totals(agency, year: int) -> dict[str, int]:
    """``{kind: total count}`` for every kind, in ``WorkLogKind`` order, for ``agency`` in ``year``.

    A kind without entries is 0 (one query).
    """
    totals = dict.fromkeys(WorkLogKind.values, 0)
    rows = (
        WorkLogEntry.objects.for_agency(agency)
        .in_year(year)
        .values_list("kind")
        .annotate(total=Sum("count"))
        .order_by()
    )
    for kind, total in rows:
        totals[kind] = total
    return totals
