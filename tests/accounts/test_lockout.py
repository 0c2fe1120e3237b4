"""Lockout per account (5 failures -> 30 minutes, any addresses), per address, behind a proxy."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt

from gongkai.audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, sign_in
from tests.agencies.factories import UserFactory

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _axes(settings):
    settings.AXES_ENABLED = True
    settings.GONGKAI_TRUSTED_PROXY_ADDRESSES = [PROXY]


def _from(client, username, password, address):
    """A sign-in through the trusted proxy on behalf of ``address``."""
    return sign_in(client, username, password, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_twelve_guesses_from_three_addresses_lock_the_account(client, clerk):
    addresses = ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
    with time_machine.travel(START, tick=False):
        responses = [_from(client, "maxiaoyan", f"guess-{n}", addresses[n % 3]) for n in range(12)]
        assert [r.status_code for r in responses[:4]] == [200] * 4  # the form again
        assert {r.status_code for r in responses[4:]} == {429}
        # The 13th, with the right password from a fourth address, is refused too.
        thirteenth = _from(client, "maxiaoyan", PASSWORD, "198.51.100.7")
    assert thirteenth.status_code == 429
    page = thirteenth.content.decode()
    assert "登录已暂时锁定" in page and "30 分钟" in page
    assert "_auth_user_id" not in client.session
    # Recorded against the real clients, not the proxy.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        *addresses,
        "198.51.100.7",
    }
    assert AuditEvent.objects.filter(action="account.login_locked").count() >= 8


def test_the_lock_lifts_after_30_minutes(client, clerk):
    with time_machine.travel(START, tick=False):
        for n in range(5):
            _from(client, "maxiaoyan", f"guess-{n}", "203.0.113.1")
    with time_machine.travel(START + datetime.timedelta(minutes=29), tick=False):
        assert _from(client, "maxiaoyan", PASSWORD, "203.0.113.1").status_code == 429
    with time_machine.travel(START + datetime.timedelta(minutes=60), tick=False):
        response = _from(client, "maxiaoyan", PASSWORD, "203.0.113.1")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="account.login", actor=clerk).exists()


def test_one_address_trying_many_accounts_is_locked_at_its_own_limit(client, db, settings):
    settings.GONGKAI_LOGIN_IP_FAILURE_LIMIT = 8
    victims = [UserFactory(username=f"staff{n}") for n in range(5)]
    for victim in victims:
        victim.set_password(PASSWORD)
        victim.save()
    with time_machine.travel(START, tick=False):
        statuses = [
            _from(client, victims[n % 5].username, "wrong-guess", "203.0.113.9").status_code
            for n in range(8)
        ]
        # No account reached 5 failures, but the address reached 8: even a right password
        # from it is refused, while the same account signs in from elsewhere.
        assert statuses == [200] * 8
        assert _from(client, "staff0", PASSWORD, "203.0.113.9").status_code == 429
        assert _from(client, "staff0", PASSWORD, "198.51.100.1").status_code == 302


def test_x_forwarded_for_from_an_untrusted_sender_is_ignored(client, clerk):
    with time_machine.travel(START, tick=False):
        for n in range(5):
            # A client that forges the header directly: its own address counts.
            sign_in(
                client,
                "maxiaoyan",
                f"guess-{n}",
                REMOTE_ADDR="198.51.100.66",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}


def test_a_lock_page_in_chinese_and_the_failures_audited(client, clerk):
    with time_machine.travel(START, tick=False):
        for n in range(6):
            response = _from(client, "maxiaoyan", f"guess-{n}", "203.0.113.1")
    assert response.status_code == 429
    assert "安全管理员" in response.content.decode()
    failed = AuditEvent.objects.filter(action="account.login_failed")
    assert failed.count() == 4
    assert {event.ip_address for event in failed} == {"203.0.113.1"}
    assert {event.target_id for event in failed} == {str(clerk.pk)}
