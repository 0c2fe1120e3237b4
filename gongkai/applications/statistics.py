"""表三 (收到和处理政府信息公开申请情况) computed from the application records.

For agencies A and year Y, counting only received applications (``received_on`` set: a
submission not yet confirmed under 第31条, or discarded, is not an application in the legal
sense and never counts):

- 一、本年新收 (``received``): received in Y;
- 二、上年结转 (``carried_over``): received before Y and not finished before Y;
- 三、办理结果: finished (``closed_on``) in Y, one row per statistical outcome
  (``gongkai.statute.outcomes.table3_row`` for the format and layout), （七）``total`` their sum;
- 四、结转下年度继续办理 (``carried_forward``): received by the end of Y and not finished in Y.

each split by the applicant category (the six 表三 columns, ``total`` their sum). Every
application received by the end of Y and not finished before Y is in exactly one of 一/二 and
exactly one of 三/四, so R1 (一 + 二 = 三总计 + 四, per column), R3 and R4 hold by construction.

One aggregate query: the applications that touch Y (received by its end, not finished before its
start) grouped by (category, outcome) with four filtered counts. Grouping by category alone with
one filtered count per outcome (24 CASE expressions per row) measured slower on both SQLite and
PostgreSQL (``bench/applications_bench.py``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q

from gongkai.annual_report.model import ReportData, Table
from gongkai.applications.models import Application, ApplicationStatus
from gongkai.statute.outcomes import ApplicantCategory, Outcome, table3_row

__all__ = ["applications_table", "year_population"]


def year_population(agency_ids: Iterable[int] | None, year: int):
    """The applications that appear somewhere in 表三 of ``year``: received by 31 December and
    not finished before 1 January (of ``agency_ids``; None: every agency)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    applications = Application.objects.filter(
        received_on__isnull=False, received_on__lte=end
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    # A discarded submission was never received (the service refuses it after receipt); the
    # explicit exclusion keeps that true even for rows written some other way.
    applications = applications.exclude(status=ApplicationStatus.DISCARDED)
    if agency_ids is not None:
        applications = applications.filter(agency_id__in=list(agency_ids))
    return applications


def applications_table(
    agency_ids: Iterable[int] | None,
    year: int,
    format_id: str,
    variant: str | None = None,
) -> Table:
    """表三 of ``year`` for the agencies ``agency_ids`` (None: all; a region passes the ids of an
    agency and its descendants), in the rows of report format ``format_id`` and layout
    ``variant`` (``None``: the format's canonical layout, e.g. 2019 with one （六）其他处理 row).

    Returns ``{row_key: {column_key: int}}`` shaped like
    ``ReportData.empty(format_id).tables["applications"]``, every cell an int. One query.
    Raises ``gongkai.statute.outcomes.UnknownTable3Layout`` (a ``ValueError`` with a Chinese
    message) for a format or variant without a 表三 layout, ``ValueError`` for a stored outcome
    or category that is not one of the statute's.
    """
    # First: refuses an unknown format or layout with its Chinese message.
    row_of = {outcome: table3_row(outcome, format_id, variant) for outcome in Outcome}
    empty = ReportData.empty(format_id, variants={"applications": variant} if variant else {})
    table: Table = empty.tables["applications"]
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)

    groups = (
        year_population(agency_ids, year)
        .order_by()
        .values_list("applicant_category", "outcome")
        .annotate(
            received=Count("pk", filter=Q(received_on__gte=start)),
            carried_over=Count("pk", filter=Q(received_on__lt=start)),
            closed=Count("pk", filter=Q(closed_on__lte=end)),
            carried_forward=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        )
    )
    for category, outcome, received, carried_over, closed, carried_forward in groups:
        column = ApplicantCategory(category).value
        table["received"][column] += received
        table["carried_over"][column] += carried_over
        table["carried_forward"][column] += carried_forward
        if closed:
            table[row_of[Outcome(outcome)]][column] += closed
            table["total"][column] += closed

    for cells in table.values():
        # Every cell is a count here (``empty`` starts them at 0); ``or 0`` only types a Cell.
        cells["total"] = sum(v or 0 for k, v in cells.items() if k != "total")
    return table
