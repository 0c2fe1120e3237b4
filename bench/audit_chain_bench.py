"""Benchmark of the audit trail's hash chain: what sealing costs a write, and verification.

    .venv/bin/python bench/audit_chain_bench.py --db sqlite|postgres [--events N] [--threads T]

In a throwaway database (a temporary SQLite file, or a new PostgreSQL database on
127.0.0.1:5432 as user postgres, dropped at the end):

1. writes N (default 2,000) audit events, each in its own transaction as a service writes
   them, once with the chain (``audit_record`` + the seal after commit) and once as the bare
   insert the audit trail cost before the chain (``AuditEvent.save`` in a transaction), and
   prints events per second and the ratio;
2. writes N events from T (default 4) threads at once, each its own connection (PostgreSQL
   only: SQLite serialises writers anyway), then verifies that the chain is whole: concurrent
   writers never fork it;
3. times ``verify`` over everything written (records per second).

Wall time, best of three for 1 and 3; timings go to README, never into tests.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# The same throwaway database as the applications benchmark (SQLite file or new PostgreSQL db).
from applications_bench import _setup_django  # noqa: E402


def _chained(n: int) -> None:
    from django.db import transaction

    from gongkai.audit.models import AuditAction
    from gongkai.audit.services import audit_record

    for i in range(n):
        with transaction.atomic():
            audit_record(actor=None, action=AuditAction.LETTER_ISSUE, target_label=f"第{i}号")


def _bare(n: int) -> None:
    from django.db import transaction

    from gongkai.audit.models import AuditEvent

    for i in range(n):
        with transaction.atomic():
            AuditEvent(action="letter.issue", actor_name="公众", target_label=f"第{i}号").save()


def _best(function, *args) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def _threads(n: int, threads: int) -> float:
    from django.db import connection

    def work():
        try:
            _chained(n // threads)
        finally:
            connection.close()

    start = time.perf_counter()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    cleanup = _setup_django(args.db, None)
    try:
        from gongkai.audit.chain import seal_pending, verify
        from gongkai.audit.models import AuditEvent

        n = args.events
        chained = _best(_chained, n)
        bare = _best(_bare, n)
        seal_pending()  # the bare inserts, so that verify covers every row
        print(f"[{args.db}] {n} events, one transaction each (best of 3):")
        print(f"  with the chain   {n / chained:8.0f} events/s")
        print(f"  bare insert      {n / bare:8.0f} events/s   (chain costs x{chained / bare:.2f})")
        if args.db == "postgres":
            elapsed = _threads(n, args.threads)
            print(f"  {args.threads} threads        {n / elapsed:8.0f} events/s together")
        result = verify()
        total = AuditEvent.objects.count()
        seconds = _best(verify)
        print(
            f"  verify           {total / seconds:8.0f} records/s over {total} records; "
            f"whole: {result.ok and result.checked == total} ({result.problem or 'no problem'})"
        )
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
