"""``manage.py ensure_demo_user``: the demo logins started by ``make setup`` / ``make run``.

The staff superuser ``demo`` and every demo staff account that ``load_demo`` created (the
bureau's clerk and office head, ``gongkai.demo.applications.DEMO_STAFF``) get a password
generated on first run (never a constant: a demo left reachable on a network must not open with
a published password). The passwords are kept in ``var/demo-credentials.txt`` (mode 600), so
every later run — even on a fresh database — restores and prints the same logins.

File format, one ``key: value`` per line: ``username``/``password`` for the superuser, then
``staff <username>: <password>`` per staff account (files written before staff accounts had
passwords hold the first two lines only; the staff lines are added), and ``totp key: <hex>``,
the superuser's authenticator key: administrators need a second factor (gongkai.accounts), so
the demo login is pre-enrolled and its key printed for an authenticator app.
"""

import os
import secrets
from base64 import b32encode
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.demo.applications import DEMO_STAFF

CREDENTIALS_FILE_NAME = "demo-credentials.txt"
STAFF_PREFIX = "staff "
TOTP_KEY = "totp key"
# The superuser's 姓名 (whole, in first_name: see gongkai.backoffice.names).
DEMO_ADMIN_NAME = "演示管理员"


def credentials_path() -> Path:
    return Path(settings.VAR_DIR) / CREDENTIALS_FILE_NAME


def _new_password() -> str:
    """Random, and of the shape the password policy asks (the 等保 profile: 3 of 4 classes)."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password)
        except ValidationError:
            continue
        return password


def totp_key(path: Path) -> str:
    """The demo administrator's authenticator key (hex), kept in *path*; added if absent.

    The demo superuser is an administrator, so the back office asks for a second factor: the
    account is pre-enrolled with this key, printed (base32) for an authenticator app.
    """
    stored = _fields(path.read_text(encoding="utf-8")).get(TOTP_KEY)
    if stored:
        return stored
    key = secrets.token_hex(20)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{TOTP_KEY}: {key}\n")
    return key


def read_or_create_credentials(path: Path, username: str) -> tuple[str, str]:
    """Return (username, password) from *path*, creating the file with a new password if absent."""
    try:
        return _parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass
    password = _new_password()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL + 0600: never clobber a concurrent writer's file, never readable by others.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _parse(path.read_text(encoding="utf-8"))
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"username: {username}\npassword: {password}\n")
    return username, password


def staff_passwords(path: Path, usernames: list[str]) -> dict[str, str]:
    """The stored password of each staff account in ``usernames``; new ones are added to *path*.

    The file keeps mode 600: new lines are appended to the file created by
    ``read_or_create_credentials``.
    """
    stored = _fields(path.read_text(encoding="utf-8"))
    passwords = {
        name: stored[STAFF_PREFIX + name] for name in usernames if STAFF_PREFIX + name in stored
    }
    missing = [name for name in usernames if name not in passwords]
    if missing:
        new = {name: _new_password() for name in missing}
        with path.open("a", encoding="utf-8") as handle:
            handle.writelines(
                f"{STAFF_PREFIX}{name}: {password}\n" for name, password in new.items()
            )
        passwords.update(new)
    return passwords


def _fields(text: str) -> dict[str, str]:
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def _parse(text: str) -> tuple[str, str]:
    fields = _fields(text)
    if not fields.get("username") or not fields.get("password"):
        raise CommandError(
            f"演示账户文件 {credentials_path()} 格式不正确；删除该文件后重新运行即可生成新密码。"
        )
    return fields["username"], fields["password"]


class Command(BaseCommand):
    help = "创建或修复演示用的后台账户（管理员和演示工作人员），并显示其用户名和密码。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="demo", help="新建账户时使用的用户名（默认 demo）"
        )

    def handle(self, *args, **options):
        path = credentials_path()
        username, password = read_or_create_credentials(path, options["username"])
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)

        user_model = get_user_model()
        staff = list(
            user_model.objects.filter(username__in=[name for name, _, _ in DEMO_STAFF])
            .prefetch_related("agency_memberships__agency")
            .order_by("username")
        )
        passwords = staff_passwords(path, [user.username for user in staff])
        key = totp_key(path)
        with transaction.atomic():
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"first_name": DEMO_ADMIN_NAME}
            )
            changed = created
            if (user.first_name, user.last_name) != (DEMO_ADMIN_NAME, ""):
                # Like its rights and password, the demo login's name is repaired: earlier
                # versions wrote 演示/管理员, which the names migration (backoffice 0002) can
                # only read as family name 管理员 ("管理员演示").
                user.first_name, user.last_name = DEMO_ADMIN_NAME, ""
                changed = True
            if not (user.is_staff and user.is_superuser and user.is_active):
                user.is_staff = user.is_superuser = user.is_active = True
                changed = True
            if not user.check_password(password):
                user.set_password(password)
                changed = True
            if changed:
                user.save()
            TOTPDevice.objects.filter(user=user).exclude(key=key).delete()
            TOTPDevice.objects.get_or_create(
                user=user, key=key, defaults={"name": "演示身份验证器", "confirmed": True}
            )
            for member in staff:
                if not member.check_password(passwords[member.username]):
                    member.set_password(passwords[member.username])
                    member.save(update_fields=["password"])

        self.stdout.write(f"演示账户 Demo login: 用户名 {username}  密码 {password}（管理员）")
        secret = b32encode(bytes.fromhex(key)).decode()
        self.stdout.write(
            f"管理员须通过双因素认证：在手机身份验证器中手动添加密钥 {secret}"
            "（基于时间，6位数字），登录后输入其显示的验证码"
            f"（或在命令行运行 oathtool --totp -b {secret}）。"
        )
        for member in staff:
            roles = "、".join(
                f"{m.agency.name}{m.get_role_display()}" for m in member.agency_memberships.all()
            )
            self.stdout.write(
                f"演示工作人员：用户名 {member.username}  密码 {passwords[member.username]}"
                f"（{member.get_full_name() or member.username}，{roles}）"
            )
        self.stdout.write(f"（保存在 {path}）")
