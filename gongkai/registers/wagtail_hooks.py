"""Back-office screens for the work log (menu "工作台账").

Staff see and record only their own agencies' entries (``gongkai.agencies.permissions``); the
generic views save through ``gongkai.registers.services`` so the log entry is always written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from gongkai.registers import services
from gongkai.registers.models import WorkLogEntry

FIELDS = ["agency", "kind", "date", "count", "title", "note"]

register_permission_policy(
    WorkLogEntry,
    AgencyStaffPermissionPolicy(WorkLogEntry, staff_actions=("add", "change", "delete", "view")),
)


if TYPE_CHECKING:
    # Checked as the Wagtail model form views it is mixed into (Wagtail ships no types: Any).
    from wagtail.admin.views.generic.models import CreateView as _ModelFormView
else:
    _ModelFormView = object


class _OwnAgencyMixin(_ModelFormView):
    """Only the user's agencies' entries exist for these views; others are 404."""

    def get_queryset(self):
        return filter_by_agency(WorkLogEntry.objects.all(), self.request.user)

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


class WorkLogIndexView(generic.IndexView):
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


class WorkLogViewSet(AgencyScopedViewSet, ModelViewSet):
    model = WorkLogEntry
    icon = "list-ul"
    menu_label = "工作台账"
    menu_order = 320
    add_to_admin_menu = True
    index_view_class = WorkLogIndexView
    add_view_class = WorkLogCreateView
    edit_view_class = WorkLogEditView
    delete_view_class = WorkLogDeleteView
    copy_view_enabled = False
    list_display = ["date", "kind", "count", "title", "agency"]
    list_filter = ["kind"]
    search_fields = ["title", "note"]
    form_fields = FIELDS
    list_per_page = 50


@hooks.register("register_admin_viewset")
def register_work_log_viewset() -> WorkLogViewSet:
    return WorkLogViewSet("work_log")
