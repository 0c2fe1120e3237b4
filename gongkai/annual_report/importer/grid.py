"""Real tables (HTML ``<table>``, DOCX tables) as grids, reduced to ``RowRec`` records.

A ``Grid`` is a list of rows of ``GridCell``; merged cells are expanded so that every row has
one entry per column, the copies marked ``cont`` (a continuation of the cell to the left or
above). Continuations are never read as values: python-docx and rowspan/colspan expansion
repeat a merged cell's text, and reading it twice would invent a number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from ..formats import all_formats, formats_key
from .layout import NONE_CELL, NUMBER, key_of, label_key
from .tables import RowRec

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class GridCell:
    text: str
    cont: bool = False

    # Computed once per cell: the readers ask for them several times per cell.
    @cached_property
    def value(self) -> str:
        return _SPACE.sub("", unicodedata.normalize("NFKC", self.text))

    @cached_property
    def is_number(self) -> bool:
        value = self.value
        return not self.cont and (not value or value == NONE_CELL or bool(NUMBER.match(value)))


Grid = list[list[GridCell]]


def grid_key(grid: Grid) -> str:
    return key_of("".join(c.text for row in grid for c in row if not c.cont))


def classify(grid: Grid, previous: str | None = None) -> str | None:
    """Which table a grid is (``reading.identify`` of the format files), or None.

    A grid without those words that follows a grid of table ``previous`` and prints two or more
    of its row labels is the rest of it (a table cut in two at a page break of the source).
    """
    key = grid_key(grid)
    for table, groups in _identify(formats_key()):
        if any(all(w in key for w in group) for group in groups):
            return table
    if previous is not None:
        labels = _row_labels(formats_key()).get(previous, ())
        if sum(1 for k in labels if k in key) >= 2:
            return previous
    return None


def classify_all(grids: list[Grid]) -> list[str | None]:
    """``classify`` of each grid in document order, a continuation taking its table's kind."""
    kinds: list[str | None] = []
    for grid in grids:
        kinds.append(classify(grid, next((k for k in reversed(kinds) if k), None)))
    return kinds


@cache
def _row_labels(_formats: tuple[Path, ...]) -> dict[str, tuple[str, ...]]:
    """Per table, the matching keys of its row labels long enough to be telling (4+)."""
    out: dict[str, set[str]] = {}
    for fmt in all_formats():
        for tkey, tdef in fmt.tables.items():
            out.setdefault(tkey, set()).update(
                k for r in tdef.all_rows() for x in r.labels if len(k := label_key(x)) >= 4
            )
    return {t: tuple(sorted(keys)) for t, keys in out.items()}


@cache
def _identify(_formats: tuple[Path, ...]) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """(table, word groups as matching keys), 表三 first: its header names the other tables' words."""
    order = {"applications": 0, "appeals": 1}
    out: dict[str, list[tuple[str, ...]]] = {}
    for fmt in all_formats():
        for tkey, tdef in fmt.tables.items():
            groups = out.setdefault(tkey, [])
            for group in tdef.reading.identify:
                keys = tuple(label_key(w) for w in group)
                if keys not in groups:
                    groups.append(keys)
    return tuple((t, tuple(g)) for t, g in sorted(out.items(), key=lambda kv: order.get(kv[0], 2)))


def _label(cells: list[GridCell]) -> str:
    seen: list[str] = []
    for c in cells:
        t = _SPACE.sub(" ", c.text).strip()
        if t and t not in seen:
            seen.append(t)
    return " ".join(seen)


def records(grid: Grid) -> list[RowRec]:
    """Row records of a grid: each row's label cells, then its value cells.

    A row's values are the cells after its last text cell that are numbers or blank (merged
    copies skipped); a row of text only (a header) is a record without values. Which cells
    belong to which row and column is for ``tables.read_table`` to decide from the format.
    """
    out: list[RowRec] = []
    for row in grid:
        last_text = max(
            (i for i, c in enumerate(row) if not c.cont and c.value and not c.is_number),
            default=-1,
        )
        values = [c for c in row[last_text + 1 :] if not c.cont]
        label = _label([c for c in row[: last_text + 1] if c.value])
        if not label and not any(c.value for c in values):
            continue  # an empty row
        vals = [c.value or None for c in values]
        out.append(
            RowRec(
                label=label,
                key=key_of(label),
                values=vals,
                text=f"{label} {' '.join(v or '' for v in vals)}".strip(),
                from_text=False,
            )
        )
    return out
