"""Sessions end after 30 idle minutes and 12 hours at most (real requests, moved clocks)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongkai.audit.models import AuditEvent
from tests.accounts.conftest import sign_in

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _timeouts(settings):
    settings.GONGKAI_SESSION_IDLE_SECONDS = 30 * 60
    settings.GONGKAI_SESSION_MAX_SECONDS = 12 * 3600


def _at(minutes: float):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


def test_idle_for_31_minutes_lands_on_the_login_page_with_a_chinese_message(client, clerk):
    with _at(0):
        assert sign_in(client, "maxiaoyan").status_code == 302
        assert client.get("/admin/").status_code == 200
    with _at(29):
        assert client.get("/admin/").status_code == 200
    with _at(29 + 31):
        response = client.get("/admin/reports/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/login/?next=%2Fadmin%2Freports%2F"
        page = client.get(response["Location"])
    assert "您已超过 30 分钟未操作" in page.content.decode()
    event = AuditEvent.objects.get(action="account.session_expired")
    assert (event.actor, event.detail) == (clerk, {"reason": "idle"})
    with _at(61):
        assert client.get("/admin/").status_code == 302  # signed out for good


def test_activity_keeps_the_session_until_its_absolute_lifetime(client, clerk):
    with _at(0):
        sign_in(client, "maxiaoyan")
    for minutes in range(20, 12 * 60, 20):
        with _at(minutes):
            assert client.get("/admin/").status_code == 200, minutes
    with _at(12 * 60 + 1):
        response = client.get("/admin/")
        assert response.status_code == 302
        page = client.get(response["Location"])
    assert "本次登录已超过 12 小时" in page.content.decode()
    assert AuditEvent.objects.get(action="account.session_expired").detail == {"reason": "lifetime"}


def test_timeouts_come_from_settings(client, clerk, settings):
    settings.GONGKAI_SESSION_IDLE_SECONDS = 5 * 60
    with _at(0):
        sign_in(client, "maxiaoyan")
    with _at(4):
        assert client.get("/admin/").status_code == 200
    with _at(10):
        assert client.get("/admin/").status_code == 302


def test_the_portal_goes_on_serving_a_timed_out_visitor(client, clerk):
    with _at(0):
        sign_in(client, "maxiaoyan")
    with _at(45):
        response = client.get("/gongkai/track/")
    assert response.status_code != 302
    assert "_auth_user_id" not in client.session
