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


def matters_in_force(agency_id: int, on) -> dict[str, int]:
    """``{matter kind: number on the list}`` at the end of ``on`` (a date), one query."""
    from django.db.models import Count, Q

    from gongkai.registers.models import Matter, MatterKind

    counts = dict.fromkeys(MatterKind.values, 0)
    rows = (
        Matter.objects.filter(agency_id=agency_id, listed_on__lte=on)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=on))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts


def register_totals(agency_id: int, year: int) -> dict[str, tuple[int, object]]:
    """``{entry kind: (count, amount in 元)}`` over ``year``, one query."""
    from decimal import Decimal

    from gongkai.registers.models import RegisterEntry, RegisterEntryKind

    totals: dict[str, tuple[int, object]] = {k: (0, Decimal(0)) for k in RegisterEntryKind.values}
    rows = (
        RegisterEntry.objects.filter(agency_id=agency_id, date__year=year)
        .values_list("kind")
        .annotate(n=Sum("count"), amount=Sum("amount_yuan"))
        .order_by()
    )
    for kind, n, amount in rows:
        totals[kind] = (n or 0, amount or Decimal(0))
    return totals
