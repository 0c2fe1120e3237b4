"""The two password profiles, the history (no reuse) and the forced change after 90 days."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from gongkai.accounts.models import PasswordHistory
from gongkai.audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, sign_in
from tests.agencies.factories import UserFactory

pytestmark = pytest.mark.django_db


def _validators(policy: str, monkeypatch) -> list[dict]:
    """AUTH_PASSWORD_VALIDATORS as settings.py builds them for ``policy``."""
    import gongkai.settings as project_settings

    monkeypatch.setenv("GONGKAI_PASSWORD_POLICY", policy)
    try:
        return importlib.reload(project_settings).AUTH_PASSWORD_VALIDATORS
    finally:
        monkeypatch.delenv("GONGKAI_PASSWORD_POLICY")
        importlib.reload(project_settings)


@pytest.fixture(params=["dengbao", "asvs"])
def profile(request, monkeypatch, agency):
    with override_settings(AUTH_PASSWORD_VALIDATORS=_validators(request.param, monkeypatch)):
        yield request.param


def _errors(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "yanchi123456", "123456789012", "password1234"]
)
def test_weak_passwords_are_refused_under_both_profiles(profile, password):
    assert _errors(password, UserFactory(username="lisi"))


def test_the_messages_are_chinese(profile):
    messages = _errors("aaaaaaaaaaaa", UserFactory(username="lisi"))
    assert all(any("\u4e00" <= c <= "\u9fff" for c in message) for message in messages)


@pytest.mark.parametrize("password", ["Qiu-Feng-Lake-2029", "Mt7!kLp2#Rv9"])
def test_good_passwords_pass_both_profiles(profile, password):
    assert _errors(password, UserFactory(username="lisi")) == []


def test_dengbao_asks_for_three_classes_and_no_username(monkeypatch, agency):
    with override_settings(AUTH_PASSWORD_VALIDATORS=_validators("dengbao", monkeypatch)):
        user = UserFactory(username="zhangsan")
        assert "密码须包含大写字母、小写字母、数字、符号中的至少 3 类（现有 2 类）。" in _errors(
            "correcthorse42", user
        )
        assert "密码不能包含用户名。" in _errors("Zhangsan-2026!x", user)
        assert _errors("Ab1!Ab1!x") and not _errors("Ab1!Zq7#xW")  # 10 characters at least


def test_asvs_has_no_composition_rule_but_a_length_of_twelve(monkeypatch, agency):
    with override_settings(AUTH_PASSWORD_VALIDATORS=_validators("asvs", monkeypatch)):
        assert _errors("lowercase only passphrase", UserFactory(username="lisi")) == []
        assert _errors("Qz7!Qz7!xW", UserFactory(username="wangwu"))  # 10 < 12


def test_asvs_uses_an_offline_breached_list(monkeypatch, agency, tmp_path, settings):
    listed = tmp_path / "breached.txt"
    # A SHA-1 line as in the Have I Been Pwned downloads, and a plain one.
    listed.write_text("D5A1C6B7E1E5AB6E0D1E6C7E4F3B2A1908070605:12\nmy-leaked-secret-1\n")
    settings.GONGKAI_PASSWORD_BREACHED_FILE = str(listed)
    with override_settings(AUTH_PASSWORD_VALIDATORS=_validators("asvs", monkeypatch)):
        assert "该密码出现在已泄露密码库中，请换一个密码。" in _errors("my-leaked-secret-1")
        assert _errors("my-unleaked-secret-2") == []


def test_the_last_five_passwords_cannot_come_back(monkeypatch, agency):
    with override_settings(AUTH_PASSWORD_VALIDATORS=_validators("dengbao", monkeypatch)):
        user = UserFactory(username="lisi")
        passwords = [f"Qiu-Feng-{n}-Lake!" for n in range(6)]
        for password in passwords:
            assert _errors(password, user) == []
            user.set_password(password)
            user.save()
        assert PasswordHistory.objects.for_user(user).count() == 5
        assert "新密码不能与最近使用过的 5 个密码相同。" in _errors(passwords[1], user)
        assert _errors(passwords[0], user) == []  # the sixth-last may come back
        assert AuditEvent.objects.filter(action="account.password_change", actor=user).count() == 6


def test_an_expired_password_must_be_changed_before_anything_else(client, clerk, settings):
    settings.GONGKAI_PASSWORD_MAX_AGE_DAYS = 90
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=91)
    with time_machine.travel(later, tick=False):
        sign_in(client, "maxiaoyan")
        response = client.get("/admin/reports/")
        assert response["Location"] == "/admin/security/me/password/"
        page = client.get(response["Location"]).content.decode()
        assert "您的密码已使用超过 90 天" in page
        refused = client.post(
            "/admin/security/me/password/",
            {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
        )
        assert "新密码不能与最近使用过的 5 个密码相同。" in refused.content.decode()
        new = "Lake-Qiu-Feng-2027"
        changed = client.post(
            "/admin/security/me/password/",
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
        assert changed.status_code == 302
        assert client.get("/admin/").status_code == 200  # still signed in, free to work
    clerk.refresh_from_db()
    assert clerk.check_password(new)


def test_a_fresh_password_is_not_held_back(client, clerk, settings):
    settings.GONGKAI_PASSWORD_MAX_AGE_DAYS = 90
    sign_in(client, "maxiaoyan")
    assert client.get("/admin/").status_code == 200
