"""The portal home page in Chromium, as a citizen's browser shows it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_page_is_chinese_accessible_and_error_free(page, console_errors, axe_violations):
    response = page.goto("/")

    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    expect(page.get_by_role("heading", level=1, name="信息公开")).to_be_visible()
    expect(page.get_by_role("link", name="跳到主要内容")).to_be_attached()
    # The stylesheet arrived (static files served): the header is styled, not the UA default.
    assert page.evaluate("document.styleSheets.length") >= 1
    assert console_errors == []
    assert axe_violations(page) == []


def test_the_care_mode_enlarges_the_text_and_persists(page, axe_violations, console_errors):
    page.goto("/")
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    toggle = page.get_by_role("button", name="关怀版（大字体）")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="退出关怀版")).to_have_attribute("aria-pressed", "true")
    larger = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert larger >= size * 1.2
    page.goto("/search/")  # another page: the choice is kept
    assert page.evaluate("document.documentElement.classList.contains('care-mode')")
    assert axe_violations(page) == []
    page.get_by_role("button", name="退出关怀版").click()
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('care-mode')")
    assert console_errors == []
