"""Separation of duties: 系统管理员, 安全管理员, 审计管理员 and the business roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from gongkai.accounts.services import user_set_admin_roles
from gongkai.agencies.models import StaffRole
from gongkai.audit.models import AuditEvent
from gongkai.audit.services import audit_record
from gongkai.backoffice.roles import AdminRole, admin_roles
from gongkai.cli import main
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _group(role: AdminRole) -> Group:
    return Group.objects.get(name=role.label)


def _edit_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "full_name": user.first_name or user.username,
        "email": "",
        "is_active": "on",
        "password1": "",
        "password2": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


@pytest.mark.parametrize(
    "changes",
    [
        {"is_superuser": "on", "groups": ["审计管理员"]},
        {"groups": ["审计管理员", "安全管理员"]},
        {"groups": ["审计管理员", "系统管理员"]},
    ],
)
def test_the_user_form_refuses_an_auditor_who_is_also_an_administrator(superuser_client, changes):
    user = UserFactory(username="shenji", first_name="审计员")
    changes["groups"] = [Group.objects.get(name=name).pk for name in changes["groups"]]
    response = superuser_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]), _edit_form(user, **changes)
    )
    assert response.status_code == 200
    assert "职责分离：审计管理员不能同时是系统管理员" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_superuser and not user.groups.filter(name="审计管理员").exists()


def test_the_user_form_refuses_an_auditor_for_an_agencys_system_administrator(superuser_client):
    user = StaffMembershipFactory(role=StaffRole.SYSTEM_ADMIN).user
    response = superuser_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        _edit_form(user, groups=[_group(AdminRole.AUDIT).pk]),
    )
    assert "职责分离" in response.content.decode()
    assert not user.groups.filter(name="审计管理员").exists()


def test_an_auditor_alone_is_saved(superuser_client):
    user = UserFactory(username="shenji")
    response = superuser_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        _edit_form(user, groups=[_group(AdminRole.AUDIT).pk]),
    )
    assert response.status_code == 302
    assert admin_roles(type(user).objects.get(pk=user.pk)) == {AdminRole.AUDIT}


def test_the_service_refuses_the_conflict_and_audits_a_change():
    user = UserFactory(username="anquan")
    with pytest.raises(ValidationError):
        user_set_admin_roles(actor=None, user=user, roles=["audit_admin", "security_admin"])
    assert not user.groups.exists()
    editors = Group.objects.get(name="网站编辑")
    user.groups.add(editors)
    user_set_admin_roles(actor=None, user=user, roles=["security_admin"])
    assert set(user.groups.all()) == {editors, _group(AdminRole.SECURITY)}
    user_set_admin_roles(actor=None, user=user, roles=[])
    assert set(user.groups.all()) == {editors}
    assert AuditEvent.objects.filter(action="account.roles_assign").count() == 2


def test_a_conflict_made_behind_the_forms_is_found_by_the_check(capsys):
    user = UserFactory(username="shuangzhong", is_superuser=True)
    user.groups.add(_group(AdminRole.AUDIT))
    with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
        call_command("check", databases=["default"])
    assert main(["accounts", "check-roles"]) == 1
    assert "账户“shuangzhong”同时拥有审计管理员和管理员角色" in capsys.readouterr().out


def test_the_cli_sets_roles_and_refuses_a_conflict(capsys):
    UserFactory(username="anquan")
    assert main(["accounts", "roles", "anquan", "security_admin"]) == 0
    assert main(["accounts", "roles", "anquan", "security_admin", "audit_admin"]) == 1
    out, err = capsys.readouterr()
    assert "安全管理员" in out and "职责分离" in err


def test_the_auditor_reads_every_agencys_events_and_nothing_else(client):
    a, b = AgencyFactory(name="甲局"), AgencyFactory(name="乙局")
    audit_record(actor=None, action="letter.issue", agency=a, target_label="甲申〔2026〕1号")
    audit_record(actor=None, action="letter.issue", agency=b, target_label="乙申〔2026〕2号")
    auditor = UserFactory(username="shenji", admin_access=False)
    auditor.groups.add(_group(AdminRole.AUDIT))
    client.force_login(auditor)

    listing = client.get("/admin/audit_log/").content.decode()
    assert "甲申〔2026〕1号" in listing and "乙申〔2026〕2号" in listing
    for url in (
        "/admin/agencies/",
        "/admin/users/",
        "/admin/security/locks/",
        "/admin/agency_staff/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.get("Location") in ("/admin/", None), url
    assert AuditEvent.objects.filter(action="account.access_denied", actor=auditor).count() >= 3


def test_a_security_administrator_unlocks_an_account(client, settings):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="maxiaoyan", ip_address="203.0.113.1", user_agent="x", failures_since_start=5
    )
    security = UserFactory(username="anquan", admin_access=False)
    security.groups.add(_group(AdminRole.SECURITY))
    client.force_login(security)
    page = client.get("/admin/security/locks/").content.decode()
    assert "maxiaoyan" in page and "已锁定至" in page
    client.post("/admin/security/locks/", {"username": "maxiaoyan"})
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action="account.unlock")
    assert event.actor == security and event.detail == {"username": "maxiaoyan"}
