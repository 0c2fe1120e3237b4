"""The public portal's annual reports (年度报告栏目): only published reports exist here.

A draft or signed report, an unknown agency or year are all 404: the public cannot tell a
report being drafted from one that does not exist.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from gongkai.agencies.models import Agency
from gongkai.annual_report.render import FORMATS
from gongkai.annual_report.render.html import render_fragment
from gongkai.reports.models import AnnualReport
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


def report_list(request, agency_slug: str):
    """The agency's published annual reports, newest first."""
    agency = get_object_or_404(Agency, slug=agency_slug)
    reports = list(published_reports(agency))
    return render(
        request,
        "reports/portal/report_list.html",
        {"agency": agency, "reports": reports},
    )


def report_detail(request, agency_slug: str, year: int):
    """One published report as HTML, with links to its DOCX and PDF."""
    report = _published(agency_slug, year)
    return render(
        request,
        "reports/portal/report_detail.html",
        {
            "agency": report.agency,
            "report": report,
            # render_fragment escapes every piece of text (the same HTML the export writes).
            "report_html": render_fragment(report_data_for(report)),
            "downloads": [(FORMATS[key].label, key.upper(), key) for key in PUBLIC_DOWNLOADS],
        },
    )


def report_download(request, agency_slug: str, year: int, fmt: str):
    """GET: a published report as DOCX or PDF; a failure is a Chinese page, not a traceback."""
    if fmt not in PUBLIC_DOWNLOADS:
        raise Http404
    report = _published(agency_slug, year)
    try:
        return report_file_response(report, fmt)
    except DownloadFailed as exc:
        return render(
            request,
            "reports/portal/download_failed.html",
            {"agency": report.agency, "report": report, "message": str(exc)},
            status=503,
        )
