"""Fixtures for the working-day calendar app."""

from collections.abc import Iterator

import pytest

from gongkai.workdays.selectors import calendar_cache_clear


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    # Each test's database rolls back but the in-process calendar would survive: start clean.
    calendar_cache_clear()
    yield
    calendar_cache_clear()
