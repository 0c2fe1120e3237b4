"""The dashboard panels: due soon, overdue, awaiting confirmation, lapsed; own agency only."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, ApplicationStatus
from tests.agencies.factories import AgencyFactory, UserFactory
from tests.applications.factories import (
    ApplicationFactory,
    applicant_data,
    register,
    register_online,
    travel,
)

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")
TODAY = datetime.date(2025, 3, 25)


@pytest.fixture
def logged_in(client, clerk):
    client.force_login(clerk)
    return client


def panels(response) -> dict[str, dict]:
    """Each of our panels' context by name, rendered from the dashboard response."""
    found = {}
    for panel in response.context["panels"]:
        if panel.__class__.__name__ == "ApplicationsPanel":
            found[panel.name] = panel.get_context_data({})
    return found


def numbers(panel) -> list[str]:
    return [row["application"].registration_number for row in panel["rows"]]


def test_the_four_panels_list_what_needs_attention(logged_in, agency, clerk):
    overdue = ApplicationFactory(agency=agency, received_on=datetime.date(2025, 2, 17))
    soon = ApplicationFactory(agency=agency, received_on=datetime.date(2025, 3, 3))
    ApplicationFactory(agency=agency, received_on=datetime.date(2025, 3, 20))  # due in April
    ApplicationFactory(agency=AgencyFactory(), received_on=datetime.date(2025, 2, 17))
    submitted = register_online(agency, datetime.date(2025, 3, 24), data=applicant_data(n=41))
    lapsing = register(agency, clerk, datetime.date(2025, 3, 3), data=applicant_data(n=42))
    with travel(datetime.date(2025, 3, 4)):
        services.application_request_supplement(
            application=lapsing,
            actor=clerk,
            on=datetime.date(2025, 3, 4),
            until=datetime.date(2025, 3, 14),
            items="身份证明",
        )
    services.applications_recompute_deadlines(on=TODAY)
    assert Application.objects.get(pk=lapsing.pk).status == ApplicationStatus.LAPSED

    with travel(TODAY):
        response = logged_in.get(HOME)
    found = panels(response)
    assert numbers(found["due-soon"]) == [soon.registration_number]
    assert numbers(found["overdue"]) == [overdue.registration_number]
    assert numbers(found["awaiting-confirmation"]) == [submitted.registration_number]
    assert numbers(found["lapsed"]) == [lapsing.registration_number]
    html = response.content.decode()
    for heading in ("即将到期（5个工作日内）", "已逾期", "待确认接收", "视为放弃待结案"):
        assert heading in html
    assert reverse("applications_admin:detail", args=[soon.pk]) in html
    assert "剩余4个工作日" in html
    assert "已逾期6个工作日" in html


def test_a_panel_links_to_the_whole_filtered_queue_when_it_has_more(logged_in, agency):
    for n in range(7):
        ApplicationFactory(agency=agency, received_on=datetime.date(2025, 3, 3), n=n)
    with travel(TODAY):
        response = logged_in.get(HOME)
    due_soon = panels(response)["due-soon"]
    assert due_soon["count"] == 7
    assert len(due_soon["rows"]) == 5
    assert "查看全部 7 件" in response.content.decode()
    assert due_soon["queue_url"].endswith("?due=soon")


def test_the_panels_query_count_does_not_grow_with_the_applications(logged_in, agency):
    def count() -> int:
        with travel(TODAY), CaptureQueriesContext(connection) as queries:
            assert logged_in.get(HOME).status_code == 200
        return len(queries)

    ApplicationFactory(agency=agency, received_on=datetime.date(2025, 3, 3))
    count()  # warm the calendar cache
    few = count()
    for n in range(15):
        ApplicationFactory(agency=agency, received_on=datetime.date(2025, 2, 17 + n % 10), n=n)
        register_online(agency, datetime.date(2025, 3, 24), data=applicant_data(n=100 + n))
    assert count() == few
    # Wagtail's dashboard (session, user, permissions, its own panels) plus two queries per
    # panel of ours (count, first rows): 4 × 2 = 8, and one for open 期限变动, of these 24.
    assert few == 24


def test_no_panels_for_an_admin_user_of_no_agency(client):
    client.force_login(UserFactory())
    with travel(TODAY):
        response = client.get(HOME)
    assert panels(response) == {}
    assert "即将到期（5个工作日内）" not in response.content.decode()
