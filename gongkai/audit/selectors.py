"""Reads of the audit log (审计日志)."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from gongkai.audit.models import AuditEvent
from gongkai.audit.permissions import filter_readable


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """The events ``user`` may read (``gongkai.audit.permissions``), newest first.

    Superusers: all. Office heads, leaders and supervisors: their agencies'. Clerks and
    everyone else: none.
    """
    return filter_readable(AuditEvent.objects.select_related("agency"), user)


def audit_events_for(target: models.Model) -> QuerySet[AuditEvent]:
    """The history of one record, newest first.

    Not narrowed by user: the caller shows it only to someone already allowed to see
    ``target`` (e.g. on the application's own page).
    """
    return AuditEvent.objects.for_target(target).select_related("agency")
