"""登记申请 in the back office: every channel, the 第31条 rule, errors that save nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications.models import (
    RECEIPT_RULES,
    Application,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
)
from gongkai.audit.models import AuditEvent
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import applicant_data, credit_code, travel

pytestmark = pytest.mark.django_db

REGISTER = reverse("applications_admin:register")
TODAY = datetime.date(2025, 3, 5)
PDF = b"%PDF-1.4\n% a tiny test file\n"


@pytest.fixture
def logged_in(client, clerk):
    client.force_login(clerk)
    return client


def form_data(agency, **overrides) -> dict:
    data = {
        **applicant_data(n=11),
        "agency": agency.pk,
        "channel": "in_person",
        "received_on": "2025-03-05",
        "accept_other_methods": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, data):
    with travel(TODAY):
        return client.post(REGISTER, data)


def test_the_form_lists_the_receipt_rule_of_every_channel(logged_in):
    with travel(TODAY):
        html = logged_in.get(REGISTER).content.decode()
    for rule in RECEIPT_RULES.values():
        assert rule in html
    assert 'for="id_received_on"' in html


def test_the_rules_shown_are_those_of_the_accepted_channels(logged_in, agency):
    agency.accepted_channels = ["in_person", "post"]
    agency.save()
    with travel(TODAY):
        html = logged_in.get(REGISTER).content.decode()
    assert RECEIPT_RULES["in_person"] in html
    assert RECEIPT_RULES["post"] in html
    assert RECEIPT_RULES["email"] not in html


def test_an_in_person_application_is_received_that_day_with_its_attachments(
    logged_in, agency, clerk
):
    data = form_data(agency)
    data["id_proof"] = SimpleUploadedFile("身份证.pdf", PDF, content_type="application/pdf")
    data["attachments"] = [
        SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png"),
        SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
    ]
    response = post(logged_in, data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications_admin:detail", args=[application.pk])
    assert application.received_on == TODAY
    assert application.status == ApplicationStatus.IN_PROGRESS
    assert application.due_on == datetime.date(2025, 4, 2)
    assert application.assignee == clerk
    kinds = sorted(Attachment.objects.values_list("kind", "original_name"))
    assert kinds == [
        (AttachmentKind.ID_PROOF, "身份证.pdf"),
        (AttachmentKind.OTHER, "a.png"),
        (AttachmentKind.OTHER, "b.pdf"),
    ]
    assert AuditEvent.objects.filter(action="application.register").count() == 1


def test_a_double_click_registers_one_application(logged_in, agency):
    with travel(TODAY):
        page = logged_in.get(REGISTER)
    token = page.context["form"].initial["submission_token"]
    first = post(logged_in, form_data(agency, submission_token=str(token)))
    second = post(logged_in, form_data(agency, submission_token=str(token)))
    application = Application.objects.get()
    detail = reverse("applications_admin:detail", args=[application.pk])
    assert first["Location"] == second["Location"] == detail
    assert AuditEvent.objects.filter(action="application.register").count() == 1
    assert f'value="{token}"' in page.content.decode()


def test_an_emailed_application_may_wait_for_confirmation(logged_in, agency):
    response = post(logged_in, form_data(agency, channel="email", received_on=""))
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.received_on is None


def test_an_organisation_with_its_category_and_another_assignee(logged_in, agency):
    colleague = StaffMembershipFactory(agency=agency).user
    data = form_data(
        agency,
        **applicant_data("research", n=4),
        assignee=colleague.pk,
        channel="registered_mail",
    )
    assert post(logged_in, data).status_code == 302
    application = Application.objects.get()
    assert application.applicant_category == "research"
    assert application.assignee == colleague
    assert application.id_number == credit_code(4)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"received_on": ""}, "received_on", "请填写收到申请之日（第三十一条）。"),
        ({"received_on": "2025-03-06"}, "received_on", "收到申请之日不能晚于今天。"),
        ({"received_on": "5.3.2025"}, "received_on", "请按“年-月-日”填写日期"),
        ({"id_number": "110105194912310021"}, "id_number", "校验"),
        ({"name": ""}, "name", "请填写姓名或名称。"),
        ({"channel": ""}, "channel", "请选择申请方式。"),
        ({"applicant_kind": "organisation"}, "applicant_category", "请选择法人或其他组织的类别。"),
        ({"phone": "12"}, "phone", "请填写有效的联系电话。"),
        ({"postal_code": "7511"}, "postal_code", "邮政编码应为6位数字。"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_saves_nothing(
    logged_in, agency, overrides, field, message
):
    response = post(logged_in, form_data(agency, **overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert "登记未完成，未保存任何内容" in response.content.decode()
    assert not Application.objects.exists()
    # (The clerk's own sign-in is on the record: gongkai.accounts.)
    assert not AuditEvent.objects.exclude(action="account.login").exists()


def test_a_file_that_is_not_pdf_or_an_image_is_refused(logged_in, agency):
    data = form_data(agency)
    data["attachments"] = [
        SimpleUploadedFile("x.pdf", b"MZ\x90\x00", content_type="application/pdf")
    ]
    response = post(logged_in, data)
    assert "不是 PDF、JPG 或 PNG 文件" in " ".join(response.context["form"].errors["attachments"])
    assert not Application.objects.exists()
    assert not Attachment.objects.exists()


def test_another_agency_cannot_be_chosen(logged_in):
    other = AgencyFactory()
    response = post(logged_in, form_data(other))
    assert "agency" in response.context["form"].errors
    assert not Application.objects.exists()


def test_an_assignee_from_another_agency_is_refused(logged_in, agency):
    second = AgencyFactory()
    stranger = StaffMembershipFactory(agency=second).user
    response = post(logged_in, form_data(agency, assignee=stranger.pk))
    assert "assignee" in response.context["form"].errors
    assert not Application.objects.exists()
