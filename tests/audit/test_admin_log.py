"""Writes through Wagtail's own screens (agencies, staff roles, user accounts) reach the 审计日志,
with the actor, the object, its agency and the client address, in the same transaction."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.agencies.models import Agency, StaffMembership, StaffRole
from gongkai.audit.models import AuditEvent
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_superuser(username="root", password="x-y-z-w-v")
    client.force_login(user)
    return user


def _agency_form(agency: Agency, **changes) -> dict:
    data = {
        "name": agency.name,
        "slug": agency.slug,
        "parent": "",
        "kind": agency.kind,
        "disclosure_office": agency.disclosure_office,
        "address": agency.address,
        "postal_code": agency.postal_code,
        "office_hours": agency.office_hours,
        "phone": agency.phone,
        "fax": agency.fax,
        "email": agency.email,
        "website": agency.website,
        "accepted_channels": list(agency.accepted_channels),
    }
    if agency.online_applications:
        data["online_applications"] = "on"
    return {**data, **changes}


def test_editing_an_agency_is_in_the_audit_trail_with_its_agency_and_address(client, admin):
    agency = AgencyFactory(name="盐池县科学技术局")
    response = client.post(
        reverse("agencies:edit", args=[agency.pk]),
        _agency_form(agency, phone="0953-6012345"),
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.edit")
    assert event.actor == admin
    assert event.agency == agency
    assert (event.target_type, event.target_id) == ("agencies.agency", str(agency.pk))
    assert event.target_label == "机关：盐池县科学技术局"
    assert event.ip_address == ADDRESS
    assert event.detail["wagtail_action"] == "wagtail.edit"


def test_giving_and_removing_a_staff_role_is_in_the_audit_trail(client, admin):
    agency = AgencyFactory(name="盐池县教育体育局")
    user = UserFactory(username="zhangsan")
    response = client.post(
        reverse("agency_staff:add"),
        {"user": user.pk, "agency": agency.pk, "role": StaffRole.OFFICE_HEAD},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302
    membership = StaffMembership.objects.get(user=user)
    created = AuditEvent.objects.get(action="admin.create")
    assert created.agency == agency
    assert created.target_id == str(membership.pk)
    response = client.post(reverse("agency_staff:delete", args=[membership.pk]))
    assert response.status_code == 302
    assert not StaffMembership.objects.exists()
    deleted = AuditEvent.objects.get(action="admin.delete")
    assert deleted.agency == agency and deleted.actor == admin


def test_a_staff_name_saved_in_the_user_screen_is_in_the_audit_trail(client, admin):
    clerk = StaffMembershipFactory(user=UserFactory(username="maxiaoyan")).user
    response = client.post(
        reverse("wagtailusers_users:edit", args=[clerk.pk]),
        {
            "username": "maxiaoyan",
            "full_name": "马晓燕",
            "email": "mxy@example.cn",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    clerk.refresh_from_db()
    assert clerk.first_name == "马晓燕"
    event = AuditEvent.objects.get(action="admin.edit")
    assert event.target_type == get_user_model()._meta.label_lower
    assert event.target_id == str(clerk.pk)
    assert "马晓燕" not in event.detail.values()  # what changed is not copied, only that it did


def test_a_refused_save_writes_nothing(client, admin):
    agency = AgencyFactory(name="盐池县科学技术局")
    response = client.post(
        reverse("agencies:edit", args=[agency.pk]), _agency_form(agency, name="")
    )
    assert response.status_code == 200
    assert not AuditEvent.objects.exclude(action="account.login").exists()
