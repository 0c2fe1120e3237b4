"""Benchmark of 表三 from the applications and of the due-date recomputation.

    .venv/bin/python bench/applications_bench.py --db sqlite|postgres [--rows N] [--quick]

In a throwaway database (a temporary SQLite file, or a new PostgreSQL database on
127.0.0.1:5432 as user postgres, dropped at the end; ``--pg-url`` for another server):

1. bulk-inserts synthetic applications (raw ``executemany`` on SQLite, ``COPY`` on PostgreSQL):
   one agency with N (default 100,000) applications received October 2024 to December 2025, and
   a region of 10 x N over 200 agencies, plus N open applications of a third agency;
2. times ``applications_table`` for the agency-year 2025 and for the region (all 200 ids), against
   the floor: the bare ``SELECT applicant_category, outcome, count(*) ... GROUP BY`` over the
   same agencies, and against the other way to write the query (GROUP BY category alone, one
   filtered count per outcome), and prints the ratios (target: within 2x of the floor);
3. makes 2025-10-09 a holiday (a calendar change) and times
   ``applications_recompute_deadlines`` over the N open applications (target < 10 s).

``--quick``: N / 10 (a smoke run). Timings are the best of five after a warm-up run: CPU time
of the process on SQLite (in-process database; a shared machine's load does not distort it),
wall time on PostgreSQL. Also printed: the same year filter with a plain count (what reading the
date columns costs) and the query grouped by category alone with one filtered count per row.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REGION_AGENCIES = 200
YEAR = 2025
SHANGHAI_NOON = datetime.time(4, 0)  # 12:00 Asia/Shanghai as UTC


def _setup_django(db: str, pg_url: str | None):
    """Point Django at a new empty database and migrate it; return a cleanup function."""
    if db == "sqlite":
        tmp = tempfile.mkdtemp(prefix="gk-bench-")
        url = f"sqlite:///{tmp}/bench.sqlite3"

        def cleanup():
            for p in Path(tmp).iterdir():
                p.unlink()
            Path(tmp).rmdir()

    else:
        base = pg_url or "postgres://postgres@127.0.0.1:5432"
        name = f"gk_bench_{uuid.uuid4().hex[:8]}"
        host_args = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["createdb", *host_args, name], check=True)  # noqa: S603, S607
        url = f"{base}/{name}"

        def cleanup():
            from django.db import connections

            connections.close_all()
            subprocess.run(["dropdb", *host_args, name], check=True)  # noqa: S603, S607

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return cleanup


# -- synthetic data -----------------------------------------------------------------------------


def _template():
    """Column names and a row of database values for one application; the varying columns'
    positions. Encrypted fields hold one real ciphertext (the benchmark never reads them)."""
    from django.db import connection
    from django.utils import timezone

    from gongkai.applications.models import Application

    now = timezone.now()
    app = Application(
        serial_year=YEAR,
        serial=1,
        query_code="X",
        channel="in_person",
        submitted_at=now,
        received_on=datetime.date(YEAR, 1, 2),
        applicant_kind="citizen",
        applicant_category="natural_person",
        name="王建国",
        id_type="resident_id",
        id_number="640323198001010019",
        id_number_masked="640323********0019",
        phone="13900000000",
        phone_last4="0000",
        description="科技项目立项名单",
        status="in_progress",
        created_at=now,
        updated_at=now,
    )
    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    values = [f.get_db_prep_save(getattr(app, f.attname), connection) for f in fields]
    return columns, values


CATEGORIES = ["natural_person"] * 60 + ["commercial"] * 12 + ["research"] * 6
CATEGORIES += ["public_interest"] * 5 + ["legal_services"] * 7 + ["other"] * 10


def _rows(agency_ids, count: int, first_serial: int, rng: random.Random, *, open_only=False):
    """``count`` applications spread over ``agency_ids``: (varying column values) tuples."""
    from gongkai.statute.outcomes import Outcome

    outcomes = [o.value for o in Outcome]
    start = datetime.date(YEAR - 1, 10, 1)
    span = (datetime.date(YEAR, 12, 31) - start).days
    if open_only:
        start, span = datetime.date(YEAR, 9, 1), 120
    for i in range(count):
        received = start + datetime.timedelta(days=rng.randrange(span))
        closed = None if open_only else received + datetime.timedelta(days=rng.randrange(60))
        if closed is not None and (closed > datetime.date(YEAR, 12, 31) or rng.random() < 0.05):
            closed = None
        yield (
            agency_ids[i % len(agency_ids)],
            first_serial + i,
            f"B{first_serial + i:011d}",
            f"BENCH-{YEAR}-{first_serial + i:07d}",
            received,
            rng.choice(CATEGORIES),
            "in_progress" if closed is None else "closed",
            received + datetime.timedelta(days=28),
            "" if closed is None else rng.choice(outcomes),
            closed,
        )


VARYING = (
    "agency_id",
    "serial",
    "query_code",
    "registration_number",
    "received_on",
    "applicant_category",
    "status",
    "due_on",
    "outcome",
    "closed_on",
)


def _insert(rows, template, varying=VARYING) -> int:
    """Insert ``rows`` (tuples of the ``varying`` columns) with the template's other values;
    return the count. Also used by ``queue_bench``."""
    from django.db import connection, transaction

    columns, values = template
    index = [columns.index(c) for c in varying]
    sqlite = connection.vendor == "sqlite"

    def full(row):
        out = list(values)
        for i, v in zip(index, row, strict=True):
            if sqlite and isinstance(v, datetime.datetime):
                v = v.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
            elif sqlite and isinstance(v, datetime.date):
                v = v.isoformat()
            out[i] = v
        return out

    n = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if sqlite:
            # Column names come from the model, values are parameters.
            sql = (
                f"INSERT INTO applications_application ({', '.join(columns)}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(columns))})"
            )
            batch = []
            for row in rows:
                batch.append(full(row))
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                n += len(batch)
        else:
            copy_sql = f"COPY applications_application ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(full(row))
                    n += 1
    return n


def _insert_received_events(agency_id: int) -> None:
    """A ``received`` event for each application of the agency; every fifth also extended."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    if connection.vendor == "sqlite":
        now = now.replace(tzinfo=None).isoformat(" ")
    with transaction.atomic(), connection.cursor() as cursor:
        for kind, extra, days in (("received", "", 0), ("extended", "AND id %% 5 = 0", 5)):
            on = "received_on" if not days else _plus_days("received_on", days, connection.vendor)
            workdays = "NULL" if kind == "received" else "10"
            cursor.execute(
                "INSERT INTO applications_applicationevent "  # noqa: S608 - fixed fragments
                '(application_id, kind, "on", until, workdays, party, note, actor_id, created_at) '
                f"SELECT id, %s, {on}, NULL, {workdays}, '', '', NULL, %s "
                f"FROM applications_application WHERE agency_id = %s {extra}",
                [kind, now, agency_id],
            )


def _plus_days(column: str, days: int, vendor: str) -> str:
    return f"date({column}, '+{days} days')" if vendor == "sqlite" else f"{column} + {days}"


# -- timings ------------------------------------------------------------------------------------


def _clock():
    """CPU time of this process on SQLite (the database runs in-process, so this is the work
    done, undisturbed by other processes on a shared machine); wall time on PostgreSQL."""
    from django.db import connection

    return time.process_time if connection.vendor == "sqlite" else time.perf_counter


def _best(fn, repeat: int = 5) -> float:
    fn()  # warm-up: plans, caches
    clock = _clock()
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)


def _floor(agency_ids):
    from django.db import connection

    marks = ", ".join(["%s"] * len(agency_ids))
    sql = (
        "SELECT applicant_category, outcome, count(*) FROM applications_application "  # noqa: S608
        f"WHERE agency_id IN ({marks}) GROUP BY applicant_category, outcome"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(agency_ids))
        return cursor.fetchall()


def _same_where_count(agency_ids, year: int):
    """The year's population counted by (category, outcome) without the four filtered counts:
    what reading the two date columns costs on its own."""
    from django.db.models import Count

    from gongkai.applications.statistics import year_population

    return list(
        year_population(agency_ids, year)
        .order_by()
        .values_list("applicant_category", "outcome")
        .annotate(n=Count("pk"))
    )


def _by_category_alone(agency_ids, year: int):
    """The other way to write 表三's query: GROUP BY category, 24 filtered counts per row."""
    from django.db.models import Count, Q

    from gongkai.applications.statistics import year_population
    from gongkai.statute.outcomes import Outcome

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    closed = Q(closed_on__lte=end)
    counts = {
        "received": Count("pk", filter=Q(received_on__gte=start)),
        "carried_over": Count("pk", filter=Q(received_on__lt=start)),
        "carried_forward": Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        **{o.value: Count("pk", filter=closed & Q(outcome=o.value)) for o in Outcome},
    }
    return list(
        year_population(agency_ids, year).order_by().values("applicant_category").annotate(**counts)
    )


def bench_table(agency_id: int, region_ids: list[int]) -> list[tuple]:
    from gongkai.applications.statistics import applications_table

    out = []
    for label, ids in (("agency-year", [agency_id]), ("region", region_ids)):
        ours = _best(lambda ids=ids: applications_table(ids, YEAR, "2021"))
        floor = _best(lambda ids=ids: _floor(ids))
        same_where = _best(lambda ids=ids: _same_where_count(ids, YEAR))
        other = _best(lambda ids=ids: _by_category_alone(ids, YEAR))
        out.append((label, ours, floor, same_where, other))
    return out


def bench_recompute(agency) -> tuple[float, object]:
    from gongkai.applications.services import applications_recompute_deadlines
    from gongkai.workdays.models import CalendarDay, CalendarDayKind
    from gongkai.workdays.selectors import calendar_version_bump, get_calendar

    on = datetime.date(YEAR, 12, 31)
    applications_recompute_deadlines(agency=agency, on=on)  # bring the stored copy up to date
    CalendarDay.objects.create(
        date=datetime.date(YEAR, 10, 9), kind=CalendarDayKind.HOLIDAY, note="基准测试"
    )
    calendar_version_bump()
    get_calendar()
    start = time.perf_counter()
    result = applications_recompute_deadlines(agency=agency, on=on)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rows", type=int, default=100_000, help="N (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="N / 10, a smoke run")
    parser.add_argument("--pg-url", help="server URL without database name")
    args = parser.parse_args()
    n = args.rows // 10 if args.quick else args.rows

    cleanup = _setup_django(args.db, args.pg_url)
    try:
        from django.db import connection

        from gongkai.agencies.models import Agency

        agency = Agency.objects.create(name="基准测试局", slug="bench-agency")
        busy = Agency.objects.create(name="基准测试待办局", slug="bench-open")
        region = Agency.objects.bulk_create(
            Agency(name=f"基准测试区第{i}局", slug=f"bench-region-{i}")
            for i in range(REGION_AGENCIES)
        )
        region_ids = [a.pk for a in region]
        rng = random.Random(YEAR)
        template = _template()
        start = time.perf_counter()
        inserted = _insert(_rows([agency.pk], n, 1, rng), template)
        inserted += _insert(_rows(region_ids, 10 * n, 10**7, rng), template)
        inserted += _insert(_rows([busy.pk], n, 3 * 10**7, rng, open_only=True), template)
        _insert_received_events(busy.pk)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"{connection.vendor}: inserted {inserted:,} applications in "
            f"{time.perf_counter() - start:.1f} s"
        )

        what = "CPU" if connection.vendor == "sqlite" else "wall"
        for label, ours, floor, same_where, other in bench_table(agency.pk, region_ids):
            rows = n if label == "agency-year" else 10 * n
            print(
                f"表三 {label:11s} ({rows:>9,} rows, {what} s): applications_table {ours:6.3f} | "
                f"floor GROUP BY {floor:6.3f} | ratio {ours / floor:4.2f}x | "
                f"same WHERE, count only {same_where:6.3f} | by category alone {other:6.3f}"
            )
        seconds, result = bench_recompute(busy)
        print(
            f"applications_recompute_deadlines: {result.checked:,} open applications, "
            f"{result.changed:,} changed, {len(result.failed)} failed, {seconds:.2f} s"
        )
    finally:
        cleanup()


if __name__ == "__main__":
    main()
