"""Twenty people submit the online form at the same moment: each gets a distinct number.

Before the counter row, every submission took ``MAX(serial) + 1``; on PostgreSQL 12% of 20
simultaneous submissions were refused ("…登记序号 的 政府信息公开申请 已经存在") and nothing was
stored for them. Runs on both databases (SQLite serialises the writers itself).
"""

from __future__ import annotations

import datetime
import threading
import uuid

import pytest
from django.db import connections

from gongkai.applications import services
from gongkai.applications.models import Application, RegistrationCounter
from tests.agencies.factories import AgencyFactory
from tests.applications.factories import applicant_data, travel

SUBMITTERS = 20


# serialized_rollback: the flush afterwards must not take the migrations' data from later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_online_submissions_all_get_consecutive_numbers() -> None:
    agency = AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")
    barrier = threading.Barrier(SUBMITTERS)
    errors: list[BaseException] = []

    def submit(n: int) -> None:
        try:
            with travel(datetime.date(2026, 12, 3)):
                barrier.wait()
                services.application_submit_online(
                    agency=agency, data=applicant_data(n=n), submission_token=uuid.uuid4()
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            # Close this thread's connection (close_old_connections keeps it for CONN_MAX_AGE):
            # left open, the 20 connections are garbage-collected during a later test, whose
            # ResourceWarnings then fail it, and the test database cannot be dropped.
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(SUBMITTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    serials = sorted(Application.objects.filter(agency=agency).values_list("serial", flat=True))
    assert serials == list(range(1, SUBMITTERS + 1))
    assert RegistrationCounter.objects.get(agency=agency, year=2026).last_serial == SUBMITTERS


@pytest.mark.django_db
def test_the_counter_starts_after_serials_stored_before_it(agency, clerk) -> None:
    from tests.applications.factories import register

    first = register(agency, clerk, datetime.date(2026, 3, 2))
    RegistrationCounter.objects.all().delete()  # as on a database from before the counter
    second = register(agency, clerk, datetime.date(2026, 3, 3))
    assert (first.serial, second.serial) == (1, 2)
