"""The TOTP second factor: required for administrators, optional for others, reset by 安全管理员."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, sign_in
from tests.agencies.factories import UserFactory

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _required(settings):
    settings.GONGKAI_OTP_REQUIRED_FOR_ADMINS = True


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def _at(seconds: int):
    return time_machine.travel(START + datetime.timedelta(seconds=seconds), tick=False)


def _enrol(client) -> list[str]:
    """From the forced enrolment page to the recovery codes; returns the codes."""
    page = client.get("/admin/security/me/otp/enrol/").content.decode()
    assert "<svg" in page and "手动输入密钥" in page
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/admin/security/me/otp/enrol/", {"token": _code(device)})
    assert response["Location"] == "/admin/security/me/otp/recovery-codes/"
    codes_page = client.get(response["Location"]).content.decode()
    return re.findall(r"<li><code>([0-9a-f]{10})</code></li>", codes_page)


def test_an_administrator_must_enrol_before_using_the_back_office(client, superuser):
    with _at(0):
        sign_in(client, "guanliyuan")
        assert client.get("/admin/reports/")["Location"] == "/admin/security/me/otp/enrol/"
        wrong = client.post("/admin/security/me/otp/enrol/", {"token": "000000"})
        assert "验证码不正确" in wrong.content.decode()
        codes = _enrol(client)
        assert len(codes) == 10
        assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="account.otp_enrol", actor=superuser).exists()


def test_the_next_sign_in_asks_for_the_code_and_takes_a_recovery_code_once(client, superuser):
    with _at(0):
        sign_in(client, "guanliyuan")
        codes = _enrol(client)
    device = TOTPDevice.objects.get(user=superuser)
    second = Client()
    with _at(120):
        sign_in(second, "guanliyuan")
        assert second.get("/admin/")["Location"] == "/admin/security/me/otp/verify/"
        refused = second.post("/admin/security/me/otp/verify/", {"token": "123456"})
        assert "验证码不正确或已使用" in refused.content.decode()
    # django-otp throttles a device after a failure (1 s, then doubling): a moment later.
    with _at(125):
        assert (
            second.post("/admin/security/me/otp/verify/", {"token": _code(device)}).status_code
            == 302
        )
        assert second.get("/admin/").status_code == 200
    third = Client()
    with _at(250):
        sign_in(third, "guanliyuan")
        third.post("/admin/security/me/otp/verify/", {"token": codes[0]})
        assert third.get("/admin/").status_code == 200
    fourth = Client()
    with _at(380):
        sign_in(fourth, "guanliyuan")
        fourth.post("/admin/security/me/otp/verify/", {"token": codes[0]})
        assert fourth.get("/admin/").status_code == 302  # a recovery code works once
    actions = list(
        AuditEvent.objects.filter(actor=superuser, action__startswith="account.otp")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "account.otp_enrol",
        "account.otp_verify_failed",
        "account.otp_verify",
        "account.otp_recovery_used",
        "account.otp_verify_failed",
    ]


def test_a_clerk_may_work_without_a_second_factor_or_choose_one(client, clerk):
    with _at(0):
        sign_in(client, "maxiaoyan")
        assert client.get("/admin/").status_code == 200
        assert "未启用（可选）" in client.get("/admin/security/me/").content.decode()
        _enrol(client)
    second = Client()
    with _at(120):
        sign_in(second, "maxiaoyan")
        assert second.get("/admin/")["Location"] == "/admin/security/me/otp/verify/"


def test_the_requirement_can_be_relaxed(client, superuser, settings):
    settings.GONGKAI_OTP_REQUIRED_FOR_ADMINS = False
    sign_in(client, "guanliyuan")
    assert client.get("/admin/").status_code == 200


def test_a_security_administrator_resets_a_lost_authenticator(client, clerk):
    with _at(0):
        sign_in(client, "maxiaoyan")
        _enrol(client)
    security = UserFactory(username="anquan")
    security.set_password(PASSWORD)
    security.save()
    security.groups.add(Group.objects.get(name="安全管理员"))
    admin_client = Client()
    with _at(60):
        sign_in(admin_client, "anquan")
        assert admin_client.get("/admin/")["Location"] == "/admin/security/me/otp/enrol/"
        _enrol(admin_client)
        listing = admin_client.get("/admin/security/second-factors/").content.decode()
        assert "maxiaoyan" in listing and "已启用" in listing
        response = admin_client.post("/admin/security/second-factors/", {"user": clerk.pk})
        assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    event = AuditEvent.objects.get(action="account.otp_reset")
    assert (event.actor, event.target_id) == (security, str(clerk.pk))
    with _at(180):
        again = Client()
        sign_in(again, "maxiaoyan")
        assert again.get("/admin/").status_code == 200  # optional for a clerk: no longer asked


def test_others_cannot_reset_or_see_the_locks(client, clerk):
    sign_in(client, "maxiaoyan")
    for url in ("/admin/security/second-factors/", "/admin/security/locks/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"
    response = client.post("/admin/security/second-factors/", {"user": clerk.pk})
    assert response["Location"] == "/admin/"
    denied = AuditEvent.objects.filter(action="account.access_denied", actor=clerk)
    assert [event.detail["path"] for event in denied.order_by("pk")] == [
        "/admin/security/second-factors/",
        "/admin/security/locks/",
        "/admin/security/second-factors/",
    ]
