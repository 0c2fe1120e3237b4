"""Running data migrations for real in tests, and leaving the schema as the next test needs it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to ``targets`` (``[(app, name)]``, a name of None unapplies the whole app) and
    return the historical apps there (None when no target names a migration)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    named = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(named).apps if named else None


@pytest.fixture
def back_to_the_latest_schema():
    """Leave the database fully migrated for the tests that follow (whatever this one did)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
