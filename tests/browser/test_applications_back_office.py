"""A clerk works one application in Chromium: register, 补正, decide, and the reply is listed.

Runs on the real today (the services refuse future dates and Chromium keeps the real clock);
the working-day calendar must know the current year, as it must in production.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.agencies.models import Agency, StaffMembership, StaffRole
from gongkai.applications.models import Application, ApplicationStatus, LetterKind
from tests.applications.factories import resident_id

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
    return user


def log_in(page) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_placeholder("输入密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url("/admin/")


def open_action(page, label: str):
    """Open the action's <details> by its summary and return the form inside."""
    details = page.locator(
        "details", has=page.locator("summary", has_text=re.compile(f"^{label}$"))
    )
    details.locator("summary").click()
    return details


def test_a_clerk_registers_requests_a_supplement_records_it_and_replies(
    page, clerk, console_errors, axe_violations
):
    today = timezone.localdate().isoformat()
    log_in(page)
    # The dashboard carries the four panels of 依申请公开.
    expect(page.get_by_role("heading", name="即将到期（5个工作日内）")).to_be_visible()
    assert axe_violations(page) == []

    # The menu leads to the register form.
    page.get_by_role("button", name="依申请公开").click()
    page.get_by_role("link", name="登记申请").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("登记申请")
    assert axe_violations(page) == []

    page.get_by_label("当面提交").check()
    page.get_by_label("收到申请之日", exact=True).fill(today)
    page.get_by_label("公民").check()
    page.get_by_label("姓名或名称").fill("王建国")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill(resident_id(7))
    page.get_by_label("联系电话").fill("139 0953 1234")
    page.get_by_label("所需信息的内容描述").fill("2025年度盐池县科技计划项目立项名单")
    page.get_by_role("button", name="登记申请").click()

    application = Application.objects.get()
    expect(page).to_have_url(f"/admin/applications/{application.pk}/")
    expect(page.get_by_text(f"已登记申请 {application.registration_number}")).to_be_visible()
    expect(page.get_by_role("heading", name="答复期限是如何计算的")).to_be_visible()
    # Only the masked ID number is on the page.
    assert resident_id(7) not in page.content()

    # The letter named no carrier and no way of delivery (第29条): registered all the same, and
    # the 补正 form lists what is missing.
    expect(
        page.get_by_text("申请内容不完整：缺少所需信息的载体形式、获取信息的方式（第二十九条）。")
    ).to_be_visible()
    form = open_action(page, "告知补正")
    expect(form.get_by_label("需要补正的事项")).to_have_value(
        re.compile(r"^（一）选择所需信息的载体形式.*（二）选择获取信息的方式.*。$")
    )
    form.get_by_label("需要补正的事项").fill("请补充申请人身份证明复印件。")
    form.get_by_label("补正期限").fill(
        (timezone.localdate() + timezone.timedelta(days=10)).isoformat()
    )
    form.get_by_role("button", name="告知补正并制作补正告知书").click()
    expect(page.get_by_text("已告知补正，并制作补正告知书")).to_be_visible()

    form = open_action(page, "收到补正")
    form.get_by_label("收到补正之日").fill(today)
    form.get_by_role("button", name="收到补正").click()
    expect(page.get_by_text("已登记收到补正")).to_be_visible()

    form = open_action(page, "作出答复")
    form.get_by_label("办理结果").select_option(value="granted")
    form.get_by_label("答复内容").fill("经查，您申请的信息属于公开范围，现予以提供。")
    form.get_by_role("button", name="作出答复并制作答复书").click()
    expect(page.get_by_text("已作出答复并办结")).to_be_visible()

    application.refresh_from_db()
    assert (application.status, application.outcome) == (ApplicationStatus.CLOSED, "granted")
    reply = application.letters.get(kind=LetterKind.REPLY)
    letters = page.get_by_role("region", name="文书")
    expect(letters.get_by_role("cell", name=reply.number, exact=True)).to_be_visible()
    expect(
        letters.get_by_role("link", name=re.compile(rf"^DOCX\s*（{re.escape(reply.number)}）"))
    ).to_be_visible()
    # Wagtail's own flash message fades in (axe may catch it mid-fade): check the page itself.
    page.reload()
    expect(page.get_by_role("heading", name="答复期限是如何计算的")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/admin/applications/")
    expect(page.get_by_role("link", name=application.registration_number)).to_be_visible()
    assert axe_violations(page) == []
    assert console_errors == []
