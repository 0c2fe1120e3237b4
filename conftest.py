"""Test-wide settings: fast, quiet, isolated from the developer's var/ directory."""

import pytest
from django.test import override_settings

from gongkai.privacy.log_filter import ServerLogHandler


@pytest.fixture(autouse=True, scope="session")
def _test_settings(tmp_path_factory):
    """Settings for the whole run.

    - MD5 hashing: the real hasher costs ~100 ms per user created or logged in.
    - Session timeouts, the administrators' second factor and the password age off (below).
    - django-axes off: Django's test ``Client.login`` authenticates without a request, which the
      axes backend refuses; tests of the lockout itself switch it back on.
    - Uploads and generated files go to a temporary directory, never into var/.
    - Static files under their plain names, found in the apps (nothing is collected); the
      hashed, compressed names of production are tested by running ``gongkai serve``.
    """
    # The server log (stderr, settings.LOGGING) stays quiet: pytest records the log itself.
    # tests/privacy/test_log_filter.py switches it on with a stream of its own.
    ServerLogHandler.muted = True
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=True,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
        # The account policy (gongkai.accounts): tests log in with force_login and move the
        # clock by days; the tests of sessions, the second factor and password age switch
        # these back on.
        GONGKAI_SESSION_IDLE_SECONDS=None,
        GONGKAI_SESSION_MAX_SECONDS=None,
        GONGKAI_OTP_REQUIRED_FOR_ADMINS=False,
        GONGKAI_PASSWORD_MAX_AGE_DAYS=0,
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        GONGKAI_PRIVATE_DIR=tmp_path_factory.mktemp("private"),
    ):
        yield


@pytest.fixture(autouse=True)
def _no_console_output(request):
    """A test that prints is a failing test: output belongs in an assertion or nowhere.

    Tests that need the output read it themselves with ``capsys`` (which empties the buffer);
    tests using ``capfd`` or the binary variants are left alone (pytest forbids combining them).
    """
    if {"capfd", "capfdbinary", "capsysbinary"} & set(request.fixturenames):
        yield
        return
    capsys = request.getfixturevalue("capsys")
    yield
    out, err = capsys.readouterr()
    if out or err:
        pytest.fail(f"test wrote to the console:\nstdout: {out!r}\nstderr: {err!r}", pytrace=False)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Each test's database rolls back but the in-process calendar would survive: start clean.

    (A calendar cached by one test with 2027 confirmed would make the next test's December
    deadlines final instead of provisional.)
    """
    from gongkai.workdays.selectors import calendar_cache_clear

    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite: test on a file, as production does, not in memory.

    An in-memory database is shared between threads in SQLite's shared-cache mode, whose table
    locks fail at once ("database table is locked") instead of waiting: concurrent requests —
    which the real file-based deployment serialises with its busy timeout — could not be tested.
    Keeps pytest-django's per-worker suffix (test_<db>_gw0 …) for the server databases.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        )
        # A throwaway file: no fsync per commit (the flush after a transactional test would
        # otherwise cost seconds).
        database.setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF;"


def _flushes_database(item) -> bool:
    """Whether ``item`` runs as a transactional test (its teardown flushes every table), by
    pytest-django's own reading of the marker (as its test ordering does)."""
    from pytest_django.plugin import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_rest = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Run every transactional test on one worker, after that worker's ordinary tests.

    A transactional test's teardown flushes every table (content types, permissions, the home
    page); Django's runner, and pytest-django, run such tests last for that reason. Spread over
    workers, an ordinary test could follow one on the same worker. As one xdist group they go
    to a single worker, dispatched last because pytest-django sorts them to the end.
    """
    group = pytest.mark.xdist_group("transactional")
    for item in items:
        if _flushes_database(item):
            item.add_marker(group)
