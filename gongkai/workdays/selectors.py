"""Reading the working-day calendar: the chinesecalendar seed with the staff's overrides on top.

``get_calendar()`` is called for every deadline, so the merged calendar is cached in-process and
rebuilt only when the version counter changes. The counter lives in Django's cache (shared between
processes when the cache is Redis); ``services`` bump it after every write. With the per-process
LocMemCache of the embedded mode another worker process would not see the bump, so a cached
calendar is also rebuilt after ``MAX_AGE_SECONDS`` whatever the version says.
"""

from __future__ import annotations

import datetime
import functools
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.cache import cache

from gongkai.statute.holiday_checks import arrangement_warnings as _rule_warnings
from gongkai.statute.workdays import (
    WorkdayCalendar,
    calendar_from_chinese_calendar,
    statutory_holidays,
)
from gongkai.workdays.models import CalendarDay, CalendarYear

VERSION_CACHE_KEY = "gongkai:workdays:calendar-version"
MAX_AGE_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class _Cached:
    version: int
    built_at: float
    calendar: WorkdayCalendar


_cached: _Cached | None = None
_lock = threading.Lock()


@functools.cache
def package_calendar() -> WorkdayCalendar:
    """The calendar of the installed chinesecalendar package alone (static: built once)."""
    return calendar_from_chinese_calendar()


def calendar_version() -> int:
    """The current version of the calendar rows (changes after every write by ``services``)."""
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        # Start from a timestamp, not 0: after an eviction the counter must not come back to a
        # value some process has already cached a different calendar under.
        cache.add(VERSION_CACHE_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_CACHE_KEY)
    return int(version)


def calendar_version_bump() -> None:
    """Mark every cached calendar stale. Called by ``services`` after each write."""
    try:
        cache.incr(VERSION_CACHE_KEY)
    except ValueError:  # key missing (never read yet, or evicted)
        cache.set(VERSION_CACHE_KEY, time.time_ns(), timeout=None)


def calendar_cache_clear() -> None:
    """Forget this process's cached calendar (tests: the database rolls back, the cache doesn't)."""
    global _cached
    with _lock:
        _cached = None


def build_calendar() -> WorkdayCalendar:
    """Build the calendar from the package and the database, bypassing the cache (2 queries).

    A ``CalendarDay`` row replaces whatever the package says about its date; the known years are
    the package's years plus every ``CalendarYear`` row. Any other year is computed
    provisionally (暂定) on the statutory holidays of the 放假办法 (``statutory_holidays``), so an
    office never stops taking applications while next year's notice is awaited; every date
    computed that way is marked provisional and recomputed when the year is confirmed.
    """
    return (
        package_calendar()
        .with_overrides(
            CalendarDay.objects.as_overrides(),
            known_years=CalendarYear.objects.values_list("year", flat=True),
        )
        .with_provisional_rule(statutory_holidays)
    )


def get_calendar() -> WorkdayCalendar:
    """The working-day calendar in force: package seed + ``CalendarDay`` overrides + known years.

    Cached in-process; costs one cache read when nothing has changed. Raises nothing itself;
    years not confirmed are provisional (see ``build_calendar``).
    """
    global _cached
    version = calendar_version()
    now = time.monotonic()
    hit = _cached
    if hit is not None and hit.version == version and now - hit.built_at < MAX_AGE_SECONDS:
        return hit.calendar
    calendar = build_calendar()
    with _lock:
        _cached = _Cached(version=version, built_at=now, calendar=calendar)
    return calendar


# The State Council publishes next year's arrangement in October to December (spec: earliest seen
# 10-25); from October 1 on, a missing one is worth a reminder.
REMINDER_MONTH = 10


def year_is_known(year: int) -> bool:
    """Whether ``year``'s arrangement is in the package or confirmed (``CalendarYear``)."""
    return year in package_calendar().known_years or CalendarYear.objects.filter(year=year).exists()


def next_year_missing(today: datetime.date) -> int | None:
    """Next year if ``today`` is on or after October 1 and next year's arrangement is neither
    in the chinesecalendar package nor confirmed; else None. One query at most."""
    if today.month < REMINDER_MONTH:
        return None
    year = today.year + 1
    return None if year_is_known(year) else year


def missing_year_warning(year: int) -> str:
    """The reminder shown on the dashboard and printed by the daily job (Chinese)."""
    return (
        f"{year}年节假日安排尚未录入。国务院办公厅的通知发布后，请在“工作日历 › 录入节假日安排”"
        f"中粘贴通知全文并确认；在此之前，涉及{year}年的答复期限按《全国年节及纪念日放假办法》暂定计算。"
    )


def arrangement_warnings(
    year: int, holidays: Mapping[datetime.date, str], makeup_workdays: Mapping[datetime.date, str]
) -> list[str]:
    """Everything to acknowledge before ``year``'s arrangement is confirmed (Chinese).

    The pure checks against the 放假办法's own days (``gongkai.statute.holiday_checks``), plus:
    the year is one the chinesecalendar package already knows (entered rows override its days
    one by one; its other 放假 days stay).
    """
    warnings = _rule_warnings(year, holidays, makeup_workdays, statutory_holidays(year))
    if year in package_calendar().known_years:
        warnings.append(
            f"{year}年的安排已包含在系统内置的节假日数据中。录入的日期会逐日覆盖内置数据，"
            "内置数据中其余的放假日仍然有效。"
        )
    return warnings
