"""The editable working-day calendar (工作日历调整): rows that override the chinesecalendar seed.

Each year the 国务院办公厅 publishes 《关于YYYY年部分节假日安排的通知》(国办发明电) in October to
December, and may change it mid-year (国办发明电〔2020〕1号). The package data lags those notices,
so staff enter the arrangement here; ``selectors.get_calendar`` merges it over the package.
Writes go through ``services``; validation lives in ``clean`` so the admin and services agree.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gongkai.statute.workdays import DayOverride

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
MIN_YEAR = 2000
MAX_YEAR = 2100


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class CalendarDayQuerySet(models.QuerySet["CalendarDay"]):
    def as_overrides(self) -> list[DayOverride]:
        """The rows as ``DayOverride`` tuples for ``WorkdayCalendar.with_overrides``."""
        return [
            DayOverride(day, kind == CalendarDayKind.WORKDAY, note)
            for day, kind, note in self.order_by("date").values_list("date", "kind", "note")
        ]


class CalendarDay(models.Model):
    """One day whose status differs from, or corrects, the chinesecalendar package (工作日历调整).

    ``kind`` 放假 makes the date a non-working day; 调休上班 makes it a working day (normally a
    weekend day named in the notice; on a weekday it only makes sense to cancel a holiday the
    package lists).
    """

    date = models.DateField(
        "日期",
        unique=True,
        error_messages={"unique": "该日期已有调整记录，请直接修改原记录，不要重复添加。"},
        help_text="按国务院办公厅节假日安排通知填写，每天一条记录。",
    )
    kind = models.CharField(
        "类型",
        max_length=16,
        choices=CalendarDayKind.choices,
        help_text="“放假”：这一天不计入工作日；“调休上班”：这一天是周末但要上班，计入工作日。",
    )
    note = models.CharField(
        "节日或说明",
        max_length=100,
        blank=True,
        help_text="例如“春节”“国庆节”。",
    )
    source = models.CharField(
        "依据文号",
        max_length=100,
        blank=True,
        help_text="通知的文号，例如“国办发明电〔2025〕7号”。",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        verbose_name = "工作日历调整"
        verbose_name_plural = "工作日历调整"
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CalendarDayKind.values),
                name="workdays_calendarday_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
        return f"{label}（{self.note}）" if self.note else label

    def clean(self) -> None:
        """Reject a 调休上班 row on a weekday that the package does not list as a holiday.

        Such a day is a working day already, so the row would change nothing and usually means
        the date was mistyped (调休上班 days are Saturdays or Sundays).
        """
        super().clean()
        if self.kind != CalendarDayKind.WORKDAY or not isinstance(self.date, datetime.date):
            return
        if self.date.weekday() >= 5:
            return
        from gongkai.workdays.selectors import package_calendar  # avoid an import cycle

        seed = package_calendar()
        if self.date.year in seed.known_years and self.date in seed.holidays:
            return  # cancels a holiday listed by the package: meaningful
        raise ValidationError(
            {
                "date": (
                    f"{self.date:%Y-%m-%d} 是{WEEKDAY_NAMES[self.date.weekday()]}，本来就是工作日，"
                    "无需登记为调休上班。调休上班日应为周六或周日，请核对日期。"
                )
            }
        )


class CalendarYear(models.Model):
    """A year whose 放假/调休 arrangement staff have confirmed (工作日历年度).

    Deadlines touching a year that is neither in the chinesecalendar package nor confirmed here
    cannot be computed (``UnknownCalendarYear``): enter the year's days, then confirm the year.
    """

    year = models.PositiveSmallIntegerField(
        "年度",
        unique=True,
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        error_messages={"unique": "该年度已经确认过，请直接修改原记录。"},
        help_text="确认本年度的放假和调休安排已全部录入后再添加，例如“2027”。",
    )
    notice_number = models.CharField(
        "通知文号",
        max_length=100,
        blank=True,
        help_text="国务院办公厅关于该年部分节假日安排的通知文号，例如“国办发明电〔2026〕X号”。",
    )
    published_on = models.DateField(
        "发布日期",
        null=True,
        blank=True,
        help_text="通知的发布日期，通常在上一年10月至12月。",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历年度"
        verbose_name_plural = "工作日历年度"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="workdays_calendaryear_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年" + (f"（{self.notice_number}）" if self.notice_number else "")
