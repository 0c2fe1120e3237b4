"""The public portal's annual reports (年度报告栏目): only published reports exist here.

A draft or signed report, an unknown agency or year are all 404: the public cannot tell a
report being drafted from one that does not exist.

Caching (``gongkai.httpcache``): a report page and its files carry an ETag made of the report's
data — exactly what they show, 表三 of a computed report included — so a correction or a
change in the records changes it; ``Cache-Control: public, max-age=60``. A report recorded as
figures also carries Last-Modified. A 304 costs the report's query (and 表三's), not the render.
"""

from __future__ import annotations

import json

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from gongkai.agencies.models import Agency
from gongkai.annual_report.model import ReportData
from gongkai.annual_report.render import FORMATS
from gongkai.annual_report.render.html import render_fragment
from gongkai.httpcache.conditional import (
    PUBLIC_REVALIDATE,
    PUBLIC_SHORT,
    etag,
    finish,
    not_modified,
)
from gongkai.httpcache.version import public_version
from gongkai.reports.models import AnnualReport, ReportBasis
from gongkai.reports.selectors import published_reports, report_data_for
from gongkai.reports.views.downloads import DownloadFailed, report_file_response

# The portal offers the printable files; XLSX and JSON are for the back office and the CLI.
PUBLIC_DOWNLOADS = ("docx", "pdf")


def _published(agency_slug: str, year: int) -> AnnualReport:
    return get_object_or_404(
        AnnualReport.objects.published().select_related("agency"),
        agency__slug=agency_slug,
        year=year,
    )


def _validators(report: AnnualReport, data: ReportData, *parts: object):
    """The ETag of what a report page or file shows, and its Last-Modified if it has one."""
    shown = json.dumps(data.to_json(), ensure_ascii=False, sort_keys=True)
    tag = etag("report", public_version(), report.pk, shown, *parts)
    # A computed report's 表三 changes with the records, after the report's own updated_at.
    recorded = report.basis == ReportBasis.RECORDED
    return tag, (report.updated_at if recorded else None)


def report_list(request, agency_slug: str):
    """The agency's published annual reports, newest first."""
    # The public version changes with every agency and report saved: no query for a 304.
    tag = etag("report-list", public_version(), agency_slug)
    unchanged = not_modified(request, tag, cache_control=PUBLIC_REVALIDATE)
    if unchanged is not None:
        return unchanged
    agency = get_object_or_404(Agency, slug=agency_slug)
    reports = list(published_reports(agency))
    response = render(
        request,
        "reports/portal/report_list.html",
        {"agency": agency, "reports": reports},
    )
    return finish(response, tag, cache_control=PUBLIC_REVALIDATE)


def report_detail(request, agency_slug: str, year: int):
    """One published report as HTML, with links to its DOCX and PDF."""
    report = _published(agency_slug, year)
    data = report_data_for(report)
    tag, last_modified = _validators(report, data)
    unchanged = not_modified(request, tag, last_modified=last_modified, cache_control=PUBLIC_SHORT)
    if unchanged is not None:
        return unchanged
    response = render(
        request,
        "reports/portal/report_detail.html",
        {
            "agency": report.agency,
            "report": report,
            # render_fragment escapes every piece of text (the same HTML the export writes).
            "report_html": render_fragment(data),
            "downloads": [(FORMATS[key].label, key.upper(), key) for key in PUBLIC_DOWNLOADS],
        },
    )
    return finish(response, tag, last_modified=last_modified, cache_control=PUBLIC_SHORT)


def report_download(request, agency_slug: str, year: int, fmt: str):
    """GET: a published report as DOCX or PDF; a failure is a Chinese page, not a traceback."""
    if fmt not in PUBLIC_DOWNLOADS:
        raise Http404
    report = _published(agency_slug, year)
    data = report_data_for(report)
    tag, last_modified = _validators(report, data, fmt)
    unchanged = not_modified(request, tag, last_modified=last_modified, cache_control=PUBLIC_SHORT)
    if unchanged is not None:
        return unchanged
    try:
        response = report_file_response(report, fmt, data=data)
        return finish(response, tag, last_modified=last_modified, cache_control=PUBLIC_SHORT)
    except DownloadFailed as exc:
        return render(
            request,
            "reports/portal/download_failed.html",
            {"agency": report.agency, "report": report, "message": str(exc)},
            status=503,
        )
