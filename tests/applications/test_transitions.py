"""The one transition table: the services refuse what it refuses, the detail page offers what it
allows, and each step with a document issues it itself, whoever calls the service.

Received 3 March 2025 (Monday); "today" is 5 March.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import ApplicationStatus, Letter
from gongkai.applications.services.transitions import TRANSITIONS, Step
from gongkai.audit.models import AuditEvent
from tests.applications.factories import applicant_data, register, register_online, travel
from tests.applications.steps import send_fee_notice

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2025, 3, 3)
TODAY = datetime.date(2025, 3, 5)


def _in_progress(agency, clerk, n):
    return register(agency, clerk, RECEIVED, data=applicant_data(n=n))


# What a task or the CLI would call, with nothing else around it: (step, call).
CALLS = {
    Step.REQUEST_SUPPLEMENT: lambda app, clerk, head: services.application_request_supplement(
        application=app, actor=clerk, on=TODAY, until=datetime.date(2025, 3, 19), items="文号"
    ),
    Step.START_CONSULTATION: lambda app, clerk, head: services.application_start_consultation(
        application=app, actor=clerk, on=TODAY, party="third_party", consulted="某公司"
    ),
    Step.FEE_NOTICE: lambda app, clerk, head: send_fee_notice(
        application=app, actor=clerk, on=TODAY, method="by_pages", quantity=120
    ),
    Step.EXTEND: lambda app, clerk, head: services.application_extend(
        application=app, actor=head, on=TODAY, workdays=10, reason="档案较多"
    ),
    Step.DEFER: lambda app, clerk, head: services.application_defer(
        application=app, actor=head, on=TODAY, until=datetime.date(2025, 6, 30), reason="申请过多"
    ),
    Step.DECIDE: lambda app, clerk, head: services.application_decide(
        application=app, actor=clerk, on=TODAY, outcome="granted", decision_text="现予公开。"
    ),
}


def test_every_step_with_a_letter_is_called_here():
    with_letter = {step for step, t in TRANSITIONS.items() if t.letter is not None}
    # 视为放弃结案 needs a lapsed deadline: covered in test_letters_services.
    assert with_letter - set(CALLS) == {Step.CLOSE_LAPSED}


@pytest.mark.parametrize("step", list(CALLS), ids=str)
def test_a_service_called_alone_issues_its_letter_in_the_same_step(agency, clerk, head, step):
    application = _in_progress(agency, clerk, n=40)
    with travel(TODAY):
        done = CALLS[step](application, clerk, head)
    kind = TRANSITIONS[step].letter
    assert done.letter is not None and done.letter.kind == kind
    assert list(application.letters.values_list("kind", flat=True)) == [kind]
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert TRANSITIONS[step].audit.value in actions and "letter.issue" in actions


def test_a_letter_that_cannot_be_issued_leaves_the_step_unrecorded(agency, clerk):
    application = _in_progress(agency, clerk, n=41)
    with travel(TODAY):
        done = CALLS[Step.REQUEST_SUPPLEMENT](application, clerk, None)
    notice = done.letter
    # The next 补正 notice would be a second one (第30条 一次性告知): the step is refused whole.
    with travel(TODAY):
        services.application_receive_supplement(application=application, actor=clerk, on=TODAY)
        with pytest.raises(ValidationError, match="不能重复制作"):
            CALLS[Step.REQUEST_SUPPLEMENT](application, clerk, None)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS
    assert list(Letter.objects.values_list("pk", flat=True)) == [notice.pk]
    assert application.events.filter(kind="supplement_requested").count() == 1


def _offered(client, application) -> set[str]:
    with travel(TODAY):
        response = client.get(reverse("applications_admin:detail", args=[application.pk]))
    return {item["action"].name for item in response.context["actions"]}


class _RolledBack(Exception):
    pass


def _refusal(step: Step, application, clerk, head) -> str | None:
    """The service's refusal of ``step`` because of the status, or None when the status allows
    it (the step taken is rolled back, so each step is tried on the same application)."""
    try:
        with travel(TODAY), transaction.atomic():
            CALLS[step](application, clerk, head)
            raise _RolledBack
    except _RolledBack:
        return None
    except ValidationError as exc:
        text = "；".join(exc.messages)
        return text if "当前状态" in text else None


@pytest.mark.parametrize("status", ["submitted", "in_progress", "consulting", "closed"])
def test_the_page_offers_exactly_the_steps_the_services_accept(client, agency, clerk, head, status):
    """As the office head (who may take every step), for applications in several statuses."""
    if status == "submitted":
        with travel(TODAY):
            application = register_online(agency, TODAY, data=applicant_data(n=50))
    else:
        application = _in_progress(agency, clerk, n=51)
        if status == "consulting":
            with travel(TODAY):
                CALLS[Step.START_CONSULTATION](application, clerk, head)
        elif status == "closed":
            with travel(TODAY):
                CALLS[Step.DECIDE](application, clerk, head)
    application.refresh_from_db()
    assert application.status == status
    client.force_login(head)
    offered = _offered(client, application)
    for step, transition in TRANSITIONS.items():
        if step not in CALLS:
            continue
        refusal = _refusal(step, application, clerk, head)
        if step.value in offered:
            assert refusal is None, (step, refusal)
        else:
            assert refusal == (
                f"该申请当前状态为“{application.get_status_display()}”，不能{transition.doing}。"
            ), step
