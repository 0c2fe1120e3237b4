"""Splitting cells that text extraction ran together ("21 0 0 0 0 021" -> 21 0 0 0 0 0 21).

PDF text sometimes loses the gap between two cells. The printed table carries its own check
digits, its rules in the format file (a 表三 row's 总计 is the sum of its six applicant columns,
each 表四 block's 总计 the sum of its four results). ``candidate_splits`` lists every way to cut
the printed digit runs back into the expected number of cells that passes a check the caller
builds from those rules (``checks.table_arithmetic``); the caller uses a split only when there
is exactly one (and says so in the notes), and reports an error otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# The splitter gives up (``TooManySplits``) past this many partial splits: a long run of
# non-zero digits has too many readings to tell one from several in reasonable time.
MAX_STEPS = 200_000
MAX_CANDIDATES = 64


_SIGNED_RUN = re.compile(r"^[+\-−]?\d+$")


def is_run(token: str) -> bool:
    """A printed token the splitter can cut: digits, with a leading sign or not."""
    return bool(_SIGNED_RUN.match(token))


class TooManySplits(ValueError):
    """The digit runs have too many possible splits to decide between them."""


def candidate_splits(
    runs: Sequence[str], cells: int, check: Callable[[list[int]], bool]
) -> list[list[int]]:
    """Every split of the digit ``runs`` into exactly ``cells`` integers that passes ``check``.

    ``runs`` are the printed tokens in order (digits, a leading sign allowed: it belongs to the
    token's first cell); each token becomes one or more cells, in order, none with a leading
    zero (a "0" is a cell of its own). A split is a
    candidate when ``check(values)`` is true. Returns at most ``MAX_CANDIDATES`` candidates
    (enough to tell "one" from "several"); raises ``TooManySplits`` when there are too many
    ways to try.

    >>> candidate_splits(["21", "0", "0", "0", "0", "021"], 7, lambda v: v[6] == sum(v[:6]))
    [[21, 0, 0, 0, 0, 0, 21]]
    """
    if not all(is_run(r) for r in runs):
        return []
    # A run may carry a sign (a signed change, 本年增/减): it belongs to the run's first cell.
    signs = [-1 if r[0] in "-−" else 1 for r in runs]
    runs = [r.lstrip("+-−") for r in runs]
    if sum(len(r) for r in runs) < cells:
        return []
    found: list[list[int]] = []
    values: list[int] = []
    steps = 0
    # The fewest cells the runs after run i can make (one each).
    rest = [len(runs) - i - 1 for i in range(len(runs))]

    def walk(run: int, at: int) -> bool:
        """Extend ``values`` from position ``at`` of run ``run``; False once enough are found."""
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS:
            raise TooManySplits(f"超过 {MAX_STEPS} 种拆分")
        text = runs[run]
        if at == len(text):
            if run + 1 == len(runs):
                if len(values) == cells and check(list(values)):
                    found.append(list(values))
                    return len(found) < MAX_CANDIDATES
                return True
            return walk(run + 1, 0)
        left = cells - len(values) - rest[run]
        if left <= 0:
            return True
        ends = [at + 1] if text[at] == "0" else range(at + 1, len(text) + 1)
        for end in ends:
            # Digits left in this run after the cut, each needing a cell of its own at most.
            if len(values) + 1 + rest[run] > cells:
                break
            if end < len(text) and left - 1 <= 0:
                continue
            values.append(int(text[at:end]) * (signs[run] if at == 0 else 1))
            go_on = walk(run, end)
            values.pop()
            if not go_on:
                return False
        return True

    walk(0, 0)
    return found
