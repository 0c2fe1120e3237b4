"""Correcting an application's data and withdrawing a step recorded by mistake."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import services
from gongkai.applications.letters.services import letter_issue
from gongkai.applications.models import ApplicationStatus
from gongkai.audit.models import AuditEvent
from tests.applications.steps import send_fee_notice
from tests.applications.test_services import CITIZEN, register, travel

pytestmark = pytest.mark.django_db


def test_update_details_revalidates_and_audits_field_names_only(agency, clerk):
    application = register(agency, clerk)
    with pytest.raises(ValidationError) as err:
        services.application_update_details(
            application=application, actor=clerk, data={"id_number": "110105194912310021"}
        )
    assert "id_number" in err.value.message_dict
    services.application_update_details(
        application=application,
        actor=clerk,
        data={"phone": "13900001111", "description": "2024年度科技项目立项和验收名单"},
    )
    application.refresh_from_db()
    assert application.phone == "13900001111"
    assert application.phone_last4 == "1111"
    event = AuditEvent.objects.get(action="application.update")
    assert event.detail["fields"] == ["description", "phone", "phone_last4"]
    assert event.detail["personal_data_changed"] is True
    assert "13900001111" not in str(event.detail)


def test_closed_application_cannot_be_edited(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 10)):
        services.application_decide(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 10),
            outcome="granted",
            decision_text="予以公开",
        )
    with pytest.raises(ValidationError):
        services.application_update_details(
            application=application, actor=clerk, data={**CITIZEN, "name": "李四"}
        )


def test_withdrawing_the_decision_reopens_the_application(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 10)):
        services.application_decide(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 10),
            outcome="granted",
            decision_text="予以公开",
        )
        with pytest.raises(ValidationError):
            services.application_withdraw_last_step(application=application, actor=clerk, reason="")
        removed = services.application_withdraw_last_step(
            application=application, actor=clerk, reason="办理结果选错"
        )
    assert removed.kind == "closed"
    application.refresh_from_db()
    assert (application.status, application.outcome, application.closed_on) == (
        ApplicationStatus.IN_PROGRESS,
        "",
        None,
    )
    assert application.due_on == datetime.date(2025, 3, 31)


def test_arrival_cannot_be_withdrawn(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 10)), pytest.raises(ValidationError):
        services.application_withdraw_last_step(application=application, actor=clerk, reason="错")


def test_a_step_followed_by_another_letter_stays(agency, clerk):
    """A receipt issued after the 补正 step is not the step's own letter: withdrawing the step
    would leave it unexplained, so the step stays until that letter is voided on purpose."""
    application = register(agency, clerk)
    day = datetime.date(2025, 3, 5)
    with travel(day):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=day,
            until=datetime.date(2025, 3, 20),
            items="请补充文号",
        )
    with travel(day, hour=11):
        receipt = letter_issue(application=application, kind="receipt", actor=clerk)
        with pytest.raises(ValidationError, match=receipt.number):
            services.application_withdraw_last_step(
                application=application, actor=clerk, reason="误操作"
            )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_SUPPLEMENT


def test_withdrawing_a_fee_notice_takes_the_amount_and_the_notice_with_it(agency, clerk):
    """A fee recorded by mistake (wrong page count) and withdrawn before the notice was sent:
    no amount stays on the application, the notice is void, the clock runs again."""
    application = register(agency, clerk)
    day = datetime.date(2025, 3, 5)
    with travel(day):
        notice = send_fee_notice(
            application=application, actor=clerk, on=day, method="by_pages", quantity=120
        ).letter
        services.application_withdraw_last_step(
            application=application, actor=clerk, reason="页数录错"
        )
    application.refresh_from_db()
    notice.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS
    assert (application.fee_method, application.fee_quantity, application.fee_amount) == (
        "",
        None,
        None,
    )
    assert notice.withdrawn_on == day
