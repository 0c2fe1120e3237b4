"""``manage.py ensure_demo_user`` — the login printed by ``make run``."""

import stat
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory

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


def _demo_staff():
    """The demo bureau's clerk and office head as ``load_demo`` leaves them: no password."""
    from gongkai.demo.applications import DEMO_STAFF

    agency = AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")
    users = []
    for username, name, role in DEMO_STAFF:
        user = UserFactory(username=username, first_name=name)
        user.set_unusable_password()
        user.save()
        StaffMembershipFactory(user=user, agency=agency, role=role)
        users.append(user)
    return users


def _stored(var_dir) -> dict[str, str]:
    lines = (var_dir / "demo-credentials.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines)


def test_every_demo_staff_account_gets_a_generated_password_printed_with_the_login(
    settings, tmp_path
):
    clerk, head = _demo_staff()

    output = _run(settings, tmp_path)

    stored = _stored(tmp_path)
    assert stat.S_IMODE((tmp_path / "demo-credentials.txt").stat().st_mode) == 0o600
    for user in (clerk, head):
        password = stored[f"staff {user.username}"]
        assert len(password) >= 16
        user.refresh_from_db()
        assert user.check_password(password)
        assert f"用户名 {user.username}  密码 {password}" in output
    assert stored[f"staff {clerk.username}"] != stored[f"staff {head.username}"]
    assert "马晓燕，盐池县科学技术局经办人" in output
    assert "李建国，盐池县科学技术局公开工作机构负责人" in output


def test_staff_passwords_are_kept_and_added_to_an_older_credentials_file(settings, tmp_path):
    (tmp_path / "demo-credentials.txt").write_text(
        "username: demo\npassword: an-older-demo-password\n", encoding="utf-8"
    )
    clerk, _head = _demo_staff()

    _run(settings, tmp_path)
    first = _stored(tmp_path)
    clerk.set_password("changed-elsewhere")
    clerk.save()
    _run(settings, tmp_path)

    assert _stored(tmp_path) == first
    assert first["password"] == "an-older-demo-password"
    clerk.refresh_from_db()
    assert clerk.check_password(first[f"staff {clerk.username}"])


def test_the_demo_login_is_named_as_written(settings, tmp_path):
    get_user_model().objects.create(username="demo", first_name="管理员演示")

    _run(settings, tmp_path)

    user = get_user_model().objects.get(username="demo")
    assert (user.first_name, user.last_name, user.get_full_name()) == (
        "演示管理员",
        "",
        "演示管理员",
    )
