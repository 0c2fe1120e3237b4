"""Back-office screens of an annual report beyond the listing: 正文, 表格录入, 核对, 下载.

Every screen loads the report through ``reports_visible_to(user)``: a report of another agency
does not exist for a clerk (404). Writes need the ``change`` permission of the agency policy
and go through ``gongkai.reports.services``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from gongkai.annual_report.checks import check_report
from gongkai.annual_report.findings import ERROR
from gongkai.annual_report.render import FORMATS
from gongkai.registers.models import WorkLogKind
from gongkai.registers.selectors import work_log_yearly_totals
from gongkai.reports import services
from gongkai.reports.forms import FiguresForm, SectionsForm
from gongkai.reports.models import ENTERED_TABLES, AnnualReport
from gongkai.reports.selectors import report_data_for, reports_visible_to
from gongkai.reports.views.downloads import DownloadFailed, report_file_response

URL_PREFIX = "annual_reports"


def admin_url(name: str, *args) -> str:
    return reverse(f"{URL_PREFIX}:{name}", args=args)


if TYPE_CHECKING:
    # Checked as the Wagtail admin view it is mixed into (Wagtail ships no types: Any).
    from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin as _AdminView
else:
    _AdminView = object


class _ReportMixin(_AdminView):
    """Loads ``self.report`` (404 unless visible to the user); POST needs ``change``."""

    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.report = get_object_or_404(reports_visible_to(request.user), pk=kwargs["pk"])
        if request.method == "POST":
            policy = policy_registry.get_by_type(AnnualReport)
            if not policy.user_has_permission_for_instance(request.user, "change", self.report):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.report)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": admin_url("index"), "label": "年度报告"},
            {"url": admin_url("check", self.report.pk), "label": str(self.report)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        context["links"] = {
            "check": admin_url("check", self.report.pk),
            "sections": admin_url("edit", self.report.pk),
            # A computed year has nothing to type in.
            "figures": admin_url("figures", self.report.pk)
            if ENTERED_TABLES[self.report.basis]
            else "",
        }
        return context


class SectionsView(_ReportMixin, WagtailAdminTemplateMixin, FormView):
    """编辑正文: the preamble and one textarea per section of the format."""

    page_title = "编辑正文"
    template_name = "reports/admin/sections.html"

    def get_form(self, form_class=None):
        return SectionsForm(self.request.POST or None, report=self.report)

    def form_valid(self, form):
        services.annual_report_update_sections(
            report=self.report,
            sections=form.sections(),
            preamble=form.cleaned_data["preamble"],
            user=self.request.user,
        )
        messages.success(self.request, "正文已保存。")
        return redirect(admin_url("check", self.report.pk))


class FiguresView(_ReportMixin, WagtailAdminTemplateMixin, FormView):
    """录入表格: a grid of 表二 (and 表三/表四 for a recorded year) from the format definition."""

    page_title = "录入表格"
    template_name = "reports/admin/figures.html"

    def get(self, request, *args, **kwargs):
        if not ENTERED_TABLES[self.report.basis]:
            messages.info(
                request,
                "本报告按系统记录生成：表二来自主动公开目录和第二十条登记台账，表三来自申请办理记录，"
                "无需录入表格。",
            )
            return redirect(admin_url("check", self.report.pk))
        return super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return FiguresForm(self.request.POST or None, report=self.report)

    def form_valid(self, form):
        try:
            findings = services.annual_report_record_figures(
                report=self.report, tables=form.tables_data(), user=self.request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        errors = sum(1 for f in findings if f.severity == ERROR)
        if errors:
            messages.warning(
                self.request, f"表格已保存，但核对发现 {errors} 个错误，请查看下方核对结果。"
            )
        else:
            messages.success(self.request, "表格已保存，核对未发现错误。")
        return redirect(admin_url("check", self.report.pk))

    def form_invalid(self, form):
        messages.error(self.request, "表格中有填写错误，未作任何保存，请按提示修改。")
        return super().form_invalid(form)


class CheckView(_ReportMixin, WagtailAdminTemplateMixin, TemplateView):
    """核对: the findings of ``check_report``, the work-log figures and the download links."""

    page_title = "核对"
    template_name = "reports/admin/check.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        findings = check_report(report_data_for(self.report))
        context["errors"] = [f for f in findings if f.severity == ERROR]
        context["warnings"] = [f for f in findings if f.severity != ERROR]
        totals = work_log_yearly_totals(self.report.agency, self.report.year)
        context["work_log"] = [(label, totals[kind]) for kind, label in WorkLogKind.choices]
        context["downloads"] = [
            (
                output.label,
                output.extension.lstrip(".").upper(),
                admin_url("download", self.report.pk, key),
            )
            for key, output in FORMATS.items()
        ]
        return context


class DownloadView(_ReportMixin, View):
    """GET: the report as DOCX/PDF/HTML/XLSX/JSON. A failure is a Chinese message, not a traceback."""

    http_method_names = ["get"]

    def get(self, request, pk: int, fmt: str):
        try:
            return report_file_response(self.report, fmt)
        except DownloadFailed as exc:
            messages.error(request, str(exc))
            return redirect(admin_url("check", self.report.pk))
