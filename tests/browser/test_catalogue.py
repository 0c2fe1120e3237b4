"""主动公开 end to end in Chromium: a clerk drafts an item in the back office, the chain of four
signs it off, and the public finds it in the column, the catalogue and the search — every page
accessible (axe-core) and usable on a phone."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from gongkai.agencies.models import StaffRole
from gongkai.catalog.models import CatalogueIndexPage, CatalogueItemPage, ColumnPage
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory

pytestmark = pytest.mark.browser

PASSWORD = "chain-of-four-approvers"
CHAIN = [
    ("zhaomin", StaffRole.CONFIDENTIALITY_REVIEWER),
    ("lijianguo", StaffRole.OFFICE_HEAD),
    ("zhangweidong", StaffRole.DEPUTY_LEADER),
    ("wangguoqiang", StaffRole.PRINCIPAL_LEADER),
]
TITLE = "盐池县科学技术局2026年部门预算"


@pytest.fixture
def bureau():
    agency = AgencyFactory(
        name="盐池县科学技术局", slug="yanchi-kjj", credit_code="11640323MB1E59422B"
    )
    for username, role in [("maxiaoyan", StaffRole.CLERK), *CHAIN]:
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        StaffMembershipFactory(user=user, agency=agency, role=role)
    return agency


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill(username)
    page.get_by_placeholder("输入密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url("/admin/")


def open_footer_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()


def test_a_clerk_drafts_the_chain_signs_off_and_the_public_finds_it(
    page, bureau, console_errors, axe_violations
):
    catalogue = ColumnPage.objects.get(agency=bureau).get_children().type(CatalogueIndexPage).get()

    sign_in(page, "maxiaoyan")
    page.goto(f"/admin/pages/add/catalog/catalogueitempage/{catalogue.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_written_on").fill("2026-12-01")
    page.keyboard.press("Escape")
    page.locator("#id_topic").select_option("财政、金融、审计")
    page.locator("#id_article_20_item").select_option("7")
    page.locator("#id_summary").fill("本局2026年部门收支预算及其说明。")
    open_footer_menu(page)
    page.get_by_role("button", name="提交给主动公开信息审签").click()
    expect(page.get_by_text("已创建并提交审核")).to_be_visible()
    item = CatalogueItemPage.objects.get(title=TITLE)
    assert not item.live

    for username, _role in CHAIN:
        sign_in(page, username)
        page.goto(f"/admin/pages/{item.pk}/edit/")
        open_footer_menu(page)
        page.locator("footer button:has-text('审签通过')").first.click()
        expect(page.get_by_text("已被更新")).to_be_visible()

    item.refresh_from_db()
    assert item.live and re.fullmatch(r"11640323MB1E59422B/2026-00001", item.index_number)

    page.context.clear_cookies()
    for url in ("/yanchi-kjj/", catalogue.url, "/yanchi-kjj/guide/"):
        page.goto(url)
        assert axe_violations(page) == [], url
    page.goto(catalogue.url)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text("11640323MB1E59422B/2026-00001")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/search/")
    page.get_by_label("关键词").fill("预算")
    page.get_by_role("button", name="检索").click()
    expect(page.get_by_role("status")).to_contain_text("共找到 1 条信息")
    expect(page.locator("mark", has_text="预算").first).to_be_visible()
    assert axe_violations(page) == []

    # On a phone the item page fits the screen (no sideways scrolling).
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(item.url)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert console_errors == []
