"""Who may change the working-day calendar: ``can_edit_calendar`` (one rule, every case)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.agencies.models import StaffRole
from gongkai.agencies.permissions import can_edit_calendar
from tests.agencies.factories import StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (StaffRole.SYSTEM_ADMIN, True),
        (StaffRole.SUPERVISOR, True),
        (StaffRole.CLERK, False),
        (StaffRole.OFFICE_HEAD, False),
        (StaffRole.DEPUTY_LEADER, False),
        (StaffRole.PRINCIPAL_LEADER, False),
    ],
)
def test_by_role_in_any_agency(role, allowed) -> None:
    assert can_edit_calendar(StaffMembershipFactory(role=role).user) is allowed


def test_superuser_anonymous_inactive_and_no_membership() -> None:
    assert can_edit_calendar(UserFactory(is_superuser=True))
    assert not can_edit_calendar(UserFactory())
    assert not can_edit_calendar(AnonymousUser())
    admin = StaffMembershipFactory(role=StaffRole.SYSTEM_ADMIN).user
    admin.is_active = False
    assert not can_edit_calendar(admin)


def test_a_clerk_who_is_also_system_admin_elsewhere() -> None:
    clerk = StaffMembershipFactory(role=StaffRole.CLERK).user
    assert not can_edit_calendar(clerk)
    StaffMembershipFactory(user=clerk, role=StaffRole.SYSTEM_ADMIN)
    clerk = type(clerk).objects.get(pk=clerk.pk)  # the roles are cached per request/user object
    assert can_edit_calendar(clerk)
