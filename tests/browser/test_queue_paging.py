"""A clerk pages through the 申请队列 in Chromium: 下一页, 上一页, 末页, and the filter stays."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.agencies.models import Agency, StaffMembership, StaffRole
from tests.applications.factories import ApplicationFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"


@pytest.fixture
def clerk():
    agency = Agency.objects.create(name="盐池县科学技术局", slug="yanchi-kjj")
    user = get_user_model().objects.create_user(
        username="clerk", password=PASSWORD, is_staff=True, first_name="马经办"
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    StaffMembership.objects.create(user=user, agency=agency, role=StaffRole.CLERK)
    # 120 open applications received over the last weeks (real today: Chromium keeps it).
    start = timezone.localdate() - datetime.timedelta(days=40)
    for n in range(120):
        ApplicationFactory(agency=agency, received_on=start + datetime.timedelta(n % 30), n=n)
    return user


def test_the_clerk_pages_forwards_and_back(page, clerk, console_errors, axe_violations):
    page.goto("/admin/login/?next=/admin/applications/?status=in_progress")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_placeholder("输入密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pager = page.get_by_role("navigation", name="分页")
    expect(pager).to_contain_text("第 1 页，共 3 页")
    first_row = page.locator("table.listing tbody tr").first.inner_text()

    pager.get_by_role("link", name="下一页").click()
    expect(pager).to_contain_text("第 2 页，共 3 页")
    assert "status=in_progress" in page.url
    assert axe_violations(page) == []

    pager.get_by_role("link", name="末页").click()
    expect(pager).to_contain_text("第 3 页，共 3 页")
    expect(page.locator("table.listing tbody tr")).to_have_count(20)
    expect(pager.get_by_role("link", name="下一页")).to_have_count(0)

    pager.get_by_role("link", name="上一页").click()
    expect(pager).to_contain_text("第 2 页，共 3 页")
    pager.get_by_role("link", name="首页").click()
    expect(pager).to_contain_text("第 1 页，共 3 页")
    assert page.locator("table.listing tbody tr").first.inner_text() == first_row
    assert console_errors == []
