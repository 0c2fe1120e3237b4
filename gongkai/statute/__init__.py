"""The rules of the 《政府信息公开条例》(2019) as pure Python (no Django import).

Everything here takes its inputs as arguments (including ``today``) so that it can be tested
exhaustively without a database and reused by the Django apps, the CLI and reports.
"""

from gongkai.statute.workdays import (
    UnknownCalendarYear,
    WorkdayCalendar,
    calendar_from_chinese_calendar,
)

__all__ = ["UnknownCalendarYear", "WorkdayCalendar", "calendar_from_chinese_calendar"]
