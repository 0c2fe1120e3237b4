"""``calendar_arrangement_confirm`` and the calendar's signal, against the real database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.agencies.models import StaffRole
from gongkai.audit.models import AuditEvent
from gongkai.statute.holiday_notice import parse_holiday_notice
from gongkai.workdays import services
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.selectors import get_calendar
from gongkai.workdays.signals import calendar_changed
from tests.agencies.factories import StaffMembershipFactory
from tests.workdays.samples import HOLIDAYS_2027, ILLUSTRATIVE_2027, MAKEUP_2027

pytestmark = pytest.mark.django_db
D = date
NOTICES = Path(__file__).resolve().parent.parent / "fixtures" / "holiday_notices"


def staff(role: StaffRole):
    return StaffMembershipFactory(role=role).user


def confirm(notice, user, *, acknowledged=False, holidays=None, **kwargs):
    return services.calendar_arrangement_confirm(
        year=notice.year,
        holidays=notice.holidays if holidays is None else holidays,
        makeup_workdays=notice.makeup_workdays,
        notice_number=notice.notice_number,
        published_on=notice.published_on,
        acknowledged_warnings=acknowledged,
        user=user,
        **kwargs,
    )


def test_replaces_the_years_rows_confirms_it_and_records_one_event() -> None:
    admin = staff(StaffRole.SYSTEM_ADMIN)
    services.calendar_day_set(day=D(2027, 3, 1), kind="holiday", note="旧记录")
    services.calendar_day_set(day=D(2026, 11, 2), kind="holiday", note="别的年度")
    notice = parse_holiday_notice(ILLUSTRATIVE_2027)

    row = confirm(notice, admin)

    assert (row.year, row.notice_number, row.published_on, row.updated_by) == (
        2027,
        "国办发明电〔2026〕99号",
        D(2026, 11, 20),
        admin,
    )
    rows = CalendarDay.objects.filter(date__year=2027)
    assert sorted(r.date for r in rows if r.kind == "holiday") == HOLIDAYS_2027
    assert sorted(r.date for r in rows if r.kind == "workday") == MAKEUP_2027
    assert {r.source for r in rows} == {"国办发明电〔2026〕99号"}
    assert rows.get(date=D(2027, 2, 5)).note == "春节"
    assert CalendarDay.objects.filter(date=D(2026, 11, 2)).exists()  # other years untouched
    calendar = get_calendar()
    assert 2027 in calendar.known_years
    assert not calendar.is_workday(D(2027, 2, 8))
    assert calendar.is_workday(D(2027, 2, 20))
    (event,) = AuditEvent.objects.filter(action="calendar.arrangement_confirm")
    assert event.actor == admin
    assert event.detail == {
        "year": 2027,
        "notice_number": "国办发明电〔2026〕99号",
        "published_on": "2026-11-20",
        "created": True,
        "holidays": len(HOLIDAYS_2027),
        "makeup_workdays": len(MAKEUP_2027),
        "replaced_rows": 1,
        "warnings_acknowledged": 0,
    }
    # One event for the whole arrangement, none per row.
    assert AuditEvent.objects.filter(action="calendar.day_save").count() == 2  # the setup rows


def test_confirming_again_updates_the_year() -> None:
    admin = staff(StaffRole.SUPERVISOR)
    notice = parse_holiday_notice(ILLUSTRATIVE_2027)
    confirm(notice, admin)
    fewer = {d: n for d, n in notice.holidays.items() if d.month != 10 or d.day <= 5}
    confirm(notice, admin, holidays=fewer)
    assert CalendarYear.objects.get().year == 2027
    assert CalendarDay.objects.filter(date=D(2027, 10, 7)).exists() is False
    event = AuditEvent.objects.filter(action="calendar.arrangement_confirm").latest("pk")
    assert (event.detail["created"], event.detail["replaced_rows"]) == (
        False,
        len(HOLIDAYS_2027) + len(MAKEUP_2027),
    )


def test_warnings_must_be_acknowledged() -> None:
    admin = staff(StaffRole.SYSTEM_ADMIN)
    notice = parse_holiday_notice(ILLUSTRATIVE_2027)
    # 2月9日 is a day the 放假办法 itself gives (春节补假): leaving it out is warned about.
    holidays = {d: n for d, n in notice.holidays.items() if d != D(2027, 2, 9)}
    with pytest.raises(ValidationError) as raised:
        confirm(notice, admin, holidays=holidays)
    assert raised.value.code == "unacknowledged"
    assert "有 1 条提示尚未确认，未保存" in raised.value.messages[0]
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()
    assert not AuditEvent.objects.exists()

    confirm(notice, admin, holidays=holidays, acknowledged=True)
    event = AuditEvent.objects.get(action="calendar.arrangement_confirm")
    assert event.detail["warnings_acknowledged"] == 1
    assert get_calendar().is_workday(D(2027, 2, 9))


@pytest.mark.parametrize("role", [StaffRole.CLERK, StaffRole.OFFICE_HEAD, StaffRole.DEPUTY_LEADER])
def test_casework_roles_may_not(role) -> None:
    with pytest.raises(PermissionDenied, match="只有系统管理员、主管部门或超级管理员"):
        confirm(parse_holiday_notice(ILLUSTRATIVE_2027), staff(role))
    assert not CalendarYear.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_day_both_off_and_worked_is_refused(admin_user) -> None:
    notice = parse_holiday_notice(ILLUSTRATIVE_2027)
    with pytest.raises(ValidationError, match="同一天不能既放假又上班：2027-02-20"):
        confirm(notice, admin_user, holidays={**notice.holidays, D(2027, 2, 20): "春节"})
    assert not CalendarDay.objects.exists()


def test_a_package_year_needs_acknowledgement(admin_user) -> None:
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    notice = parse_holiday_notice(text)
    with pytest.raises(ValidationError):
        confirm(notice, admin_user)
    confirm(notice, admin_user, acknowledged=True)
    assert CalendarDay.objects.filter(date__year=2026).count() == 33 + 6


def test_the_signal_carries_the_user_and_its_results_reach_the_editor(
    admin_user, django_capture_on_commit_callbacks
) -> None:
    seen = []

    def receiver(sender, *, user, **kwargs):
        seen.append(user)
        return "checked"

    calendar_changed.connect(receiver, dispatch_uid="test-receiver")
    try:
        results = []
        with django_capture_on_commit_callbacks(execute=True):
            confirm(
                parse_holiday_notice(ILLUSTRATIVE_2027), admin_user, on_recomputed=results.append
            )
        assert seen == [admin_user]
        assert "checked" in results
        # applications' own receiver answered as well, with its RecomputeResult.
        assert any(getattr(r, "checked", None) == 0 for r in results)
    finally:
        calendar_changed.disconnect(dispatch_uid="test-receiver")


def test_the_calendar_services_do_not_import_applications() -> None:
    source = Path(services.__file__).read_text(encoding="utf-8")
    assert "gongkai.applications" not in source


def test_deletes_are_audited_too() -> None:
    services.calendar_year_add(year=2030, notice_number="测试")
    services.calendar_day_set(day=D(2030, 1, 5), kind="workday", note="调休")
    services.calendar_day_delete(day=D(2030, 1, 5))
    services.calendar_year_delete(year=2030)
    events = AuditEvent.objects.order_by("pk")
    assert [(e.action, e.actor_name) for e in events] == [
        ("calendar.year_save", "系统（自动任务）"),
        ("calendar.day_save", "系统（自动任务）"),
        ("calendar.day_delete", "系统（自动任务）"),
        ("calendar.year_delete", "系统（自动任务）"),
    ]
    assert events[2].detail == {"date": "2030-01-05", "kind": "workday", "note": "调休"}
    assert events[3].target_label == "2030年（测试）"
