"""The 申请队列 at scale: its order, keyset pages, capped count, and nothing decrypted."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.applications.views import admin_paging
from gongkai.privacy import fields
from tests.applications.factories import (
    ApplicationFactory,
    applicant_data,
    register,
    register_online,
    travel,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("applications_admin:index")
HOME = reverse("wagtailadmin_home")
TODAY = datetime.date(2025, 3, 25)


@pytest.fixture
def logged_in(client, clerk):
    client.force_login(clerk)
    return client


def get(client, url: str):
    with travel(TODAY):
        response = client.get(url)
    assert response.status_code == 200
    return response


def pks(response) -> list[int]:
    return [row["application"].pk for row in response.context["rows"]]


def link(response, css_class: str) -> str | None:
    """The href of the pager's link (``next``, ``prev``, ``first``, ``last``), or None."""
    found = re.search(rf'<li class="{css_class}"><a href="([^"]*)"', response.content.decode())
    return QUEUE + html.unescape(found[1]) if found else None


def test_the_queue_order_awaiting_due_undated_closed_discarded(logged_in, agency, clerk):
    later = ApplicationFactory(agency=agency, received_on=datetime.date(2025, 3, 10), n=1)
    sooner = ApplicationFactory(agency=agency, received_on=datetime.date(2025, 3, 3), n=2)
    closed_early = ApplicationFactory(
        agency=agency, received_on=datetime.date(2025, 1, 6), outcome="granted", n=3
    )
    closed_late = ApplicationFactory(
        agency=agency,
        received_on=datetime.date(2025, 1, 2),
        outcome="granted",
        closed_on=datetime.date(2025, 3, 20),
        n=4,
    )
    undated = register(agency, clerk, datetime.date(2025, 3, 3), data=applicant_data(n=5))
    with travel(datetime.date(2025, 3, 4)):
        services.application_request_supplement(
            application=undated,
            actor=clerk,
            on=datetime.date(2025, 3, 4),
            until=datetime.date(2025, 3, 31),
            items="身份证明",
        )
    first_online = register_online(agency, datetime.date(2025, 3, 20), data=applicant_data(n=6))
    second_online = register_online(agency, datetime.date(2025, 3, 21), data=applicant_data(n=7))
    discarded = register_online(agency, datetime.date(2025, 3, 21), data=applicant_data(n=8))
    with travel(TODAY):
        services.application_discard(application=discarded, actor=clerk, reason="重复提交")

    assert pks(get(logged_in, QUEUE)) == [
        first_online.pk,  # awaiting confirmation, oldest first (第31条)
        second_online.pk,
        sooner.pk,  # open, by reply deadline
        later.pk,
        undated.pk,  # awaiting the 补正: no deadline running
        closed_late.pk,  # finished, most recently closed first
        closed_early.pk,
        discarded.pk,
    ]


def test_unfinished_includes_submissions_awaiting_confirmation(logged_in, agency, clerk):
    open_one = ApplicationFactory(agency=agency, received_on=datetime.date(2025, 3, 3))
    ApplicationFactory(agency=agency, received_on=datetime.date(2025, 1, 6), outcome="granted")
    submitted = register_online(agency, datetime.date(2025, 3, 20), data=applicant_data(n=9))
    discarded = register_online(agency, datetime.date(2025, 3, 21), data=applicant_data(n=10))
    with travel(TODAY):
        services.application_discard(application=discarded, actor=clerk, reason="测试")
    response = get(logged_in, f"{QUEUE}?status=open")
    assert pks(response) == [submitted.pk, open_one.pk]
    assert "共 2 件申请符合筛选条件" in response.content.decode()


@pytest.fixture
def many(agency) -> list[int]:
    """120 open applications, in queue order (by due date, then by id)."""
    made = [
        ApplicationFactory(
            agency=agency, received_on=datetime.date(2025, 2, 3) + datetime.timedelta(n % 30), n=n
        )
        for n in range(120)
    ]
    return [a.pk for a in sorted(made, key=lambda a: (a.due_on, a.pk))]


def test_the_pager_links_walk_every_row_once_and_back(logged_in, many):
    first = get(logged_in, QUEUE)
    assert "共 120 件申请" in first.content.decode()
    assert "第 1 页，共 3 页" in first.content.decode()
    assert link(first, "prev") is None
    second = get(logged_in, link(first, "next"))
    assert "第 2 页，共 3 页" in second.content.decode()
    third = get(logged_in, link(second, "next"))
    assert "第 3 页，共 3 页" in third.content.decode()
    assert link(third, "next") is None
    assert pks(first) + pks(second) + pks(third) == many

    back = get(logged_in, link(third, "prev"))
    assert pks(back) == pks(second)
    assert "第 2 页，共 3 页" in back.content.decode()
    assert pks(get(logged_in, link(back, "prev"))) == pks(first)
    assert pks(get(logged_in, link(first, "last"))) == pks(third)


def test_a_bare_page_number_and_bad_positions(logged_in, many):
    assert pks(get(logged_in, f"{QUEUE}?p=2")) == many[50:100]
    assert pks(get(logged_in, f"{QUEUE}?p=99")) == many[100:]  # past the end: the last page
    for garbled in ("after=1.x.3", "before=%27%3B", "p=-4", "after=99.0.1"):
        response = get(logged_in, f"{QUEUE}?{garbled}")
        assert pks(response) in (many[:50], [])


def test_a_filter_survives_paging(logged_in, agency, many):
    closed = [
        ApplicationFactory(
            agency=agency, received_on=datetime.date(2025, 1, 6), outcome="granted", n=500 + n
        ).pk
        for n in range(3)
    ]
    first = get(logged_in, f"{QUEUE}?status=in_progress")
    assert "status=in_progress" in link(first, "next")
    rest = get(logged_in, link(first, "next"))
    assert set(pks(first) + pks(rest)).isdisjoint(closed)


def test_a_long_list_says_more_than_the_cap_and_still_pages(logged_in, many, monkeypatch):
    monkeypatch.setattr(admin_paging, "COUNT_CAP", 100)
    first = get(logged_in, QUEUE)
    page = first.content.decode()
    assert "超过 100 件申请" in page
    assert "第 1 页" in page
    assert "共 3 页" not in page
    last = get(logged_in, link(first, "last"))
    assert pks(last) == many[-50:]
    assert "末页" in last.content.decode()
    assert pks(get(logged_in, link(last, "prev"))) == many[-100:-50]


def test_the_queue_and_dashboard_decrypt_nothing(logged_in, agency, monkeypatch):
    made = [
        ApplicationFactory(agency=agency, received_on=datetime.date(2025, 3, 3), n=n)
        for n in range(30)
    ]
    register_online(agency, datetime.date(2025, 3, 20), data=applicant_data(n=40))
    calls = []
    real = fields.decrypt

    def counting(token):
        calls.append(token)
        return real(token)

    monkeypatch.setattr(fields, "decrypt", counting)
    for url in (QUEUE, f"{QUEUE}?status=open"):
        assert made[0].id_number_masked in get(logged_in, url).content.decode()
    assert made[0].registration_number in get(logged_in, HOME).content.decode()
    assert calls == []
    # The counter sees what a full row costs: its encrypted columns (ID number, phone, …).
    Application.objects.get(pk=made[0].pk)
    assert len(calls) >= 2


def test_a_keyset_page_costs_the_queries_of_the_first(logged_in, many):
    first = get(logged_in, QUEUE)
    with travel(TODAY), CaptureQueriesContext(connection) as on_first:
        logged_in.get(QUEUE)
    with travel(TODAY), CaptureQueriesContext(connection) as on_second:
        logged_in.get(link(first, "next"))
    assert len(on_first) == len(on_second) == 13
