"""The applicant's tracking page in Chromium: a delivered letter can be downloaded, one not
yet delivered is listed as 待送达 without a link.

Runs on the real today (the services refuse future dates; Chromium keeps the real clock).
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.agencies.models import Agency, StaffMembership, StaffRole
from gongkai.applications import services
from gongkai.applications.letters.services import letter_issue, letter_record_delivery
from gongkai.applications.models import LetterKind
from tests.applications.factories import applicant_data

pytestmark = pytest.mark.browser


@pytest.fixture
def letters():
    """An application received today: its receipt delivered in person, the 补正告知书 not yet."""
    cache.clear()  # the tracking page's rate limit
    agency = Agency.objects.create(name="盐池县科学技术局", slug="yanchi-kjj")
    user = get_user_model().objects.create_user(username="clerk", password="x-y-z-w", is_staff=True)
    StaffMembership.objects.create(user=user, agency=agency, role=StaffRole.CLERK)
    today = timezone.localdate()
    application = services.application_register(
        agency=agency, actor=user, channel="in_person", data=applicant_data(n=11), received_on=today
    )
    receipt = letter_issue(application=application, kind=LetterKind.RECEIPT, actor=user)
    letter_record_delivery(letter=receipt, actor=user, channel="direct", delivered_on=today)
    notice = services.application_request_supplement(
        application=application,
        actor=user,
        on=today,
        until=today + datetime.timedelta(days=10),
        items="请补充身份证明复印件",
    ).letter
    yield application, receipt, notice
    cache.clear()


def test_only_the_delivered_letter_has_download_links(
    page, letters, console_errors, axe_violations
):
    application, receipt, notice = letters
    page.goto(f"/gongkai/track/?code={application.query_code}")
    page.get_by_label("联系电话后四位").fill(application.phone_last4)
    page.get_by_role("button", name="查询").click()
    section = page.get_by_role("region", name="告知书和答复书")
    receipt_row = section.get_by_role("row").filter(has_text=receipt.number)
    notice_row = section.get_by_role("row").filter(has_text=notice.number)
    expect(receipt_row.get_by_role("link")).to_have_count(2)  # DOCX and PDF
    expect(notice_row).to_contain_text("待送达，送达后可下载")
    expect(notice_row.get_by_role("link")).to_have_count(0)
    expect(section).to_contain_text("送达后即可在这里下载")
    with page.expect_download() as download:
        receipt_row.get_by_role("link", name="DOCX").click()
    assert download.value.suggested_filename.startswith(receipt.number)
    assert axe_violations(page) == []
    assert console_errors == []
