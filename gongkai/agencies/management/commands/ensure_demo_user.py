"""``manage.py ensure_demo_user``: the staff superuser for the demo started by ``make run``.

The password is generated on first run (never a constant: a demo left reachable on a network must
not open with a published password) and kept in ``var/demo-credentials.txt`` (mode 600), so every
later run — even on a fresh database — restores and prints the same login.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

CREDENTIALS_FILE_NAME = "demo-credentials.txt"


def credentials_path() -> Path:
    return Path(settings.VAR_DIR) / CREDENTIALS_FILE_NAME


def read_or_create_credentials(path: Path, username: str) -> tuple[str, str]:
    """Return (username, password) from *path*, creating the file with a new password if absent."""
    try:
        return _parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL + 0600: never clobber a concurrent writer's file, never readable by others.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _parse(path.read_text(encoding="utf-8"))
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"username: {username}\npassword: {password}\n")
    return username, password


def _parse(text: str) -> tuple[str, str]:
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    if not fields.get("username") or not fields.get("password"):
        raise CommandError(
            f"演示账户文件 {credentials_path()} 格式不正确；删除该文件后重新运行即可生成新密码。"
        )
    return fields["username"], fields["password"]


class Command(BaseCommand):
    help = "创建或修复演示用的后台管理员账户，并显示其用户名和密码。"

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
        with transaction.atomic():
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"first_name": "演示", "last_name": "管理员"}
            )
            changed = created
            if not (user.is_staff and user.is_superuser and user.is_active):
                user.is_staff = user.is_superuser = user.is_active = True
                changed = True
            if not user.check_password(password):
                user.set_password(password)
                changed = True
            if changed:
                user.save()

        self.stdout.write(f"演示账户 Demo login: 用户名 {username}  密码 {password}")
        self.stdout.write(f"（保存在 {path}）")
