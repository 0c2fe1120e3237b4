"""One place that turns a report into a file download, for the back office and the portal."""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from gongkai.annual_report.model import ReportData
from gongkai.annual_report.render import FORMATS, RenderError, render
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import report_data_for

logger = logging.getLogger(__name__)


class DownloadFailed(Exception):
    """The file could not be produced; the message is for the user (Chinese, no traceback)."""


def report_file_response(
    report: AnnualReport, fmt: str, *, data: ReportData | None = None
) -> HttpResponse:
    """``report`` rendered as ``fmt`` as an attachment response; raises ``DownloadFailed``.

    ``data``: the report's ``ReportData`` if the caller has it already (else read here)."""
    output = FORMATS.get(fmt)
    if output is None:
        raise DownloadFailed(f"不支持的下载格式：{fmt}")
    try:
        content = render(data if data is not None else report_data_for(report), fmt)
    except RenderError as exc:
        raise DownloadFailed(str(exc)) from None
    except Exception:
        # A renderer bug must not show a traceback to a clerk or the public: log it for the
        # administrator and tell the user plainly.
        logger.exception("rendering report %s as %s failed", report.pk, fmt)
        raise DownloadFailed(f"生成{output.label}时出错，请稍后重试或联系系统管理员。") from None
    response = HttpResponse(content, content_type=output.media_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{report}{output.extension}"
    )
    return response
