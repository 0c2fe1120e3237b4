"""Back-office screens for the working-day calendar (menu "工作日历").

For the users ``can_edit_calendar`` allows (superusers, 系统管理员, 主管部门): the rows
(放假和调休), the confirmed years (已确认年度), the screen 录入节假日安排 (``views``), and from
October 1 a dashboard reminder when next year's arrangement is still missing.

Wagtail's generic views save through the form; these subclasses route the writes through
``gongkai.workdays.services`` instead, so validation, the log entry and the calendar cache
invalidation are the same whether a change comes from the admin, the CLI or code. The forms
still validate first (``CalendarDay.clean`` and the unique checks), so errors appear next to the
field in Chinese. After the change commits the services recompute open applications' deadlines;
the views pass ``on_recomputed`` so the editor is told how many moved and which could not be
computed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from gongkai.agencies.permissions import CALENDAR_EDITOR_ROLES, can_edit_calendar
from gongkai.workdays import services
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.selectors import missing_year_warning, next_year_missing
from gongkai.workdays.signals import RecomputeReport
from gongkai.workdays.views import ArrangementView

DAY_FIELDS = ["date", "kind", "note", "source"]
YEAR_FIELDS = ["year", "notice_number", "published_on"]


class CalendarPermissionPolicy(BasePermissionPolicy):
    """Every action on the calendar's rows for the users ``can_edit_calendar`` allows."""

    def user_has_permission(self, user, action: str) -> bool:
        return can_edit_calendar(user)

    def users_with_any_permission(self, actions):
        users = get_user_model()._default_manager.filter(is_active=True)
        roles = Q(agency_memberships__role__in=CALENDAR_EDITOR_ROLES)
        return users.filter(Q(is_superuser=True) | roles).distinct()


register_permission_policy(CalendarDay, CalendarPermissionPolicy(CalendarDay))
register_permission_policy(CalendarYear, CalendarPermissionPolicy(CalendarYear))


class RecomputeReportMixin:
    """Shows the result of the deadline recomputation a calendar change triggers."""

    request: HttpRequest  # set by the view it is mixed into (``View.setup``)

    def report_recompute(self, result: RecomputeReport) -> None:
        # The receiver's result words itself (``describe``): this app never imports applications.
        done, failed = result.describe()
        messages.info(self.request, done)
        if failed:
            messages.warning(self.request, failed)


class CalendarDayCreateView(RecomputeReportMixin, generic.CreateView):
    def save_instance(self) -> CalendarDay:
        data = self.form.cleaned_data
        return services.calendar_day_set(
            day=data["date"],
            kind=data["kind"],
            note=data.get("note", ""),
            source=data.get("source", ""),
            user=self.request.user,
            on_recomputed=self.report_recompute,
        )


class CalendarDayEditView(RecomputeReportMixin, generic.EditView):
    def save_instance(self) -> CalendarDay:
        data = self.form.cleaned_data
        # The form has already written the new values onto self.object; the stored date is the
        # one to move from if the editor changed it.
        previous_day = CalendarDay.objects.values_list("date", flat=True).get(pk=self.object.pk)
        return services.calendar_day_set(
            day=data["date"],
            kind=data["kind"],
            note=data.get("note", ""),
            source=data.get("source", ""),
            user=self.request.user,
            on_recomputed=self.report_recompute,
            previous_day=previous_day,
        )


class CalendarDayDeleteView(RecomputeReportMixin, generic.DeleteView):
    def delete_action(self) -> None:
        services.calendar_day_delete(
            day=self.object.date, user=self.request.user, on_recomputed=self.report_recompute
        )


class CalendarDayViewSet(ModelViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = "放假和调休"
    add_view_class = CalendarDayCreateView
    edit_view_class = CalendarDayEditView
    delete_view_class = CalendarDayDeleteView
    copy_view_enabled = False  # a copy would have to change the date anyway; use "添加"
    list_display = ["date", "kind", "note", "source", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["note", "source"]
    form_fields = DAY_FIELDS
    list_per_page = 50


class CalendarYearCreateView(RecomputeReportMixin, generic.CreateView):
    def save_instance(self) -> CalendarYear:
        data = self.form.cleaned_data
        return services.calendar_year_add(
            year=data["year"],
            notice_number=data.get("notice_number", ""),
            published_on=data.get("published_on"),
            user=self.request.user,
            on_recomputed=self.report_recompute,
        )


class CalendarYearEditView(RecomputeReportMixin, generic.EditView):
    def save_instance(self) -> CalendarYear:
        data = self.form.cleaned_data
        return services.calendar_year_add(
            year=data["year"],
            notice_number=data.get("notice_number", ""),
            published_on=data.get("published_on"),
            user=self.request.user,
            on_recomputed=self.report_recompute,
            instance=self.object,
        )


class CalendarYearDeleteView(RecomputeReportMixin, generic.DeleteView):
    def delete_action(self) -> None:
        services.calendar_year_delete(
            year=self.object.year, user=self.request.user, on_recomputed=self.report_recompute
        )


class CalendarYearViewSet(ModelViewSet):
    model = CalendarYear
    icon = "calendar-check"
    menu_label = "已确认年度"
    add_view_class = CalendarYearCreateView
    edit_view_class = CalendarYearEditView
    delete_view_class = CalendarYearDeleteView
    copy_view_enabled = False
    list_display = ["year", "notice_number", "published_on", "updated_at"]
    form_fields = YEAR_FIELDS


class CalendarEditorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_edit_calendar(request.user)


class ArrangementViewSet(ViewSet):
    """录入节假日安排: one screen, in the 工作日历 menu."""

    icon = "clipboard-list"
    menu_label = "录入节假日安排"
    menu_item_class = CalendarEditorMenuItem

    def get_urlpatterns(self):
        return [path("", ArrangementView.as_view(), name="index")]


class WorkdaysViewSetGroup(ModelViewSetGroup):
    menu_label = "工作日历"
    menu_icon = "date"
    menu_order = 310
    items = (
        ArrangementViewSet("workdays_arrangement"),
        CalendarDayViewSet("workdays_calendar_days"),
        CalendarYearViewSet("workdays_calendar_years"),
    )


@hooks.register("register_admin_viewset")
def register_workdays_viewsets() -> WorkdaysViewSetGroup:
    return WorkdaysViewSetGroup()


class MissingYearPanel(Component):
    """Dashboard reminder: next year's 节假日安排 is not entered yet (from October 1)."""

    name = "workdays-missing-year"
    order = 5  # before the applications' lists: without the calendar their deadlines are moot
    template_name = "workdays/panel_missing_year.html"

    def __init__(self, year: int):
        self.year = year

    def get_context_data(self, parent_context=None):
        return {
            "year": self.year,
            "heading": f"{self.year}年节假日安排尚未录入",
            "message": missing_year_warning(self.year),
            "url": reverse("workdays_arrangement:index"),
        }


@hooks.register("construct_homepage_panels")
def add_missing_year_panel(request, panel_list) -> None:
    if not can_edit_calendar(request.user):
        return
    year = next_year_missing(timezone.localdate())
    if year is not None:
        panel_list.insert(0, MissingYearPanel(year))
