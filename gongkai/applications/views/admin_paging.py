"""Keyset paging of the 申请队列: every page costs the same, the first or the thousandth.

``OFFSET`` paging makes the database walk past every earlier row (page 1000 of a million
applications: about 7 s on PostgreSQL). Here a page starts after (or ends before) the queue
position of a row — ``(queue_rank, queue_key, id)``, the order of the queue's indexes — so one
index range scan reads it. The links carry that position (``after`` / ``before``) and the page
number, which is only displayed. A bare page number (an old link, ``?p=1000``) is still served:
the position at that offset is looked up first, reading the index alone, then paged by key.

Counting is capped at ``COUNT_CAP``: an exact count of a million rows costs more than the whole
page (about 0.1-0.2 s on PostgreSQL even from an index), and "more than 10,000" says all a clerk
needs (they narrow with the filters). Below the cap the count, the page numbers and the last
page are exact.

Bad input (a garbled position, a page number past the end) falls back to the first or the last
page; nothing raises.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

# The queue's order; every column is ascending so that one row value bounds an index range
# (``(a, b, c) > (x, y, z)``) on PostgreSQL and SQLite alike.
QUEUE_ORDER = ("queue_rank", "queue_key", "id")
COUNT_CAP = 10_000
_POSITION = re.compile(r"^(\d{1,2})\.(-?\d{1,9})\.(\d{1,18})$")

Position = tuple[int, int, int]


def parse_position(text: str | None) -> Position | None:
    """``"3.-20250310.123"`` → ``(3, -20250310, 123)``; None for anything else."""
    match = _POSITION.match(text or "")
    if not match:
        return None
    return int(match[1]), int(match[2]), int(match[3])


def format_position(row) -> str:
    return f"{row.queue_rank}.{row.queue_key}.{row.pk}"


def _row_value():
    return Tuple(*(F(name) for name in QUEUE_ORDER))


@dataclass
class QueuePage:
    """One page of the queue: its rows in order, where it is, and the positions to go on from.

    ``count`` is exact unless ``capped`` (then the list has at least ``COUNT_CAP`` rows and
    ``num_pages`` is None). ``number`` is None where it cannot be known cheaply (the last page,
    or paging back from it, of a capped list). ``next_after`` / ``previous_before``: the
    position (``format_position``) the next page starts after and the previous one ends
    before, or "" at either end.
    """

    rows: list
    number: int | None
    count: int
    capped: bool
    size: int
    next_after: str = ""
    previous_before: str = ""

    @property
    def num_pages(self) -> int | None:
        return None if self.capped else max(1, math.ceil(self.count / self.size))

    @property
    def has_next(self) -> bool:
        return bool(self.next_after)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_before)

    @property
    def previous_number(self) -> int | None:
        return self.number - 1 if self.number else None

    @property
    def next_number(self) -> int | None:
        return self.number + 1 if self.number else None


def _page_number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and 0 < len(text) < 9 and int(text) else None


def queue_page(queryset: QuerySet, params, size: int) -> QueuePage:
    """The page of ``queryset`` (already filtered) that the GET ``params`` ask for.

    ``after=<position>``: the rows after it; ``before=<position>``: the rows before it;
    ``last=1``: the last page; else ``p=<n>`` (page ``n``, 1 by default). ``p`` comes along
    with ``after``/``before`` for the page number shown. Queries: one (capped) count and one
    page of rows, plus one index-only lookup of the starting position for a bare ``p`` beyond
    the first page.
    """
    # values("pk"): count the rows only, without the columns and annotations of the listing.
    count = queryset.order_by().values("pk")[:COUNT_CAP].count()
    capped = count >= COUNT_CAP
    pages = None if capped else max(1, math.ceil(count / size))
    ordered = queryset.order_by(*QUEUE_ORDER)
    number = _page_number(params.get("p"))
    if number is not None and pages is not None:
        number = min(number, pages)
    after = parse_position(params.get("after"))
    before = parse_position(params.get("before"))

    def page(rows, number, *, more_before: bool, more_after: bool) -> QueuePage:
        return QueuePage(
            rows=rows,
            number=number,
            count=count,
            capped=capped,
            size=size,
            next_after=format_position(rows[-1]) if more_after and rows else "",
            previous_before=format_position(rows[0]) if more_before and rows else "",
        )

    if before is not None:
        backwards = ordered.filter(TupleLessThan(_row_value(), before)).reverse()
        rows = list(backwards[: size + 1])[::-1]
        at_start = len(rows) <= size
        if at_start:
            number = 1
        elif number is not None:
            number = max(number, 2)
        return page(rows[-size:], number, more_before=not at_start, more_after=True)
    if params.get("last") == "1" and after is None:
        tail = size if pages is None else count - (pages - 1) * size
        rows = list(ordered.reverse()[:tail])[::-1]
        return page(rows, pages, more_before=pages != 1, more_after=False)
    if after is None and number is not None and number > 1:
        # An old-style page link: find where the page starts in the index, then page by key.
        start = (number - 1) * size
        after = next(iter(ordered.values_list(*QUEUE_ORDER)[start - 1 : start]), None)
    if after is None:
        number = 1
        window = ordered
    else:
        number = max(number or 2, 2)
        window = ordered.filter(TupleGreaterThan(_row_value(), after))
    rows = list(window[: size + 1])
    return page(rows[:size], number, more_before=number > 1, more_after=len(rows) > size)
