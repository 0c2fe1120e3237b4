"""Benchmark of Gongkai served in production mode: gunicorn (3 workers) on the demo data.

    .venv/bin/python bench/serve_bench.py [--seconds 8] [--connections 6] [--workers 3]

Starts ``gongkai serve`` (production mode, SQLite, the shared cache directory) on a copy of the
demo database (var/gongkai.sqlite3, ``make setup``) in var/bench-serve/, with the bench-only
settings (bench/serve_settings.py) that add a bare view behind the same middleware. Then
``wrk`` (apt package ``wrk``) loads each page for a few seconds, one page at a time:

- uncached: a plain GET, rendered every time (the blank forms without a CSRF cookie, so each
  response also sets one);
- cached: a conditional GET with the ETag (and, for the forms, the CSRF cookie) of a first
  GET: the 304 a browser or proxy gets while the page has not changed.

Targets (issue 11): public pages cached >= 1/2 of the bare view, uncached >= 100 req/s; the
申请表 GET >= 1/5 of the bare view. Every response must be 2xx/3xx (checked).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"
BENCH_VAR = VAR / "bench-serve"

PAGES = [
    ("portal home", "/"),
    ("2020 annual report", "/gongkai/yanchi-kjj/reports/2020/"),
    ("annual report list", "/gongkai/yanchi-kjj/reports/"),
    ("申请表 GET", "/gongkai/yanchi-kjj/apply/"),
    ("tracking GET", "/gongkai/track/"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare() -> dict[str, str]:
    source = VAR / "gongkai.sqlite3"
    if not source.is_file() or not (VAR / "secret_key").is_file():
        sys.exit("serve_bench: run `make setup` first (the demo database in var/)")
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    target = BENCH_VAR / "gongkai.sqlite3"
    for leftover in BENCH_VAR.glob("gongkai.sqlite3*"):
        leftover.unlink()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    shutil.rmtree(BENCH_VAR / "cache", ignore_errors=True)
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.serve_settings",
        PYTHONPATH=str(ROOT),
        GONGKAI_VAR_DIR=str(BENCH_VAR),
        # The demo's key: its personal data was encrypted under a key derived from it.
        GONGKAI_SECRET_KEY=(VAR / "secret_key").read_text(encoding="ascii").strip(),
        GONGKAI_FIELD_KEYS=Fernet.generate_key().decode(),
        # The benchmark is one client hammering the forms: no rate limit may answer 429.
        GONGKAI_TRACK_RATE_LIMIT="1000000/60",
        GONGKAI_APPLY_RATE_LIMIT="1000000/60",
    )
    return env


def _start(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    log = (BENCH_VAR / "server.log").open("wb")
    process = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gongkai"),
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(
                f"serve_bench: gongkai serve exited:\n{(BENCH_VAR / 'server.log').read_text()}"
            )
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit("serve_bench: the server did not start within 120 s")


def _first_get(url: str) -> tuple[str, str]:
    """The ETag and the CSRF cookie (if any) of a plain GET."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        assert response.status == 200, (url, response.status)
        cookie = ""
        for header in response.headers.get_all("Set-Cookie") or []:
            match = re.match(r"(csrftoken=[^;]+)", header)
            if match:
                cookie = match[1]
        return response.headers.get("ETag", ""), cookie


def _wrk(url: str, seconds: int, connections: int, headers: list[str]) -> float:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        sys.exit(f"serve_bench: {bad[1]} error responses from {url} {headers}\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("serve_bench: needs wrk (apt-get install wrk)")
    env = _prepare()
    port = _free_port()
    process = _start(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:

        def run(path, headers=()):
            return _wrk(base + path, args.seconds, args.connections, list(headers))

        bare = run("/bench/bare/")
        print(
            f"gunicorn {args.workers} workers, wrk 1 thread {args.connections} connections, {args.seconds} s each"
        )
        print(f"{'page':<22} {'uncached':>10} {'/bare':>6} {'cached (304)':>13} {'/bare':>6}")
        print(f"{'bare view':<22} {bare:>8.0f}/s {1:>6.2f}")
        for name, path in PAGES:
            uncached = run(path)
            tag, cookie = _first_get(base + path)
            headers = [f"If-None-Match: {tag}"] + ([f"Cookie: {cookie}"] if cookie else [])
            cached = run(path, headers)
            print(
                f"{name:<22} {uncached:>8.0f}/s {uncached / bare:>6.2f} {cached:>11.0f}/s {cached / bare:>6.2f}"
            )
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
