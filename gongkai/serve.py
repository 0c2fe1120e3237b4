"""``gongkai serve``: Gongkai in production mode, served by gunicorn.

What it does, in order:

1. refuses (a Chinese message, exit status 2) what cannot be production: debug mode on, no
   ``GONGKAI_SECRET_KEY`` (several servers must share it; the one generated into var/ is one
   machine's), no valid ``GONGKAI_FIELD_KEYS`` (the keys of the personal data at rest), a
   database it cannot reach or that is not migrated;
2. collects the static files (hashed, compressed names; WhiteNoise serves them) when they
   changed since the last collection — about 10 s, skipped when nothing changed;
3. without ``GONGKAI_REDIS_URL``, gives its workers a cache directory they share
   (``GONGKAI_CACHE_DIR``, default var/cache): rate limits, the calendar's version and the
   public pages' version must be the same in every worker;
4. replaces itself with gunicorn (``exec``): the process systemd or the container starts is
   gunicorn's master, which takes the signals (TERM: graceful stop, HUP: reload).

The checks run in this process and it holds no database connection when it execs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_REFUSED = 0, 2
DEFAULT_BIND = "127.0.0.1:8000"
# gunicorn's rule of thumb (2 × cores + 1), capped: each sync worker holds a database connection.
MAX_DEFAULT_WORKERS = 9


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bind",
        action="append",
        metavar="ADDRESS",
        help=f"监听地址，例如 127.0.0.1:8000 或 unix:/run/gongkai/gongkai.sock；可重复（默认 {DEFAULT_BIND}，或 GONGKAI_BIND）",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help=f"工作进程数（默认 GONGKAI_WORKERS，或 CPU 核数×2+1，最多 {MAX_DEFAULT_WORKERS}；本机 {default_workers()}）",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=60,
        metavar="SECONDS",
        help="单个请求的最长处理时间（默认 60 秒）",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="在标准输出记录每个请求（反向代理通常已记录，默认不记录）",
    )
    parser.add_argument(
        "--check", action="store_true", help="只检查配置、数据库和静态文件，不启动服务"
    )


class Refused(Exception):
    """Something essential is missing; the message (Chinese) says what and how to fix it."""


def _env_on(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def check_environment() -> None:
    """The checks that need no Django: raise ``Refused``."""
    if _env_on("GONGKAI_DEBUG"):
        raise Refused(
            "gongkai serve 是生产模式，不能在调试模式下运行：请删除环境变量 GONGKAI_DEBUG。"
            "（本机试用演示请用 make run。）"
        )
    missing = [
        name for name in ("GONGKAI_SECRET_KEY", "GONGKAI_FIELD_KEYS") if not os.environ.get(name)
    ]
    if missing:
        raise Refused(
            "生产模式缺少必需的环境变量：" + "、".join(missing) + "。\n"
            "  GONGKAI_SECRET_KEY：签名用的密钥，各台服务器必须相同。生成：\n"
            '    python3 -c "import secrets; print(secrets.token_urlsafe(50))"\n'
            "  GONGKAI_FIELD_KEYS：加密个人信息的密钥，务必另行备份，丢失后个人信息无法解密。生成：\n"
            '    .venv/bin/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"\n'
            "  已有数据库（例如演示数据）若是在未设置密钥时建立的，请把 GONGKAI_SECRET_KEY 设为"
            " var/secret_key 文件的内容，否则此前加密的个人信息将无法读取。\n"
            "  部署说明见 docs/deploy.md。"
        )


def check_django() -> None:
    """Keys, database and migrations, after ``django.setup()``: raise ``Refused``."""
    from cryptography.fernet import Fernet
    from django.conf import settings
    from django.db import DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    for position, key in enumerate(settings.GONGKAI_FIELD_KEYS, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise Refused(
                f"GONGKAI_FIELD_KEYS 的第 {position} 个密钥格式不对（应为 Fernet 密钥：32 字节、URL 安全的 base64）。"
            ) from None
    connection = connections["default"]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise Refused(
            f"无法连接数据库（DATABASE_URL）：{exc}\n请检查 DATABASE_URL、数据库服务是否运行、用户和密码是否正确。"
        ) from None
    finally:
        connections.close_all()
    if plan:
        raise Refused(
            f"数据库尚有 {len(plan)} 个迁移未执行：请先运行 gongkai manage migrate（升级后每次都要运行）。"
        )


def _static_fingerprint() -> str:
    """What collectstatic would collect: every source file's path, size and modification time."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static(out) -> None:
    """Run collectstatic unless the collected files are those of the current source files."""
    from django.conf import settings
    from django.core.management import call_command

    stamp = Path(settings.VAR_DIR) / "static-collected.json"
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    fingerprint = _static_fingerprint()
    try:
        collected = json.loads(stamp.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError):
        collected = None
    if collected == fingerprint and manifest.is_file():
        out.write("静态文件已是最新。\n")
        return
    out.write("正在收集静态文件（压缩、加哈希文件名，约需 10 秒）…\n")
    out.flush()
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(json.dumps({"fingerprint": fingerprint}), encoding="utf-8")


def gunicorn_argv(args: argparse.Namespace) -> list[str]:
    binds = args.bind or [os.environ.get("GONGKAI_BIND") or DEFAULT_BIND]
    workers = args.workers or int(os.environ.get("GONGKAI_WORKERS") or default_workers())
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "gongkai.wsgi:application",
        "--workers",
        str(workers),
        "--timeout",
        str(args.timeout),
        "--graceful-timeout",
        "30",
        # Recycle workers now and then: a leak in any library cannot grow for ever.
        "--max-requests",
        "5000",
        "--max-requests-jitter",
        "500",
        "--error-logfile",
        "-",
        "--capture-output",
        # gunicorn's control socket sits at one path in $HOME: a second instance would take it.
        # Signals (systemctl reload → HUP) do what we need.
        "--no-control-socket",
    ]
    for bind in binds:
        argv += ["--bind", bind]
    if args.access_log:
        argv += ["--access-logfile", "-"]
    return argv


def serve(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.workers is not None and args.workers < 1:
        sys.stderr.write("gongkai：--workers 至少为 1\n")
        return EXIT_REFUSED
    try:
        check_environment()
        if not os.environ.get("GONGKAI_REDIS_URL") and not os.environ.get("GONGKAI_CACHE_DIR"):
            # Set before Django reads its settings: this process and the workers share it.
            # (var/ as settings.VAR_DIR finds it; importing the settings here would fix them.)
            var_dir = (
                os.environ.get("GONGKAI_VAR_DIR") or Path(__file__).resolve().parent.parent / "var"
            )
            os.environ["GONGKAI_CACHE_DIR"] = str(Path(var_dir).resolve() / "cache")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
        import django

        django.setup()
        check_django()
        collect_static(out)
    except Refused as exc:
        sys.stderr.write(f"gongkai：{exc}\n")
        return EXIT_REFUSED
    argv = gunicorn_argv(args)
    cache = (os.environ.get("GONGKAI_REDIS_URL") and "Redis") or os.environ["GONGKAI_CACHE_DIR"]
    workers = argv[argv.index("--workers") + 1]
    binds = [argv[i + 1] for i, a in enumerate(argv) if a == "--bind"]
    out.write(
        f"生产模式：gunicorn {workers} 个工作进程，监听 {'、'.join(binds)}；共享缓存：{cache}\n"
    )
    if args.check:
        out.write("检查通过，未启动服务（--check）。\n")
        return EXIT_OK
    out.flush()
    os.execv(sys.executable, argv)  # noqa: S606 -- our own interpreter, a fixed argument list
    return EXIT_OK  # not reached
