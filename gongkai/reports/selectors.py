"""Reads of annual reports: who may see which, and the ``ReportData`` of a stored report.

How the tables of a report are assembled (``report_data_for``):

- ``basis=recorded`` (a year before the agency adopted Gongkai, e.g. the seed bureau's 2020):
  表二, 表三 and 表四 are the stored ``figures``, exactly as entered.
- ``basis=computed``: 表二 is computed from the catalogue and the 第二十条 registers
  (``reports.proactive``); 表三 is computed from the agency's applications
  (``gongkai.applications.statistics.applications_table``) and 表四 from the appeal records.
  The appeals app does not exist yet, so 表四 is all zeros — the true count of what the system
  has recorded; ``_computed_appeals`` is the place to change when it lands.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import filter_by_agency
from gongkai.annual_report.model import ReportData, Table
from gongkai.applications.statistics import applications_table
from gongkai.reports.models import AnnualReport, ReportBasis
from gongkai.reports.proactive import proactive_table

# A list of reports shows titles and years: decoding every report's tables and text (JSON) for
# it was most of the portal front page's database time.
LISTING_DEFERRED = ("figures", "variants", "sections", "notes", "preamble")


class ReportNotFound(LookupError):
    """No such agency, or no report of it for that year; the message is for the user (Chinese)."""


def reports_visible_to(user) -> QuerySet[AnnualReport]:
    """The reports ``user`` may see in the back office: their agencies' (superusers: all)."""
    return filter_by_agency(AnnualReport.objects.select_related("agency"), user)


def published_reports(agency: Agency) -> QuerySet[AnnualReport]:
    """The agency's published reports, newest year first (the public portal's list)."""
    return (
        AnnualReport.objects.published()
        .filter(agency=agency)
        .select_related("agency")
        .defer(*LISTING_DEFERRED)
        .order_by("-year")
    )


def published_reports_by_agency(
    within: Agency | None = None,
) -> list[tuple[Agency, list[AnnualReport]]]:
    """Agencies with published reports and those reports (newest first), for the portal's front.

    ``within``: only that agency and the agencies directly under it (a county government's
    column lists its departments); None: every agency. One query.
    """
    reports = (
        AnnualReport.objects.published()
        .select_related("agency")
        .defer(*LISTING_DEFERRED)
        .order_by("agency__name", "-year")
    )
    if within is not None:
        reports = reports.filter(Q(agency=within) | Q(agency__parent=within))
    grouped: dict[int, tuple[Agency, list[AnnualReport]]] = {}
    for report in reports:
        grouped.setdefault(report.agency_id, (report.agency, []))[1].append(report)
    return list(grouped.values())


def report_get(agency_slug: str, year: int) -> AnnualReport:
    """The stored report of agency ``agency_slug`` for ``year``; raises ``ReportNotFound``."""
    report = (
        AnnualReport.objects.select_related("agency")
        .filter(agency__slug=agency_slug, year=year)
        .first()
    )
    if report is not None:
        return report
    if not Agency.objects.filter(slug=agency_slug).exists():
        raise ReportNotFound(f"未找到机关 {agency_slug}")
    raise ReportNotFound(f"未找到机关 {agency_slug} 的 {year} 年度报告")


def report_data(agency_slug: str, year: int) -> ReportData:
    """The ``ReportData`` of agency ``agency_slug``'s report for ``year``, whatever its status.

    Raises ``ReportNotFound`` ("未找到机关 xxx" / "未找到机关 xxx 的 2020 年度报告").
    """
    return report_data_for(report_get(agency_slug, year))


def report_data_for(report: AnnualReport) -> ReportData:
    """The ``ReportData`` of a stored report (see the module docstring for where tables come from).

    Every section of the format is present (an empty string where nothing was written).
    """
    fmt_id = report.format_id
    stored = ReportData.from_json({"format": fmt_id, "tables": report.figures or {}})
    tables: dict[str, Table] = dict(stored.tables)
    if report.basis == ReportBasis.COMPUTED:
        empty = ReportData.empty(fmt_id, variants=dict(report.variants or {}))
        tables["proactive"] = proactive_table(
            report.agency_id, report.year, empty.tables["proactive"]
        )
        tables["applications"] = _computed_applications(report, empty)
        tables["appeals"] = _computed_appeals(report, empty)
    fmt = stored.format
    sections = {s.key: str((report.sections or {}).get(s.key) or "") for s in fmt.sections}
    return ReportData(
        format_id=fmt_id,
        year=report.year,
        agency=report.agency.name,
        title=str(report),
        tables={
            key: tables[key] for key in ("proactive", "applications", "appeals") if key in tables
        },
        sections=sections,
        variants=dict(report.variants or {}),
        notes=list(report.notes or []),
        preamble=report.preamble,
    )


def _computed_applications(report: AnnualReport, empty: ReportData) -> Table:
    """表三 from the agency's application records of the report's year, in the report's format
    and 表三 layout (``variants["applications"]``); one query (``applications_table``)."""
    return applications_table(
        [report.agency_id],
        report.year,
        report.format_id,
        (report.variants or {}).get("applications"),
    )


def _computed_appeals(report: AnnualReport, empty: ReportData) -> Table:
    """表四 from the appeal records. No appeals app yet: no records, all zeros."""
    return empty.tables["appeals"]
