"""Splitting cells that text extraction ran together ("21 0 0 0 0 021" -> 21 0 0 0 0 0 21).

PDF text sometimes loses the gap between two cells. The printed table carries its own check
digits, its rules in the format file (a 表三 row's 总计 is the sum of its six applicant columns,
each 表四 block's 总计 the sum of its four results). ``candidate_splits`` lists every way to cut
the printed digit runs back into the expected number of cells that passes a check the caller
builds from those rules (``checks.table_arithmetic``); the caller uses a split only when there
is exactly one (and says so in the notes), and reports an error otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import combinations, pairwise

# A run of more digits than this is not split (the number of ways grows too fast and such a
# run is more likely garbage than fused cells).
MAX_RUN = 12
MAX_CANDIDATES = 64


def _cuts(run: str, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to cut the digit string ``run`` into ``parts`` numbers without leading zeros."""
    if parts == 1:
        if len(run) == 1 or run[0] != "0":
            yield (int(run),)
        return
    for positions in combinations(range(1, len(run)), parts - 1):
        bounds = (0, *positions, len(run))
        pieces = [run[a:b] for a, b in pairwise(bounds)]
        if all(len(p) == 1 or p[0] != "0" for p in pieces):
            yield tuple(int(p) for p in pieces)


def _distributions(lengths: Sequence[int], total: int) -> Iterator[tuple[int, ...]]:
    """Ways to give each run a number of parts (>= 1, <= its length) summing to ``total``."""
    if not lengths:
        if total == 0:
            yield ()
        return
    first, rest = lengths[0], lengths[1:]
    for k in range(1, min(first, total - len(rest)) + 1):
        for tail in _distributions(rest, total - k):
            yield (k, *tail)


def candidate_splits(
    runs: Sequence[str], cells: int, check: Callable[[list[int]], bool]
) -> list[list[int]]:
    """Every split of the digit ``runs`` into exactly ``cells`` integers that passes ``check``.

    ``runs`` are the printed tokens in order (digits only); each token becomes one or more
    cells, in order. A split is a candidate when ``check(values)`` is true. Returns at most
    ``MAX_CANDIDATES`` candidates (enough to tell "one" from "several").

    >>> candidate_splits(["21", "0", "0", "0", "0", "021"], 7, lambda v: v[6] == sum(v[:6]))
    [[21, 0, 0, 0, 0, 0, 21]]
    """
    if any(not r.isdigit() or len(r) > MAX_RUN for r in runs):
        return []
    found: list[list[int]] = []
    for parts in _distributions([len(r) for r in runs], cells):
        for combo in _product([list(_cuts(r, k)) for r, k in zip(runs, parts, strict=True)]):
            values = [v for piece in combo for v in piece]
            if check(values):
                found.append(values)
                if len(found) >= MAX_CANDIDATES:
                    return found
    return found


def _product(options: list[list[tuple[int, ...]]]) -> Iterator[tuple[tuple[int, ...], ...]]:
    if not options:
        yield ()
        return
    for head in options[0]:
        for tail in _product(options[1:]):
            yield (head, *tail)
