"""Benchmark of the back-office 申请队列 and dashboard at a million applications.

    .venv/bin/python bench/queue_bench.py --db sqlite|postgres [--rows N] [--data-dir DIR]
                                          [--repeat R] [--rebuild]

The data is built once and kept for the next run (building a million rows takes a few minutes
on a 2-core machine): SQLite in ``DIR/queue-N.sqlite3``; PostgreSQL in the database
``gk_queue_bench_N`` on 127.0.0.1:5432 (user postgres), whose files live in the tablespace
``gk_queue_bench`` under ``DIR/pg`` when that directory exists and belongs to postgres.
``--rebuild`` starts again. DIR defaults to ``var/bench-queue``.

The data: N applications (default 1,000,000) over 200 agencies, one of them ("the big agency")
holding a tenth; 1 % awaiting confirmation, 8 % open (due dates around today: overdue, due
soon, later; some awaiting a 补正, paused or lapsed), 0.3 % discarded, the rest closed over three
years. Rows are written with raw ``COPY`` / ``executemany`` (one real ciphertext in every
encrypted column), their queue position computed by ``models.status.queue_position``.

Timed: real requests through Django's test client (middleware, session, permission checks,
templates — everything but the network), for a superuser (all N), the big agency's clerk
(N / 10) and a small agency's clerk: the queue unfiltered, with each filter, page 1000 reached
by the 下一页 links (keyset) and by a bare ``?p=1000``, the last page, and the dashboard.
Reported: p50 and p95 over ``--repeat`` requests (default 20) after two warm-up requests; CPU
time of the process on SQLite (the database runs in-process, and other processes on a shared
machine do not distort it), wall time on PostgreSQL. Target: p95 ≤ 200 ms everywhere.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AGENCIES = 200
PG_HOST = ["-h", "127.0.0.1", "-U", "postgres"]
TABLESPACE = "gk_queue_bench"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "秀英", "志强", "丽娟", "海燕", "文博", "晓东", "春梅", "永红", "子涵")
CHANNELS = ["in_person", "post", "registered_mail", "ordinary_mail", "fax", "online", "email"]
CATEGORIES = ["natural_person"] * 60 + ["commercial"] * 12 + ["research"] * 6
CATEGORIES += ["public_interest"] * 5 + ["legal_services"] * 7 + ["other"] * 10


def _psql(sql: str, database: str = "postgres") -> str:
    out = subprocess.run(  # noqa: S603 - fixed arguments
        ["psql", *PG_HOST, "-d", database, "-Atc", sql],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def _database_url(db: str, rows: int, data_dir: Path, rebuild: bool) -> tuple[str, bool]:
    """The URL of the kept benchmark database and whether it must be built."""
    if db == "sqlite":
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / f"queue-{rows}.sqlite3"
        if rebuild and path.exists():
            path.unlink()
        return f"sqlite:///{path}", not path.exists()
    name = f"gk_queue_bench_{rows}"
    # Names built from an int and constants: nothing to inject.
    exists = _psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"  # noqa: S608
    if exists and rebuild:
        subprocess.run(["dropdb", *PG_HOST, name], check=True)  # noqa: S603, S607
        exists = False
    if not exists:
        location = data_dir / "pg"
        options = []
        if location.is_dir() and location.stat().st_uid == _postgres_uid():
            known = f"SELECT 1 FROM pg_tablespace WHERE spcname = '{TABLESPACE}'"  # noqa: S608
            if _psql(known) != "1":
                _psql(f"CREATE TABLESPACE {TABLESPACE} LOCATION '{location}'")
            options = ["--tablespace", TABLESPACE]
        subprocess.run(["createdb", *PG_HOST, *options, name], check=True)  # noqa: S603, S607
    return f"postgres://postgres@127.0.0.1:5432/{name}", not exists


def _postgres_uid() -> int:
    import pwd

    try:
        return pwd.getpwnam("postgres").pw_uid
    except KeyError:
        return -1


# -- synthetic data -----------------------------------------------------------------------------

VARYING = (
    "agency_id",
    "serial_year",
    "serial",
    "registration_number",
    "query_code",
    "channel",
    "submitted_at",
    "received_on",
    "applicant_kind",
    "applicant_category",
    "name",
    "status",
    "due_on",
    "closed_on",
    "outcome",
    "queue_rank",
    "queue_key",
    "assignee_id",
)


def _rows(count: int, agency_ids: list[int], big: int, clerk_id: int, today, rng):
    """``count`` applications as VARYING tuples; a tenth of them belong to ``big``."""
    from gongkai.applications.models import queue_position
    from gongkai.statute.outcomes import Outcome

    outcomes = [o.value for o in Outcome]
    noon = datetime.time(4, 0, tzinfo=datetime.UTC)  # 12:00 in Asia/Shanghai
    for i in range(count):
        agency = big if i % 10 == 0 else agency_ids[i % len(agency_ids)]
        draw = rng.random()
        due = closed = None
        outcome = ""
        if draw < 0.01:
            status, received = "submitted", None
            submitted = today - datetime.timedelta(days=rng.randrange(10))
        elif draw < 0.013:
            status, received = "discarded", None
            submitted = today - datetime.timedelta(days=rng.randrange(400))
        elif draw < 0.093:
            received = today - datetime.timedelta(days=rng.randrange(60))
            submitted = received
            status = rng.choice(["in_progress"] * 30 + ["awaiting_supplement"] * 4 + ["lapsed"])
            status = rng.choice([status, status, status, "consulting", "awaiting_fee"])
            if status in ("in_progress", "consulting", "awaiting_fee"):
                due = received + datetime.timedelta(days=28 + rng.randrange(-3, 4))
        else:
            received = today - datetime.timedelta(days=30 + rng.randrange(3 * 365))
            submitted = received
            status = "closed"
            closed = received + datetime.timedelta(days=rng.randrange(1, 40))
            due = received + datetime.timedelta(days=28)
            outcome = rng.choice(outcomes)
        category = rng.choice(CATEGORIES)
        # Drawn, not derived from ``i``: the big agency (every tenth row) would otherwise
        # get only two surnames, and a search for one of them half its rows.
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if category != "natural_person":
            name = f"盐池县第{i % 5000}号滩羊科技有限公司"
        rank, key = queue_position(status, due, closed)
        yield (
            agency,
            submitted.year,
            i + 1,
            f"BENCH-{submitted.year}-{i + 1:07d}",
            f"Q{i:011d}",
            "online" if received is None else rng.choice(CHANNELS),
            datetime.datetime.combine(submitted, noon),
            received,
            "citizen" if category == "natural_person" else "organisation",
            category,
            name,
            status,
            due,
            closed,
            outcome,
            rank,
            key,
            clerk_id if agency == big and i % 20 == 0 else None,
        )


def _index_names() -> int:
    """The name index (``NameGram``) of every application, as the intake services write it."""
    from django.db import connection, transaction

    from gongkai.applications.search import name_grams

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM applications_application")
        applications = cursor.fetchall()
    of_name: dict[str, list[str]] = {}
    n = 0
    with transaction.atomic(), connection.cursor() as cursor:
        columns = "application_id, gram, lead"
        if connection.vendor == "sqlite":
            sql = f"INSERT INTO applications_namegram ({columns}) VALUES (%s, %s, %s)"  # noqa: S608
            batch = []
            for pk, name in applications:
                for gram in of_name.setdefault(name, sorted(name_grams(name))):
                    batch.append((pk, gram, gram[0]))
                if len(batch) >= 50_000:
                    cursor.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            cursor.executemany(sql, batch)
            n += len(batch)
        else:
            with cursor.cursor.copy(f"COPY applications_namegram ({columns}) FROM STDIN") as copy:
                for pk, name in applications:
                    for gram in of_name.setdefault(name, sorted(name_grams(name))):
                        copy.write_row((pk, gram, gram[0]))
                        n += 1
    return n


def _build(rows: int) -> None:
    """Migrate, create the agencies and users, insert ``rows`` applications, analyse."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.applications_bench import _insert, _template
    from gongkai.agencies.models import Agency, StaffMembership, StaffRole

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    agencies = Agency.objects.bulk_create(
        Agency(name=f"基准测试第{i}局", slug=f"queue-bench-{i}") for i in range(AGENCIES)
    )
    big, small = agencies[0], agencies[1]
    users = get_user_model().objects
    users.create_superuser("bench-root", password=None)
    clerk = users.create_user("bench-big", first_name="大局经办人", is_staff=True)
    small_clerk = users.create_user("bench-small", first_name="小局经办人", is_staff=True)
    StaffMembership.objects.create(user=clerk, agency=big, role=StaffRole.CLERK)
    StaffMembership.objects.create(user=small_clerk, agency=small, role=StaffRole.CLERK)

    rng = random.Random(1_000_000)
    today = timezone.localdate()
    ids = [a.pk for a in agencies[1:]]
    _insert(_rows(rows, ids, big.pk, clerk.pk, today, rng), _template(), VARYING)
    grams = _index_names()
    print(f"indexed the names: {grams:,} name-index rows")
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        connection.close()
        # VACUUM: the visibility map lets counts read the indexes alone (autovacuum would
        # get there too, later).
        for table in ("applications_application", "applications_namegram"):
            _psql(f"VACUUM ANALYZE {table}", connection.settings_dict["NAME"])
    print(f"built {rows:,} applications in {time.perf_counter() - started:.0f} s")


# -- timings ------------------------------------------------------------------------------------


def _clock():
    from django.db import connection

    return time.process_time if connection.vendor == "sqlite" else time.perf_counter


def _time(client, url: str, repeat: int) -> tuple[float, float]:
    """(p50, p95) in ms of ``repeat`` GETs of ``url`` after two warm-up requests."""
    clock = _clock()
    for _ in range(2):
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    times = []
    for _ in range(repeat):
        start = clock()
        client.get(url, secure=True)
        times.append((clock() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * len(times)) - 1)]


def _keyset_url(client, queue: str, page: int) -> str:
    """The URL the 下一页 links reach for ``page``: the position after page - 1, computed as
    the view would (the last row of the previous page) without clicking 999 times."""
    from gongkai.applications.selectors import applications_visible_to
    from gongkai.applications.views.admin_paging import QUEUE_ORDER

    user = client.session_user
    rows = applications_visible_to(user).order_by(*QUEUE_ORDER).values_list(*QUEUE_ORDER)
    page = max(2, min(page, rows.count() // 50))
    rank, key, pk = rows[(page - 1) * 50 - 1]
    return f"{queue}?after={rank}.{key}.{pk}&p={page}"


def _decryptions(client, url: str) -> int:
    """How many values the request decrypts (must be 0 for a list)."""
    from gongkai.privacy import fields

    calls = 0
    original = fields.decrypt

    def counting(token):
        nonlocal calls
        calls += 1
        return original(token)

    fields.decrypt = counting
    try:
        client.get(url, secure=True)
    finally:
        fields.decrypt = original
    return calls


def bench(repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from gongkai.applications.models import Application

    queue = reverse("applications_admin:index")
    home = reverse("wagtailadmin_home")
    users = get_user_model().objects
    total = Application.objects.count()
    what = "CPU" if connection.vendor == "sqlite" else "wall"
    print(f"{connection.vendor}: {total:,} applications; p50 / p95 in ms ({what} time)")
    cases = [
        ("queue", ""),
        ("未办结（全部）", "?status=open"),
        ("status 办理中", "?status=in_progress"),
        ("status 待补正", "?status=awaiting_supplement"),
        ("status 已办结", "?status=closed"),
        ("status 待确认接收", "?status=submitted"),
        ("due soon", "?due=soon"),
        ("overdue", "?due=overdue"),
        ("category 商业企业", "?category=commercial"),
        ("channel 邮寄", "?channel=post"),
        ("q 登记号", "?q=2025-0031"),
        ("q 申请人", "?q=王建国"),
        ("q 姓名一字", "?q=王"),
        ("q 单位名称片段", "?q=滩羊科技"),
        ("q 无此姓名", "?q=欧阳修远"),
        ("q 少见的名称片段", "?q=第4999号"),
        ("page 1000 (下一页 links)", None),
        ("page 1000 (?p=1000)", "?p=1000"),
        ("last page", "?last=1"),
        ("dashboard", "home"),
    ]
    for username, label in (
        ("bench-root", "superuser"),
        ("bench-big", "big agency's clerk"),
        ("bench-small", "small agency's clerk"),
    ):
        user = users.get(username=username)
        client = Client()
        client.force_login(user)
        client.session_user = user
        seen = Application.objects.count() if user.is_superuser else None
        if seen is None:
            seen = Application.objects.filter(agency__memberships__user=user).count()
        print(f"-- {label} ({seen:,} applications)")
        for name, suffix in cases:
            if suffix is None:
                url = _keyset_url(client, queue, 1000)
            elif suffix == "home":
                url = home
            else:
                url = queue + suffix
            p50, p95 = _time(client, url, repeat)
            print(f"   {name:28s} {p50:7.1f} {p95:7.1f}")
        print(f"   decryptions while rendering the queue: {_decryptions(client, queue)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench-queue")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    url, build = _database_url(args.db, args.rows, args.data_dir, args.rebuild)
    os.environ["DATABASE_URL"] = url
    # The test client's host; no other setting changes (no debug, real templates, real cache).
    os.environ["GONGKAI_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if build:
        _build(args.rows)
    else:
        call_command("migrate", verbosity=0)
    # Production serves hashed static names from the manifest collectstatic writes.
    call_command("collectstatic", interactive=False, verbosity=0)
    bench(args.repeat)


if __name__ == "__main__":
    main()
