"""Sign-in, sign-out and refused requests are in the audit trail, with the client address."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def test_login_and_logout_are_recorded(client, clerk):
    sign_in(client, "maxiaoyan", REMOTE_ADDR="203.0.113.20")
    client.post("/admin/logout/", REMOTE_ADDR="203.0.113.20")
    events = AuditEvent.objects.filter(actor=clerk, action__in=["account.login", "account.logout"])
    events = events.order_by("pk")
    assert [(e.action, e.ip_address) for e in events] == [
        ("account.login", "203.0.113.20"),
        ("account.logout", "203.0.113.20"),
    ]
    assert events[0].target_label == "账户：maxiaoyan"


def test_a_wrong_password_is_recorded_without_the_password(client, clerk):
    sign_in(client, "maxiaoyan", "not-the-password")
    event = AuditEvent.objects.get(action="account.login_failed")
    assert event.actor is None and event.target_id == str(clerk.pk)
    assert "not-the-password" not in str(event.detail)


def test_a_403_is_recorded(clerk):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/admin/login/", {"username": "maxiaoyan", "password": PASSWORD})
    assert response.status_code == 403
    event = AuditEvent.objects.get(action="account.access_denied")
    assert event.detail == {"method": "POST", "path": "/admin/login/", "status": 403}


def test_a_password_set_by_an_editor_names_the_editor(client, clerk, superuser):
    client.force_login(superuser)
    new = "Lake-Qiu-Feng-2027"
    response = client.post(
        reverse("wagtailusers_users:edit", args=[clerk.pk]),
        {
            "username": "maxiaoyan",
            "full_name": "马晓燕",
            "email": "",
            "is_active": "on",
            "password1": new,
            "password2": new,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.filter(action="account.password_change", target_id=str(clerk.pk))
    assert event.latest("pk").actor == superuser
