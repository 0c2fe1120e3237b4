"""The printed structure of a report, computed once for every renderer.

A table is laid out as a grid of ``GridCell`` with row/column spans reproducing the merged
cells of the statutory formats (国办公开办函〔2019〕60号 / 〔2021〕30号):

* 表二 (``proactive``): one block per 第二十条 item, each with a heading row spanning the table
  and its own column-header row ("信息内容" + the block's columns), then its rows.
* 表三 (``applications``): a corner cell (the 勾稽 note) over 3 header rows × the label columns,
  "申请人情况" over 自然人 / 法人或其他组织 (its sub-columns) / 总计; row labels in up to three
  columns with row spans for the group (三、本年度办理结果) and the subgroups (（三）不予公开 …).
* 表四 (``appeals``): the model's rows become column blocks: 行政复议 | 行政诉讼 → 未经复议直接起诉 /
  复议后起诉, then the five result columns of each block, then one line of numbers.

HTML, DOCX and XLSX all draw these grids; none of them computes a merge itself. Text helpers
(``paragraphs``, ``title_lines``; ``clean_text`` from ``gongkai.official_document``) are shared
for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from gongkai.official_document.layout import clean_text as clean_text  # re-exported (see above)

from ..formats import TABLE_KEYS, TableDef
from ..model import Cell, ReportData, format_cell

# A second-level heading opening a paragraph: （一） … （十九）.
_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")


@dataclass(frozen=True)
class GridCell:
    """One printed cell at (``row``, ``col``) spanning ``rowspan`` × ``colspan`` grid cells.

    ``header`` cells are labels (``scope`` says what they label: ``col``, ``colgroup``,
    ``row`` or ``rowgroup``; a ``row`` label spanning rows labels each row it spans, which is
    how the HTML table model reads 三、本年度办理结果 and （三）不予公开, whereas ``rowgroup``
    would extend to the end of the <tbody>); data cells carry ``value`` (for XLSX) and
    ``text`` (as printed, via ``format_cell``).
    """

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    scope: str | None = None
    value: Cell = None
    col_type: str = "count"


@dataclass
class Grid:
    """A table ready to draw: ``cells`` in row-major order, the first ``header_rows`` rows
    being the column headers, and ``widths`` (relative column widths, in characters)."""

    key: str
    caption: str
    n_rows: int
    n_cols: int
    header_rows: int
    widths: list[float]
    cells: list[GridCell] = field(default_factory=list)
    # Rows where a group of body rows starts (HTML prints one <tbody> per group); 表二 starts
    # a group per 第二十条 block.
    bodies: list[int] = field(default_factory=list)

    def rows(self) -> list[list[GridCell]]:
        """The cells grouped by the grid row they start in."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        return out


def _data(
    report: ReportData, tdef: TableDef, r: int, c: int, row: str, col: str, colspan: int = 1
) -> GridCell:
    value = report.cell(tdef.key, row, col)
    ctype = tdef.column(col).type
    return GridCell(r, c, format_cell(value, ctype), colspan=colspan, value=value, col_type=ctype)


def caption(tdef: TableDef) -> str:
    return f"表{tdef.number} {tdef.title}"


def proactive_grid(report: ReportData) -> Grid:
    """表二: one block per 第二十条 item.

    The table is as wide as the widest block. A one-column block's column spans the rest of
    the width (as the 2021 template prints it); a shorter multi-column block leaves blank cells
    (as the 2019 template prints it).
    """
    tdef = report.format.table("proactive")
    printed = {r.key for r in report.rows_in_order("proactive")}
    width = max(len(b.columns) for b in tdef.blocks)
    cells: list[GridCell] = []
    bodies: list[int] = []
    r = 0
    for block in tdef.blocks:
        ncols = len(block.columns)
        span_last = ncols == 1 and width > 1
        bodies.append(r)
        cells.append(GridCell(r, 0, block.label, colspan=width + 1, header=True, scope="rowgroup"))
        r += 1
        cells.append(GridCell(r, 0, "信息内容", header=True, scope="col"))
        for i, ckey in enumerate(block.columns):
            span = width - i if span_last else 1
            cells.append(
                GridCell(r, i + 1, tdef.column(ckey).label, colspan=span, header=True, scope="col")
            )
        cells.extend(GridCell(r, i + 1, "") for i in range(ncols, width) if not span_last)
        r += 1
        for rkey in block.rows:
            if rkey not in printed:
                continue
            cells.append(GridCell(r, 0, tdef.row(rkey).full_label, header=True, scope="row"))
            for i, ckey in enumerate(block.columns):
                span = width - i if span_last else 1
                cells.append(_data(report, tdef, r, i + 1, rkey, ckey, colspan=span))
            cells.extend(GridCell(r, i + 1, "") for i in range(ncols, width) if not span_last)
            r += 1
    widths = [14.0] + [10.0] * width
    # 表二 has no header rows of its own: each block carries its own header row.
    return Grid("proactive", caption(tdef), r, width + 1, 0, widths, cells, bodies)


def _runs[T, K](items: Sequence[T], key: Callable[[T], K]) -> list[tuple[K, int, int]]:
    """Consecutive runs of equal ``key(item)``: (key, start index, length)."""
    out: list[tuple[K, int, int]] = []
    for i, item in enumerate(items):
        k = key(item)
        if out and out[-1][0] == k:
            out[-1] = (k, out[-1][1], out[-1][2] + 1)
        else:
            out.append((k, i, 1))
    return out


def applications_grid(report: ReportData) -> Grid:
    """表三: corner cell, 申请人情况 column groups, grouped row labels."""
    tdef = report.format.table("applications")
    rows = list(report.rows_in_order("applications"))
    cols = list(tdef.columns)
    has_sub = any(row.subgroup for row in rows)
    nlab = 3 if has_sub else 2
    ncols = nlab + len(cols)
    cells: list[GridCell] = [
        # The corner labels no column of numbers: a header cell without scope.
        GridCell(0, 0, tdef.corner_note or "", rowspan=3, colspan=nlab, header=True),
        GridCell(
            0, nlab, tdef.column_group or "", colspan=len(cols), header=True, scope="colgroup"
        ),
    ]
    for group, start, length in _runs(cols, lambda c: c.group):
        c = nlab + start
        if group is None:
            cells.extend(
                GridCell(1, c + i, cols[start + i].label, rowspan=2, header=True, scope="col")
                for i in range(length)
            )
        else:
            cells.append(GridCell(1, c, str(group), colspan=length, header=True, scope="colgroup"))
            cells.extend(
                GridCell(2, c + i, cols[start + i].label, header=True, scope="col")
                for i in range(length)
            )
    group_runs = {start: length for g, start, length in _runs(rows, lambda x: x.group) if g}
    sub_runs = {
        start: length for g, start, length in _runs(rows, lambda x: (x.group, x.subgroup)) if g[1]
    }
    for i, row in enumerate(rows):
        r = 3 + i
        if i in group_runs:
            cells.append(
                GridCell(r, 0, row.group or "", rowspan=group_runs[i], header=True, scope="row")
            )
        if row.group is None:
            label = GridCell(r, 0, row.full_label, colspan=nlab, header=True, scope="row")
        elif row.subgroup is None:
            label = GridCell(r, 1, row.full_label, colspan=nlab - 1, header=True, scope="row")
        else:
            if i in sub_runs:
                cells.append(
                    GridCell(r, 1, row.subgroup, rowspan=sub_runs[i], header=True, scope="row")
                )
            label = GridCell(r, 2, row.full_label, header=True, scope="row")
        cells.append(label)
        cells.extend(_data(report, tdef, r, nlab + j, row.key, c.key) for j, c in enumerate(cols))
    # Narrow number columns leave the item labels room to stay on one or two lines.
    widths = ([2.5, 4.5, 24.0] if has_sub else [4.0, 28.0]) + [4.0] * len(cols)
    return Grid("applications", caption(tdef), 3 + len(rows), ncols, 3, widths, cells, [3])


def appeals_grid(report: ReportData) -> Grid:
    """表四: the three rows of the model printed side by side as column blocks."""
    tdef = report.format.table("appeals")
    rows = list(report.rows_in_order("appeals"))
    cols = list(tdef.columns)
    n = len(cols)
    cells: list[GridCell] = []
    for group, start, length in _runs(rows, lambda x: x.group):
        c = start * n
        if group is None:
            cells.extend(
                GridCell(
                    0,
                    c + i * n,
                    rows[start + i].label,
                    rowspan=2,
                    colspan=n,
                    header=True,
                    scope="colgroup",
                )
                for i in range(length)
            )
        else:
            cells.append(
                GridCell(0, c, str(group), colspan=length * n, header=True, scope="colgroup")
            )
            cells.extend(
                GridCell(
                    1, c + i * n, rows[start + i].label, colspan=n, header=True, scope="colgroup"
                )
                for i in range(length)
            )
    for b in range(len(rows)):
        for j, col in enumerate(cols):
            cells.append(GridCell(2, b * n + j, col.label, header=True, scope="col"))
    for b, row in enumerate(rows):
        for j, col in enumerate(cols):
            cells.append(_data(report, tdef, 3, b * n + j, row.key, col.key))
    cells.sort(key=lambda x: (x.row, x.col))
    widths = [4.0] * (n * len(rows))
    return Grid("appeals", caption(tdef), 4, n * len(rows), 3, widths, cells, [3])


GRIDS = {"proactive": proactive_grid, "applications": applications_grid, "appeals": appeals_grid}


def table_grids(report: ReportData) -> dict[str, Grid]:
    """The three tables of ``report``, keyed like ``report.tables``."""
    return {key: GRIDS[key](report) for key in TABLE_KEYS}


def title_lines(report: ReportData) -> list[str]:
    """The title as printed: the agency on its own line, then "YYYY年政府信息公开工作年度报告".

    Falls back to ``report.title`` (or a generic title) when agency or year are unknown.
    """
    if report.agency and report.year:
        return [clean_text(report.agency), f"{report.year}年政府信息公开工作年度报告"]
    return [clean_text(report.title) or "政府信息公开工作年度报告"]


def document_title(report: ReportData) -> str:
    return clean_text(report.title) or "".join(title_lines(report))


@dataclass(frozen=True)
class Para:
    """A narrative paragraph: ``head`` is a （一）-level heading (the whole line when it stands
    alone, else the run-in part up to the first "。"), ``body`` the rest."""

    head: str
    body: str

    @property
    def standalone_heading(self) -> bool:
        return bool(self.head) and not self.body


def paragraphs(text: str | None) -> list[Para]:
    """The narrative ``text`` as paragraphs, one per non-blank line."""
    out: list[Para] = []
    for raw in clean_text(text).splitlines():
        line = raw.strip()
        if not line:
            continue
        if _LEVEL2.match(line):
            head, sep, body = line.partition("。")
            if sep and body:
                out.append(Para(head + sep, body))
            else:
                out.append(Para(line, ""))
        else:
            out.append(Para("", line))
    return out
