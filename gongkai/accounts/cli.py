"""``gongkai accounts …``: the separation-of-duties check and a security administrator's
recovery tools on the command line (no Django import until run).

    gongkai accounts check-roles              accounts breaking the separation of duties
    gongkai accounts roles USER [ROLE ...]    set USER's administrator roles (none: remove all)
    gongkai accounts unlock USER              lift USER's login lock
    gongkai accounts otp-reset USER           remove USER's authenticator and recovery codes

Every change is audited (actor: 系统（命令行）, as a scheduled job is). Exit status: 0 done,
1 refused (a conflict, an unknown user), 2 the database cannot be used.
"""

from __future__ import annotations

import argparse
import os
import sys

EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE = 0, 1, 2
ROLE_CHOICES = ["system_admin", "security_admin", "audit_admin"]


def add_arguments(sub) -> None:
    accounts = sub.add_parser(
        "accounts", help="账户：职责分离检查、管理员角色、解除锁定、重置双因素认证"
    )
    accounts_sub = accounts.add_subparsers(title="账户命令", parser_class=type(accounts))
    check = accounts_sub.add_parser("check-roles", help="列出同时拥有审计管理员和管理员角色的账户")
    check.set_defaults(handler=_check_roles)
    roles = accounts_sub.add_parser(
        "roles",
        help="设置账户的管理员角色（system_admin、security_admin、audit_admin；不填则全部取消）",
    )
    roles.add_argument("username", metavar="USER", help="用户名")
    roles.add_argument("roles", nargs="*", choices=ROLE_CHOICES, metavar="ROLE", help="角色")
    roles.set_defaults(handler=_roles)
    unlock = accounts_sub.add_parser("unlock", help="解除账户的登录锁定")
    unlock.add_argument("username", metavar="USER", help="用户名")
    unlock.set_defaults(handler=_unlock)
    reset = accounts_sub.add_parser("otp-reset", help="重置账户的双因素认证（手机丢失时）")
    reset.add_argument("username", metavar="USER", help="用户名")
    reset.set_defaults(handler=_otp_reset)


def _run(action) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.db import DatabaseError

    try:
        return action()
    except ValidationError as exc:
        sys.stderr.write(f"gongkai：{'；'.join(exc.messages)}\n")
        return EXIT_REFUSED
    except DatabaseError as exc:
        sys.stderr.write(f"gongkai：无法读取数据库（尚未初始化或无法连接）：{exc}\n")
        return EXIT_UNUSABLE


def _user(username: str):
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise ValidationError(f"没有用户名为“{username}”的账户")
    return user


def _check_roles(args: argparse.Namespace) -> int:
    def action() -> int:
        from gongkai.accounts.checks import duty_conflicts

        conflicts = duty_conflicts()
        for username in conflicts:
            sys.stdout.write(f"违反职责分离：账户“{username}”同时拥有审计管理员和管理员角色。\n")
        if conflicts:
            return EXIT_REFUSED
        sys.stdout.write("职责分离检查通过：没有账户同时拥有审计管理员和管理员角色。\n")
        return EXIT_OK

    return _run(action)


def _roles(args: argparse.Namespace) -> int:
    def action() -> int:
        from gongkai.accounts.services import user_set_admin_roles

        user = _user(args.username)
        user_set_admin_roles(actor=None, user=user, roles=args.roles)
        names = {
            "system_admin": "系统管理员",
            "security_admin": "安全管理员",
            "audit_admin": "审计管理员",
        }
        held = "、".join(names[role] for role in args.roles) or "无"
        sys.stdout.write(f"账户“{user.get_username()}”的管理员角色：{held}。\n")
        return EXIT_OK

    return _run(action)


def _unlock(args: argparse.Namespace) -> int:
    def action() -> int:
        from gongkai.accounts.services import account_unlock

        removed = account_unlock(actor=None, username=args.username)
        sys.stdout.write(f"已解除账户“{args.username}”的登录锁定（清除 {removed} 条失败记录）。\n")
        return EXIT_OK

    return _run(action)


def _otp_reset(args: argparse.Namespace) -> int:
    def action() -> int:
        from gongkai.accounts.services import otp_reset

        user = _user(args.username)
        otp_reset(actor=None, user=user)
        sys.stdout.write(
            f"已重置账户“{user.get_username()}”的双因素认证，其下次登录时须重新设置。\n"
        )
        return EXIT_OK

    return _run(action)
