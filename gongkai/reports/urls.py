"""Public URLs of the annual reports, under /gongkai/<agency-slug>/reports/."""

from django.urls import path

from gongkai.reports.views import public

app_name = "reports"

urlpatterns = [
    path("<slug:agency_slug>/reports/", public.report_list, name="list"),
    path("<slug:agency_slug>/reports/<int:year>/", public.report_detail, name="detail"),
    path(
        "<slug:agency_slug>/reports/<int:year>/download/<str:fmt>/",
        public.report_download,
        name="download",
    ),
]
