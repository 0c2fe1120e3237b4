"""The queue's stored position (queue_rank, queue_key) follows every write of status and dates."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from gongkai.applications import services
from gongkai.applications.models import (
    Application,
    ApplicationStatus,
    QueueRank,
    queue_position,
)
from gongkai.applications.models.status import date_key
from gongkai.workdays.models import CalendarDay, CalendarDayKind
from gongkai.workdays.selectors import calendar_cache_clear, calendar_version_bump
from tests.applications.factories import applicant_data, register, register_online, travel

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2025, 3, 3)  # Monday; due 31 March (20 working days)


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """A test here adds a holiday: no other test may see it through the cached calendar."""
    calendar_cache_clear()
    yield
    calendar_cache_clear()


def position(application) -> tuple[int, int]:
    row = Application.objects.get(pk=application.pk)
    assert (row.queue_rank, row.queue_key) == queue_position(row.status, row.due_on, row.closed_on)
    return row.queue_rank, row.queue_key


@pytest.mark.parametrize(
    ("status", "due_on", "closed_on", "expected"),
    [
        ("submitted", None, None, (QueueRank.AWAITING_CONFIRMATION, 0)),
        ("in_progress", datetime.date(2025, 3, 31), None, (QueueRank.DUE, 20250331)),
        ("consulting", datetime.date(2026, 1, 5), None, (QueueRank.DUE, 20260105)),
        ("awaiting_supplement", None, None, (QueueRank.NO_DUE_DATE, 0)),
        ("lapsed", None, None, (QueueRank.NO_DUE_DATE, 0)),
        ("closed", datetime.date(2025, 3, 31), datetime.date(2025, 12, 31), (3, -20251231)),
        ("discarded", None, None, (QueueRank.DISCARDED, 0)),
    ],
)
def test_queue_position_of_each_status(status, due_on, closed_on, expected):
    assert queue_position(status, due_on, closed_on) == expected


def test_date_keys_sort_like_the_dates_across_the_year_end():
    days = [datetime.date(2025, 12, 31), datetime.date(2026, 1, 1), datetime.date(2025, 2, 28)]
    assert sorted(days, key=date_key) == sorted(days)


def test_every_step_of_an_application_keeps_its_queue_position(agency, clerk):
    application = register_online(agency, RECEIVED, data=applicant_data(n=1))
    assert position(application) == (QueueRank.AWAITING_CONFIRMATION, 0)

    with travel(RECEIVED):
        services.application_confirm_receipt(
            application=application, actor=clerk, received_on=RECEIVED
        )
    assert position(application) == (QueueRank.DUE, 20250331)

    with travel(datetime.date(2025, 3, 4)):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 4),
            until=datetime.date(2025, 3, 14),
            items="身份证明",
        )
    assert position(application) == (QueueRank.NO_DUE_DATE, 0)

    with travel(datetime.date(2025, 3, 10)):
        services.application_receive_supplement(
            application=application, actor=clerk, on=datetime.date(2025, 3, 10)
        )
    # 第30条: the 20 working days start again from the corrected application.
    rank, key = position(application)
    assert rank == QueueRank.DUE
    assert key == date_key(Application.objects.get(pk=application.pk).due_on) > 20250331

    with travel(datetime.date(2025, 3, 20)):
        services.application_decide(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 20),
            outcome="granted",
            decision_text="予以公开。",
        )
    assert position(application) == (QueueRank.CLOSED, -20250320)

    with travel(datetime.date(2025, 3, 21)):
        services.application_withdraw_last_step(
            application=application, actor=clerk, reason="答复录入有误"
        )
    assert position(application)[0] == QueueRank.DUE


def test_discarding_and_recomputing_move_the_position(agency, clerk):
    spam = register_online(agency, RECEIVED, data=applicant_data(n=2))
    with travel(RECEIVED):
        services.application_discard(application=spam, actor=clerk, reason="测试提交")
    assert position(spam) == (QueueRank.DISCARDED, 0)

    application = register(agency, clerk, RECEIVED, data=applicant_data(n=3))
    assert position(application) == (QueueRank.DUE, 20250331)
    # A new holiday on the way pushes the deadline back one working day.
    CalendarDay.objects.create(
        date=datetime.date(2025, 3, 12), kind=CalendarDayKind.HOLIDAY, note="测试"
    )
    calendar_version_bump()
    result = services.applications_recompute_deadlines(on=datetime.date(2025, 3, 13))
    assert result.changed == 1
    assert position(application) == (QueueRank.DUE, 20250401)


def test_the_database_refuses_a_rank_that_does_not_fit_the_status(agency, clerk):
    application = register(agency, clerk, RECEIVED, data=applicant_data(n=4))
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.CLOSED)
    assert position(application) == (QueueRank.DUE, 20250331)
