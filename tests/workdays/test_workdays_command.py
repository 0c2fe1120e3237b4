"""The ``workdays`` management command."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.workdays.services import calendar_day_set, calendar_year_add

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-10-01", "2025-10-01 星期三：放假（国庆节）"),
        ("2025-09-28", "2025-09-28 星期日：工作日（调休上班，国庆节）"),
        ("2025-09-27", "2025-09-27 星期六：休息日（周末）"),
        ("2025-09-26", "2025-09-26 星期五：工作日"),
        ("2020-02-01", "2020-02-01 星期六：放假（春节）"),
    ],
)
def test_check_guobanfa_mingdian(day: str, expected: str) -> None:
    assert _run("check", day) == expected


def test_add_days_reply_deadline_tiaoli_article_33() -> None:
    assert (
        _run("add-days", "2025-09-26", "20") == "2025-10-30 星期四：2025-09-26 之后第 20 个工作日"
    )
    assert _run("between", "2025-09-26", "2025-10-30").endswith("共 20 个工作日")


def test_unknown_year_is_a_command_error_then_known_after_entry() -> None:
    with pytest.raises(CommandError, match="工作日历中没有 2027 年的节假日安排"):
        _run("add-days", "2026-12-15", "20")
    calendar_day_set(day=date(2027, 1, 1), kind="holiday", note="元旦")
    calendar_year_add(year=2027)
    assert _run("add-days", "2026-12-15", "20").startswith("2027-01-13 ")
