"""Factories for the work log."""

import datetime

import factory

from gongkai.registers.models import WorkLogEntry, WorkLogKind
from tests.agencies.factories import AgencyFactory


class WorkLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkLogEntry

    agency = factory.SubFactory(AgencyFactory)
    kind = WorkLogKind.PORTAL_ITEM
    date = datetime.date(2020, 6, 1)
    count = 1
    title = factory.Sequence(lambda n: f"信息{n}")
