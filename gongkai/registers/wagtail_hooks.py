"""Back-office screens for the work log and the 第二十条 registers (menu "台账").

Staff see and record only their own agencies' entries (``gongkai.agencies.permissions``); the
generic views save through ``gongkai.registers.services`` so the log entry is always written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from gongkai.agencies.admin_views import AgencyScopedViewSet
from gongkai.agencies.permissions import (
    AgencyStaffPermissionPolicy,
    agencies_visible_to,
    filter_by_agency,
)
from gongkai.registers import services
from gongkai.registers.models import Matter, RegisterEntry, WorkLogEntry

FIELDS = ["agency", "kind", "date", "count", "title", "note"]

for _model in (WorkLogEntry, Matter, RegisterEntry):
    register_permission_policy(
        _model,
        AgencyStaffPermissionPolicy(_model, staff_actions=("add", "change", "delete", "view")),
    )


if TYPE_CHECKING:
    # Checked as the Wagtail model form views it is mixed into (Wagtail ships no types: Any).
    from wagtail.admin.views.generic.models import CreateView as _ModelFormView
else:
    _ModelFormView = object


class _OwnAgencyMixin(_ModelFormView):
    """Only the user's agencies' records exist for these views; others are 404."""

    def get_queryset(self):
        return filter_by_agency(self.model.objects.all(), self.request.user)

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if "agency" in form.fields:
            agencies = agencies_visible_to(self.request.user)
            form.fields["agency"].queryset = agencies
            if not form.is_bound and form.initial.get("agency") is None:
                only = list(agencies[:2])
                if len(only) == 1:
                    form.initial["agency"] = only[0].pk
        return form


class AgencyRecordIndexView(generic.IndexView):
    def get_base_queryset(self):
        return filter_by_agency(super().get_base_queryset(), self.request.user).select_related(
            "agency"
        )


class WorkLogCreateView(_OwnAgencyMixin, generic.CreateView):
    def save_instance(self) -> WorkLogEntry:
        data = self.form.cleaned_data
        return services.work_log_record(
            agency=data["agency"],
            kind=data["kind"],
            date=data["date"],
            count=data["count"],
            title=data.get("title", ""),
            note=data.get("note", ""),
            user=self.request.user,
        )


class WorkLogEditView(_OwnAgencyMixin, generic.EditView):
    def save_instance(self) -> WorkLogEntry:
        data = self.form.cleaned_data
        # The agency of an entry does not move: a mistaken agency is a delete and a new entry.
        self.object.agency_id = WorkLogEntry.objects.values_list("agency_id", flat=True).get(
            pk=self.object.pk
        )
        return services.work_log_update(
            entry=self.object,
            user=self.request.user,
            **{k: data[k] for k in ("kind", "date", "count", "title", "note")},
        )


class WorkLogDeleteView(generic.DeleteView):
    def get_queryset(self):
        return filter_by_agency(WorkLogEntry.objects.all(), self.request.user)

    def delete_action(self) -> None:
        services.work_log_delete(entry=self.object, user=self.request.user)


class RegisterCreateView(_OwnAgencyMixin, generic.CreateView):
    def save_instance(self):
        record = self.form.save(commit=False)
        return services.register_record_save(record=record, user=self.request.user)


class RegisterEditView(_OwnAgencyMixin, generic.EditView):
    def save_instance(self):
        record = self.form.save(commit=False)
        # A record's agency does not move: a mistaken agency is a delete and a new record.
        record.agency_id = self.model.objects.values_list("agency_id", flat=True).get(pk=record.pk)
        return services.register_record_save(record=record, user=self.request.user)


class RegisterDeleteView(generic.DeleteView):
    def get_queryset(self):
        return filter_by_agency(self.model.objects.all(), self.request.user)

    def delete_action(self) -> None:
        services.register_record_delete(record=self.object, user=self.request.user)


class _RegisterViewSet(AgencyScopedViewSet, ModelViewSet):
    index_view_class = AgencyRecordIndexView
    add_view_class = RegisterCreateView
    edit_view_class = RegisterEditView
    delete_view_class = RegisterDeleteView
    copy_view_enabled = False
    list_per_page = 50


class MatterViewSet(_RegisterViewSet):
    model = Matter
    icon = "list-ol"
    menu_label = "事项清单"
    menu_order = 20
    list_display = ["kind", "name", "listed_on", "removed_on", "agency"]
    list_filter = ["kind"]
    search_fields = ["name", "basis"]
    form_fields = ["agency", "kind", "name", "basis", "listed_on", "removed_on"]


class RegisterEntryViewSet(_RegisterViewSet):
    model = RegisterEntry
    icon = "tasks"
    menu_label = "第二十条登记台账"
    menu_order = 30
    list_display = ["date", "kind", "count", "amount_yuan", "title", "agency"]
    list_filter = ["kind"]
    search_fields = ["title"]
    form_fields = ["agency", "kind", "date", "count", "amount_yuan", "title"]


class WorkLogViewSet(AgencyScopedViewSet, ModelViewSet):
    model = WorkLogEntry
    icon = "list-ul"
    menu_label = "工作台账"
    menu_order = 10
    index_view_class = AgencyRecordIndexView
    add_view_class = WorkLogCreateView
    edit_view_class = WorkLogEditView
    delete_view_class = WorkLogDeleteView
    copy_view_enabled = False
    list_display = ["date", "kind", "count", "title", "agency"]
    list_filter = ["kind"]
    search_fields = ["title", "note"]
    form_fields = FIELDS
    list_per_page = 50


class RegistersViewSetGroup(ModelViewSetGroup):
    menu_label = "台账"
    menu_icon = "list-ul"
    menu_order = 320
    items = (
        WorkLogViewSet("work_log"),
        MatterViewSet("matters"),
        RegisterEntryViewSet("register_entries"),
    )


@hooks.register("register_admin_viewset")
def register_registers_viewsets() -> RegistersViewSetGroup:
    return RegistersViewSetGroup()
