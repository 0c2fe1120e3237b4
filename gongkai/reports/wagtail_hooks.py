"""Back-office screens of the annual report (menu "年度报告").

The listing and "添加" are Wagtail's generic views narrowed to the user's agencies; editing is
ours (``gongkai.reports.views.admin``): 编辑正文 takes the generic "edit" URL name so the listing
links there, plus 录入表格, 核对 and the downloads. Deleting a report is for superusers only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import path
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from gongkai.agencies.admin_views import AgencyScopedViewSet
from gongkai.agencies.permissions import (
    AgencyStaffPermissionPolicy,
    agencies_visible_to,
    filter_by_agency,
)
from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.reports.views import admin as views

register_permission_policy(AnnualReport, AgencyStaffPermissionPolicy(AnnualReport))


class AnnualReportIndexView(generic.IndexView):
    def get_base_queryset(self):
        return filter_by_agency(super().get_base_queryset(), self.request.user).select_related(
            "agency"
        )

    def get_edit_url(self, instance):
        # The title links to 核对, the report's home screen (findings, edit links, downloads).
        return views.admin_url("check", instance.pk)


class AnnualReportCreateView(generic.CreateView):
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        form.fields["agency"].queryset = agencies_visible_to(self.request.user)
        fmt = form.fields["format_id"]
        fmt.required = False
        fmt.choices = [("", "按报告年度自动选择"), *[c for c in fmt.choices if c[0]]]
        return form

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)

    def save_instance(self) -> AnnualReport:
        data = self.form.cleaned_data
        return services.annual_report_create(
            agency=data["agency"],
            year=data["year"],
            basis=data["basis"],
            format_id=data.get("format_id") or None,
            user=self.request.user,
        )

    def get_success_url(self):
        return views.admin_url("edit", self.object.pk)


class AnnualReportDeleteView(generic.DeleteView):
    def get_queryset(self):
        return filter_by_agency(AnnualReport.objects.all(), self.request.user)


class AnnualReportViewSet(AgencyScopedViewSet, ModelViewSet):
    model = AnnualReport
    icon = "doc-full"
    menu_label = "年度报告"
    menu_order = 330
    add_to_admin_menu = True
    index_view_class = AnnualReportIndexView
    add_view_class = AnnualReportCreateView
    delete_view_class = AnnualReportDeleteView
    copy_view_enabled = False
    list_display = ["__str__", "agency", "year", "format_id", "basis", "status"]
    list_filter = ["status", "basis", "year"]
    form_fields = ["agency", "year", "basis", "format_id"]

    def get_urlpatterns(self):
        ours = [
            path("edit/<int:pk>/", views.SectionsView.as_view(), name="edit"),
            path("figures/<int:pk>/", views.FiguresView.as_view(), name="figures"),
            path("check/<int:pk>/", views.CheckView.as_view(), name="check"),
            path("download/<int:pk>/<str:fmt>/", views.DownloadView.as_view(), name="download"),
        ]
        generic_ones = [p for p in super().get_urlpatterns() if p.name not in {"edit", "copy"}]
        # The index must stay first: Wagtail's menu item links to the first pattern.
        return generic_ones + ours


@hooks.register("register_admin_viewset")
def register_annual_report_viewset() -> AnnualReportViewSet:
    return AnnualReportViewSet(views.URL_PREFIX)
