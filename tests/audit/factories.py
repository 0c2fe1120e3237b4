"""Factories for audit events (tests that need rows without going through the service)."""

import factory

from gongkai.audit.models import AuditAction, AuditEvent
from tests.agencies.factories import AgencyFactory


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    actor_name = "公众"
    agency = factory.SubFactory(AgencyFactory)
    action = AuditAction.APPLICATION_SUBMIT
    target_type = "applications.application"
    target_id = factory.Sequence(str)
    target_label = factory.Sequence(lambda n: f"测试申〔2026〕{n}号")
