"""Writes to annual reports. Every change goes through one of these functions.

Each runs in ``transaction.atomic`` and records a Wagtail log entry (admin history). Invalid
input raises ``django.core.exceptions.ValidationError`` with Chinese messages and saves nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.annual_report.checks import check_report
from gongkai.annual_report.findings import Finding
from gongkai.annual_report.formats import UnknownFormat, format_for_year, get_format
from gongkai.annual_report.model import ReportData
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record
from gongkai.reports.figures import validate_tables
from gongkai.reports.models import ENTERED_TABLES, AnnualReport, ReportBasis, ReportStatus
from gongkai.reports.selectors import report_data_for


def _audit(user, action: AuditAction, report: AnnualReport, **detail) -> None:
    """The report's audit event, inside the caller's transaction (no personal data)."""
    audit_record(
        actor=_actor(user),
        action=action,
        target=report,
        detail={"year": report.year, **detail},
        system=user is None,
    )


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def _figure_tables(basis: str) -> tuple[str, ...]:
    """The tables a clerk enters (``ENTERED_TABLES``): none for a computed year."""
    return ENTERED_TABLES[ReportBasis(basis)]


def annual_report_create(
    *,
    agency,
    year: int,
    basis: ReportBasis | str = ReportBasis.COMPUTED,
    format_id: str | None = None,
    preamble: str = "",
    sections: dict[str, str] | None = None,
    notes: list[str] | None = None,
    user=None,
) -> AnnualReport:
    """Create the draft report of ``agency`` for ``year``.

    ``format_id`` defaults to the format in force for ``year`` (``format_for_year``). Raises
    ``ValidationError`` for a year without a format, an unknown format, unknown section keys, or
    a report that already exists for that agency and year.
    """
    try:
        fmt = get_format(format_id) if format_id else format_for_year(year)
    except UnknownFormat as exc:
        raise ValidationError(str(exc)) from None
    report = AnnualReport(
        agency=agency,
        year=year,
        format_id=fmt.id,
        basis=basis,
        preamble=preamble,
        sections=_checked_sections(fmt.id, sections or {}),
        notes=list(notes or []),
        created_by=_actor(user),
    )
    report.full_clean()
    with transaction.atomic():
        report.save()
        _audit(user, AuditAction.REPORT_CREATE, report)
    return report


def _checked_sections(format_id: str, sections: dict[str, str]) -> dict[str, str]:
    keys = [s.key for s in get_format(format_id).sections]
    unknown = sorted(set(sections) - set(keys))
    if unknown:
        raise ValidationError(f"{format_id} 年格式没有这些部分：{'、'.join(unknown)}。")
    return {key: str(sections.get(key) or "").strip() for key in keys}


def annual_report_update_sections(
    *,
    report: AnnualReport,
    sections: dict[str, str],
    preamble: str | None = None,
    user=None,
) -> AnnualReport:
    """Replace the narrative of ``report`` (the sections given; others keep their text).

    ``preamble`` is changed only when given. Raises ``ValidationError`` for unknown section keys.
    """
    merged = {**(report.sections or {}), **sections}
    report.sections = _checked_sections(report.format_id, merged)
    if preamble is not None:
        report.preamble = preamble.strip()
    with transaction.atomic():
        report.save(update_fields=["sections", "preamble", "updated_at"])
        _audit(user, AuditAction.REPORT_UPDATE_SECTIONS, report, sections=sorted(sections))
    return report


def annual_report_record_figures(
    *, report: AnnualReport, tables: dict[str, Any], user=None
) -> list[Finding]:
    """Store the entered tables of ``report`` and return what ``check_report`` finds.

    ``tables`` is ``{table: {row: {column: value}}}`` with canonical keys; each table given
    replaces the stored one (a missing row is stored blank). Only known rows and columns and
    values of the column's type are accepted, else ``ValidationError`` (every problem, in
    Chinese) and nothing is saved. Findings of the checks (e.g. R5 in 表四) do not stop the
    save: a report being entered is inconsistent until it is finished, and a published report
    entered as printed may be wrong — the 核对 screen shows them.
    """
    fmt = get_format(report.format_id)
    parsed = validate_tables(
        fmt, tables, allowed=_figure_tables(report.basis), variants=report.variants
    )
    canonical = ReportData(format_id=fmt.id, tables=parsed).to_json()["tables"]
    with transaction.atomic():
        report.figures = {**(report.figures or {}), **canonical}
        report.save(update_fields=["figures", "updated_at"])
        _audit(user, AuditAction.REPORT_RECORD_FIGURES, report, tables=sorted(parsed))
    return check_report(report_data_for(report))


def annual_report_publish(
    *, report: AnnualReport, user=None, when: datetime.datetime | None = None
) -> AnnualReport:
    """Mark ``report`` published (shown on the public portal) at ``when`` (default: now).

    The 三级审签 sign-off workflow is a later issue; until it exists, publishing is this one step.
    Publishing a published report changes nothing.
    """
    if report.status == ReportStatus.PUBLISHED:
        return report
    report.status = ReportStatus.PUBLISHED
    report.published_at = when or timezone.now()
    with transaction.atomic():
        report.save(update_fields=["status", "published_at", "updated_at"])
        _audit(user, AuditAction.REPORT_PUBLISH, report)
    return report
