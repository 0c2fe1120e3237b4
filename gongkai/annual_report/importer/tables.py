"""The three statistical tables, from row records to ``{row_key: {col_key: value}}``.

Both readers (extracted text and real tables from HTML/DOCX) reduce a table to ``RowRec``
records in printed order: the label text printed on that row and its cells as strings
(``None`` for a blank cell). This module maps them onto the format's rows and columns:

- 表三: the records carrying numbers are assigned to the format's rows in printed order; their
  count (23 or 25) picks the layout variant of （六）其他处理; a label printed on the same line
  must agree with the row its position gives (a disagreement is an error, not a shift).
- 表四: 15 numbers (one row, or three labelled rows of five).
- 表二: rows are found by label; the numbers are on the label's line or on the line next to it.

Cells a text extraction ran together are split back with ``split.candidate_splits`` when the
table's own totals allow exactly one split. Nothing is ever filled in: a cell that is not
printed is ``None`` (grid sources) or an error (text, where a missing cell cannot be located).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import product
from typing import cast

from ..formats import ReportFormat, RowDef, TableDef
from ..model import Cell, Table
from .errors import ReportReadError
from .layout import label_key
from .split import appeal_blocks_ok, candidate_splits, row_total_ok

_SIGNED = re.compile(r"^[+\-−]?\d+$")
_DECIMAL = re.compile(r"^(\d+(?:\.\d+)?)(万元|元)?$")
_BLANK = re.compile(r"^(?:[—－–-]+|/)$")
MAX_COMBINATIONS = 4096


@dataclass
class RowRec:
    """A printed row: its label text and its cells (``None``: blank). ``text`` is for messages."""

    label: str
    key: str
    values: list[str | None]
    text: str = ""
    from_text: bool = True  # cells come from splitting text (may be run together)


def table_name(tdef: TableDef) -> str:
    return f"表{tdef.number}（{tdef.title}）"


def fail(tdef: TableDef, reason: str) -> ReportReadError:
    return ReportReadError(f"无法读取{table_name(tdef)}：{reason}")


def _keys(row: RowDef) -> list[str]:
    return [label_key(x) for x in row.labels]


def _printed(rec: RowRec) -> str:
    """The label as printed, without the one-character leftovers of a vertical label (三、本)."""
    parts = rec.label.split()
    while len(parts) > 1 and len(parts[0]) == 1:
        parts = parts[1:]
    return " ".join(parts)


def _shown(rec: RowRec) -> str:
    return (rec.text or rec.label or " ".join(v or "" for v in rec.values)).strip()


# ---------------------------------------------------------------------------------- 表三


def read_applications(
    fmt: ReportFormat, recs: list[RowRec], notes: list[str], truncated: bool = False
) -> tuple[Table, str | None]:
    """表三 from the records that carry numbers, in printed order. Returns (table, variant)."""
    tdef = fmt.table("applications")
    rows = [r for r in recs if r.values]
    counts: dict[int, str | None] = {len(tdef.rows_for_variant(None)): None}
    for v in tdef.row_variants:
        counts[len(tdef.rows_for_variant(v.key))] = v.key
    if len(rows) not in counts:
        expected = " 或 ".join(str(n) for n in sorted(counts))
        hint = "（表格不完整，文件可能被截断）" if truncated else ""
        if not rows:
            raise fail(tdef, f"未找到表格中的数字{hint}")
        raise fail(tdef, f"找到 {len(rows)} 行数字，应为 {expected} 行{hint}")
    variant = counts[len(rows)]
    layout = tdef.rows_for_variant(variant)
    columns = [c.key for c in tdef.columns]
    options: list[list[list[int | None]]] = []
    for index, (rdef, rec) in enumerate(zip(layout, rows, strict=True)):
        _confirm_label(tdef, layout, rdef, rec, index, notes)
        options.append(_row_options(tdef, rdef, rec, len(columns), row_total_ok))
    chosen = _choose(tdef, layout, rows, options, notes)
    table: Table = {
        rdef.key: dict(zip(columns, values, strict=True))
        for rdef, values in zip(layout, chosen, strict=True)
    }
    return table, variant


def _confirm_label(
    tdef: TableDef,
    layout: tuple[RowDef, ...],
    rdef: RowDef,
    rec: RowRec,
    index: int,
    notes: list[str],
) -> None:
    """Check the label printed with a number row against the row its position gives."""
    if not rec.key:
        return
    own = _keys(rdef)
    if label_key(rdef.label) in rec.key:
        return
    matched = next((k for k in own if k in rec.key), None)
    if matched is not None:
        if matched not in label_key(rdef.label):  # a variant spelling, not a shortened label
            notes.append(f"{table_name(tdef)}标签“{_printed(rec)}”按“{rdef.full_label}”读取。")
        return
    for other in layout:
        if other is not rdef and any(len(k) >= 4 and k in rec.key for k in _keys(other)):
            raise fail(
                tdef,
                f"第 {index + 1} 行数字按位置应为“{rdef.full_label}”，"
                f"但同一行印的标签是“{_printed(rec)}”（对应“{other.full_label}”），"
                "行可能错位或缺失",
            )


def _row_options(
    tdef: TableDef,
    rdef: RowDef,
    rec: RowRec,
    ncells: int,
    check: Callable[[list[int]], bool],
) -> list[list[int | None]]:
    """The possible cell lists of one printed row (one, unless cells were run together)."""
    values = rec.values
    if len(values) == ncells:
        return [[_count(tdef, rdef, rec, v) for v in values]]
    if len(values) > ncells or not rec.from_text:
        raise fail(
            tdef, f"“{rdef.full_label}”一行有 {len(values)} 个数（{_shown(rec)}），应为 {ncells} 个"
        )
    found = candidate_splits([v or "" for v in values], ncells, check)
    if not found:
        raise fail(
            tdef,
            f"“{rdef.full_label}”一行只印出 {len(values)} 个数（{' '.join(map(str, values))}），"
            f"应为 {ncells} 个，且无法按表内合计拆分",
        )
    # Widening is sound: ``found`` is a fresh local, nobody keeps it as list[list[int]].
    return cast(list[list[int | None]], found)


def _count(tdef: TableDef, rdef: RowDef, rec: RowRec, value: str | None) -> int | None:
    if value is None or _BLANK.match(value):
        return None
    if value.isdigit():
        return int(value)
    raise fail(tdef, f"“{rdef.full_label}”一行的“{value}”不是件数（{_shown(rec)}）")


def _choose(
    tdef: TableDef,
    layout: tuple[RowDef, ...],
    rows: list[RowRec],
    options: list[list[list[int | None]]],
    notes: list[str],
) -> list[list[int | None]]:
    """One value list per row; ambiguous splits are settled by R1/R3 or reported."""
    ambiguous = [i for i, o in enumerate(options) if len(o) > 1]
    if ambiguous:
        combos = 1
        for i in ambiguous:
            combos *= len(options[i])
        keys = [r.key for r in layout]
        good = []
        if combos <= MAX_COMBINATIONS:
            for pick in product(*(options[i] for i in ambiguous)):
                trial = [o[0] for o in options]
                for i, values in zip(ambiguous, pick, strict=True):
                    trial[i] = values
                if _column_rules_hold(tdef, keys, trial):
                    good.append(pick)
        if len(good) != 1:
            names = "、".join(f"“{layout[i].full_label}”" for i in ambiguous)
            raise fail(tdef, f"{names}的数字连在一起，有多种拆分方式且无法由表内合计确定")
        for i, values in zip(ambiguous, good[0], strict=True):
            options[i] = [values]
    for i, o in enumerate(options):
        if len(rows[i].values) != len(o[0]):
            printed = " ".join(v or "" for v in rows[i].values)
            notes.append(
                f"{table_name(tdef)}“{layout[i].full_label}”一行印作“{printed}”（数字连在一起），"
                f"按表内合计唯一拆分为 {' '.join(str(v) for v in o[0])}。"
            )
    return [o[0] for o in options]


def _column_rules_hold(tdef: TableDef, keys: list[str], rows: list[list[int | None]]) -> bool:
    """R1 and R3 on every column (blank counted as 0), for choosing between splits."""
    by_key = {k: [v or 0 for v in r] for k, r in zip(keys, rows, strict=True)}
    outcomes = [
        k for k in keys if k not in ("received", "carried_over", "total", "carried_forward")
    ]
    for c in range(len(tdef.columns)):
        lhs = by_key["received"][c] + by_key["carried_over"][c]
        if lhs != by_key["total"][c] + by_key["carried_forward"][c]:
            return False
        if by_key["total"][c] != sum(by_key[k][c] for k in outcomes):
            return False
    return True


# ---------------------------------------------------------------------------------- 表四


def read_appeals(fmt: ReportFormat, recs: list[RowRec], notes: list[str]) -> Table:
    """表四: 15 numbers in printed order, or three rows of five found by their labels."""
    tdef = fmt.table("appeals")
    columns = [c.key for c in tdef.columns]
    rows = [r for r in recs if r.values]
    if not rows:
        raise fail(tdef, "未找到表格中的数字")
    by_label = _appeals_by_label(tdef, rows)
    if by_label is not None:
        return by_label
    values = [v for r in rows for v in r.values]
    from_text = all(r.from_text for r in rows)
    if len(values) == 15:
        fake = RowRec("", "", values, text=" ".join(v or "" for v in values))
        cells = [_count(tdef, tdef.rows[0], fake, v) for v in values]
    elif len(values) < 15 and from_text:
        found = candidate_splits([v or "" for v in values], 15, appeal_blocks_ok)
        if len(found) != 1:
            why = "无法按各栏“总计”拆分" if not found else "有多种拆分方式"
            raise fail(tdef, f"只找到 {len(values)} 个数，应为 15 个（数字连在一起时{why}）")
        cells = list(found[0])
        notes.append(
            f"{table_name(tdef)}印作“{' '.join(v or '' for v in values)}”（数字连在一起），"
            f"按各栏“总计”唯一拆分为 {' '.join(map(str, cells))}。"
        )
    elif len(values) > 15 and len(set(values)) == 1 and values[0] is not None:
        # Extra cells (an empty column of the source) cannot shift anything when every printed
        # cell is the same number: the table is that number throughout.
        fake = RowRec("", "", values[:15])
        cells = [_count(tdef, tdef.rows[0], fake, v) for v in values[:15]]
        notes.append(
            f"{table_name(tdef)}印有 {len(values)} 个数（应为 15 个），全部为 {values[0]}，"
            f"按每格 {values[0]} 读取。"
        )
    else:
        raise fail(tdef, f"找到 {len(values)} 个数，应为 15 个")
    return {
        rdef.key: dict(zip(columns, cells[i * 5 : i * 5 + 5], strict=True))
        for i, rdef in enumerate(tdef.rows)
    }


def _appeals_by_label(tdef: TableDef, rows: list[RowRec]) -> Table | None:
    if len(rows) != 3 or any(len(r.values) != 5 for r in rows):
        return None
    table: Table = {}
    for rdef in tdef.rows:
        rec = next((r for r in rows if any(k in r.key for k in _keys(rdef))), None)
        if rec is None:
            return None
        table[rdef.key] = {
            c.key: _count(tdef, rdef, rec, v) for c, v in zip(tdef.columns, rec.values, strict=True)
        }
    return table


# ---------------------------------------------------------------------------------- 表二


def read_proactive(fmt: ReportFormat, recs: list[RowRec], notes: list[str]) -> Table:
    """表二: each row found by its label; numbers on the same line or on a neighbouring line."""
    tdef = fmt.table("proactive")
    found: dict[str, int] = {}
    for i, rec in enumerate(recs):
        rdef = _proactive_row(tdef, rec)
        if rdef is not None and rdef.key not in found:
            found[rdef.key] = i
    table: Table = {}
    claimed: set[int] = set(found.values())
    for rdef in tdef.rows:
        if rdef.key not in found:
            raise fail(tdef, f"未找到“{rdef.label}”一行")
        i = found[rdef.key]
        rec = recs[i]
        values = rec.values
        if not values:  # numbers printed on the next (or the previous) line, apart from the label
            for j in (i + 1, i - 1):
                if 0 <= j < len(recs) and j not in claimed and recs[j].values and not recs[j].key:
                    values = recs[j].values
                    claimed.add(j)
                    break
        cols = tdef.columns_of(rdef.key)
        if len(values) > len(cols) and all(v is None for v in values[len(cols) :]):
            values = values[: len(cols)]
        if len(values) != len(cols):
            raise fail(
                tdef,
                f"“{rdef.label}”一行找到 {len(values)} 个数（{_shown(rec)}），应为 {len(cols)} 个",
            )
        table[rdef.key] = {
            c: _proactive_cell(tdef, rdef, c, v, notes) for c, v in zip(cols, values, strict=True)
        }
    return table


def _proactive_row(tdef: TableDef, rec: RowRec) -> RowDef | None:
    """The row whose label is the longest one contained in a short label line."""
    if not rec.key:
        return None
    best: tuple[int, RowDef] | None = None
    for rdef in tdef.rows:
        for k in _keys(rdef):
            if k in rec.key and len(rec.key) <= len(k) + 8 and (best is None or len(k) > best[0]):
                best = (len(k), rdef)
    return best[1] if best else None


def _proactive_cell(
    tdef: TableDef, rdef: RowDef, col: str, value: str | None, notes: list[str]
) -> Cell:
    ctype = tdef.column(col).type
    label = tdef.column(col).label
    if value is None:
        return None
    if _BLANK.match(value):
        notes.append(f"{table_name(tdef)}“{rdef.label}”的“{label}”印作“{value}”，按空白读取。")
        return None
    value = value.replace("−", "-")
    if ctype == "signed" and _SIGNED.match(value):
        return int(value)
    if ctype == "count" and value.isdigit():
        return int(value)
    if ctype == "decimal":
        m = _DECIMAL.match(value)
        if m:
            if m.group(2):
                notes.append(
                    f"{table_name(tdef)}“{rdef.label}”的“{label}”印作“{value}”，"
                    f"读作 {m.group(1)}（单位：{m.group(2)}）。"
                )
            return Decimal(m.group(1))
    raise fail(tdef, f"“{rdef.label}”的“{label}”印作“{value}”，不是有效的数值")
