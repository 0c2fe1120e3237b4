"""The back-office audit log (menu "审计日志"): a read-only listing with filters.

Only the listing exists (no add, edit, delete, copy, history or inspect URL); who sees the menu
item and which rows is ``gongkai.audit.permissions``.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import path
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from gongkai.agencies.models import Agency, StaffMembership
from gongkai.audit import selectors
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.audit.permissions import (
    AuditLogPermissionPolicy,
    audit_agency_ids,
    user_reads_whole_audit_log,
)
from gongkai.audit.services import audit_record

register_permission_policy(AuditEvent, AuditLogPermissionPolicy(AuditEvent))


def _agency_choices(request):
    if request is None:
        return Agency.objects.none()
    if user_reads_whole_audit_log(request.user):
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=audit_agency_ids(request.user))


def _actor_choices(request):
    """Staff of the agencies the reader audits (superusers: every account)."""
    users = get_user_model()._default_manager.order_by("username")
    if request is None:
        return users.none()
    if user_reads_whole_audit_log(request.user):
        return users
    staff = StaffMembership.objects.filter(agency_id__in=audit_agency_ids(request.user))
    return users.filter(pk__in=staff.values("user_id"))


class AuditEventFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label="操作", choices=AuditAction.choices, empty_label="全部"
    )
    agency = django_filters.ModelChoiceFilter(
        label="机关", queryset=_agency_choices, empty_label="全部"
    )
    actor = django_filters.ModelChoiceFilter(
        label="操作人", queryset=_actor_choices, empty_label="全部"
    )
    at = django_filters.DateFromToRangeFilter(label="日期", widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields = ["action", "agency", "actor", "at"]


def _local_time(event: AuditEvent) -> str:
    return event.local_time


class AuditEventIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.audit_events_visible_to(self.request.user)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # An export is itself on the record: who took a copy of which part of the log.
        with transaction.atomic():
            audit_record(
                actor=self.request.user,
                action=AuditAction.AUDIT_EXPORT,
                request=self.request,
                target_label=f"审计日志（{spreadsheet_format.upper()}）",
                detail={"format": spreadsheet_format, "query": self.request.GET.urlencode()[:500]},
            )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = "审计日志"
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = AuditEventIndexView
    filterset_class = AuditEventFilterSet
    search_fields = ["target_label", "actor_name"]
    list_display = [
        Column("at", label="时间", accessor=_local_time, sort_key="at"),
        Column("actor_name", label="操作人"),
        Column("agency", label="机关"),
        Column("action", label="操作", accessor="action_label"),
        Column("target_label", label="对象"),
    ]
    list_per_page = 50
    # CSV and XLSX (the listing's 导出 buttons): the same rows the reader sees, every column.
    list_export = [
        "local_time",
        "actor_name",
        "agency_name",
        "action_label",
        "target_label",
        "target_type",
        "target_id",
        "ip_address",
        "detail_text",
        "chain_index",
        "chain_hash",
    ]
    export_headings = {
        "local_time": "时间",
        "actor_name": "操作人",
        "agency_name": "机关",
        "action_label": "操作",
        "target_label": "对象",
        "target_type": "对象类型",
        "target_id": "对象编号",
        "ip_address": "IP 地址",
        "detail_text": "详情",
        "chain_index": "链序号",
        "chain_hash": "链散列",
    }
    export_filename = "audit-log"
    copy_view_enabled = False
    # Wagtail's reference index would add five queries to every audit_record() insert.
    add_to_reference_index = False

    def get_urlpatterns(self):
        # Read-only: the log is written by gongkai.audit.services alone, never by hand.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_permissions_to_register(self):
        # Group permissions mean nothing here (the policy decides by staff role): offer none.
        return Permission.objects.none()


@hooks.register("register_admin_viewset")
def register_audit_viewset() -> AuditEventViewSet:
    return AuditEventViewSet("audit_log")
