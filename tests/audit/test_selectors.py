"""Who reads which audit events: overseers their agencies', clerks none, superusers all."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.agencies.models import StaffRole
from gongkai.audit.models import AuditEvent
from gongkai.audit.selectors import audit_events_for, audit_events_visible_to
from gongkai.audit.services import audit_record
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory
from tests.audit.factories import AuditEventFactory
from tests.registers.factories import WorkLogEntryFactory

pytestmark = pytest.mark.django_db

OVERSEERS = [
    StaffRole.OFFICE_HEAD,
    StaffRole.DEPUTY_LEADER,
    StaffRole.PRINCIPAL_LEADER,
    StaffRole.SUPERVISOR,
]


@pytest.fixture
def events():
    """One event each for agency A, agency B and no agency."""
    a, b = AgencyFactory(name="甲局"), AgencyFactory(name="乙局")
    return {
        "a": AuditEventFactory(agency=a),
        "b": AuditEventFactory(agency=b),
        "none": AuditEventFactory(agency=None, action="deadlines.recompute"),
    }


def _visible(user) -> set[int]:
    return set(audit_events_visible_to(user).values_list("pk", flat=True))


@pytest.mark.parametrize("role", OVERSEERS)
def test_overseer_of_agency_a_reads_a_and_not_b(events, role):
    user = StaffMembershipFactory(agency=events["a"].agency, role=role).user

    assert _visible(user) == {events["a"].pk}


def test_clerk_reads_nothing_not_even_own_agency(events):
    clerk = StaffMembershipFactory(agency=events["a"].agency, role=StaffRole.CLERK).user

    assert _visible(clerk) == set()


def test_roles_count_per_agency(events):
    """A clerk of A who heads the office of B reads B's events only."""
    user = StaffMembershipFactory(agency=events["a"].agency, role=StaffRole.CLERK).user
    StaffMembershipFactory(user=user, agency=events["b"].agency, role=StaffRole.OFFICE_HEAD)

    assert _visible(user) == {events["b"].pk}


def test_superuser_reads_all_including_events_without_agency(events):
    admin = UserFactory(is_superuser=True)

    assert _visible(admin) == {e.pk for e in events.values()}


@pytest.mark.parametrize("kind", ["anonymous", "inactive_head", "no_membership"])
def test_nobody_else_reads_anything(events, kind):
    if kind == "anonymous":
        user = AnonymousUser()
    elif kind == "inactive_head":
        user = StaffMembershipFactory(
            agency=events["a"].agency,
            role=StaffRole.OFFICE_HEAD,
            user=UserFactory(is_active=False),
        ).user
    else:
        user = UserFactory()

    assert _visible(user) == set()


def test_history_of_one_record_newest_first_and_not_another_models_same_pk():
    entry = WorkLogEntryFactory()
    first = audit_record(actor=None, action="application.register", target=entry)
    second = audit_record(actor=None, action="application.decide", target=entry)
    AuditEventFactory(target_type="applications.application", target_id=str(entry.pk))
    audit_record(actor=None, action="application.register", target=WorkLogEntryFactory())

    assert list(audit_events_for(entry)) == [second, first]
    assert AuditEvent.objects.count() == 4
