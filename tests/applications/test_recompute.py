"""Recomputing stored deadlines: by agency, as time passes, and when the calendar cannot tell.

``deadlines_recompute`` wraps the service ``applications_recompute_deadlines`` with one audit
event per run; ``describe_recompute`` is what staff read (admin message, command output).
"""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.agencies.models import StaffRole
from gongkai.applications import reminders, services
from gongkai.applications.models import Application, ApplicationStatus, DeadlineChange
from gongkai.applications.services import RecomputeResult
from gongkai.audit.models import AuditEvent
from gongkai.workdays.services import calendar_day_set, calendar_year_add, calendar_year_delete
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import travel
from tests.applications.steps import send_fee_notice

pytestmark = pytest.mark.django_db

D = datetime.date
CITIZEN = {
    "applicant_kind": "citizen",
    "name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002x",
    "phone": "138 1234 5678",
    "description": "2024年度科技项目立项名单",
}


@pytest.fixture
def agency():
    return AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")


@pytest.fixture
def clerk(agency):
    return StaffMembershipFactory(
        agency=agency, role=StaffRole.CLERK, user__username="clerk", user__email="c@example.cn"
    ).user


def register(agency, clerk, received_on: datetime.date, name: str = "张三") -> Application:
    with travel(received_on):
        return services.application_register(
            agency=agency,
            actor=clerk,
            channel="in_person",
            data={**CITIZEN, "name": name},
            received_on=received_on,
        )


def stored(application: Application) -> tuple[str, datetime.date | None]:
    return Application.objects.values_list("status", "due_on").get(pk=application.pk)


def test_recompute_of_one_agency_leaves_the_others_alone(agency, clerk) -> None:
    mine = register(agency, clerk, D(2025, 3, 3))
    other_agency = AgencyFactory(name="盐池县教育局", slug="yanchi-jyj")
    other_clerk = StaffMembershipFactory(agency=other_agency, role=StaffRole.CLERK).user
    theirs = register(other_agency, other_clerk, D(2025, 3, 3))
    # A holiday entered without its on-commit recomputation (the test transaction never
    # commits): both stored deadlines are now stale.
    calendar_day_set(day=D(2025, 3, 20), kind="holiday")
    with travel(D(2025, 3, 10)):
        result = reminders.deadlines_recompute(trigger="command", agency=agency)
    assert (result.checked, result.changed, result.failed) == (1, 1, {})
    assert stored(mine) == (ApplicationStatus.IN_PROGRESS, D(2025, 4, 1))
    assert stored(theirs) == (ApplicationStatus.IN_PROGRESS, D(2025, 3, 31))
    event = AuditEvent.objects.get(action="deadlines.recompute")
    assert event.agency == agency
    assert event.target_label == "盐池县科学技术局办理中申请的答复期限"
    assert event.detail == {
        "trigger": "command",
        "on": None,
        "checked": 1,
        "changed": 1,
        "failed": [],
        "moved": 1,
        "deadline_changes": [],
        "stale_letters": 0,
    }


@pytest.mark.parametrize(
    ("day", "status"),
    [
        # 第30条: the 补正 deadline day itself is still in time …
        (D(2025, 3, 14), ApplicationStatus.AWAITING_SUPPLEMENT),
        # … the next day the application is deemed withdrawn (视为放弃申请).
        (D(2025, 3, 15), ApplicationStatus.LAPSED),
    ],
)
def test_daily_recompute_lapses_a_missed_supplement_deadline_art30(agency, clerk, day, status):
    application = register(agency, clerk, D(2025, 3, 3))
    with travel(D(2025, 3, 5)):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=D(2025, 3, 5),
            until=D(2025, 3, 14),
            items="请补充文号",
        )
    with travel(day):
        call_command("applications_daily", stdout=StringIO())
    assert stored(application) == (status, None)


def test_daily_recompute_lapses_an_unpaid_fee_109(agency, clerk) -> None:
    # 109号: pay within 20 working days from the day after the notice is received (03-05):
    # by 2025-04-02 (清明 04-04 is after it); unpaid on 04-03 the application lapses.
    application = register(agency, clerk, D(2025, 3, 3))
    with travel(D(2025, 3, 5)):
        send_fee_notice(
            application=application, actor=clerk, on=D(2025, 3, 5), method="by_pages", quantity=300
        )
    with travel(D(2025, 4, 2)):
        call_command("applications_daily", stdout=StringIO())
    assert stored(application)[0] == ApplicationStatus.AWAITING_FEE
    with travel(D(2025, 4, 3)):
        call_command("applications_daily", stdout=StringIO())
    assert stored(application) == (ApplicationStatus.LAPSED, None)


def test_describe_recompute_without_failures() -> None:
    assert reminders.describe_recompute(RecomputeResult(checked=12, changed=3)) == (
        "已重新计算 12 件办理中申请的答复期限，其中 3 件有变化。",
        None,
    )


def test_describe_recompute_names_the_first_failures(agency, clerk, monkeypatch) -> None:
    first = register(agency, clerk, D(2025, 3, 3))
    second = register(agency, clerk, D(2025, 3, 4))
    why = "工作日历中没有 2027 年的节假日安排"
    result = RecomputeResult(checked=5, changed=0, failed={second.pk: why, first.pk: why})
    done, failed = reminders.describe_recompute(result)
    assert done == "已重新计算 5 件办理中申请的答复期限，其中 0 件有变化。"
    assert failed == (
        "以下申请的答复期限无法计算，仍保留原期限："
        f"{first.registration_number}（盐池县科学技术局）、"
        f"{second.registration_number}（盐池县科学技术局）共 2 件。原因：{why}"
    )
    monkeypatch.setattr("gongkai.applications.services.deadlines.NAMED_FAILURES", 1)
    _, failed = reminders.describe_recompute(result)
    assert f"：{first.registration_number}（盐池县科学技术局）等 2 件。" in failed
    assert second.registration_number not in failed


def test_daily_job_counts_a_withdrawn_year_provisionally_and_marks_the_mail(agency, clerk):
    # 2027 confirmed with no day entered (元旦 a working day), then the confirmation withdrawn:
    # the daily job counts 2027 on the 放假办法's days (元旦 2027-01-01 off) and says 暂定.
    calendar_year_add(year=2027)
    application = register(agency, clerk, D(2026, 12, 21), name="钱跨年")
    assert stored(application) == (ApplicationStatus.IN_PROGRESS, D(2027, 1, 18))
    calendar_year_delete(year=2027)
    out = StringIO()
    with travel(D(2026, 12, 22)):
        call_command("applications_daily", stdout=out)
    assert "已重新计算 1 件办理中申请的答复期限，其中 1 件有变化。" in out.getvalue()
    assert stored(application) == (ApplicationStatus.IN_PROGRESS, D(2027, 1, 19))
    assert Application.objects.get(pk=application.pk).due_on_provisional
    (change,) = DeadlineChange.objects.all()
    assert (change.old_due_on, change.new_due_on, change.trigger) == (
        D(2027, 1, 18),
        D(2027, 1, 19),
        "daily",
    )
    assert change.resolved_at is not None  # no letter stated the old date
    assert not mail.outbox  # nothing due within 5 working days yet

    with travel(D(2027, 1, 13)):
        call_command("applications_daily", stdout=StringIO())
    (message,) = mail.outbox
    assert message.to == ["c@example.cn"]
    assert "钱跨年" in message.body and "答复期限2027年1月19日（暂定）" in message.body
