"""Data migration applications.0009: existing applications get the agency-coded 登记号."""

from __future__ import annotations

import datetime

import pytest

from tests.migrations import back_to_the_latest_schema, migrate  # noqa: F401 - fixture

# transaction=True: migrations cannot run inside the test transaction (SQLite schema editor);
# serialized_rollback: the flush afterwards must not take the migrations' data from later tests.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("back_to_the_latest_schema"),
]

BEFORE = [("applications", "0008_receipt_rule_names_ordinary_mail")]
AFTER = [("applications", "0009_registration_number_with_agency_code")]


def test_two_bureaus_2026_0001_become_distinct_numbers() -> None:
    apps = migrate(BEFORE)
    agency_model = apps.get_model("agencies", "Agency")
    application_model = apps.get_model("applications", "Application")
    ids = []
    for slug, name in (("yanchi-kjj", "盐池县科学技术局"), ("yanchi-jyj", "盐池县教育局")):
        agency = agency_model.objects.create(name=name, slug=slug)
        ids.append(
            application_model.objects.create(
                agency=agency,
                serial_year=2026,
                serial=1,
                query_code=f"Q{slug}",
                channel="in_person",
                submitted_at=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC),
                received_on=datetime.date(2026, 3, 2),
                applicant_kind="citizen",
                name="张三",
                description="项目名单",
                status="in_progress",
            ).pk
        )

    apps = migrate(AFTER)
    application_model = apps.get_model("applications", "Application")
    numbers = dict(application_model.objects.values_list("pk", "registration_number"))
    assert numbers == {ids[0]: "YANCHI-KJJ-2026-0001", ids[1]: "YANCHI-JYJ-2026-0001"}
