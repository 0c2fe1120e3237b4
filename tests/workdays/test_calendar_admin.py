"""The 工作日历 back-office screens, through HTTP as a logged-in superuser."""

import json
from datetime import date

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.selectors import get_calendar
from gongkai.workdays.services import calendar_day_set

pytestmark = pytest.mark.django_db

DAYS_ADD = "workdays_calendar_days:add"
YEARS_ADD = "workdays_calendar_years:add"


def test_menu_and_index_show_chinese_labels(admin_client) -> None:
    calendar_day_set(day=date(2027, 2, 6), kind="holiday", note="春节")
    response = admin_client.get(reverse("workdays_calendar_days:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>工作日历调整" in html
    assert "春节" in html
    # The sidebar menu is rendered from JSON props (non-ASCII escaped).
    for label in ("工作日历", "放假和调休", "已确认年度"):
        assert json.dumps(label)[1:-1] in html


def test_create_day_goes_through_service(admin_client, admin_user) -> None:
    response = admin_client.post(
        reverse(DAYS_ADD),
        {"date": "2025-11-03", "kind": "holiday", "note": "临时放假", "source": "测试通知"},
    )
    assert response.status_code == 302
    row = CalendarDay.objects.get()
    assert (row.date, row.kind, row.note, row.updated_by) == (
        date(2025, 11, 3),
        "holiday",
        "临时放假",
        admin_user,
    )
    # The service bumped the calendar version: the change is visible at once.
    assert not get_calendar().is_workday(date(2025, 11, 3))
    (event,) = AuditEvent.objects.filter(action="calendar.day_save", actor=admin_user)
    assert event.detail["created"] is True


def test_create_day_rejects_workday_on_ordinary_weekday(admin_client) -> None:
    response = admin_client.post(
        reverse(DAYS_ADD), {"date": "2025-11-05", "kind": "workday", "note": "", "source": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2025-11-05 是星期三，本来就是工作日，无需登记为调休上班" in html
    assert not CalendarDay.objects.exists()


def test_create_day_rejects_duplicate_date(admin_client) -> None:
    calendar_day_set(day=date(2027, 2, 6), kind="holiday", note="春节")
    response = admin_client.post(
        reverse(DAYS_ADD), {"date": "2027-02-06", "kind": "workday", "note": "", "source": ""}
    )
    assert response.status_code == 200
    assert "该日期已有调整记录，请直接修改原记录，不要重复添加。" in response.content.decode()
    assert CalendarDay.objects.get().kind == "holiday"


def test_create_day_requires_kind_and_valid_date(admin_client) -> None:
    response = admin_client.post(reverse(DAYS_ADD), {"date": "2025-02-30", "kind": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "输入一个有效的日期" in html  # Django's zh-hans message for the date field
    assert "必需字段" in html
    assert not CalendarDay.objects.exists()


def test_edit_day_moves_row_through_service(admin_client) -> None:
    row = calendar_day_set(day=date(2030, 1, 5), kind="workday", note="调休")
    url = reverse("workdays_calendar_days:edit", args=[row.pk])
    response = admin_client.post(
        url, {"date": "2030-01-06", "kind": "workday", "note": "调休", "source": ""}
    )
    assert response.status_code == 302
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2030, 1, 6)]
    event = AuditEvent.objects.filter(action="calendar.day_save").latest("pk")
    assert (event.detail["created"], event.detail["previous_date"]) == (False, "2030-01-05")


def test_delete_day_through_service(admin_client) -> None:
    row = calendar_day_set(day=date(2025, 11, 3), kind="holiday")
    assert not get_calendar().is_workday(date(2025, 11, 3))
    response = admin_client.post(reverse("workdays_calendar_days:delete", args=[row.pk]))
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert get_calendar().is_workday(date(2025, 11, 3))


def test_create_year_makes_2027_known(admin_client) -> None:
    response = admin_client.post(
        reverse(YEARS_ADD),
        {"year": "2027", "notice_number": "国办发明电〔2026〕X号", "published_on": "2026-11-01"},
    )
    assert response.status_code == 302
    assert CalendarYear.objects.get().year == 2027
    assert get_calendar().is_workday(date(2027, 1, 4))


def test_create_year_rejects_duplicate_and_out_of_range(admin_client) -> None:
    admin_client.post(reverse(YEARS_ADD), {"year": "2027", "notice_number": ""})
    response = admin_client.post(reverse(YEARS_ADD), {"year": "2027", "notice_number": ""})
    assert "该年度已经确认过，请直接修改原记录。" in response.content.decode()
    response = admin_client.post(reverse(YEARS_ADD), {"year": "1999", "notice_number": ""})
    assert "确保该值大于或等于2000" in response.content.decode()
    assert CalendarYear.objects.count() == 1
