"""Services and selector of the working-day calendar, against the real database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.workdays.models import CalendarDay, CalendarDayKind, CalendarYear
from gongkai.workdays.selectors import build_calendar, get_calendar, package_calendar
from gongkai.workdays.services import (
    calendar_day_delete,
    calendar_day_set,
    calendar_year_add,
    calendar_year_delete,
)

pytestmark = pytest.mark.django_db

# Illustrative 2027 rows (the 2027 notice is not published as of this code): 元旦 Fri 1-1..Sun 1-3.
NEW_YEAR_2027 = [date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)]


def test_without_rows_the_calendar_is_the_package() -> None:
    assert get_calendar() == package_calendar()


def test_holiday_row_overrides_package_and_delete_restores_it(django_user_model) -> None:
    user = django_user_model.objects.create_user("clerk", password="x" * 12)
    monday = date(2025, 11, 3)
    assert get_calendar().is_workday(monday)

    row = calendar_day_set(day=monday, kind="holiday", note="临时放假", source="测试", user=user)

    assert row.updated_by == user
    calendar = get_calendar()
    assert not calendar.is_workday(monday)
    assert calendar.holiday_name(monday) == "临时放假"
    # 第33条 deadline moves by one working day.
    assert calendar.add_workdays(date(2025, 10, 31), 20) == date(2025, 12, 1)
    (event,) = AuditEvent.objects.filter(action="calendar.day_save", actor=user)
    assert event.detail["created"] is True
    assert event.detail["date"] == "2025-11-03"

    calendar_day_delete(day=monday, user=user)
    assert get_calendar().is_workday(monday)
    assert get_calendar().add_workdays(date(2025, 10, 31), 20) == date(2025, 11, 28)


def test_2020_extension_as_rows_matches_guobanfa_mingdian_2020_1() -> None:
    # Re-entering 国办发明电〔2020〕1号 as rows changes nothing: the package already has it.
    for d in (date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2)):
        calendar_day_set(day=d, kind="holiday", note="春节", source="国办发明电〔2020〕1号")
    assert get_calendar().is_workday(date(2020, 2, 1)) is False
    assert get_calendar() == package_calendar().with_overrides(
        [(d, False, "春节") for d in (date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2))]
    )


def test_workday_row_cancels_package_holiday() -> None:
    # A weekday 调休上班 row is allowed only to cancel a holiday the package lists.
    calendar_day_set(day=date(2025, 10, 8), kind=CalendarDayKind.WORKDAY, note="更正")
    assert get_calendar().is_workday(date(2025, 10, 8))


def test_2027_is_provisional_until_its_year_is_confirmed() -> None:
    # Before the notice: counted on the 放假办法's own days, marked provisional, never refused.
    calendar = get_calendar()
    assert calendar.is_provisional(date(2027, 1, 4))
    assert calendar.add_workdays(date(2026, 12, 15), 20) == date(2027, 1, 13)
    assert calendar.holiday_name(date(2027, 2, 9)) == "春节（补假）"

    for d in NEW_YEAR_2027:
        calendar_day_set(day=d, kind="holiday", note="元旦", source="国办发明电〔2026〕X号")
    # Rows alone do not make 2027 known: still provisional, the rows win over the rule.
    assert get_calendar().is_provisional(date(2027, 1, 4))

    calendar_year_add(
        year=2027, notice_number="国办发明电〔2026〕X号", published_on=date(2026, 11, 1)
    )
    calendar = get_calendar()
    assert 2027 in calendar.known_years
    assert not calendar.is_provisional(date(2027, 1, 4))
    # 2026-12-15 + 20: 12-16..18 (3), 12-21..25 (8), 12-28..31 (12), 1-4..8 (17), 1-11..13 (20).
    assert calendar.add_workdays(date(2026, 12, 15), 20) == date(2027, 1, 13)
    assert calendar.holiday_name(date(2027, 1, 1)) == "元旦"
    # Confirmed, only the entered days count: the rule's 补假 no longer applies.
    assert calendar.is_workday(date(2027, 2, 9))

    calendar_year_delete(year=2027)
    assert get_calendar().is_provisional(date(2027, 1, 4))


def test_set_updates_existing_row_and_moves_a_row() -> None:
    calendar_day_set(day=date(2030, 1, 5), kind="workday", note="a")
    calendar_day_set(day=date(2030, 1, 5), kind="holiday", note="b")
    assert CalendarDay.objects.get().kind == CalendarDayKind.HOLIDAY

    calendar_day_set(day=date(2030, 1, 6), kind="holiday", note="b", previous_day=date(2030, 1, 5))
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2030, 1, 6)]


def test_set_rejects_workday_row_on_ordinary_weekday() -> None:
    with pytest.raises(ValidationError) as exc_info:
        calendar_day_set(day=date(2025, 11, 5), kind="workday")
    assert "本来就是工作日" in str(exc_info.value.message_dict["date"])
    assert not CalendarDay.objects.exists()


def test_year_add_rejects_duplicate_and_out_of_range() -> None:
    calendar_year_add(year=2027)
    with pytest.raises(ValidationError, match="该年度已经确认过"):
        calendar_year_add(year=2027)
    with pytest.raises(ValidationError):
        calendar_year_add(year=1999)
    assert list(CalendarYear.objects.values_list("year", flat=True)) == [2027]


def test_get_calendar_is_cached_until_a_service_writes(django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        first = get_calendar()
    with django_assert_num_queries(0):
        assert get_calendar() is first

    calendar_day_set(day=date(2025, 11, 3), kind="holiday")
    with django_assert_num_queries(2):
        second = get_calendar()
    assert second is not first
    assert second == build_calendar()


def test_cache_does_not_see_writes_outside_services() -> None:
    # Documents the contract: writes must go through the services (no signals).
    cached = get_calendar()
    CalendarDay.objects.create(date=date(2025, 11, 3), kind="holiday")
    assert get_calendar() is cached
    assert not build_calendar().is_workday(date(2025, 11, 3))
