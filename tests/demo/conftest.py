"""The demo fixtures the reports tests use (``demo``: load_demo run, the 2020 report)."""

from tests.reports.conftest import demo  # noqa: F401 - a fixture, used by name
