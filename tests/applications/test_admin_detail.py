"""The back-office page of one application: the clock explained, personal data, files, letters.

Another agency's application and everything under it (attachments, letters, actions) is 404.
"""

from __future__ import annotations

import datetime
import io

import docx
import pdfplumber
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.letters.services import letter_issue
from gongkai.applications.models import Application, ApplicationEvent, LetterKind
from gongkai.audit.models import AuditEvent
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import (
    ApplicationFactory,
    applicant_data,
    register,
    resident_id,
    travel,
)

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2025, 3, 3)
TODAY = datetime.date(2025, 3, 5)
PDF = b"%PDF-1.4\n% proof of identity\n"


def detail_url(application) -> str:
    return reverse("applications_admin:detail", args=[application.pk])


@pytest.fixture
def application(agency, clerk):
    with travel(RECEIVED):
        return services.application_register(
            agency=agency,
            actor=clerk,
            channel="in_person",
            data=applicant_data(n=21),
            received_on=RECEIVED,
            attachments=[
                services.AttachmentUpload(
                    SimpleUploadedFile("身份证明.pdf", PDF, content_type="application/pdf"),
                    "id_proof",
                )
            ],
        )


@pytest.fixture
def logged_in(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def stranger(client):
    """A clerk of another agency, logged in."""
    client.force_login(StaffMembershipFactory(agency=AgencyFactory()).user)
    return client


def get(client, url, **kwargs):
    with travel(TODAY):
        return client.get(url, **kwargs)


def test_the_page_explains_how_the_due_date_was_reached(logged_in, application):
    response = get(logged_in, detail_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    steps = response.context["clock"].steps
    assert steps
    for step in steps:
        assert step.text in html
    assert "2025年3月31日" in html  # 20 working days after 3 March
    assert "剩余18个工作日" in html
    assert "当面提交的，以提交之日为收到申请之日" in html


def test_a_late_supplement_request_is_highlighted(logged_in, application, clerk):
    late = datetime.date(2025, 3, 14)  # the 9th working day after receipt (第30条: 7)
    with travel(late):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=late,
            until=late.replace(day=28),
            items="身份证明",
        )
    with travel(late):
        response = logged_in.get(detail_url(application))
    problems = response.context["clock"].problems
    assert problems
    html = response.content.decode()
    assert "需要注意" in html
    for problem in problems:
        assert problem in html


def test_a_year_not_yet_announced_is_counted_provisionally_and_marked(client, clerk, agency):
    application = ApplicationFactory(agency=agency, received_on=RECEIVED)
    # Dates in a year without a 国务院办公厅 notice yet (2031): counted on the 放假办法's days.
    ApplicationEvent.objects.filter(application=application).update(on=datetime.date(2031, 1, 6))
    with travel(datetime.date(2031, 1, 8)):
        services.applications_recompute_deadlines(agency=agency)
        client.force_login(clerk)  # a session from 2025 would have expired
        response = client.get(detail_url(application))
        queue = client.get(reverse("applications_admin:index"))
    stored = Application.objects.get(pk=application.pk)
    # 2031-01-06 (Mon) + 20 working days; by rule 春节 is 1-22 (除夕) to 1-25 (Sat) with its
    # 补假 on Monday 1-27: four weekdays off, so 2031-02-03 becomes 2031-02-07.
    assert (stored.due_on, stored.due_on_provisional) == (datetime.date(2031, 2, 7), True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2031年2月7日<span" in html and "（暂定）" in html
    assert "2031年的节假日安排尚未公布，暂按法定节假日计算" in html
    assert not response.context["clock_error"]
    assert queue.status_code == 200
    assert "2031-02-07<span" in queue.content.decode() and "（暂定）" in queue.content.decode()


def test_lists_and_the_page_show_only_the_masked_id_and_phone(logged_in, application):
    html = get(logged_in, detail_url(application)).content.decode()
    assert resident_id(21) not in html
    assert application.id_number_masked in html
    assert application.phone not in html
    assert f"尾号 {application.phone_last4}" in html
    assert not AuditEvent.objects.filter(action="application.view_personal_data").exists()


def test_revealing_personal_data_is_one_audit_event_and_this_response_only(
    logged_in, application, clerk
):
    url = reverse("applications_admin:personal_data", args=[application.pk])
    with travel(TODAY):
        response = logged_in.post(url)
        again = logged_in.get(detail_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert resident_id(21) in html
    assert application.phone in html
    assert "本次查看已记入审计日志" in html
    assert response["Cache-Control"].startswith("max-age=0")
    events = AuditEvent.objects.filter(action="application.view_personal_data")
    assert events.count() == 1
    assert events.get().actor == clerk
    assert resident_id(21) not in again.content.decode()


def test_revealing_personal_data_needs_a_post(logged_in, application):
    url = reverse("applications_admin:personal_data", args=[application.pk])
    assert get(logged_in, url).status_code == 405
    assert not AuditEvent.objects.filter(action="application.view_personal_data").exists()


def test_an_attachment_downloads_from_private_storage_and_is_audited(logged_in, application):
    attachment = application.attachments.get()
    url = reverse("applications_admin:attachment", args=[application.pk, attachment.pk])
    response = get(logged_in, url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="application.download_attachment").count() == 1
    # The file is not under MEDIA_ROOT: it has no URL of its own.
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))


def test_the_timeline_lists_every_step(logged_in, application):
    html = get(logged_in, detail_url(application)).content.decode()
    assert "提交申请" in html
    assert "收到申请" in html


@pytest.fixture
def letter(application, clerk):
    with travel(TODAY):
        return services.application_request_supplement(
            application=application,
            actor=clerk,
            on=TODAY,
            until=datetime.date(2025, 3, 20),
            items="请补充身份证明复印件",
        ).letter


def test_issued_letters_are_listed_and_download_as_docx_and_pdf(logged_in, application, letter):
    html = get(logged_in, detail_url(application)).content.decode()
    assert letter.number in html
    assert letter.title in html
    docx_url = reverse(
        "applications_admin:letter_download", args=[application.pk, letter.pk, "docx"]
    )
    pdf_url = reverse("applications_admin:letter_download", args=[application.pk, letter.pk, "pdf"])
    assert docx_url in html and pdf_url in html

    response = get(logged_in, docx_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert letter.number in text
    assert "请补充身份证明复印件" in text

    response = get(logged_in, pdf_url)
    assert response.status_code == 200
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "补正" in text
    assert AuditEvent.objects.filter(action="letter.download").count() == 2


def test_an_unknown_letter_format_is_404(logged_in, application, letter):
    url = reverse("applications_admin:letter_download", args=[application.pk, letter.pk, "exe"])
    assert get(logged_in, url).status_code == 404


def test_recording_a_letters_delivery(logged_in, application, letter):
    url = reverse("applications_admin:letter_delivery", args=[application.pk, letter.pk])
    prefix = f"delivery-{letter.pk}"
    with travel(TODAY):
        response = logged_in.post(
            url,
            {
                f"{prefix}-channel": "post",
                f"{prefix}-delivered_on": "2025-03-05",
                f"{prefix}-note": "EMS 1234",
            },
        )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.delivery_channel, letter.delivered_on, letter.delivery_note) == (
        "post",
        TODAY,
        "EMS 1234",
    )


def test_a_delivery_before_the_letter_was_issued_is_refused(logged_in, application, letter):
    url = reverse("applications_admin:letter_delivery", args=[application.pk, letter.pk])
    prefix = f"delivery-{letter.pk}"
    with travel(TODAY):
        response = logged_in.post(
            url, {f"{prefix}-channel": "post", f"{prefix}-delivered_on": "2025-03-04"}
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "送达日期不能早于成文日期" in html
    letter.refresh_from_db()
    assert letter.delivered_on is None


def test_everything_of_another_agencys_application_is_404(stranger, application, letter):
    attachment = application.attachments.get()
    urls = [
        detail_url(application),
        reverse("applications_admin:attachment", args=[application.pk, attachment.pk]),
        reverse("applications_admin:letter_download", args=[application.pk, letter.pk, "pdf"]),
    ]
    for url in urls:
        assert get(stranger, url).status_code == 404, url
    posts = [
        reverse("applications_admin:personal_data", args=[application.pk]),
        reverse("applications_admin:letter_delivery", args=[application.pk, letter.pk]),
        reverse("applications_admin:action", args=[application.pk, "decide"]),
    ]
    with travel(TODAY):
        for url in posts:
            assert stranger.post(url, {}).status_code == 404, url
    assert not AuditEvent.objects.filter(
        action__in=["application.view_personal_data", "application.download_attachment"]
    ).exists()


def test_an_attachment_of_another_application_is_404_under_this_one(
    logged_in, application, agency, clerk
):
    other = register(agency, clerk, RECEIVED, data=applicant_data(n=22))
    attachment = application.attachments.get()
    url = reverse("applications_admin:attachment", args=[other.pk, attachment.pk])
    assert get(logged_in, url).status_code == 404


def update_url(application) -> str:
    return reverse("applications_admin:update_applicant", args=[application.pk])


def update_data(application, **overrides) -> dict:
    data = {
        "applicant_kind": "citizen",
        "name": application.name,
        "id_type": "resident_id",
        "description": application.description,
        "carriers": ["paper"],
        "delivery_methods": ["post"],
        "accept_other_methods": "on",
    }
    data.update(overrides)
    return data


def test_correcting_the_applicant_keeps_blank_personal_data(logged_in, application):
    form_html = get(logged_in, update_url(application)).content.decode()
    assert application.name in form_html
    assert resident_id(21) not in form_html
    assert application.phone not in form_html
    with travel(TODAY):
        response = logged_in.post(
            update_url(application), update_data(application, name="王建军", phone="0953-6012345")
        )
    assert response.status_code == 302
    application = Application.objects.get(pk=application.pk)
    assert application.name == "王建军"
    assert application.phone == "0953-6012345"
    assert application.id_number == resident_id(21)  # left blank: kept
    event = AuditEvent.objects.get(action="application.update")
    assert event.detail["fields"] == ["name", "phone", "phone_last4"]


def test_a_wrong_corrected_id_number_changes_nothing(logged_in, application):
    with travel(TODAY):
        response = logged_in.post(
            update_url(application), update_data(application, id_number="110105194912310021")
        )
    assert response.status_code == 200
    assert "校验" in " ".join(response.context["form"].errors["id_number"])
    assert Application.objects.get(pk=application.pk).id_number == resident_id(21)
    assert not AuditEvent.objects.filter(action="application.update").exists()


def test_another_agencys_application_cannot_be_corrected(stranger, application):
    assert get(stranger, update_url(application)).status_code == 404


def test_the_detail_query_count_does_not_grow_with_steps_and_letters(
    logged_in, application, clerk, agency
):
    def count(app) -> int:
        with travel(TODAY), CaptureQueriesContext(connection) as queries:
            assert logged_in.get(detail_url(app)).status_code == 200
        return len(queries)

    bare = register(agency, clerk, RECEIVED, data=applicant_data(n=23))
    count(bare)  # warm the calendar cache
    few = count(bare)
    with travel(TODAY):
        services.application_start_consultation(
            application=application, actor=clerk, on=TODAY, party="third_party", consulted="甲公司"
        )
        services.application_end_consultation(application=application, actor=clerk, on=TODAY)
        letter_issue(application=application, kind=LetterKind.RECEIPT, actor=clerk, on=RECEIVED)
    assert count(application) == few
