"""The back office (Wagtail admin) in Chromium: a clerk signs in and sees it in Chinese.

What the browser shows after the scripts ran (the sidebar and its menus are drawn by script)
is checked like the test client's crawl (``tests.back_office.crawl``): no English, no
framework name, no link off the site.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from gongkai.agencies.models import StaffRole
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory
from tests.back_office.crawl import inspect_page

pytestmark = pytest.mark.browser


def _findings(page) -> list[str]:
    host = urlsplit(page.url).hostname
    findings, _links = inspect_page(
        page.url,
        page.content(),
        # The clerk's username and the Site's hostname are data of this test.
        allowed_words=frozenset({"maxiaoyan", "localhost"}),
        own_hosts=frozenset({host, "localhost"}),
    )
    return [str(f) for f in findings]


def test_staff_user_signs_in_through_the_login_form_and_sees_the_chinese_dashboard(
    page, console_errors
):
    user = UserFactory(username="maxiaoyan", first_name="马晓燕", admin_access=False)
    user.set_password("correct-horse-battery")
    user.save()
    StaffMembershipFactory(
        user=user, agency=AgencyFactory(name="盐池县科学技术局"), role=StaffRole.CLERK
    )

    page.goto("/admin/")
    # Not signed in: Wagtail sends the visitor to its login form, in Chinese.
    expect(page).to_have_url("/admin/login/?next=/admin/")
    expect(page).to_have_title("登录 - 政府信息公开工作平台")
    expect(page.get_by_role("heading", level=1)).to_have_text("登录政府信息公开工作平台")
    assert _findings(page) == []
    page.get_by_label("用户名").fill("maxiaoyan")
    page.get_by_label("密码").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url("/admin/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page).to_have_title(re.compile(r"^控制面板 - 政府信息公开工作平台$"))
    expect(page.get_by_role("navigation", name="主菜单")).to_be_visible()
    expect(page.get_by_role("link", name="控制面板")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="政府信息公开工作平台")).to_be_visible()
    # The sidebar greets the clerk by her name as written.
    expect(page.get_by_text("马晓燕").first).to_be_attached()
    assert _findings(page) == []
    page.get_by_role("button", name="依申请公开").click()
    expect(page.get_by_role("link", name="申请队列")).to_be_visible()
    assert "wagtail" not in page.inner_text("body").lower()

    # The help menu keeps the keyboard shortcuts and nothing that leaves the site.
    page.get_by_role("button", name="帮助").click()
    expect(page.get_by_role("button", name="快捷键")).to_be_visible()
    expect(page.get_by_role("link", name="编辑指南")).to_have_count(0)
    assert _findings(page) == []
    assert console_errors == []
