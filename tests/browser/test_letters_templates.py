"""文书模板 in Chromium: a clerk starts from a built-in text, previews, is told what is wrong with
a broken template, and saves one that works, with the keyboard only."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from gongkai.agencies.models import Agency, StaffMembership, StaffRole
from gongkai.applications.models import LetterTemplate

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"


@pytest.fixture
def clerk():
    agency = Agency.objects.create(name="盐池县科学技术局", slug="yanchi-kjj")
    user = get_user_model().objects.create_user(username="clerk", password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    StaffMembership.objects.create(user=user, agency=agency, role=StaffRole.CLERK)
    return user


def test_clerk_previews_fixes_and_saves_a_template_by_keyboard(
    page, clerk, console_errors, axe_violations
):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_placeholder("输入密码").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url("/admin/")

    # Start from the built-in 补正告知书.
    page.goto("/admin/letter_templates/new/")
    page.get_by_text("从内置文本新建模板").click()
    page.get_by_role("link", name="政府信息公开申请补正告知书").click()
    body = page.get_by_label("正文")
    expect(body).to_have_value(re.compile("第三十条"))
    assert axe_violations(page) == []

    # A typo in a placeholder: the preview refuses it, in Chinese, next to the field.
    body.fill("{{ applicant_name }}：\n请于{{ supplement_deu }}前补正。\n{{ supplement_items }}")
    page.get_by_role("button", name="预览").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("模板中有不存在的占位符：{{ supplement_deu }}")).to_be_visible()
    assert not LetterTemplate.objects.exists()

    # Fixed: the preview shows the sample applicant's letter; saving stores it.
    page.get_by_label("正文").fill(
        "{{ applicant_name }}：\n请于{{ supplement_due }}前补正：\n{{ supplement_items }}"
    )
    page.get_by_role("button", name="预览").focus()
    page.keyboard.press("Enter")
    preview = page.locator("[data-letter-preview]")
    expect(preview).to_contain_text("张三：")
    expect(preview).to_contain_text("前补正：")
    page.get_by_role("button", name="创建").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url("/admin/letter_templates/")
    template = LetterTemplate.objects.get()
    assert template.kind == "supplement_notice"
    assert "{{ supplement_due }}" in template.body
    expect(page.get_by_role("link", name=template.title)).to_be_visible()
    assert console_errors == []
