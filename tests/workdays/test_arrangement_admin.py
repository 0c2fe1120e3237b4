"""The screen 录入节假日安排, the dashboard reminder and the daily job's line, through HTTP."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.agencies.models import StaffRole
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.selectors import next_year_missing
from gongkai.workdays.services import calendar_year_add
from tests.agencies.factories import StaffMembershipFactory
from tests.applications.factories import register, travel
from tests.workdays.samples import ILLUSTRATIVE_2027

URL = "workdays_arrangement:index"
NOTICES = Path(__file__).resolve().parent.parent / "fixtures" / "holiday_notices"
D = date
MENU_LABEL = json.dumps("录入节假日安排")[1:-1]  # the sidebar is JSON with non-ASCII escaped
REMINDER = "2027年节假日安排尚未录入"


def logged_in(client, role: StaffRole):
    user = StaffMembershipFactory(role=role).user
    client.force_login(user)
    return user


def post(client, **data):
    return client.post(reverse(URL), {"year": "2027", **data})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [StaffRole.CLERK, StaffRole.OFFICE_HEAD, StaffRole.PRINCIPAL_LEADER]
)
def test_casework_roles_are_turned_away_and_see_no_menu_item(client, role) -> None:
    logged_in(client, role)
    # PermissionDenied: Wagtail turns it into a redirect to the dashboard with its message.
    for response in (
        client.get(reverse(URL)),
        post(client, text=ILLUSTRATIVE_2027, confirm="1"),
        client.get(reverse("workdays_calendar_years:index")),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    with travel(D(2026, 12, 3)):
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert MENU_LABEL not in dashboard
    assert REMINDER not in dashboard
    assert not CalendarYear.objects.exists()


@pytest.mark.django_db
def test_system_admin_sees_menu_and_next_year_prefilled(client) -> None:
    logged_in(client, StaffRole.SYSTEM_ADMIN)
    with travel(D(2026, 12, 3)):
        response = client.get(reverse(URL))
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="year" value="2027"' in html
    assert "通知全文" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert MENU_LABEL in dashboard
    assert REMINDER in dashboard
    assert reverse(URL) in dashboard


@pytest.mark.django_db
def test_parse_shows_the_table_and_saves_nothing(client) -> None:
    logged_in(client, StaffRole.SUPERVISOR)
    response = post(client, text=ILLUSTRATIVE_2027, parse="1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "解析结果：2027年" in html
    assert "放假 28 天，调休上班 4 天" in html
    assert "国办发明电〔2026〕99号" in html
    assert "<td>2027-02-20</td><td>星期六</td><td>调休上班</td><td>春节</td>" in html
    assert "确认保存" in html
    assert "我已逐条核对以上提示" not in html  # no warning, no checkbox
    assert not CalendarDay.objects.exists()


@pytest.mark.django_db
def test_a_notice_of_another_year_is_refused(client) -> None:
    logged_in(client, StaffRole.SYSTEM_ADMIN)
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    response = post(client, text=text, parse="1")
    assert "粘贴的是2026年的通知，与所选年度（2027年）不一致" in response.content.decode()
    assert "确认保存" not in response.content.decode()


@pytest.mark.django_db
def test_text_changed_after_parsing_is_shown_again(client) -> None:
    logged_in(client, StaffRole.SYSTEM_ADMIN)
    response = post(client, text=ILLUSTRATIVE_2027, confirm="1", digest="stale")
    assert "通知或年度在解析后有改动" in response.content.decode()
    assert not CalendarYear.objects.exists()


@pytest.mark.django_db
def test_warnings_need_the_checkbox(client) -> None:
    logged_in(client, StaffRole.SYSTEM_ADMIN)
    text = ILLUSTRATIVE_2027.replace("六、中秋节：9月15日（周三）放假1天。\n", "")
    parsed = post(client, text=text, parse="1")
    html = parsed.content.decode()
    assert "请核对以下 1 条提示" in html
    assert "2027年9月15日（星期三）是《全国年节及纪念日放假办法》规定的放假日（中秋节）" in html
    digest = parsed.context["digest"]
    response = post(client, text=text, confirm="1", digest=digest)
    assert "请先逐条核对以上提示，再勾选此项。" in response.content.decode()
    assert not CalendarYear.objects.exists()
    response = post(client, text=text, confirm="1", digest=digest, acknowledged="on")
    assert response.status_code == 302
    assert CalendarYear.objects.get().year == 2027


@pytest.mark.django_db
def test_unreadable_text_cannot_be_confirmed(client) -> None:
    logged_in(client, StaffRole.SYSTEM_ADMIN)
    response = post(client, text="2027年放假安排还没出来。", parse="1")
    html = response.content.decode()
    assert "没有找到“一、元旦：……”这样的放假安排条目" in html
    assert "确认保存" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_confirm_tells_how_many_deadlines_moved(client) -> None:
    logged_in(client, StaffRole.SYSTEM_ADMIN)
    parsed = post(client, text=ILLUSTRATIVE_2027, parse="1")
    response = client.post(
        reverse(URL),
        {
            "year": "2027",
            "text": ILLUSTRATIVE_2027,
            "confirm": "1",
            "digest": parsed.context["digest"],
        },
        follow=True,
    )
    assert response.redirect_chain == [(reverse("workdays_calendar_years:index"), 302)]
    shown = [str(m).strip() for m in response.context["messages"]]
    assert any(
        m.startswith("已确认2027年节假日安排：放假28天，调休上班4天。") and "其中 0 件有变化" in m
        for m in shown
    )
    assert "国办发明电〔2026〕99号" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moved_deadlines_are_counted_and_linked(client) -> None:
    # 2027 confirmed without rows (1月1日 a working day): received 2026-12-21, due 2027-01-18.
    calendar_year_add(year=2027)
    clerk = StaffMembershipFactory(role=StaffRole.CLERK)
    application = register(clerk.agency, clerk.user, D(2026, 12, 21))
    assert application.due_on == D(2027, 1, 18)
    with travel(D(2026, 12, 22)):
        logged_in(client, StaffRole.SYSTEM_ADMIN)
        parsed = post(client, text=ILLUSTRATIVE_2027, parse="1")
        response = post(
            client, text=ILLUSTRATIVE_2027, confirm="1", digest=parsed.context["digest"]
        )
        assert response.status_code == 302
        html = client.get(response["Location"]).content.decode()
    # The arrangement makes 1月1日 a 放假 day: one open application's deadline moved a day.
    assert "其中 1 件有变化" in html
    assert f'href="{reverse("applications_admin:deadline_changes")}"' in html
    assert "查看期限变化" in html
    application.refresh_from_db()
    assert application.due_on == D(2027, 1, 19)


# -- the reminder from October 1 ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 9, 30), None),
        (D(2026, 10, 1), 2027),
        (D(2026, 12, 31), 2027),
        (D(2027, 1, 1), None),
        (D(2025, 10, 1), None),  # 2026 is in the package
    ],
)
def test_next_year_missing(today, expected) -> None:
    assert next_year_missing(today) == expected


@pytest.mark.django_db
def test_next_year_missing_after_confirmation() -> None:
    calendar_year_add(year=2027)
    assert next_year_missing(D(2026, 12, 31)) is None


def daily(day: date) -> str:
    out = StringIO()
    with travel(day):
        call_command("applications_daily", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "warned"),
    [
        (D(2026, 9, 30), False),
        (D(2026, 10, 1), True),
        (D(2026, 12, 31), True),
        (D(2027, 1, 1), False),
    ],
)
def test_the_daily_job_prints_the_warning(day, warned) -> None:
    output = daily(day)
    line = "注意：2027年节假日安排尚未录入。国务院办公厅的通知发布后，请在“工作日历 › 录入节假日安排”中粘贴通知全文并确认"
    assert (line in output) is warned


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "shown"), [(D(2026, 9, 30), False), (D(2026, 10, 1), True)])
def test_the_dashboard_panel_around_october_1(client, day, shown) -> None:
    logged_in(client, StaffRole.SYSTEM_ADMIN)
    with travel(day):
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (REMINDER in html) is shown
