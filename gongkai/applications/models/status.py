"""Where an application stands: its status (状态) and its place in the 申请队列.

``status`` is a copy of the statutory clock's state (kept by the services). The queue lists, in this order (``QueueRank``):

0. submissions awaiting confirmation of receipt (待确认接收, 第31条), oldest first;
1. open applications with a reply deadline, the nearest deadline first;
2. open applications without a known deadline (awaiting a 补正, paused with the date unknown,
   lapsed and awaiting closure), oldest first;
3. finished applications, the most recently closed first;
4. discarded submissions (作废).

With a million applications that order cannot be computed per request (each request would sort
every visible row), so it is stored: ``queue_rank`` and ``queue_key`` are a copy of ``status``,
``due_on`` and ``closed_on`` in the form an index can serve, and the queue orders by
``(queue_rank, queue_key, id)``, all ascending, so one index scan — forwards or backwards, from
any row value (keyset paging) — reads the page. ``queue_key`` is a date written as the integer
``YYYYMMDD`` (readable in the database, and computable in SQL on every backend), negated where
the most recent date comes first. Whoever writes ``status``, ``due_on`` or ``closed_on`` sets
both with ``queue_position`` (the services do; see ``services.common.set_queue_position``).

No model here, only the values and the rules, so the model, the services, the data
migration's test and the benchmark share them.
"""

from __future__ import annotations

import datetime

from django.db import models


class ApplicationStatus(models.TextChoices):
    """Where the application stands (a copy of the clock's state, for filtering)."""

    SUBMITTED = "submitted", "待确认接收"  # online/e-mail/fax: not yet received (第31条)
    IN_PROGRESS = "in_progress", "办理中"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    LAPSED = "lapsed", "已逾期未补正或未缴费（待结案）"
    CLOSED = "closed", "已办结"
    DISCARDED = "discarded", "未受理（作废）"


OPEN_STATUSES = (
    ApplicationStatus.IN_PROGRESS,
    ApplicationStatus.AWAITING_SUPPLEMENT,
    ApplicationStatus.CONSULTING,
    ApplicationStatus.AWAITING_FEE,
    ApplicationStatus.LAPSED,
)


class QueueRank(models.IntegerChoices):
    """The groups of the queue, in the order they are listed (队列分组)."""

    AWAITING_CONFIRMATION = 0, "待确认接收"
    DUE = 1, "办理中（答复期限已确定）"
    NO_DUE_DATE = 2, "办理中（答复期限未确定）"
    CLOSED = 3, "已办结"
    DISCARDED = 4, "未受理（作废）"


# 未办结（全部）in the queue's status filter: everything not finished, received or not.
UNFINISHED_RANKS = (QueueRank.AWAITING_CONFIRMATION, QueueRank.DUE, QueueRank.NO_DUE_DATE)


def date_key(day: datetime.date) -> int:
    """``day`` as the integer YYYYMMDD (2025-03-31 → 20250331): ordered like the dates."""
    return day.year * 10000 + day.month * 100 + day.day


def queue_position(
    status: str, due_on: datetime.date | None, closed_on: datetime.date | None
) -> tuple[int, int]:
    """``(queue_rank, queue_key)`` of an application in ``status`` with these dates.

    Unknown statuses cannot occur (the column has choices); they would sort with the finished.
    """
    if status == ApplicationStatus.SUBMITTED:
        return QueueRank.AWAITING_CONFIRMATION, 0
    if status in OPEN_STATUSES:
        if due_on is None:
            return QueueRank.NO_DUE_DATE, 0
        return QueueRank.DUE, date_key(due_on)
    if status == ApplicationStatus.DISCARDED:
        return QueueRank.DISCARDED, 0
    return QueueRank.CLOSED, -date_key(closed_on) if closed_on else 0
