"""The audit trail's hash chain: append-only and tamper-evident (等保 安全审计 c: 审计记录应进行
保护，定期备份，避免受到未预期的删除、修改或覆盖).

Every event is *sealed* once: given the next ``chain_index`` and ``chain_hash`` = SHA-256 of
the previous event's hash and the event's own record (index, time, actor, agency, action,
object, detail, IP address) in a canonical form. A changed field, a deleted or inserted row
breaks the chain at that record, which ``verify`` names (``gongkai audit verify``).

Sealing happens right after the transaction that wrote the event commits
(``transaction.on_commit``), in the order events commit, under a lock on the one
``AuditChain`` row; so writers never wait on each other for the chain, and an event that
rolls back is never sealed. ``seal_pending`` also picks up any event a crash left unsealed
(``gongkai audit seal``; ``verify`` reports them).

A purge (``purge_before``, retention ≥ 180 days) removes the oldest events and keeps the last
removed one's index and hash as the chain's *anchor*, recorded in the purge's own event, so
what remains still verifies from there.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from gongkai.audit.models import AuditAction, AuditChain, AuditEvent

GENESIS_HASH = "0" * 64
MIN_RETENTION_DAYS = 180


def canonical(event: AuditEvent) -> bytes:
    """The sealed fields of ``event`` as bytes; a format, so it never changes.

    The actor is the name snapshot, not the account's id: deleting an account nulls the
    foreign key (SET_NULL), which must not break the chain.
    """
    at = event.at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    record = [
        event.chain_index,
        at,
        event.actor_name,
        event.agency_id,
        event.action,
        event.target_type,
        event.target_id,
        event.target_label,
        event.detail,
        event.ip_address,
    ]
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def link(previous_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(previous_hash.encode("ascii") + b"\n" + canonical(event)).hexdigest()


def _head(lock: bool) -> AuditChain:
    rows = AuditChain.objects.select_for_update() if lock else AuditChain.objects.all()
    head = rows.order_by("pk").first()
    if head is None:
        AuditChain.objects.get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH, "anchor_hash": GENESIS_HASH}
        )
        head = (AuditChain.objects.select_for_update() if lock else AuditChain.objects).get(pk=1)
    return head


def seal_pending() -> int:
    """Seal every unsealed event, oldest first; returns how many."""
    with transaction.atomic():
        head = _head(lock=True)
        pending = list(AuditEvent.objects.filter(chain_index__isnull=True).order_by("at", "pk"))
        if not pending:
            return 0
        index, previous = head.last_index, head.last_hash
        for event in pending:
            index += 1
            event.chain_index = index
            event.chain_hash = previous = link(previous, event)
        AuditEvent.objects.bulk_update(pending, ["chain_index", "chain_hash"], batch_size=500)
        head.last_index, head.last_hash = index, previous
        head.save(update_fields=["last_index", "last_hash"])
    return len(pending)


def seal_after_commit() -> None:
    """Called by ``audit_record``: seal once the current transaction commits (once per
    transaction however many events it writes)."""
    if any(entry[1] is _seal_on_commit for entry in connection.run_on_commit):
        return
    transaction.on_commit(_seal_on_commit)


def _seal_on_commit() -> None:
    seal_pending()


@dataclass(frozen=True)
class Verification:
    checked: int
    unsealed: int
    broken: AuditEvent | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def describe(event: AuditEvent) -> str:
    when = timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"第 {event.chain_index} 条（编号 {event.pk}，{when}，{event.actor_name}，"
        f"{event.action_label}，{event.target_label or '无对象'}）"
    )


def verify() -> Verification:
    """Recompute the chain from its anchor; the first record that does not fit, if any."""
    head = _head(lock=False)
    previous, expected = head.anchor_hash, head.anchor_index + 1
    checked = 0
    events = AuditEvent.objects.filter(chain_index__gt=head.anchor_index).order_by("chain_index")
    for event in events.iterator(chunk_size=2000):
        index = event.chain_index or 0  # sealed: the filter leaves out the unsealed
        if index != expected:
            return Verification(
                checked,
                _unsealed(),
                event,
                f"{describe(event)}之前缺少第 {expected} 至 {index - 1} 条记录（被删除）。",
            )
        if link(previous, event) != event.chain_hash:
            return Verification(
                checked,
                _unsealed(),
                event,
                f"{describe(event)}的内容与其链散列不符：该记录（或其前一条记录）被改动过。",
            )
        previous, expected, checked = event.chain_hash, expected + 1, checked + 1
    if expected - 1 != head.last_index or previous != head.last_hash:
        return Verification(
            checked,
            _unsealed(),
            None,
            f"链的末尾应为第 {head.last_index} 条，实际只到第 {expected - 1} 条：最新的记录被删除。",
        )
    problem = _anchor_problem(head)
    return Verification(checked, _unsealed(), None, problem)


def _unsealed() -> int:
    return AuditEvent.objects.filter(chain_index__isnull=True).count()


def _anchor_problem(head: AuditChain) -> str:
    if head.anchor_index == 0:
        return "" if head.anchor_hash == GENESIS_HASH else "链的起点被改动过。"
    purges = AuditEvent.objects.filter(action=AuditAction.AUDIT_PURGE).order_by("-chain_index")
    for purge in purges:
        if purge.detail.get("anchor_index") == head.anchor_index:
            if purge.detail.get("anchor_hash") == head.anchor_hash:
                return ""
            break
    return f"链的锚点（第 {head.anchor_index} 条）与清理记录不符：锚点被改动过。"


def retention_days() -> int:
    days = settings.GONGKAI_AUDIT_RETENTION_DAYS
    if days < MIN_RETENTION_DAYS:
        raise ImproperlyConfigured(
            f"GONGKAI_AUDIT_RETENTION_DAYS 不能少于 {MIN_RETENTION_DAYS} 天（现为 {days}）。"
        )
    return days


@dataclass(frozen=True)
class Purge:
    cutoff: datetime.datetime
    removed: int
    anchor_index: int


def purge_before(*, now: datetime.datetime | None = None, dry_run: bool = False) -> Purge:
    """Remove the events older than the retention period, oldest first, keeping an anchor.

    Only a run of the oldest events goes: from the anchor up to the first event that is still
    within the period (events are sealed in commit order, so times are nearly in order).
    """
    from gongkai.audit.services import audit_record

    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    seal_pending()
    with transaction.atomic():
        head = _head(lock=True)
        sealed = AuditEvent.objects.filter(chain_index__gt=head.anchor_index)
        first_kept = (
            sealed.filter(at__gte=cutoff)
            .order_by("chain_index")
            .values_list("chain_index", flat=True)
            .first()
        )
        last_removed = head.last_index if first_kept is None else first_kept - 1
        doomed = sealed.filter(chain_index__lte=last_removed)
        removed = doomed.count()
        if dry_run or removed == 0:
            return Purge(cutoff, removed, head.anchor_index if removed == 0 else last_removed)
        anchor = AuditEvent.objects.get(chain_index=last_removed)
        doomed.delete()
        head.anchor_index, head.anchor_hash = last_removed, anchor.chain_hash
        head.save(update_fields=["anchor_index", "anchor_hash"])
        audit_record(
            actor=None,
            system=True,
            action=AuditAction.AUDIT_PURGE,
            target_label=f"{timezone.localtime(cutoff):%Y-%m-%d} 之前的审计日志",
            detail={
                "removed": removed,
                "cutoff": cutoff.isoformat(),
                "anchor_index": last_removed,
                "anchor_hash": anchor.chain_hash,
            },
        )
    return Purge(cutoff, removed, last_removed)
