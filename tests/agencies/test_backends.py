"""Agency staff reach the back office through their membership alone."""

import pytest

from tests.agencies.factories import StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_without_any_permission_opens_the_back_office(client):
    membership = StaffMembershipFactory(user=UserFactory(admin_access=False))
    assert membership.user.has_perm("wagtailadmin.access_admin")
    client.force_login(membership.user)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_a_user_with_no_membership_is_kept_out(client):
    user = UserFactory(admin_access=False)
    assert not user.has_perm("wagtailadmin.access_admin")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_inactive_member_is_kept_out():
    membership = StaffMembershipFactory(user=UserFactory(admin_access=False, is_active=False))
    assert not membership.user.has_perm("wagtailadmin.access_admin")


def test_membership_grants_nothing_else():
    membership = StaffMembershipFactory(user=UserFactory(admin_access=False))
    assert not membership.user.has_perm("wagtailadmin.access_admin", obj=membership)
    assert not membership.user.has_perm("agencies.change_agency")
