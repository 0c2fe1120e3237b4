"""The back office (Wagtail admin) in Chromium: a clerk signs in and sees it in Chinese."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_staff_user_signs_in_through_the_login_form_and_sees_the_chinese_dashboard(
    page, console_errors
):
    clerk = get_user_model().objects.create_user(
        username="clerk", password="correct-horse-battery", is_staff=True
    )
    clerk.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    page.goto("/admin/")
    # Not signed in: Wagtail sends the visitor to its login form, in Chinese.
    expect(page).to_have_url("/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("clerk")
    # By placeholder: Wagtail 8.0's LoginForm gives the password field no label of its own, so
    # Django shows the untranslated default "Password" there.
    page.get_by_placeholder("输入密码").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url("/admin/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page).to_have_title(re.compile(r"^控制面板"))
    expect(page.get_by_role("navigation", name="主菜单")).to_be_visible()
    expect(page.get_by_role("link", name="控制面板")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="公开 Gongkai")).to_be_visible()
    assert console_errors == []
