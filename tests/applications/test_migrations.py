"""Data migration applications.0010_application_queue_position, run for real."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gongkai.applications.models import queue_position
from tests.migrations import back_to_the_latest_schema, migrate  # noqa: F401 - fixture

# transaction=True: migrations cannot run inside the test transaction (SQLite schema editor);
# serialized_rollback: the flush after this test must not take the reference data from later
# tests.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("back_to_the_latest_schema"),
]

BEFORE = [("applications", "0008_receipt_rule_names_ordinary_mail")]
AFTER = [("applications", "0010_application_queue_position")]

# (status, received_on, due_on, closed_on, outcome): every group of the queue, dates around
# the year end.
ROWS = [
    ("submitted", None, None, None, ""),
    ("in_progress", datetime.date(2025, 12, 1), datetime.date(2025, 12, 29), None, ""),
    ("consulting", datetime.date(2025, 12, 20), datetime.date(2026, 1, 21), None, ""),
    ("awaiting_supplement", datetime.date(2025, 12, 2), None, None, ""),
    ("lapsed", datetime.date(2025, 11, 3), None, None, ""),
    (
        "closed",
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 29),
        datetime.date(2025, 12, 31),
        "granted",
    ),
    (
        "closed",
        datetime.date(2025, 12, 8),
        datetime.date(2026, 1, 6),
        datetime.date(2026, 1, 2),
        "withheld",
    ),
    ("discarded", None, None, None, ""),
]


def test_the_migration_fills_the_queue_position_of_existing_applications():
    old = migrate(BEFORE)
    agency = old.get_model("agencies", "Agency").objects.create(name="盐池县科学技术局", slug="m")
    OldApplication = old.get_model("applications", "Application")
    now = timezone.now()
    for n, (status, received_on, due_on, closed_on, outcome) in enumerate(ROWS, start=1):
        OldApplication.objects.create(
            agency_id=agency.pk,
            serial_year=2025,
            serial=n,
            query_code=f"MIGRATION{n:03d}",
            channel="online",
            submitted_at=now,
            received_on=received_on,
            applicant_kind="citizen",
            applicant_category="natural_person",
            name="王建国",
            id_type="resident_id",
            id_number="640323198001010019",
            id_number_masked="640323********0019",
            phone="13900000000",
            phone_last4="0000",
            description="科技项目立项名单",
            status=status,
            due_on=due_on,
            closed_on=closed_on,
            outcome=outcome,
        )

    # Read through the models as of the migration (later ones add columns it does not have).
    Application = migrate(AFTER).get_model("applications", "Application")

    rows = Application.objects.order_by("serial")
    got = [(a.status, a.queue_rank, a.queue_key) for a in rows]
    expected = [(a.status, *queue_position(a.status, a.due_on, a.closed_on)) for a in rows]
    assert got == expected
    assert [key for _status, _rank, key in got] == [
        0,
        20251229,
        20260121,
        0,
        0,
        -20251231,
        -20260102,
        0,
    ]
    # The queue's order over the migrated rows: awaiting, due by date, undated, closed (latest
    # first), discarded.
    ordered = Application.objects.order_by("queue_rank", "queue_key", "id")
    assert [a.serial for a in ordered] == [1, 2, 3, 4, 5, 7, 6, 8]
