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

from .layout import NUMBER, key_of
from .tables import RowRec

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class GridCell:
    text: str
    cont: bool = False

    @property
    def value(self) -> str:
        return _SPACE.sub("", unicodedata.normalize("NFKC", self.text))

    @property
    def is_number(self) -> bool:
        return not self.cont and (not self.value or bool(NUMBER.match(self.value)))


Grid = list[list[GridCell]]


def grid_key(grid: Grid) -> str:
    return key_of("".join(c.text for row in grid for c in row if not c.cont))


def classify(grid: Grid) -> str | None:
    """Which table a grid is: ``applications``, ``appeals``, ``proactive`` or None."""
    key = grid_key(grid)
    if "本年新收政府信息公开申请数量" in key or "勾稽" in key:
        return "applications"
    if "结果维持" in key and "尚未审结" in key:
        return "appeals"
    if "第二十条" in key or "信息内容" in key or ("行政许可" in key and "行政处罚" in key):
        return "proactive"
    return None


def _label(cells: list[GridCell]) -> str:
    seen: list[str] = []
    for c in cells:
        t = _SPACE.sub(" ", c.text).strip()
        if t and t not in seen:
            seen.append(t)
    return " ".join(seen)


def _rec(label_cells: list[GridCell], values: list[GridCell]) -> RowRec:
    label = _label(label_cells)
    vals = [c.value or None for c in values]
    return RowRec(
        label=label,
        key=key_of(label),
        values=vals,
        text=f"{label} {' '.join(v or '' for v in vals)}",
        from_text=False,
    )


def records(grid: Grid, table: str, width: int) -> list[RowRec]:
    """Row records of a grid: ``width`` value cells at the end of each data row (表三: 7).

    A data row ends with ``width`` cells that are numbers or blank; everything before them is
    its label. Header rows (column titles in those positions) are skipped.
    """
    out: list[RowRec] = []
    for row in grid:
        if table == "proactive":
            out.append(_proactive_rec(row))
            continue
        run = 0
        while run < len(row) and row[len(row) - 1 - run].is_number:
            run += 1
        if table == "appeals" and run < width and run >= 5 and len(row) > run:
            out.append(_rec(row[: len(row) - 5], row[len(row) - 5 :]))  # labelled row of five
            continue
        if run < width:
            if any(c.value for c in row) and all(not c.value or c.is_number for c in row):
                out.append(_rec([], [c for c in row if not c.cont]))  # numbers only, short row
            continue
        label_cells, values = row[: len(row) - width], row[len(row) - width :]
        if table == "applications" and not _label(label_cells):
            continue
        out.append(_rec(label_cells, values))
    return out


def _proactive_rec(row: list[GridCell]) -> RowRec:
    first = next((i for i, c in enumerate(row) if c.value and not c.is_number), None)
    if first is None:
        return _rec([], [c for c in row if not c.cont])
    values = [c for c in row[first + 1 :] if not c.cont]
    if any(c.value and not c.is_number for c in values):  # a header row (信息内容 | 本年…)
        return RowRec(label=_label(row), key=key_of(_label(row)), values=[], from_text=False)
    return _rec([row[first]], values)
