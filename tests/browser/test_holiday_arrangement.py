"""A 系统管理员 enters next year's holiday arrangement in Chromium (工作日历 › 录入节假日安排).

First the real 2026 notice is pasted by mistake (the screen refuses it: the year is 2027), then a
2027 arrangement (an illustrative text: the real 2027 notice is not published) is read, checked
in the table and confirmed, from the keyboard; the page also fits a phone's width.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from gongkai.agencies.models import Agency, StaffMembership, StaffRole
from gongkai.workdays.models import CalendarDay, CalendarYear
from tests.workdays.samples import ILLUSTRATIVE_2027

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
NOTICE_2026 = Path(__file__).resolve().parent.parent / "fixtures" / "holiday_notices" / "2026.txt"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def system_admin():
    agency = Agency.objects.create(name="盐池县人民政府办公室", slug="yanchi-zfb")
    user = get_user_model().objects.create_user(username="sysadmin", password=PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    StaffMembership.objects.create(user=user, agency=agency, role=StaffRole.SYSTEM_ADMIN)
    return user


def log_in(page) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("sysadmin")
    page.get_by_placeholder("输入密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url("/admin/")


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_system_admin_pastes_checks_and_confirms_2027(
    page, system_admin, console_errors, axe_violations
) -> None:
    log_in(page)
    page.get_by_role("button", name="工作日历").click()
    page.get_by_role("link", name="录入节假日安排").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("录入节假日安排")
    expect(page.get_by_label("年度")).to_have_value(
        str(page.evaluate("new Date().getFullYear()") + 1)
    )
    page.get_by_label("年度").fill("2027")
    assert axe_violations(page) == []

    # The real 2026 notice, pasted by mistake for 2027: refused, nothing saved.
    page.get_by_label("通知全文").fill(NOTICE_2026.read_text(encoding="utf-8"))
    page.get_by_role("button", name="解析").click()
    expect(page.get_by_text("粘贴的是2026年的通知，与所选年度（2027年）不一致")).to_be_visible()
    expect(page.get_by_role("button", name="确认保存")).to_have_count(0)
    assert axe_violations(page) == []

    page.get_by_label("通知全文").fill(ILLUSTRATIVE_2027)
    page.get_by_role("button", name="解析").click()
    expect(page.get_by_role("heading", name="解析结果：2027年")).to_be_visible()
    table = page.get_by_role("table", name="2027年放假和调休上班日期")
    expect(table.get_by_role("row")).to_have_count(1 + 28 + 4)
    expect(table.get_by_role("row", name="2027-02-20 星期六 调休上班 春节")).to_be_visible()
    assert not CalendarYear.objects.exists()
    assert axe_violations(page) == []

    page.set_viewport_size(PHONE)
    assert fits_the_width(page)
    assert axe_violations(page) == []

    # From the keyboard: focus the button and press Enter.
    page.get_by_role("button", name="确认保存").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("已确认2027年节假日安排：放假28天，调休上班4天。")).to_be_visible()
    expect(page.get_by_text("其中 0 件有变化")).to_be_visible()
    # Back on 已确认年度: 2027 is listed with its notice.
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="2027", exact=True))
    expect(row.get_by_role("cell", name="国办发明电〔2026〕99号", exact=True)).to_be_visible()
    assert CalendarYear.objects.get().updated_by == system_admin
    assert CalendarDay.objects.filter(date__year=2027).count() == 32
    assert console_errors == []
