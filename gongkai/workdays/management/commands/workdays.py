"""``manage.py workdays``: look up the working-day calendar in force (package + overrides).

    workdays check 2025-10-01           2025-10-01 星期三：放假（国庆节）
    workdays add-days 2025-09-26 20     2025-10-30 星期四：2025-09-26 之后第 20 个工作日
    workdays between 2025-09-26 2025-10-30

The first token of ``add-days`` output is the ISO date, so scripts can ``cut -d' ' -f1``.
"""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.statute.workdays import UnknownCalendarYear, WorkdayCalendar
from gongkai.workdays.models import WEEKDAY_NAMES
from gongkai.workdays.selectors import get_calendar


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期格式应为 YYYY-MM-DD，例如 2025-09-26（got {value!r}）"
        ) from None


def _non_negative(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"工作日数应为非负整数（got {value!r}）")
    return n


def _label(d: datetime.date) -> str:
    return f"{d:%Y-%m-%d} {WEEKDAY_NAMES[d.weekday()]}"


class Command(BaseCommand):
    help = "查询工作日历：某天是否工作日、某天之后第 N 个工作日、两天之间的工作日数。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{check,add-days,between}"
        )
        check = sub.add_parser("check", help="某天是否工作日，及节日名称")
        check.add_argument("date", type=_date)
        add = sub.add_parser(
            "add-days", help="某天（如收到申请之日，不计入）之后第 N 个工作日（条例第33条）"
        )
        add.add_argument("date", type=_date)
        add.add_argument("n", type=_non_negative)
        between = sub.add_parser("between", help="START 之后到 END（含）之间的工作日数")
        between.add_argument("start", type=_date)
        between.add_argument("end", type=_date)

    def handle(self, *args: Any, **options: Any) -> None:
        calendar = get_calendar()
        try:
            line, days = self._run(calendar, options)
        except UnknownCalendarYear as exc:
            raise CommandError(str(exc)) from exc
        years = calendar.provisional_years(*days)
        if years:
            names = "、".join(f"{y}年" for y in sorted(years))
            line += f"（暂定：{names}节假日安排尚未录入，暂按法定节假日计算）"
        self.stdout.write(line)

    def _run(
        self, calendar: WorkdayCalendar, options: dict[str, Any]
    ) -> tuple[str, tuple[datetime.date, ...]]:
        """The answer, and the days it was counted over (to say whether it is provisional)."""
        action = options["action"]
        if action == "check":
            d = options["date"]
            if d in calendar.makeup_workdays and calendar.is_workday(d):
                note = calendar.makeup_workdays[d]
                return f"{_label(d)}：工作日（调休上班{f'，{note}' if note else ''}）", (d,)
            if calendar.is_workday(d):
                return f"{_label(d)}：工作日", (d,)
            name = calendar.holiday_name(d)
            if name is not None or d in calendar.holidays:
                return f"{_label(d)}：放假{f'（{name}）' if name else ''}", (d,)
            return f"{_label(d)}：休息日（周末）", (d,)
        if action == "add-days":
            d, n = options["date"], options["n"]
            result = calendar.add_workdays(d, n)
            return f"{_label(result)}：{d:%Y-%m-%d} 之后第 {n} 个工作日", (d, result)
        start, end = options["start"], options["end"]
        count = calendar.workdays_between(start, end)
        return f"{start:%Y-%m-%d} 之后至 {end:%Y-%m-%d}（含）共 {count} 个工作日", (start, end)
