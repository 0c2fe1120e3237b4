"""Applying online and following the application, in Chromium on a phone-sized screen.

The applicant uses the keyboard only: Tab to move, Space to tick, typing to fill, Enter to submit
and to follow links. The test reads where the focus is (that is all the script does besides
pressing keys) and checks each page with axe for serious or critical WCAG 2.1 AA problems.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from playwright.sync_api import expect

from gongkai.applications.models import Application, ApplicationStatus
from tests.agencies.factories import AgencyFactory
from tests.applications.factories import resident_id

pytestmark = pytest.mark.browser

PHONE = (375, 667)
MAX_TABS = 80


@pytest.fixture
def agency(page):
    cache.clear()  # the per-IP limits count in the cache; the live server shares it
    return AgencyFactory(
        name="盐池县科学技术局", slug="yanchi-kjj", disclosure_office="办公室", phone="0953-6012345"
    )


def tab_to(page, selector: str) -> None:
    """Press Tab until the element matching ``selector`` has the focus (forwards only)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {MAX_TABS} presses of Tab")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def tick(page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Space")
    expect(page.locator(selector)).to_be_checked()


def assert_fits_the_phone(page) -> None:
    widths = page.evaluate(
        "({viewport: window.innerWidth, page: document.documentElement.scrollWidth})"
    )
    assert widths["page"] <= widths["viewport"], widths


def test_apply_with_the_keyboard_on_a_phone_then_track_it(
    page, agency, console_errors, axe_violations
):
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page.goto("/gongkai/yanchi-kjj/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开申请")
    expect(page.get_by_text("以双方确认之日为收到申请之日")).to_be_visible()
    assert axe_violations(page) == []
    assert_fits_the_phone(page)

    tick(page, "#id_applicant_kind_0")  # 公民
    type_into(page, "#id_name", "张建国")
    type_into(page, "#id_id_number", resident_id(11))
    type_into(page, "#id_phone", "13909531234")
    type_into(page, "#id_email", "zhang@example.org")
    type_into(page, "#id_address", "宁夏回族自治区吴忠市盐池县花马池镇1号")
    type_into(page, "#id_postal_code", "751500")
    type_into(page, "#id_description", "2024年度盐池县科技计划项目立项名单")
    tick(page, "#id_carriers_0")  # 纸面
    tick(page, "#id_delivery_methods_0")  # 邮寄
    # The declaration is forgotten: the page must say so, and keep what was typed.
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("提交未成功")
    expect(summary.get_by_role("link")).to_have_text(
        "本人（本单位）承诺所填信息真实有效，并同意本机关为办理本申请使用上述个人信息："
        "请阅读并勾选承诺后再提交。"
    )
    expect(page.locator("#id_declaration")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_have_value("张建国")
    assert not Application.objects.exists()
    assert axe_violations(page) == []

    tick(page, "#id_declaration")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("您的申请已提交")
    code = page.locator("#query-code").inner_text()
    application = Application.objects.get()
    assert code == application.query_code
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.id_number == resident_id(11)
    expect(page.locator("dd", has_text=application.registration_number)).to_be_visible()
    assert axe_violations(page) == []
    assert_fits_the_phone(page)

    tab_to(page, "a.button")  # 查询办理进度
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("查询申请办理进度")
    expect(page.locator("#id_query_code")).to_have_value(code)
    assert axe_violations(page) == []

    type_into(page, "#id_phone_last4", "1234")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("申请办理进度")
    expect(page.locator(".status")).to_have_text("当前状态：待确认接收")
    expect(page.get_by_text("139****1234")).to_have_count(0)
    expect(page.locator("dd", has_text="尾号 1234")).to_be_visible()
    assert axe_violations(page) == []
    assert_fits_the_phone(page)

    # A wrong phone gets the neutral answer.
    tab_to(page, "#id_query_code")
    page.keyboard.type(code)
    type_into(page, "#id_phone_last4", "9999")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("未查询到申请")
    assert axe_violations(page) == []
    assert console_errors == []


def test_clicking_submit_twice_creates_one_application(page, agency, console_errors):
    # Two requests at once: the live server runs them in two threads, which the shared
    # in-memory SQLite connection of the test database cannot serve. PostgreSQL can.
    if connection.vendor == "sqlite":
        pytest.skip("concurrent requests need a server database (run with DATABASE_URL)")
    page.goto("/gongkai/yanchi-kjj/apply/")
    page.locator("#id_applicant_kind_0").check()
    page.locator("#id_name").fill("李秀英")
    page.locator("#id_id_number").fill(resident_id(12))
    page.locator("#id_phone").fill("13909535678")
    page.locator("#id_description").fill("盐池县2024年科技特派员名单")
    page.locator("#id_carriers_0").check()
    page.locator("#id_delivery_methods_4").check()  # 自行领取
    page.locator("#id_declaration").check()

    page.locator("button[type=submit]").dblclick()

    expect(page.get_by_role("heading", level=1)).to_have_text("您的申请已提交")
    assert Application.objects.count() == 1
    expect(page.locator("#query-code")).to_have_text(Application.objects.get().query_code)
    assert console_errors == []
