"""Benchmark of the pure working-day calendar (gongkai.statute.workdays).

    .venv/bin/python bench/workdays_bench.py

Times building the calendar from the chinesecalendar package and the three queries a deadline
screen makes. Targets: build < 20 ms (done once per process); add_workdays(d, 20) < 50 us.
"""

from __future__ import annotations

import sys
import timeit
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gongkai.statute.workdays import calendar_from_chinese_calendar  # noqa: E402


def _per_call(stmt: object, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number  # type: ignore[arg-type]


def main() -> None:
    build = _per_call(calendar_from_chinese_calendar, 20)
    cal = calendar_from_chinese_calendar()
    starts = [date(2025, 1, 1) + timedelta(days=i) for i in range(300)]
    add20 = _per_call(lambda: [cal.add_workdays(s, 20) for s in starts], 10) / len(starts)
    between = _per_call(lambda: cal.workdays_between(date(2004, 1, 1), date(2026, 12, 31)), 2000)
    is_wd = _per_call(lambda: [cal.is_workday(s) for s in starts], 100) / len(starts)
    print(f"build from chinese_calendar: {build * 1e3:.2f} ms  ({cal!r})")
    print(f"add_workdays(d, 20):         {add20 * 1e6:.1f} us")
    print(f"workdays_between 23 years:   {between * 1e6:.1f} us")
    print(f"is_workday(d):               {is_wd * 1e6:.2f} us")


if __name__ == "__main__":
    main()
