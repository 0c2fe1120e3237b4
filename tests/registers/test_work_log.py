"""The work log (工作台账): recording, yearly totals, the count constraint."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from gongkai.registers.models import WorkLogEntry, WorkLogKind
from gongkai.registers.selectors import work_log_visible_to, work_log_yearly_totals
from gongkai.registers.services import work_log_delete, work_log_record, work_log_update
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory
from tests.registers.factories import WorkLogEntryFactory

pytestmark = pytest.mark.django_db


def test_record_saves_the_entry_with_its_recorder():
    agency = AgencyFactory()
    user = UserFactory()

    entry = work_log_record(
        agency=agency,
        kind=WorkLogKind.WECHAT_POST,
        date=datetime.date(2020, 12, 31),
        count=61,
        user=user,
    )

    entry.refresh_from_db()
    assert (entry.kind, entry.count, entry.created_by) == ("wechat_post", 61, user)
    assert entry.get_kind_display() == "政务新媒体（微信公众号）发布信息"


@pytest.mark.parametrize(("kind", "count"), [("portal_item", 0), ("portal_item", -1), ("fax", 1)])
def test_record_refuses_zero_counts_and_unknown_kinds(kind, count):
    with pytest.raises(ValidationError):
        work_log_record(
            agency=AgencyFactory(), kind=kind, date=datetime.date(2020, 1, 2), count=count
        )
    assert not WorkLogEntry.objects.exists()


def test_database_refuses_a_zero_count_saved_around_the_service():
    entry = WorkLogEntryFactory.build(agency=AgencyFactory(), count=0)

    with pytest.raises(IntegrityError):
        entry.save()


def test_yearly_totals_add_up_per_kind_and_year_and_agency():
    agency = AgencyFactory()
    WorkLogEntryFactory(
        agency=agency, kind=WorkLogKind.PORTAL_ITEM, count=10, date=datetime.date(2020, 3, 1)
    )
    WorkLogEntryFactory(
        agency=agency, kind=WorkLogKind.PORTAL_ITEM, count=3, date=datetime.date(2020, 12, 31)
    )
    WorkLogEntryFactory(
        agency=agency, kind=WorkLogKind.PORTAL_ITEM, count=7, date=datetime.date(2021, 1, 1)
    )
    WorkLogEntryFactory(kind=WorkLogKind.PORTAL_ITEM, count=99, date=datetime.date(2020, 5, 5))

    totals = work_log_yearly_totals(agency, 2020)

    assert totals[WorkLogKind.PORTAL_ITEM] == 13
    assert totals[WorkLogKind.HOTLINE_ITEM] == 0
    assert list(totals) == list(WorkLogKind.values)


def test_update_and_delete_go_through_the_services():
    entry = WorkLogEntryFactory(count=2)

    work_log_update(entry=entry, count=5, title="更正")
    entry.refresh_from_db()
    assert (entry.count, entry.title) == (5, "更正")
    with pytest.raises(TypeError):
        work_log_update(entry=entry, agency=AgencyFactory())

    work_log_delete(entry=entry)
    assert not WorkLogEntry.objects.exists()


def test_visible_to_a_clerk_is_their_agencys_entries_only():
    mine = WorkLogEntryFactory()
    WorkLogEntryFactory()
    clerk = StaffMembershipFactory(agency=mine.agency).user

    assert list(work_log_visible_to(clerk)) == [mine]
    assert work_log_visible_to(UserFactory(is_superuser=True)).count() == 2
