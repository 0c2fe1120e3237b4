"""Writes made through Wagtail's own back-office screens, in the one audit trail.

Agencies, staff roles, user accounts, letter templates and other records edited with Wagtail's
generic views are saved by Wagtail, which records them in its own log (``ModelLogEntry`` /
``PageLogEntry``) inside the view's transaction. Each such entry is copied here into an
``AuditEvent`` in the same transaction, with the actor, the object, its agency and the client
address of the request (``RequestForAudit``), so the 审计日志 shows every write, not only those
of the project's services.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import ModelLogEntry, PageLogEntry

from gongkai.agencies.models import Agency
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record

_request: ContextVar = ContextVar("gongkai_audit_request", default=None)

ACTIONS = {
    "wagtail.create": AuditAction.ADMIN_CREATE,
    "wagtail.edit": AuditAction.ADMIN_EDIT,
    "wagtail.delete": AuditAction.ADMIN_DELETE,
}


class RequestForAudit:
    """Middleware: makes the current request (for its client address) known to the copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_request():
    """The request being served (``RequestForAudit``), or None outside one (commands, tasks)."""
    return _request.get()


def _target(entry):
    """The logged object if it still exists (a deletion is logged before the row goes)."""
    model = entry.content_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=entry.object_id).first()


@receiver(post_save, sender=ModelLogEntry)
@receiver(post_save, sender=PageLogEntry)
def copy_wagtail_log_entry(sender, instance, created, raw=False, **kwargs) -> None:
    if not created or raw:
        return
    target = _target(instance)
    audit_record(
        actor=instance.user,
        action=ACTIONS.get(instance.action, AuditAction.ADMIN_OTHER),
        target=target,
        # An agency's own record belongs to it; anything else to its ``agency`` (the default).
        agency=target if isinstance(target, Agency) else None,
        target_label=f"{instance.content_type.name}：{instance.label}",
        detail={
            "wagtail_action": instance.action,
            "model": instance.content_type.app_labeled_name,
            "object_id": str(instance.object_id),
        },
        request=_request.get(),
        system=instance.user is None,
    )
