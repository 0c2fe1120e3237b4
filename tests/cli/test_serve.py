"""``gongkai serve``: what it refuses, and two real gunicorn servers that behave as one.

The servers run ``gongkai serve`` in production mode (no DEBUG, collected static files) on the
test database — the same SQLite file or PostgreSQL database this process writes to — and on one
Redis database (db 5, emptied before and after). They get the test process's SECRET_KEY, so
what one signs (a CSRF cookie, a session) the other accepts, and personal data this process
encrypts they decrypt.

Redis must be running on 127.0.0.1:6379 (``.ci/run`` starts it). Outside CI a missing Redis
skips the two-server tests with that reason; with ``GONGKAI_REQUIRE_REDIS=1`` (CI) it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.applications.selectors import application_clock
from gongkai.cli import main
from gongkai.workdays.selectors import calendar_cache_clear, get_calendar
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory
from tests.applications.factories import applicant_data, register

REDIS_URL = "redis://127.0.0.1:6379/5"
GONGKAI = str(Path(sys.executable).with_name("gongkai"))
ADMIN_PASSWORD = "serve-test-Passw0rd!"
TRACK_LIMIT = 3


def _serve_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GONGKAI_", "DJANGO_")) and key != "DATABASE_URL"
    }
    return {
        **env,
        "GONGKAI_SECRET_KEY": settings.SECRET_KEY,
        "GONGKAI_FIELD_KEYS": Fernet.generate_key().decode(),
        **extra,
    }


# -- what it refuses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GONGKAI_DEBUG": "1"}, "不能在调试模式下运行"),
        ({"GONGKAI_SECRET_KEY": ""}, "缺少必需的环境变量：GONGKAI_SECRET_KEY"),
        ({"GONGKAI_FIELD_KEYS": ""}, "缺少必需的环境变量：GONGKAI_FIELD_KEYS"),
    ],
)
def test_refuses_what_cannot_be_production(monkeypatch, capsys, env, message):
    monkeypatch.setenv("GONGKAI_SECRET_KEY", "k" * 50)
    monkeypatch.setenv("GONGKAI_FIELD_KEYS", Fernet.generate_key().decode())
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    assert main(["serve", "--check"]) == 2

    _out, err = capsys.readouterr()
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("database", "message"),
    [
        ("empty", "个迁移未执行：请先运行 gongkai manage migrate"),
        ("unreachable", "无法连接数据库"),
    ],
)
def test_refuses_a_database_it_cannot_use(tmp_path, database, message):
    path = tmp_path / "empty.sqlite3" if database == "empty" else tmp_path / "no" / "db.sqlite3"
    result = subprocess.run(
        [GONGKAI, "serve", "--check"],
        env=_serve_env(DATABASE_URL=f"sqlite:///{path}", GONGKAI_VAR_DIR=str(tmp_path / "var")),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# -- two servers -----------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def get(self, session: requests.Session, path: str, **kwargs) -> requests.Response:
        return session.get(self.url + path, timeout=30, allow_redirects=False, **kwargs)

    def post(self, session: requests.Session, path: str, data: dict, **kwargs):
        return session.post(self.url + path, data=data, timeout=30, allow_redirects=False, **kwargs)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("GONGKAI_REQUIRE_REDIS") == "1":
            pytest.fail("Redis is not running on 127.0.0.1:6379 (GONGKAI_REQUIRE_REDIS=1)")
        pytest.skip("Redis is not running on 127.0.0.1:6379: the two-server test needs it")
    return client


def _start(var_dir: Path, env: dict[str, str]) -> Server:
    port = _free_port()
    log = var_dir / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [GONGKAI, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 90  # the first start collects the static files (~10 s)
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"gongkai serve exited ({process.returncode}):\n{log.read_text()}")
            try:
                if requests.get(server.url + "/favicon.ico", timeout=2).status_code == 200:
                    return server
            except requests.RequestException:  # not listening yet, or the workers booting
                pass
            time.sleep(0.3)
        pytest.fail(f"gongkai serve did not answer within 90 s:\n{log.read_text()}")
    except BaseException:
        _stop(server)
        raise


def _stop(server: Server) -> str:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    return server.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def serve_var_dir(tmp_path_factory):
    """One var/ for the module's servers: the static files are collected once."""
    var_dir = tmp_path_factory.mktemp("serve-var")
    yield var_dir
    shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture
def servers(transactional_db, serve_var_dir):
    """Two ``gongkai serve`` processes (two workers each) on the test database and Redis db 5.

    Per test, and stopped before the test's database is flushed: a server running across a
    flush would keep stale content types and could write rows the flush's post_migrate writes.
    """
    redis_client = _redis()
    redis_client.flushdb()
    var_dir = serve_var_dir
    database_url = _database_url()
    env = _serve_env(
        DATABASE_URL=database_url,
        GONGKAI_REDIS_URL=REDIS_URL,
        GONGKAI_VAR_DIR=str(var_dir),
        GONGKAI_SECURE_COOKIES="0",  # plain HTTP on the loopback
        GONGKAI_TRUSTED_PROXIES="1",  # each scenario is its own client (X-Forwarded-For)
        GONGKAI_TRACK_RATE_LIMIT=f"{TRACK_LIMIT}/3600",
        # The superuser below signs in with a password alone (no authenticator in this test).
        GONGKAI_OTP_REQUIRED_FOR_ADMINS="0",
    )
    first = _start(var_dir, env)  # collects the static files
    try:
        second = _start(var_dir, env)  # finds them collected
    except BaseException:
        _stop(first)
        raise
    try:
        yield first, second, redis_client
    finally:
        logs = _stop(first) + _stop(second)
    redis_client.flushdb()
    # No request of the tests failed with a 500 (each would be logged with its traceback).
    assert "Traceback" not in logs, logs


def _csrf(response: requests.Response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]


def _client(ip: str) -> requests.Session:
    session = requests.Session()
    session.headers["X-Forwarded-For"] = ip
    return session


# serialized_rollback: the flush afterwards restores the migrated data (content types, the
# home page) that the transactional tests after these expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_mode_serves_hashed_compressed_static_files_and_the_favicon(servers):
    first, _second, _redis_client = servers
    AgencyFactory(slug="yanchi-kjj")
    page = first.get(_client("198.51.100.1"), "/gongkai/yanchi-kjj/apply/")
    assert page.status_code == 200

    css = re.search(r'href="(/static/applications/portal\.[0-9a-f]{12}\.css)"', page.text)[1]
    response = first.get(_client("198.51.100.1"), css, headers={"Accept-Encoding": "br, gzip"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "immutable" in response.headers["Cache-Control"]
    unhashed = first.get(_client("198.51.100.1"), "/static/applications/portal.css")
    assert unhashed.status_code == 200  # old links still work, without the long caching
    assert first.get(_client("198.51.100.1"), "/favicon.ico").headers["Content-Type"] in (
        "image/x-icon",
        "image/vnd.microsoft.icon",
    )


# serialized_rollback: the flush afterwards restores the migrated data (content types, the
# home page) that the transactional tests after these expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_servers_on_one_database_and_one_redis_behave_as_one(servers):
    first, second, redis_client = servers
    agency = AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")
    clerk = StaffMembershipFactory(agency=agency).user
    today = timezone.localdate()  # the servers run on the real clock
    application = register(agency, clerk, today, data=applicant_data(n=7))
    track = {"query_code": application.query_code, "phone_last4": application.phone_last4}

    # The rate limit counts across both: 3 progress queries per client, wherever they land.
    flooder = _client("198.51.100.7")
    token = _csrf(first.get(flooder, "/gongkai/track/"))
    statuses = [
        server.post(flooder, "/gongkai/track/", {**track, "csrfmiddlewaretoken": token}).status_code
        for server in (first, second, first, second)
    ]
    assert statuses == [200] * TRACK_LIMIT + [429]

    # One cache: the public version both servers put in their ETags is the same, so a page
    # one served is "not modified" on the other (each process's own cache would differ).
    reader = _client("198.51.100.8")
    tag = first.get(reader, "/gongkai/yanchi-kjj/reports/").headers["ETag"]
    assert second.get(reader, "/gongkai/yanchi-kjj/reports/").headers["ETag"] == tag
    assert (
        second.get(
            reader, "/gongkai/yanchi-kjj/reports/", headers={"If-None-Match": tag}
        ).status_code
        == 304
    )
    assert redis_client.keys("gongkai:*gongkai:ratelimit:track:*")

    # A calendar change made through the first server is seen at once by the second: it had
    # the calendar cached (the progress page computes the due date), and rebuilds it.
    applicant = _client("198.51.100.9")
    token = _csrf(second.get(applicant, "/gongkai/track/"))
    before = second.post(applicant, "/gongkai/track/", {**track, "csrfmiddlewaretoken": token})
    due_before = application_clock(application).due_on
    assert f"{due_before:%Y}年{due_before.month}月{due_before.day}日前" in before.text

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        admin = UserFactory(is_superuser=True, is_staff=True, username="serve-admin")
        admin.set_password(ADMIN_PASSWORD)
        admin.save()
    staff = _client("198.51.100.10")
    login = first.get(staff, "/admin/login/")
    logged_in = first.post(
        staff,
        "/admin/login/",
        {
            "username": "serve-admin",
            "password": ADMIN_PASSWORD,
            "csrfmiddlewaretoken": _csrf(login),
        },
    )
    assert logged_in.status_code == 302
    calendar_cache_clear()
    holiday = get_calendar().add_workdays(today, 1)  # a working day the period runs over
    add_url = reverse("workdays_calendar_days:add")
    form = first.get(staff, add_url)
    created = first.post(
        staff,
        add_url,
        {
            "date": holiday.isoformat(),
            "kind": "holiday",
            "note": "临时放假（测试）",
            "source": "两台服务器的测试",
            "csrfmiddlewaretoken": _csrf(form),
        },
    )
    assert created.status_code == 302, created.text

    calendar_cache_clear()
    application = Application.objects.get(pk=application.pk)
    due_after = application_clock(application).due_on
    assert due_after > due_before
    after = second.post(applicant, "/gongkai/track/", {**track, "csrfmiddlewaretoken": token})
    assert f"{due_after:%Y}年{due_after.month}月{due_after.day}日前" in after.text
    # The open deadline was recomputed and stored as well (the calendar change's receiver).
    assert application.due_on == due_after
