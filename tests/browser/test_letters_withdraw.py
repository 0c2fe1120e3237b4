"""A clerk withdraws (作废) a wrong 补正告知书 in Chromium, with the keyboard only, and the
applicant's tracking page shows it marked, without a download.

Runs on the real today (the services refuse future dates; Chromium keeps the real clock).
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.agencies.models import Agency, StaffMembership, StaffRole
from gongkai.applications import services
from tests.applications.factories import applicant_data

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
REASON = "补正期限写错"


@pytest.fixture
def notice():
    """An application received today with a 补正 step and its notice."""
    cache.clear()  # the tracking page's rate limit
    agency = Agency.objects.create(name="盐池县科学技术局", slug="yanchi-kjj")
    user = get_user_model().objects.create_user(username="clerk", password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    StaffMembership.objects.create(user=user, agency=agency, role=StaffRole.CLERK)
    today = timezone.localdate()
    application = services.application_register(
        agency=agency, actor=user, channel="in_person", data=applicant_data(n=9), received_on=today
    )
    letter = services.application_request_supplement(
        application=application,
        actor=user,
        on=today,
        until=today + datetime.timedelta(days=10),
        items="请补充身份证明复印件",
    ).letter
    yield letter
    cache.clear()


def test_a_clerk_withdraws_a_letter_with_the_keyboard_and_the_public_sees_it_void(
    page, notice, console_errors, axe_violations
):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_placeholder("输入密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url("/admin/")
    page.goto(f"/admin/applications/{notice.application_id}/")

    letters = page.get_by_role("region", name="文书")
    summary = letters.locator("summary", has_text="作废")
    summary.focus()
    page.keyboard.press("Enter")
    form = letters.locator("details", has=page.locator("summary", has_text="作废"))
    expect(form.get_by_label("作废理由")).to_be_visible()

    # Without the confirmation nothing happens, and the page says why.
    form.get_by_label("作废理由").fill(REASON)
    form.get_by_role("button", name=f"作废 {notice.number}").press("Enter")
    expect(page.get_by_text("请勾选“我确认作废该文书”。")).to_be_visible()
    notice.refresh_from_db()
    assert notice.withdrawn_on is None

    form = page.get_by_role("region", name="文书").locator("details[open]")
    expect(form.get_by_label("作废理由")).to_have_value(REASON)  # nothing typed is lost
    form.get_by_label("我确认作废该文书").focus()
    page.keyboard.press("Space")
    form.get_by_role("button", name=f"作废 {notice.number}").press("Enter")
    expect(page.get_by_text(f"{notice.number} 已作废，文号不再使用。")).to_be_visible()
    notice.refresh_from_db()
    assert notice.withdrawal_reason == REASON

    row = page.locator(f"#letter-{notice.pk}")
    expect(row).to_contain_text("已作废")
    expect(page.get_by_text(f"理由：{REASON}")).to_be_visible()
    page.reload()  # Wagtail's flash message fades in: check the page itself
    expect(row).to_contain_text("已作废")
    assert axe_violations(page) == []

    application = notice.application
    page.goto(f"/gongkai/track/?code={application.query_code}")
    page.get_by_label("联系电话后四位").fill(application.phone_last4)
    page.get_by_role("button", name="查询").click()
    section = page.get_by_role("region", name="告知书和答复书")
    expect(section).to_contain_text(notice.number)
    expect(section).to_contain_text("已作废，不提供下载")
    expect(section.get_by_role("link")).to_have_count(0)
    assert axe_violations(page) == []
    # The refused submission answered 400 (Chromium logs that); nothing else went wrong.
    assert [e for e in console_errors if "status of 400" not in e] == []
    assert len(console_errors) == 1
