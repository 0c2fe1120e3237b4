"""The steps on the detail page, through HTTP: each records its step (and letter) or nothing.

Received 3 March 2025 (Monday, due 31 March); "today" is 5 March unless a test says otherwise.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Letter,
    LetterKind,
)
from gongkai.audit.models import AuditEvent
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import applicant_data, register, register_online, travel

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2025, 3, 3)
TODAY = datetime.date(2025, 3, 5)


@pytest.fixture
def application(agency, clerk):
    return register(agency, clerk, RECEIVED, data=applicant_data(n=31))


@pytest.fixture
def as_clerk(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def as_head(client, head):
    client.force_login(head)
    return client


def act(client, application, name, data, on=TODAY):
    url = reverse("applications_admin:action", args=[application.pk, name])
    with travel(on):
        return client.post(url, {f"{name}-{key}": value for key, value in data.items()})


def offered(client, application, on=TODAY) -> set[str]:
    url = reverse("applications_admin:detail", args=[application.pk])
    with travel(on):
        response = client.get(url)
    return {item["action"].name for item in response.context["actions"]}


def reload(application) -> Application:
    return Application.objects.get(pk=application.pk)


def steps(application) -> list[str]:
    return list(application.events.order_by("pk").values_list("kind", flat=True))


def letters(application) -> list[str]:
    return list(Letter.objects.filter(application=application).values_list("kind", flat=True))


def refused(response, text: str) -> None:
    assert response.status_code in (400, 403)
    assert text in response.content.decode()


# -- what is offered ---------------------------------------------------------------------------


def test_a_clerk_is_offered_the_steps_of_an_application_in_progress(as_clerk, application):
    assert offered(as_clerk, application) == {
        "issue_receipt",
        "request_supplement",
        "start_consultation",
        "fee_notice",
        "decide",
        "correct_receipt_date",
        "withdraw",
        "assign",
    }


def test_the_office_head_is_also_offered_extension_and_deferral(as_head, application):
    assert {"extend", "defer"} <= offered(as_head, application)


def test_an_online_submission_offers_confirmation_and_discarding(as_clerk, agency):
    submitted = register_online(agency, RECEIVED, data=applicant_data(n=32))
    assert offered(as_clerk, submitted) == {"confirm", "discard", "assign"}


# -- confirm / discard -------------------------------------------------------------------------


def test_confirming_receipt_starts_the_clock(as_clerk, agency):
    submitted = register_online(agency, RECEIVED, data=applicant_data(n=33))
    response = act(as_clerk, submitted, "confirm", {"received_on": "2025-03-04"})
    assert response.status_code == 302
    submitted = reload(submitted)
    assert submitted.received_on == datetime.date(2025, 3, 4)
    assert submitted.status == ApplicationStatus.IN_PROGRESS


def test_confirming_before_the_submission_is_refused(as_clerk, agency):
    submitted = register_online(agency, RECEIVED, data=applicant_data(n=34))
    response = act(as_clerk, submitted, "confirm", {"received_on": "2025-03-01"})
    refused(response, "确认之日不能早于申请提交之日")
    assert reload(submitted).status == ApplicationStatus.SUBMITTED


def test_discarding_needs_a_reason_and_works_only_before_receipt(as_clerk, agency, application):
    submitted = register_online(agency, RECEIVED, data=applicant_data(n=35))
    refused(act(as_clerk, submitted, "discard", {"reason": ""}), "请填写作废理由")
    assert act(as_clerk, submitted, "discard", {"reason": "重复提交"}).status_code == 302
    assert reload(submitted).status == ApplicationStatus.DISCARDED
    refused(act(as_clerk, application, "discard", {"reason": "x"}), "不能作废")
    assert reload(application).status == ApplicationStatus.IN_PROGRESS


def test_the_receipt_is_issued_once(as_clerk, application):
    refused(
        act(as_clerk, application, "issue_receipt", {"on": "2025-03-06"}), "成文日期不能晚于今天"
    )
    assert letters(application) == []
    assert act(as_clerk, application, "issue_receipt", {"on": "2025-03-03"}).status_code == 302
    assert letters(application) == [LetterKind.RECEIPT]
    assert "issue_receipt" not in offered(as_clerk, application)


# -- 补正 ---------------------------------------------------------------------------------------


def test_requesting_a_supplement_issues_the_notice(as_clerk, application):
    response = act(
        as_clerk,
        application,
        "request_supplement",
        {"on": "2025-03-05", "items": "请补充身份证明", "until": "2025-03-20"},
    )
    assert response.status_code == 302
    assert reload(application).status == ApplicationStatus.AWAITING_SUPPLEMENT
    assert letters(application) == [LetterKind.SUPPLEMENT_NOTICE]


def test_a_supplement_deadline_before_the_notice_records_nothing(as_clerk, application):
    before = steps(application)
    response = act(
        as_clerk,
        application,
        "request_supplement",
        {"on": "2025-03-05", "items": "请补充身份证明", "until": "2025-03-05"},
    )
    refused(response, "补正期限应晚于告知之日")
    assert steps(application) == before
    assert letters(application) == []


def test_receiving_the_supplement_restarts_the_period(as_clerk, application, clerk):
    with travel(TODAY):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=TODAY,
            until=datetime.date(2025, 3, 20),
            items="x",
        )
    refused(
        act(
            as_clerk,
            application,
            "receive_supplement",
            {"on": "2025-03-12"},
            on=datetime.date(2025, 3, 10),
        ),
        "日期不能晚于今天",
    )
    response = act(
        as_clerk,
        application,
        "receive_supplement",
        {"on": "2025-03-10"},
        on=datetime.date(2025, 3, 10),
    )
    assert response.status_code == 302
    application = reload(application)
    assert application.status == ApplicationStatus.IN_PROGRESS
    assert application.due_on == datetime.date(2025, 4, 8)  # 20 working days after 10 March


# -- consultation ------------------------------------------------------------------------------


def test_a_consultation_issues_a_letter_the_applicant_does_not_see(as_clerk, application):
    response = act(
        as_clerk,
        application,
        "start_consultation",
        {"on": "2025-03-05", "party": "third_party", "consulted": "盐池县某某科技有限公司"},
    )
    assert response.status_code == 302
    letter = Letter.objects.get(application=application)
    assert (letter.kind, letter.recipient, letter.public) == (
        LetterKind.CONSULTATION_LETTER,
        "盐池县某某科技有限公司",
        False,
    )
    assert reload(application).status == ApplicationStatus.CONSULTING
    assert offered(as_clerk, application) >= {"end_consultation", "decide"}

    refused(
        act(as_clerk, application, "end_consultation", {"on": "2025-03-06"}), "日期不能晚于今天"
    )
    assert (
        act(
            as_clerk, application, "end_consultation", {"on": "2025-03-05", "opinion": "同意公开"}
        ).status_code
        == 302
    )
    assert reload(application).status == ApplicationStatus.IN_PROGRESS


def test_a_consultation_without_the_consulted_party_records_nothing(as_clerk, application):
    response = act(
        as_clerk,
        application,
        "start_consultation",
        {"on": "2025-03-05", "party": "third_party", "consulted": ""},
    )
    refused(response, "请填写被征求意见的单位或个人")
    assert reload(application).status == ApplicationStatus.IN_PROGRESS
    assert letters(application) == []


# -- fees --------------------------------------------------------------------------------------


def test_the_fee_is_shown_before_it_is_recorded(as_clerk, application):
    data = {"on": "2025-03-05", "method": "by_pages", "quantity": "250"}
    preview = act(as_clerk, application, "fee_notice", data)
    assert preview.status_code == 200
    quote = preview.context["fee_quote"]
    assert quote.amount > 0
    html = preview.content.decode()
    assert f"计算结果：{quote.amount} 元" in html
    assert "确认并发出收费通知书" in html
    assert reload(application).fee_amount is None
    assert letters(application) == []

    confirmed = act(
        as_clerk, application, "fee_notice", {**data, "confirmed_amount": str(quote.amount)}
    )
    assert confirmed.status_code == 302
    application = reload(application)
    assert application.fee_amount == quote.amount
    assert application.status == ApplicationStatus.AWAITING_FEE
    assert letters(application) == [LetterKind.FEE_NOTICE]
    with travel(TODAY):
        detail = as_clerk.get(reverse("applications_admin:detail", args=[application.pk]))
    # The quantity with its unit (第5条 counts pages), never a bare number.
    assert f"{application.fee_amount} 元（按量计收 250 页）" in detail.content.decode()

    refused(act(as_clerk, application, "fee_paid", {"on": "2025-03-09"}), "日期不能晚于今天")
    assert act(as_clerk, application, "fee_paid", {"on": "2025-03-05"}).status_code == 302
    assert reload(application).status == ApplicationStatus.IN_PROGRESS


def test_a_stale_confirmation_shows_the_new_amount_instead_of_recording(as_clerk, application):
    data = {"on": "2025-03-05", "method": "by_pages", "quantity": "250", "confirmed_amount": "1.00"}
    response = act(as_clerk, application, "fee_notice", data)
    refused(response, "不一致")
    assert response.context["fee_quote"].amount != Decimal("1.00")
    assert reload(application).fee_amount is None
    assert letters(application) == []


def test_a_fee_below_the_free_threshold_is_refused(as_clerk, application):
    data = {"on": "2025-03-05", "method": "by_pages", "quantity": "10"}
    quote = act(as_clerk, application, "fee_notice", data).context["fee_quote"]
    response = act(
        as_clerk, application, "fee_notice", {**data, "confirmed_amount": str(quote.amount)}
    )
    refused(response, "无需收费")
    assert reload(application).status == ApplicationStatus.IN_PROGRESS


def test_a_quantity_of_zero_is_refused(as_clerk, application):
    response = act(
        as_clerk,
        application,
        "fee_notice",
        {"on": "2025-03-05", "method": "by_items", "quantity": "0"},
    )
    refused(response, "件数或页数至少为 1")


# -- extension and deferral (office head) ------------------------------------------------------


def test_the_office_head_extends_and_the_notice_is_issued(as_head, application):
    response = act(
        as_head, application, "extend", {"on": "2025-03-05", "workdays": "20", "reason": "信息量大"}
    )
    assert response.status_code == 302
    # 40 working days after 3 March; 27 April (a Sunday) is a make-up working day.
    assert reload(application).due_on == datetime.date(2025, 4, 28)
    assert letters(application) == [LetterKind.EXTENSION_NOTICE]


def test_a_clerk_cannot_extend(as_clerk, application):
    due = application.due_on
    response = act(
        as_clerk,
        application,
        "extend",
        {"on": "2025-03-05", "workdays": "10", "reason": "信息量大"},
    )
    refused(response, "此操作需由公开工作机构负责人办理")
    assert response.status_code == 403
    assert reload(application).due_on == due
    assert letters(application) == []
    assert not AuditEvent.objects.filter(action="application.extend").exists()


def test_an_extension_beyond_20_working_days_is_refused(as_head, application):
    response = act(
        as_head, application, "extend", {"on": "2025-03-05", "workdays": "21", "reason": "x"}
    )
    refused(response, "延长期限最长不得超过20个工作日")


def test_the_office_head_defers_under_article_35(as_head, application):
    data = {"on": "2025-03-05", "until": "2025-06-30", "reason": "申请数量明显超过合理范围"}
    assert act(as_head, application, "defer", data).status_code == 302
    assert reload(application).due_on == datetime.date(2025, 6, 30)
    assert letters(application) == [LetterKind.DEFERRAL_NOTICE]


def test_a_clerk_cannot_defer(as_clerk, application):
    data = {"on": "2025-03-05", "until": "2025-06-30", "reason": "x"}
    refused(act(as_clerk, application, "defer", data), "此操作需由公开工作机构负责人办理")


# -- the reply ---------------------------------------------------------------------------------


def test_deciding_closes_the_application_and_issues_the_reply(as_clerk, application):
    data = {
        "on": "2025-03-05",
        "outcome": "granted",
        "decision_text": "经查，现将所申请信息提供给您。",
    }
    response = act(as_clerk, application, "decide", data)
    assert response.status_code == 302
    application = reload(application)
    assert (application.status, application.outcome, application.closed_on) == (
        ApplicationStatus.CLOSED,
        "granted",
        TODAY,
    )
    assert letters(application) == [LetterKind.REPLY]
    with travel(TODAY):
        follow = as_clerk.get(response["Location"])
    html = follow.content.decode()
    assert Letter.objects.get(application=application).number in html
    assert "已作出答复并办结" in html


def test_a_refusal_without_its_legal_ground_records_nothing(as_clerk, application):
    data = {"on": "2025-03-05", "outcome": "withheld_state_secret", "decision_text": "不予公开。"}
    response = act(as_clerk, application, "decide", data)
    refused(response, "不予公开或部分公开必须写明法律依据")
    assert reload(application).status == ApplicationStatus.IN_PROGRESS
    assert letters(application) == []


def test_the_outcome_select_is_grouped_by_the_table_three_groups(as_clerk, application):
    html = act(as_clerk, application, "decide", {}).content.decode()
    for group in ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"):
        assert f'<optgroup label="{group}">' in html
    assert 'value="other_no_supplement"' not in html  # reached only through 视为放弃结案


def test_a_lapsed_supplement_is_closed_as_deemed_withdrawn(as_clerk, application, clerk):
    with travel(TODAY):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=TODAY,
            until=datetime.date(2025, 3, 10),
            items="x",
        )
    later = datetime.date(2025, 3, 12)
    refused(
        act(
            as_clerk,
            application,
            "close_lapsed",
            {"on": "2025-03-07"},
            on=datetime.date(2025, 3, 7),
        ),
        "不能视为放弃结案",
    )
    assert "close_lapsed" in offered(as_clerk, application, on=later)
    response = act(as_clerk, application, "close_lapsed", {"on": "2025-03-12"}, on=later)
    assert response.status_code == 302
    application = reload(application)
    assert (application.status, application.outcome) == (
        ApplicationStatus.CLOSED,
        "other_no_supplement",
    )
    assert LetterKind.REPLY in letters(application)


def test_withdrawing_a_step_recorded_by_mistake(as_clerk, application, clerk):
    with travel(TODAY, hour=9):
        services.application_start_consultation(
            application=application, actor=clerk, on=TODAY, party="third_party", consulted="某公司"
        )
    with travel(TODAY):
        services.application_end_consultation(application=application, actor=clerk, on=TODAY)
    refused(act(as_clerk, application, "withdraw", {"reason": ""}), "请填写撤销理由")
    response = act(as_clerk, application, "withdraw", {"reason": "误登记"})
    assert response.status_code == 302
    assert steps(application)[-1] == "consultation_started"
    assert reload(application).status == ApplicationStatus.CONSULTING


def test_withdrawing_a_step_voids_its_letter_not_yet_sent(as_clerk, application):
    act(
        as_clerk,
        application,
        "request_supplement",
        {"on": "2025-03-05", "items": "身份证明", "until": "2025-03-20"},
    )
    assert act(as_clerk, application, "withdraw", {"reason": "误登记"}).status_code == 302
    assert reload(application).status == ApplicationStatus.IN_PROGRESS
    notice = application.letters.get()
    assert notice.withdrawn_on == TODAY and "误登记" in notice.withdrawal_reason


# -- assignee, unknown actions, other agencies -------------------------------------------------


def test_assigning_another_clerk_of_the_agency(as_clerk, application, agency):
    colleague = StaffMembershipFactory(agency=agency).user
    assert act(as_clerk, application, "assign", {"assignee": colleague.pk}).status_code == 302
    assert reload(application).assignee == colleague


def test_a_clerk_of_another_agency_cannot_be_assigned(as_clerk, application, clerk):
    stranger = StaffMembershipFactory(agency=AgencyFactory()).user
    refused(act(as_clerk, application, "assign", {"assignee": stranger.pk}), "选择一个有效的选项")
    assert reload(application).assignee == clerk


def test_an_unknown_action_is_404(as_clerk, application):
    assert act(as_clerk, application, "teleport", {}).status_code == 404


def test_another_agencys_application_is_404_for_every_action(client, application):
    client.force_login(StaffMembershipFactory(agency=AgencyFactory()).user)
    before = ApplicationEvent.objects.count()
    response = act(
        client,
        application,
        "decide",
        {"on": "2025-03-05", "outcome": "granted", "decision_text": "x"},
    )
    assert response.status_code == 404
    assert ApplicationEvent.objects.count() == before


def test_actions_need_the_csrf_token(application, clerk):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    response = act(
        client,
        application,
        "decide",
        {"on": "2025-03-05", "outcome": "granted", "decision_text": "x"},
    )
    assert response.status_code == 403
    assert reload(application).status == ApplicationStatus.IN_PROGRESS
