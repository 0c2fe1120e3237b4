"""Wagtail screens narrowed to the users who may see them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

REPORTS = {"page_types_usage": PageTypesUsageReportView}


def superusers_only_report(name: str, *, results: bool = False):
    """Wagtail's report ``name`` for superusers; 403 for staff. The page types usage report
    lists every agency's pages (the last edited of each type) by their code names."""
    view_class = REPORTS[name]
    view = view_class.as_view(results_only=True) if results else view_class.as_view()

    @require_admin_access
    def report(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return report
