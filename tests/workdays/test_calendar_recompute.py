"""A calendar change recomputes the deadlines of open applications (docs/disclosure-rules.md §6, issue 3).

An application received on 2025-03-03 (Monday) is due on 2025-03-31: 20 working days after the
day of receipt (第33条), no holiday in between. Declaring 2025-03-20 a 放假 day moves the
deadline to 2025-04-01; a 调休上班 Saturday (2025-03-22) brings it back to 2025-03-28; removing
the row restores 2025-03-31.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from gongkai.agencies.models import StaffRole
from gongkai.applications import services
from gongkai.applications.models import Application, ApplicationStatus
from gongkai.audit.models import AuditEvent
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.services import (
    calendar_day_delete,
    calendar_day_set,
    calendar_year_add,
    calendar_year_delete,
)
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import travel

D = datetime.date
CITIZEN = {
    "applicant_kind": "citizen",
    "name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002x",
    "phone": "138 1234 5678",
    "description": "2024年度科技项目立项名单",
}


def register(received_on: datetime.date, *, agency=None) -> Application:
    agency = agency or AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")
    clerk = StaffMembershipFactory(agency=agency, role=StaffRole.CLERK).user
    with travel(received_on):
        return services.application_register(
            agency=agency,
            actor=clerk,
            channel="in_person",
            data=CITIZEN,
            received_on=received_on,
        )


def due_on(application: Application) -> datetime.date | None:
    return Application.objects.values_list("due_on", flat=True).get(pk=application.pk)


@pytest.mark.django_db
def test_a_holiday_in_the_period_moves_the_deadline_and_back(
    admin_user, django_capture_on_commit_callbacks
) -> None:
    application = register(D(2025, 3, 3))
    assert due_on(application) == D(2025, 3, 31)
    results = []
    with travel(D(2025, 3, 10)):
        with django_capture_on_commit_callbacks(execute=True):
            calendar_day_set(
                day=D(2025, 3, 20),
                kind="holiday",
                note="临时放假",
                user=admin_user,
                on_recomputed=results.append,
            )
        assert due_on(application) == D(2025, 4, 1)
        with django_capture_on_commit_callbacks(execute=True):
            calendar_day_delete(day=D(2025, 3, 20), user=admin_user, on_recomputed=results.append)
        assert due_on(application) == D(2025, 3, 31)
    assert [(r.checked, r.changed, r.failed) for r in results] == [(1, 1, {}), (1, 1, {})]
    events = AuditEvent.objects.filter(action="deadlines.recompute").order_by("pk")
    assert [(e.actor, e.detail["trigger"], e.detail["changed"]) for e in events] == [
        (admin_user, "calendar", 1),
        (admin_user, "calendar", 1),
    ]


@pytest.mark.django_db
def test_a_makeup_workday_brings_the_deadline_forward(django_capture_on_commit_callbacks) -> None:
    application = register(D(2025, 3, 3))
    with travel(D(2025, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(day=D(2025, 3, 22), kind="workday", note="调休上班")
    assert due_on(application) == D(2025, 3, 28)
    # Done by a command or code (no user): recorded as the system, not as the public.
    event = AuditEvent.objects.get(action="deadlines.recompute")
    assert (event.actor, event.actor_name) == (None, "系统（自动任务）")


@pytest.mark.django_db
def test_nothing_is_recomputed_before_the_change_commits(django_capture_on_commit_callbacks):
    application = register(D(2025, 3, 3))
    with travel(D(2025, 3, 10)), django_capture_on_commit_callbacks(execute=False) as callbacks:
        calendar_day_set(day=D(2025, 3, 20), kind="holiday")
    assert due_on(application) == D(2025, 3, 31)
    assert len(callbacks) == 2  # the version bump, then the recomputation


@pytest.mark.django_db
def test_every_agency_is_recomputed_but_not_finished_applications(
    django_capture_on_commit_callbacks,
) -> None:
    first = register(D(2025, 3, 3))
    other = register(D(2025, 3, 3), agency=AgencyFactory(name="盐池县教育局", slug="yanchi-jyj"))
    finished = register(D(2025, 3, 3), agency=first.agency)
    with travel(D(2025, 3, 5)):
        services.application_decide(
            application=finished,
            actor=finished.assignee,
            on=D(2025, 3, 5),
            outcome="granted",
            decision_text="予以公开。",
        )
    closed_due = due_on(finished)
    with travel(D(2025, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(day=D(2025, 3, 20), kind="holiday")
    assert (due_on(first), due_on(other)) == (D(2025, 4, 1), D(2025, 4, 1))
    assert due_on(finished) == closed_due
    assert Application.objects.get(pk=finished.pk).status == ApplicationStatus.CLOSED


@pytest.mark.django_db
def test_withdrawing_a_year_makes_its_deadlines_provisional(
    django_capture_on_commit_callbacks,
) -> None:
    # 2027 is not in the chinesecalendar package: confirm it (no day entered: 元旦 works),
    # receive an application whose period runs into January 2027, then withdraw the year.
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_add(year=2027, notice_number="国办发明电〔2026〕X号")
    application = register(D(2026, 12, 21))
    assert due_on(application) == D(2027, 1, 18)
    results = []
    with travel(D(2026, 12, 22)), django_capture_on_commit_callbacks(execute=True):
        calendar_year_delete(year=2027, on_recomputed=results.append)
    (result,) = results
    assert result.failed == {}
    assert result.moved == {application.pk: (D(2027, 1, 18), D(2027, 1, 19))}
    stored = Application.objects.get(pk=application.pk)
    assert (stored.due_on, stored.due_on_provisional) == (D(2027, 1, 19), True)
    event = AuditEvent.objects.filter(action="deadlines.recompute").latest("pk")
    assert (event.detail["changed"], event.detail["moved"]) == (1, 1)


# -- through the back office ----------------------------------------------------------------------

# transaction=True: the recomputation runs on the real commit inside the admin view, so its
# message reaches the page as it does in production. serialized_rollback: the flush afterwards
# must not take the migrations' data (home page, site) from later tests.
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def messages_of(response) -> list[str]:
    return [str(m).strip() for m in response.context["messages"]]


@transactional
def test_admin_add_and_delete_of_a_holiday_tell_the_editor(admin_client) -> None:
    application = register(D(2025, 3, 3))
    with travel(D(2025, 3, 10)):
        response = admin_client.post(
            reverse("workdays_calendar_days:add"),
            {"date": "2025-03-20", "kind": "holiday", "note": "临时放假", "source": ""},
            follow=True,
        )
        assert response.status_code == 200
        assert "已重新计算 1 件办理中申请的答复期限，其中 1 件有变化。" in messages_of(response)
        assert due_on(application) == D(2025, 4, 1)

        row = CalendarDay.objects.get(date=D(2025, 3, 20))
        response = admin_client.post(
            reverse("workdays_calendar_days:delete", args=[row.pk]), follow=True
        )
        assert "已重新计算 1 件办理中申请的答复期限，其中 1 件有变化。" in messages_of(response)
        assert due_on(application) == D(2025, 3, 31)


@transactional
def test_admin_year_withdrawal_tells_the_editor_what_moved(client, admin_user) -> None:
    calendar_year_add(year=2027)
    application = register(D(2026, 12, 21))
    year = CalendarYear.objects.get(year=2027)
    with travel(D(2026, 12, 22)):
        client.force_login(admin_user)  # a session started at the real date would have expired
        response = client.post(
            reverse("workdays_calendar_years:delete", args=[year.pk]), follow=True
        )
    assert response.redirect_chain == [(reverse("workdays_calendar_years:index"), 302)]
    shown = messages_of(response)
    assert "已重新计算 1 件办理中申请的答复期限，其中 1 件有变化。" in shown
    assert not [m for m in shown if m.startswith("以下申请的答复期限无法计算")]
    assert due_on(application) == D(2027, 1, 19)
    assert not CalendarYear.objects.filter(year=2027).exists()
