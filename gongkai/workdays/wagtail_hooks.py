"""Back-office screens for the working-day calendar (menu "工作日历").

Wagtail's generic views save through the form; these subclasses route the writes through
``gongkai.workdays.services`` instead, so validation, the log entry and the calendar cache
invalidation are the same whether a change comes from the admin, the CLI or code. The forms
still validate first (``CalendarDay.clean`` and the unique checks), so errors appear next to the
field in Chinese. After the change commits the services recompute open applications' deadlines;
the views pass ``on_recomputed`` so the editor is told how many moved and which could not be
computed.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from gongkai.workdays import services
from gongkai.workdays.models import CalendarDay, CalendarYear

DAY_FIELDS = ["date", "kind", "note", "source"]
YEAR_FIELDS = ["year", "notice_number", "published_on"]


class RecomputeReportMixin:
    """Shows the result of the deadline recomputation a calendar change triggers."""

    def report_recompute(self, result) -> None:
        from gongkai.applications.reminders import describe_recompute

        done, failed = describe_recompute(result)
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


class WorkdaysViewSetGroup(ModelViewSetGroup):
    menu_label = "工作日历"
    menu_icon = "date"
    menu_order = 310
    items = (
        CalendarDayViewSet("workdays_calendar_days"),
        CalendarYearViewSet("workdays_calendar_years"),
    )


@hooks.register("register_admin_viewset")
def register_workdays_viewsets() -> WorkdaysViewSetGroup:
    return WorkdaysViewSetGroup()
