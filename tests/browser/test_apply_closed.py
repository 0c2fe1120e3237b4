"""The apply page of an agency that takes no online applications, in Chromium on a phone:
it reads well, passes axe, fits the screen, and its links work with the keyboard."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from gongkai.applications.models import Channel
from tests.agencies.factories import AgencyFactory
from tests.browser.test_apply import PHONE, assert_fits_the_phone, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def agency(page):
    cache.clear()
    return AgencyFactory(
        name="盐池县科学技术局",
        slug="yanchi-kjj",
        disclosure_office="办公室",
        address="宁夏回族自治区吴忠市盐池县花马池镇政府街8号",
        postal_code="751500",
        phone="0953-6012345",
        email="gk@yanchi.example.org",
        online_applications=False,
        accepted_channels=[Channel.IN_PERSON, Channel.REGISTERED_MAIL],
    )


def test_the_closed_apply_page_on_a_phone_with_the_keyboard(
    page, agency, console_errors, axe_violations
):
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page.goto("/gongkai/yanchi-kjj/apply/")

    expect(page.get_by_role("heading", name="本机关不接受网上申请")).to_be_visible()
    expect(page.get_by_text("挂号信", exact=True)).to_be_visible()
    expect(page.get_by_text("751500")).to_be_visible()
    expect(page.locator("form.apply-form")).to_have_count(0)
    assert axe_violations(page) == []
    assert_fits_the_phone(page)

    tab_to(page, "a[href='/gongkai/track/'], a[href$='/track/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("查询")
    assert console_errors == []
