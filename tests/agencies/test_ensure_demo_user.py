"""``manage.py ensure_demo_user`` — the login printed by ``make run``."""

import stat
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(settings, var_dir) -> str:
    settings.VAR_DIR = var_dir
    out = StringIO()
    call_command("ensure_demo_user", stdout=out)
    return out.getvalue()


def _password(var_dir) -> str:
    lines = (var_dir / "demo-credentials.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines)["password"]


def test_first_run_generates_a_password_stored_mode_600(settings, tmp_path):
    output = _run(settings, tmp_path)

    credentials = tmp_path / "demo-credentials.txt"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    password = _password(tmp_path)
    assert len(password) >= 16
    assert f"用户名 demo  密码 {password}" in output
    user = get_user_model().objects.get(username="demo")
    assert user.is_staff
    assert user.is_superuser
    assert user.check_password(password)


def test_password_is_not_a_constant(settings, tmp_path):
    _run(settings, tmp_path / "one")
    _run(settings, tmp_path / "two")

    assert _password(tmp_path / "one") != _password(tmp_path / "two")


def test_later_runs_keep_the_password_and_repair_the_user(settings, tmp_path):
    _run(settings, tmp_path)
    password = _password(tmp_path)
    user = get_user_model().objects.get(username="demo")
    user.set_password("changed-elsewhere")
    user.is_superuser = False
    user.save()

    _run(settings, tmp_path)

    user.refresh_from_db()
    assert _password(tmp_path) == password
    assert user.check_password(password)
    assert user.is_superuser


def test_fresh_database_gets_the_stored_login_back(settings, tmp_path):
    _run(settings, tmp_path)
    password = _password(tmp_path)
    get_user_model().objects.all().delete()

    _run(settings, tmp_path)

    assert get_user_model().objects.get(username="demo").check_password(password)


def test_damaged_credentials_file_is_a_clear_error(settings, tmp_path):
    (tmp_path / "demo-credentials.txt").write_text("garbage\n", encoding="utf-8")
    settings.VAR_DIR = tmp_path

    with pytest.raises(CommandError, match="格式不正确"):
        call_command("ensure_demo_user", stdout=StringIO())
