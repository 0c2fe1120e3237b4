"""The screen 录入节假日安排 (menu 工作日历): paste the State Council's notice, check, confirm.

GET shows an empty form for next year. POST ``parse`` (解析) reads the pasted text with
``gongkai.statute.holiday_notice`` and shows the days it found in a table, with the parser's
problems and ``selectors.arrangement_warnings``; POST ``confirm`` (确认保存) reads the same text
again and saves it through ``services.calendar_arrangement_confirm``. The table the editor saw
is bound to the text by a digest, so an edit after 解析 is shown before it can be saved. Only
users ``can_edit_calendar`` allows reach the screen (others get 403).
"""

from __future__ import annotations

import hashlib

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.agencies.permissions import can_edit_calendar
from gongkai.statute.holiday_notice import HolidayNotice, parse_holiday_notice
from gongkai.workdays import services
from gongkai.workdays.models import MAX_YEAR, MIN_YEAR, WEEKDAY_NAMES, CalendarDayKind
from gongkai.workdays.selectors import arrangement_warnings
from gongkai.workdays.signals import RecomputeReport

MAX_TEXT_LENGTH = 50_000
DEADLINE_CHANGES_URL = "applications_admin:deadline_changes"


class ArrangementForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text="要录入哪一年的放假和调休安排，默认是明年。",
    )
    text = forms.CharField(
        label="通知全文",
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=(
            "从中国政府网等网页复制《国务院办公厅关于××××年部分节假日安排的通知》的全文，粘贴到这里；"
            "网页上的其他文字一并粘贴也没有关系。"
        ),
    )
    acknowledged = forms.BooleanField(label="我已逐条核对以上提示，确认按此保存", required=False)


def _digest(year: int, text: str) -> str:
    return hashlib.sha256(f"{year}\n{text}".encode()).hexdigest()


def _rows(notice: HolidayNotice) -> list[dict]:
    days = [(d, CalendarDayKind.HOLIDAY, name) for d, name in notice.holidays.items()]
    days += [(d, CalendarDayKind.WORKDAY, name) for d, name in notice.makeup_workdays.items()]
    return [
        {
            "date": day,
            "weekday": WEEKDAY_NAMES[day.weekday()],
            "kind": kind.label,
            "is_workday": kind == CalendarDayKind.WORKDAY,
            "name": name,
        }
        for day, kind, name in sorted(days)
    ]


def deadline_changes_url() -> str | None:
    """The page listing moved deadlines, if applications provides one (else None)."""
    try:
        return reverse(DEADLINE_CHANGES_URL)
    except NoReverseMatch:
        return None


class ArrangementView(WagtailAdminTemplateMixin, FormView):
    page_title = "录入节假日安排"
    header_icon = "date"
    template_name = "workdays/arrangement.html"
    form_class = ArrangementForm

    def dispatch(self, request, *args, **kwargs):
        if not can_edit_calendar(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"year": timezone.localdate().year + 1}

    def form_valid(self, form):
        year, text = form.cleaned_data["year"], form.cleaned_data["text"]
        notice = parse_holiday_notice(text, year=year)
        if notice.year != year:
            form.add_error(
                "year",
                f"粘贴的是{notice.year}年的通知，与所选年度（{year}年）不一致，请核对年度或通知。",
            )
            return self.form_invalid(form)
        warnings = [
            *notice.problems,
            *arrangement_warnings(year, notice.holidays, notice.makeup_workdays),
        ]
        digest = _digest(year, text)
        if "confirm" in self.request.POST:
            if self.request.POST.get("digest") != digest:
                messages.warning(
                    self.request, "通知或年度在解析后有改动，请核对下面新的解析结果，再确认保存。"
                )
            elif warnings and not form.cleaned_data["acknowledged"]:
                form.add_error("acknowledged", "请先逐条核对以上提示，再勾选此项。")
            else:
                saved = self.confirm(form, notice, year=year, acknowledged=bool(warnings))
                if saved:
                    return redirect("workdays_calendar_years:index")
        return self.render_to_response(
            self.get_context_data(
                form=form, notice=notice, rows=_rows(notice), warnings=warnings, digest=digest
            )
        )

    def confirm(self, form, notice: HolidayNotice, *, year: int, acknowledged: bool) -> bool:
        """Save the arrangement of ``year`` (the form's year, which ``notice`` was read for)."""
        results: list[RecomputeReport] = []
        try:
            services.calendar_arrangement_confirm(
                year=year,
                holidays=notice.holidays,
                makeup_workdays=notice.makeup_workdays,
                notice_number=notice.notice_number,
                published_on=notice.published_on,
                acknowledged_warnings=acknowledged,
                user=self.request.user,
                on_recomputed=results.append,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return False
        text = (
            f"已确认{notice.year}年节假日安排：放假{len(notice.holidays)}天，"
            f"调休上班{len(notice.makeup_workdays)}天。"
        )
        buttons = []
        for result in results:
            text += f"已重新计算办理中申请的答复期限，其中 {result.changed} 件有变化。"
            url = deadline_changes_url()
            if url and result.changed:
                buttons.append(messages.button(url, "查看期限变化"))
            self.report_failures(result)
        messages.success(self.request, text, buttons=buttons)
        return True

    def report_failures(self, result: RecomputeReport) -> None:
        # The receiver's result words itself (``describe``): this app never imports applications.
        _done, failed = result.describe()
        if failed:
            messages.warning(self.request, failed)
