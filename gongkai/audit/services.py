"""Writing the audit log (审计日志). ``audit_record`` is the only way an event is created."""

from __future__ import annotations

import functools
import ipaddress
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from gongkai.audit.chain import seal_after_commit
from gongkai.audit.models import AuditAction, AuditEvent

PUBLIC_ACTOR_NAME = "公众"
SYSTEM_ACTOR_NAME = "系统（自动任务）"


def audit_record(
    *,
    actor,
    action: AuditAction | str,
    target: models.Model | None = None,
    agency=None,
    detail: dict | None = None,
    request=None,
    target_label: str | None = None,
    system: bool = False,
) -> AuditEvent:
    """Write one audit event and return it.

    - ``actor``: the user who acted; ``None`` or an anonymous user for the public (recorded as
      "公众"). The name is copied, so the entry outlives the account.
    - ``system``: with no ``actor``, the entry was written by a scheduled job, not by the public
      (recorded as "系统（自动任务）"), e.g. the daily reminders.
    - ``action``: an ``AuditAction`` (unknown codes raise ``ValueError``, so every entry has a
      Chinese label).
    - ``target``: the saved record acted on or viewed; stored as ``app_label.model_name``, its
      primary key and ``str(target)`` (or ``target_label``). Neither the label nor ``detail``
      may contain personal data: the log is not encrypted.
    - ``agency``: defaults to the target's agency (``target.agency_id``, no query).
    - ``request``: the client IP is taken from ``REMOTE_ADDR``; ``X-Forwarded-For`` only counts
      behind the number of proxies set in ``GONGKAI_TRUSTED_PROXIES``.

    A plain insert without its own transaction: call it inside the caller's
    ``transaction.atomic()`` so the event commits or rolls back with the change it records.
    """
    code = AuditAction(action).value
    # Stored as JSON: what the chain seals is what a later read gives back (dates as text).
    detail = json.loads(json.dumps(detail or {}, cls=DjangoJSONEncoder))
    event = AuditEvent(action=code, detail=detail, ip_address=client_ip(request))

    if getattr(actor, "is_authenticated", False):
        event.actor = actor
        event.actor_name = _actor_name(actor)
    else:
        event.actor_name = SYSTEM_ACTOR_NAME if system else PUBLIC_ACTOR_NAME

    if target is not None:
        if target.pk is None:
            raise ValueError(f"audit_record({code}): save the target before recording it.")
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk)
        label = str(target) if target_label is None else target_label
    else:
        label = target_label or ""
    event.target_label = _truncate(label, AuditEvent._meta.get_field("target_label").max_length)

    if agency is not None:
        event.agency = agency
    elif (agency_id := getattr(target, "agency_id", None)) is not None:
        event.agency_id = agency_id

    event.save()
    # Into the hash chain once the caller's transaction commits (gongkai.audit.chain).
    seal_after_commit()
    return event


def _actor_name(user) -> str:
    username = user.get_username()
    full_name = user.get_full_name().strip()
    name = f"{full_name}（{username}）" if full_name else username
    return _truncate(name, AuditEvent._meta.get_field("actor_name").max_length)


def _truncate(text: str, length: int | None) -> str:
    """``text`` cut to ``length`` characters (a field's ``max_length``; None: no limit)."""
    return text if length is None or len(text) <= length else text[: length - 1] + "…"


def client_ip(request) -> str | None:
    """The client's address, or ``None`` when there is no request or no valid address.

    ``X-Forwarded-For`` is believed only behind trusted proxies:

    - ``GONGKAI_TRUSTED_PROXY_ADDRESSES`` (addresses or networks) set: only when the request
      came from one of them, and the client is the right-most address of the header that is
      not one of them (a proxy chain of known hosts, however long);
    - else ``GONGKAI_TRUSTED_PROXIES`` = N > 0: each proxy appends the address it received the
      request from, so the client is the N-th entry from the right.

    Entries further left are whatever the client chose to send and are ignored. Also django-
    axes' client address (``AXES_CLIENT_IP_CALLABLE``): the lockout sees the same client.
    """
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    forwarded = [
        item.strip()
        for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if item.strip()
    ]
    networks = _trusted_networks(tuple(getattr(settings, "GONGKAI_TRUSTED_PROXY_ADDRESSES", ())))
    proxies = getattr(settings, "GONGKAI_TRUSTED_PROXIES", 0)
    if networks:
        if _in_networks(address, networks):
            for hop in reversed(forwarded):
                address = hop
                if not _in_networks(hop, networks):
                    break
    elif proxies > 0 and len(forwarded) >= proxies:
        address = forwarded[-proxies]
    return _valid_address(address)


def _valid_address(address) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


@functools.cache
def _trusted_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _in_networks(address, networks) -> bool:
    valid = _valid_address(address)
    return valid is not None and any(ipaddress.ip_address(valid) in net for net in networks)
