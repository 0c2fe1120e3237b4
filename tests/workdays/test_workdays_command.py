"""The ``workdays`` management command."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

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


def test_unannounced_year_is_provisional_then_final_after_entry() -> None:
    line = _run("add-days", "2026-12-15", "20")
    assert line.startswith("2027-01-13 ")
    assert "暂定：2027年节假日安排尚未录入" in line
    assert _run("check", "2027-02-09").startswith("2027-02-09 星期二：放假（春节（补假））")
    calendar_day_set(day=date(2027, 1, 1), kind="holiday", note="元旦")
    calendar_year_add(year=2027)
    line = _run("add-days", "2026-12-15", "20")
    assert line.startswith("2027-01-13 ") and "暂定" not in line
