"""The services of the 依申请公开 app: every state change, its checks and its audit event.

Dates are 2025 (a year the working-day calendar knows); ``travel`` sets "today" because the
services refuse steps dated in the future.
"""

from __future__ import annotations

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.agencies.models import StaffRole
from gongkai.applications import services
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
)
from gongkai.applications.selectors import (
    applicant_personal_data,
    application_clock,
    application_track,
    applications_visible_to,
)
from gongkai.audit.models import AuditEvent
from tests.agencies.factories import StaffMembershipFactory, UserFactory
from tests.applications.factories import travel
from tests.applications.steps import send_fee_notice

pytestmark = pytest.mark.django_db

CITIZEN = {
    "applicant_kind": "citizen",
    "name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002x",
    "phone": "138 1234 5678",
    "email": "zhang@example.com",
    "address": "宁夏盐池县花马池镇1号",
    "description": "2024年度科技项目立项名单",
    "carriers": ["paper"],
    "delivery_methods": ["post"],
}
ORGANISATION = {
    "applicant_kind": "organisation",
    "applicant_category": "commercial",
    "name": "盐池县某某科技有限公司",
    "legal_representative": "李四",
    "contact_person": "王五",
    "id_type": "credit_code",
    "id_number": "91350100M000100Y43",
    "phone": "0953-6012345",
    "description": "高新技术企业认定结果",
}


def register(
    agency, clerk, *, received_on=datetime.date(2025, 3, 3), channel="in_person", data=None
):
    with travel(received_on):
        return services.application_register(
            agency=agency,
            actor=clerk,
            channel=channel,
            data=data or CITIZEN,
            received_on=received_on,
        )


# ---------------------------------------------------------------- intake


def test_register_in_person_starts_the_clock_on_the_day_of_receipt_art31(agency, clerk):
    application = register(agency, clerk)
    assert application.status == ApplicationStatus.IN_PROGRESS
    assert application.received_on == datetime.date(2025, 3, 3)
    # 20 working days counted from the next day (第33条).
    assert application.due_on == datetime.date(2025, 3, 31)
    assert application.registration_number == "YANCHI-KJJ-2025-0001"
    assert application.assignee == clerk
    assert AuditEvent.objects.filter(action="application.register").count() == 1


def test_register_stores_personal_data_encrypted_and_masked(agency, clerk):
    from django.db import connection

    application = register(agency, clerk)
    application.refresh_from_db()
    assert application.id_number == "11010519491231002X"
    assert application.id_number_masked == "110105********002X"
    assert application.phone_last4 == "5678"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, email, address FROM applications_application WHERE id = %s",
            [application.pk],
        )
        stored = cursor.fetchone()
    for plain, raw in zip(
        ["11010519491231002X", "138 1234 5678", "zhang@example.com", "宁夏盐池县花马池镇1号"],
        stored,
        strict=True,
    ):
        assert plain not in raw


def test_organisation_category_is_required_and_kept(agency, clerk):
    application = register(agency, clerk, data=ORGANISATION)
    assert application.applicant_category == "commercial"
    with pytest.raises(ValidationError) as err:
        register(agency, clerk, data={**ORGANISATION, "applicant_category": ""})
    assert "applicant_category" in err.value.message_dict


def test_citizen_is_always_natural_person_in_table3(agency, clerk):
    application = register(agency, clerk, data={**CITIZEN, "applicant_category": "commercial"})
    assert application.applicant_category == "natural_person"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id_number", "110105194912310021"),  # wrong check digit
        ("phone", "12"),
    ],
)
def test_invalid_applicant_data_is_refused_and_nothing_saved(agency, clerk, field, value):
    with pytest.raises(ValidationError) as err:
        register(agency, clerk, data={**CITIZEN, field: value})
    assert field in err.value.message_dict
    assert not Application.objects.exists()
    assert not AuditEvent.objects.exists()


def test_wrong_credit_code_is_refused(agency, clerk):
    with pytest.raises(ValidationError) as err:
        register(agency, clerk, data={**ORGANISATION, "id_number": "91350100M000100Y44"})
    assert "id_number" in err.value.message_dict


def test_channels_with_confirmation_may_wait_for_the_receipt_date(agency, clerk):
    with travel(datetime.date(2025, 3, 3)):
        application = services.application_register(
            agency=agency, actor=clerk, channel="fax", data=CITIZEN, received_on=None
        )
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.due_on is None
    with travel(datetime.date(2025, 3, 4)):
        services.application_confirm_receipt(
            application=application, actor=clerk, received_on=datetime.date(2025, 3, 4)
        )
    application.refresh_from_db()
    assert application.received_on == datetime.date(2025, 3, 4)
    assert application.due_on == datetime.date(2025, 4, 1)


def test_in_person_needs_the_receipt_date(agency, clerk):
    with travel(datetime.date(2025, 3, 3)), pytest.raises(ValidationError) as err:
        services.application_register(
            agency=agency, actor=clerk, channel="in_person", data=CITIZEN, received_on=None
        )
    assert "received_on" in err.value.message_dict


def test_receipt_date_in_the_future_is_refused(agency, clerk):
    with travel(datetime.date(2025, 3, 3)), pytest.raises(ValidationError):
        services.application_register(
            agency=agency,
            actor=clerk,
            channel="in_person",
            data=CITIZEN,
            received_on=datetime.date(2025, 3, 4),
        )


def test_staff_of_another_agency_cannot_register_or_act(agency, clerk):
    outsider = StaffMembershipFactory(role=StaffRole.CLERK).user
    with pytest.raises(PermissionDenied):
        register(agency, outsider)
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 5)), pytest.raises(PermissionDenied):
        services.application_decide(
            application=application,
            actor=outsider,
            on=datetime.date(2025, 3, 5),
            outcome="granted",
            decision_text="予以公开",
        )
    assert application not in applications_visible_to(outsider)
    assert application in applications_visible_to(clerk)


def test_online_submission_is_not_received_until_confirmed_art31(agency, clerk):
    token = uuid.uuid4()
    with travel(datetime.date(2025, 3, 7)):
        application, created = services.application_submit_online(
            agency=agency, data=CITIZEN, submission_token=token
        )
    assert created
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.received_on is None
    assert application.created_by is None
    event = AuditEvent.objects.get(action="application.submit")
    assert event.actor is None


def test_double_submit_creates_one_application(agency):
    token = uuid.uuid4()
    with travel(datetime.date(2025, 3, 7)):
        first, created_first = services.application_submit_online(
            agency=agency, data=CITIZEN, submission_token=token
        )
        second, created_second = services.application_submit_online(
            agency=agency, data=CITIZEN, submission_token=token
        )
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Application.objects.count() == 1


def test_attachments_are_checked_by_content(agency, settings, tmp_path):
    settings.GONGKAI_PRIVATE_DIR = tmp_path
    pdf = SimpleUploadedFile("身份证.pdf", b"%PDF-1.4\n%...\n", content_type="application/pdf")
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a png", content_type="image/png")
    with travel(datetime.date(2025, 3, 7)):
        with pytest.raises(ValidationError) as err:
            services.application_submit_online(
                agency=agency,
                data=CITIZEN,
                submission_token=uuid.uuid4(),
                attachments=[
                    services.AttachmentUpload(pdf, AttachmentKind.ID_PROOF),
                    services.AttachmentUpload(fake),
                ],
            )
        assert "attachments" in err.value.message_dict
        assert not Application.objects.exists()
        pdf.seek(0)
        application, _ = services.application_submit_online(
            agency=agency,
            data=CITIZEN,
            submission_token=uuid.uuid4(),
            attachments=[services.AttachmentUpload(pdf, AttachmentKind.ID_PROOF)],
        )
    attachment = Attachment.objects.get(application=application)
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "身份证.pdf"
    assert str(tmp_path) in attachment.file.path


def test_oversized_attachment_is_refused(agency, settings):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 20, content_type="application/pdf")
    with travel(datetime.date(2025, 3, 7)), pytest.raises(ValidationError):
        services.application_submit_online(
            agency=agency,
            data=CITIZEN,
            submission_token=uuid.uuid4(),
            attachments=[services.AttachmentUpload(big)],
        )
    assert not Application.objects.exists()


def test_serials_run_per_agency_and_year(agency, clerk):
    first = register(agency, clerk, received_on=datetime.date(2025, 3, 3))
    second = register(agency, clerk, received_on=datetime.date(2025, 3, 4))
    other_agency_clerk = StaffMembershipFactory(role=StaffRole.CLERK)
    other = register(other_agency_clerk.agency, other_agency_clerk.user)
    assert [first.serial, second.serial, other.serial] == [1, 2, 1]


def test_discard_only_before_receipt(agency, clerk):
    with travel(datetime.date(2025, 3, 7)):
        submitted, _ = services.application_submit_online(
            agency=agency, data=CITIZEN, submission_token=uuid.uuid4()
        )
        with pytest.raises(ValidationError):
            services.application_discard(application=submitted, actor=clerk, reason=" ")
        services.application_discard(application=submitted, actor=clerk, reason="重复提交")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.DISCARDED
    received = register(agency, clerk)
    with travel(datetime.date(2025, 3, 7)), pytest.raises(ValidationError):
        services.application_discard(application=received, actor=clerk, reason="不想办")


# ---------------------------------------------------------------- procedure


def test_supplement_restarts_the_period_art30(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 5)):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 5),
            until=datetime.date(2025, 3, 20),
            items="请提供所需信息的文号",
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_SUPPLEMENT
    assert application.due_on is None
    with travel(datetime.date(2025, 3, 12)):
        services.application_receive_supplement(
            application=application, actor=clerk, on=datetime.date(2025, 3, 12)
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS
    # A full 20 working days from 3月12日.
    assert application.due_on == datetime.date(2025, 4, 10)


def test_missed_supplement_deadline_lapses_and_closes_as_other_handling(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 5)):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 5),
            until=datetime.date(2025, 3, 20),
            items="请说明所需信息的名称",
        )
    # The deadline day itself is still open.
    with travel(datetime.date(2025, 3, 20)), pytest.raises(ValidationError):
        services.application_close_lapsed(
            application=application, actor=clerk, on=datetime.date(2025, 3, 20)
        )
    with travel(datetime.date(2025, 3, 24)):
        services.application_close_lapsed(
            application=application, actor=clerk, on=datetime.date(2025, 3, 24)
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CLOSED
    assert application.outcome == "other_no_supplement"


def test_consultation_time_is_excluded_art32(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 10)):
        services.application_start_consultation(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 10),
            party="third_party",
            consulted="盐池县某某公司",
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONSULTING
    with travel(datetime.date(2025, 3, 14)):
        services.application_end_consultation(
            application=application, actor=clerk, on=datetime.date(2025, 3, 14), opinion="不同意"
        )
    application.refresh_from_db()
    # 3月10日-14日 (5 working days) excluded: 3月31日 + 5 working days.
    assert application.due_on == datetime.date(2025, 4, 8)
    assert application.status == ApplicationStatus.IN_PROGRESS


def test_fee_is_computed_not_typed_and_pauses_the_clock(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 10)):
        with pytest.raises(ValidationError):  # 30 pages are free: no notice
            send_fee_notice(
                application=application,
                actor=clerk,
                on=datetime.date(2025, 3, 10),
                method="by_pages",
                quantity=30,
            )
        quote = send_fee_notice(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 10),
            method="by_pages",
            quantity=120,
        ).quote
    # 31-100: 70 × 10 = 700; 101-120: 20 × 20 = 400.
    assert quote.amount == 1100
    application.refresh_from_db()
    assert application.fee_amount == 1100
    assert application.status == ApplicationStatus.AWAITING_FEE
    with travel(datetime.date(2025, 3, 12)):
        services.application_record_fee_paid(
            application=application, actor=clerk, on=datetime.date(2025, 3, 12)
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS


def test_fee_by_items_counts_the_same_applicants_month(agency, clerk):
    earlier = register(agency, clerk, received_on=datetime.date(2025, 3, 3))
    with travel(datetime.date(2025, 3, 5)):
        send_fee_notice(
            application=earlier,
            actor=clerk,
            on=datetime.date(2025, 3, 5),
            method="by_items",
            quantity=25,
        )
    later = register(agency, clerk, received_on=datetime.date(2025, 3, 6))
    with travel(datetime.date(2025, 3, 7)):
        quote = services.fee_quote(later, "by_items", 10)
    # 25 earlier this month: items 26-30 at 100 元, 31-35 at 200 元.
    assert quote.amount == 5 * 100 + 5 * 200


def test_only_the_office_head_may_extend_art33(agency, clerk, head):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 25)):
        with pytest.raises(PermissionDenied):
            services.application_extend(
                application=application,
                actor=clerk,
                on=datetime.date(2025, 3, 25),
                workdays=10,
                reason="信息量大",
            )
        with pytest.raises(ValidationError):
            services.application_extend(
                application=application,
                actor=head,
                on=datetime.date(2025, 3, 25),
                workdays=21,
                reason="信息量大",
            )
        services.application_extend(
            application=application,
            actor=head,
            on=datetime.date(2025, 3, 25),
            workdays=20,
            reason="信息量大",
        )
        with pytest.raises(ValidationError):  # once only
            services.application_extend(
                application=application,
                actor=head,
                on=datetime.date(2025, 3, 25),
                workdays=1,
                reason="再延",
            )
    application.refresh_from_db()
    # 3月31日 + 20 working days: 清明 4月4日 off, 4月27日 (Sunday) a make-up working day.
    assert application.due_on == datetime.date(2025, 4, 28)
    assert ApplicationEvent.objects.filter(application=application, kind="extended").count() == 1


def test_decide_needs_a_legal_ground_for_refusals(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 20)):
        with pytest.raises(ValidationError) as err:
            services.application_decide(
                application=application,
                actor=clerk,
                on=datetime.date(2025, 3, 20),
                outcome="withheld_state_secret",
                decision_text="不予公开",
            )
        assert "legal_ground" in err.value.message_dict
        with pytest.raises(ValidationError):
            services.application_decide(
                application=application,
                actor=clerk,
                on=datetime.date(2025, 3, 20),
                outcome="other_no_supplement",
                decision_text="视为放弃",
            )
        services.application_decide(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 20),
            outcome="withheld_state_secret",
            decision_text="经审查属于国家秘密",
            legal_ground="第十四条",
        )
    application.refresh_from_db()
    assert (application.status, application.outcome, application.closed_on) == (
        ApplicationStatus.CLOSED,
        "withheld_state_secret",
        datetime.date(2025, 3, 20),
    )
    assert application_clock(application).overdue is False
    with travel(datetime.date(2025, 3, 21)), pytest.raises(ValidationError):
        services.application_decide(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 21),
            outcome="granted",
            decision_text="again",
        )


def test_a_step_the_clock_refuses_changes_nothing(agency, clerk):
    application = register(agency, clerk)
    before = ApplicationEvent.objects.count()
    with travel(datetime.date(2025, 3, 5)), pytest.raises(ValidationError):
        services.application_receive_supplement(
            application=application, actor=clerk, on=datetime.date(2025, 3, 5)
        )
    assert ApplicationEvent.objects.count() == before
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS


def test_deferral_art35_sets_a_later_due_date(agency, clerk, head):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 10)):
        with pytest.raises(ValidationError):
            services.application_defer(
                application=application,
                actor=head,
                on=datetime.date(2025, 3, 10),
                until=datetime.date(2025, 3, 20),
                reason="数量明显超过合理范围",
            )
        services.application_defer(
            application=application,
            actor=head,
            on=datetime.date(2025, 3, 10),
            until=datetime.date(2025, 5, 30),
            reason="数量明显超过合理范围",
        )
    application.refresh_from_db()
    assert application.due_on == datetime.date(2025, 5, 30)


# ---------------------------------------------------------------- reads


def test_personal_data_view_is_audited_and_limited_to_the_agency(agency, clerk):
    application = register(agency, clerk)
    data = applicant_personal_data(application, clerk)
    assert data.id_number == "11010519491231002X"
    assert (
        AuditEvent.objects.filter(
            action="application.view_personal_data", actor=clerk, target_id=str(application.pk)
        ).count()
        == 1
    )
    outsider = StaffMembershipFactory(role=StaffRole.CLERK).user
    with pytest.raises(PermissionDenied):
        applicant_personal_data(application, outsider)
    anonymous_user = UserFactory(admin_access=False)
    with pytest.raises(PermissionDenied):
        applicant_personal_data(application, anonymous_user)


def test_tracking_needs_code_and_phone(agency, clerk):
    application = register(agency, clerk)
    assert application_track(application.query_code.lower(), "5678") == application
    assert application_track(application.query_code, "5679") is None
    assert application_track("WRONGCODE", "5678") is None
    assert application_track(application.query_code, "") is None


def test_recompute_turns_missed_deadlines_into_lapses(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 5)):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 5),
            until=datetime.date(2025, 3, 20),
            items="请补充",
        )
    result = services.applications_recompute_deadlines(on=datetime.date(2025, 3, 21))
    assert (result.checked, result.changed, result.failed) == (1, 1, {})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.LAPSED
    again = services.applications_recompute_deadlines(on=datetime.date(2025, 3, 21))
    assert again.changed == 0


def test_a_crash_mid_submission_leaves_no_half_record(agency, monkeypatch, settings, tmp_path):
    """The row, its attachments, its first event and its audit event commit together, and
    an attachment already written to disk is removed again."""
    settings.GONGKAI_PRIVATE_DIR = tmp_path
    pdf = SimpleUploadedFile("身份证.pdf", b"%PDF-1.4\n", content_type="application/pdf")

    def disk_full(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(Attachment, "save", disk_full)
    with travel(datetime.date(2025, 3, 7)), pytest.raises(OSError, match="No space left"):
        services.application_submit_online(
            agency=agency,
            data=CITIZEN,
            submission_token=uuid.uuid4(),
            attachments=[services.AttachmentUpload(pdf, AttachmentKind.ID_PROOF)],
        )
    assert not Application.objects.exists()
    assert not ApplicationEvent.objects.exists()
    assert not AuditEvent.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_letter_registered_days_later_keeps_the_day_it_arrived(agency, clerk):
    arrived = datetime.datetime(2025, 3, 3, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with travel(datetime.date(2025, 3, 5)):
        application = services.application_register(
            agency=agency,
            actor=clerk,
            channel="post",
            data=CITIZEN,
            received_on=datetime.date(2025, 3, 3),
            arrived_at=arrived,
        )
        with pytest.raises(ValidationError) as err:
            services.application_register(
                agency=agency,
                actor=clerk,
                channel="post",
                data=CITIZEN,
                received_on=datetime.date(2025, 3, 3),
                arrived_at=arrived + datetime.timedelta(days=1),
            )
    assert err.value.message_dict == {
        "received_on": ["收到申请之日不能早于申请到达本机关之日，请核对两个日期。"]
    }
    assert application.submitted_at == arrived
    submitted = application.events.get(kind="submitted")
    assert submitted.on == datetime.date(2025, 3, 3)


# -- Monday's clerk registers Friday's post: dates as they happened, never the moment of typing --


@pytest.mark.parametrize(
    ("channel", "arrived_on", "received_on"),
    [
        # 第31条(二): a letter by post is received the day it is signed for.
        ("post", datetime.date(2026, 12, 1), datetime.date(2026, 12, 1)),
        ("post", None, datetime.date(2026, 12, 1)),
        # 第31条(一): in person, the day it is handed in.
        ("in_person", datetime.date(2026, 12, 2), datetime.date(2026, 12, 2)),
        # 第31条(二): 平信 arrived on the 1st, confirmed with the applicant on the 2nd.
        ("ordinary_mail", datetime.date(2026, 12, 1), datetime.date(2026, 12, 2)),
    ],
)
def test_backdated_registration_keeps_the_real_dates_article_31(
    agency, clerk, channel, arrived_on, received_on
):
    agency.accepted_channels = [*agency.accepted_channel_values(), channel]
    agency.save()
    with travel(datetime.date(2026, 12, 3), hour=16):
        application = services.application_register(
            agency=agency,
            actor=clerk,
            channel=channel,
            data=CITIZEN,
            received_on=received_on,
            arrived_on=arrived_on,
        )
    assert application.received_on == received_on
    expected_arrival = arrived_on or received_on
    assert timezone.localdate(application.submitted_at) == expected_arrival
    assert application.events.get(kind="submitted").on == expected_arrival
    assert application.events.get(kind="received").on == received_on


@pytest.mark.parametrize(
    ("arrived_on", "received_on", "field", "message"),
    [
        (datetime.date(2026, 12, 4), None, "arrived_on", "申请到达本机关之日不能晚于今天。"),
        (
            datetime.date(2026, 12, 2),
            datetime.date(2026, 12, 1),
            "received_on",
            "收到申请之日不能早于申请到达本机关之日，请核对两个日期。",
        ),
        (None, datetime.date(2026, 12, 4), "received_on", "收到申请之日不能晚于今天。"),
    ],
)
def test_impossible_arrival_and_receipt_dates_are_refused_and_nothing_is_stored(
    agency, clerk, arrived_on, received_on, field, message
):
    with travel(datetime.date(2026, 12, 3)), pytest.raises(ValidationError) as err:
        services.application_register(
            agency=agency,
            actor=clerk,
            channel="ordinary_mail" if received_on is None else "post",
            data=CITIZEN,
            received_on=received_on,
            arrived_on=arrived_on,
        )
    assert err.value.message_dict == {field: [message]}
    assert not Application.objects.exists()


def test_confirming_at_0730_beijing_time_uses_the_local_date(agency, clerk):
    """Submitted online at 07:10 on 2026-12-02 Beijing time (23:10 UTC the day before) and
    confirmed the same morning: the UTC date would call the confirmation "before" the
    submission, or accept a day before it."""
    shanghai = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(datetime.datetime(2026, 12, 2, 7, 10, tzinfo=shanghai), tick=False):
        application, _created = services.application_submit_online(
            agency=agency, data=CITIZEN, submission_token=uuid.uuid4()
        )
    with time_machine.travel(datetime.datetime(2026, 12, 2, 7, 30, tzinfo=shanghai), tick=False):
        with pytest.raises(ValidationError) as err:
            services.application_confirm_receipt(
                application=application, actor=clerk, received_on=datetime.date(2026, 12, 1)
            )
        assert err.value.message_dict == {"received_on": ["确认之日不能早于申请提交之日。"]}
        services.application_confirm_receipt(
            application=application, actor=clerk, received_on=datetime.date(2026, 12, 2)
        )
    application.refresh_from_db()
    assert application.received_on == datetime.date(2026, 12, 2)


def test_an_assignee_from_another_agency_is_refused_by_the_service(agency, clerk):
    other_clerk = StaffMembershipFactory(
        agency=StaffMembershipFactory().agency, role=StaffRole.CLERK
    ).user
    with travel(datetime.date(2026, 12, 3)), pytest.raises(ValidationError) as err:
        services.application_register(
            agency=agency,
            actor=clerk,
            channel="in_person",
            data=CITIZEN,
            received_on=datetime.date(2026, 12, 3),
            assignee=other_clerk,
        )
    assert err.value.message_dict == {"assignee": ["经办人须是本机关的工作人员。"]}
    assert not Application.objects.exists()
