"""``gongkai audit …``: verify, seal and purge the audit trail (no Django import until run).

    gongkai audit verify          recompute the hash chain; name the first broken record
    gongkai audit seal            chain events a crash left unsealed
    gongkai audit purge [--dry-run]  remove events older than GONGKAI_AUDIT_RETENTION_DAYS

Exit status: 0 when all is well, 1 when the chain is broken (verify), 2 when the database or
the configuration cannot be used. Messages in Chinese; no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

EXIT_OK, EXIT_BROKEN, EXIT_UNUSABLE = 0, 1, 2


def add_arguments(sub) -> None:
    audit = sub.add_parser("audit", help="审计日志：校验哈希链、封存、清理过期记录")
    audit_sub = audit.add_subparsers(title="审计日志命令", parser_class=type(audit))
    verify = audit_sub.add_parser("verify", help="校验审计日志哈希链，指出第一条被改动或删除的记录")
    verify.set_defaults(handler=_verify)
    seal = audit_sub.add_parser("seal", help="把尚未封存的审计事件接入哈希链（异常中断后使用）")
    seal.set_defaults(handler=_seal)
    purge = audit_sub.add_parser(
        "purge", help="清理超过保存期限（GONGKAI_AUDIT_RETENTION_DAYS，至少180天）的审计日志"
    )
    purge.add_argument("--dry-run", action="store_true", help="试运行：只显示将清理的数量")
    purge.set_defaults(handler=_purge)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def _run(action) -> int:
    _setup()
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    try:
        return action()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"gongkai：配置错误：{exc}\n")
    except DatabaseError as exc:
        sys.stderr.write(f"gongkai：无法读取数据库（尚未初始化或无法连接）：{exc}\n")
    return EXIT_UNUSABLE


def _verify(args: argparse.Namespace) -> int:
    def action() -> int:
        from gongkai.audit.chain import verify

        result = verify()
        if result.unsealed:
            sys.stdout.write(
                f"提示：{result.unsealed} 条审计事件尚未封存，请运行 gongkai audit seal。\n"
            )
        if not result.ok:
            sys.stdout.write(
                f"审计日志哈希链校验失败（已校验 {result.checked} 条）：{result.problem}\n"
            )
            return EXIT_BROKEN
        sys.stdout.write(f"审计日志哈希链完整：已校验 {result.checked} 条记录。\n")
        return EXIT_OK

    return _run(action)


def _seal(args: argparse.Namespace) -> int:
    def action() -> int:
        from gongkai.audit.chain import seal_pending

        sys.stdout.write(f"已封存 {seal_pending()} 条审计事件。\n")
        return EXIT_OK

    return _run(action)


def _purge(args: argparse.Namespace) -> int:
    def action() -> int:
        from django.utils import timezone

        from gongkai.audit.chain import purge_before

        result = purge_before(dry_run=args.dry_run)
        day = timezone.localtime(result.cutoff).strftime("%Y-%m-%d")
        verb = "将清理" if args.dry_run else "已清理"
        sys.stdout.write(
            f"{verb} {day} 之前的审计日志 {result.removed} 条"
            f"{'' if args.dry_run or not result.removed else f'（链锚点：第 {result.anchor_index} 条）'}。\n"
        )
        return EXIT_OK

    return _run(action)
