"""A statistical table, from row records to ``{row_key: {col_key: value}}``, for any format.

Every source (extracted text, HTML/DOCX grids, PDF words) reduces a table to ``RowRec``
records in printed order: the label text printed on that row and its cells as strings (``None``
for a blank cell). ``read_table`` maps them onto the rows and columns the format file gives the
table, for each printed layout of it (the canonical one, then each ``row_variants`` entry):

1. **Assignment** of records to rows, three ways, the first that fits wins:
   by label (a record whose label names one row: its labels, variants, Traditional characters,
   near-misses), by position (as many number records as the layout has rows, each printed label
   confirming its row; a contradiction is an error, never a shift), flat (all the table's
   numbers in printed order, cut by the widths of the rows: 表四 printed as one line of 15).
2. **Cells** of each row: exactly the row's width, or more (extra blank cells, an extra column:
   every way to drop them), or fewer when text ran cells together (every way to cut the digit
   runs, ``split.candidate_splits``). Each row's candidates must satisfy the table's per-row
   rules; the table's candidates must satisfy all its rules (``checks.table_arithmetic``,
   evaluated from the format file). Exactly one consistent reading is used and said so in the
   notes; several are an error listing them; none is an error. A number is never guessed.
"""

from __future__ import annotations

from ...checks import TableArithmetic, table_arithmetic
from ...formats import ReportFormat, RowDef, TableDef
from ...model import Table
from ..errors import ReportReadError
from .assign import blank_rows, by_label, by_position, flat, match_row
from .records import RowRec, fail, table_name
from .solve import solve

__all__ = ["RowRec", "fail", "match_row", "read_table", "table_name"]


def read_table(
    fmt: ReportFormat,
    tkey: str,
    recs: list[RowRec],
    notes: list[str],
    truncated: bool = False,
    explain: list[str] | None = None,
) -> tuple[Table, str | None, list[str]]:
    """Read table ``tkey`` from its records. Returns (table, layout variant, assumptions).

    ``explain`` (if given) gets how the table was read, for ``report check --explain``: the
    layouts tried, how rows were assigned, the splits chosen and why.

    ``notes`` gets what was decided (labels read by their variant); the assumptions returned
    are what the reading rests on (cells split by the table's sums, extra cells dropped).
    Raises ``ReportReadError`` naming the table and why.
    """
    tdef = fmt.table(tkey)
    arithmetic = table_arithmetic(fmt, tkey)
    failures: list[ReportReadError] = []
    log = explain if explain is not None else []
    log.append(
        f"印出的行：{len(recs)} 行，其中 {sum(1 for r in recs if r.values)} 行有数字"
        f"（{'文本' if any(r.from_text for r in recs) else 'HTML/Word 表格单元格'}）"
    )
    for variant in tdef.layouts():
        layout = tdef.rows_for_variant(variant)
        name = "格式规定的行" if variant is None else _variant_note(tdef, variant)
        try:
            table, assumed, chosen_notes, how = _read_layout(
                tdef, layout, blank_rows(tdef, layout, recs), arithmetic
            )
        except ReportReadError as exc:
            failures.append(exc)
            log.append(f"按{name}（{len(layout)} 行）：不成立——{exc}")
            continue
        log.append(f"按{name}（{len(layout)} 行）：{how}")
        log.extend(f"拆分：{a}" for a in assumed if "唯一读作" in a or "略去" in a)
        notes.extend(chosen_notes)
        return table, variant, assumed
    value_rows = sum(1 for r in recs if r.values)
    if not value_rows:
        hint = "（表格不完整，文件可能被截断）" if truncated else ""
        raise fail(tdef, f"未找到表格中的数字{hint}")
    reason = _best_failure(failures)
    if truncated and "截断" not in reason:
        reason += "（表格不完整，文件可能被截断）"
    raise ReportReadError(reason)


def _variant_note(tdef: TableDef, variant: str) -> str:
    note = next(v.note for v in tdef.row_variants if v.key == variant)
    return f"变体“{note}”"


def _best_failure(failures: list[ReportReadError]) -> str:
    """The canonical layout's failure, unless a layout got further (its rows were all found
    and a row's cells could not be read): that one names the real problem."""
    further = [f for f in failures if isinstance(f, _CellsUnreadable)]
    return str((further or failures)[0])


class _CellsUnreadable(ReportReadError):
    """Every row of a layout was found, but the cells of one could not be read."""


# ------------------------------------------------------------------------- assignment


_HOW = {
    "by_label": "各行按标签对应",
    "by_position": "各行按位置对应（有数字的行数与格式相同，印出的标签逐行相符）",
    "flat": "全表数字按各行宽度依次切分",
}


def _read_layout(
    tdef: TableDef, layout: tuple[RowDef, ...], recs: list[RowRec], arithmetic: TableArithmetic
) -> tuple[Table, list[str], list[str], str]:
    notes: list[str] = []
    errors: list[str] = []
    for assign in (by_label, by_position, flat):
        try:
            slots = assign(tdef, layout, recs, notes)
        except ReportReadError as exc:
            errors.append(str(exc))
            notes.clear()
            continue
        if slots is None:
            continue
        try:
            table, assumed = solve(tdef, layout, slots, arithmetic)
        except ReportReadError as exc:
            if assign is flat:
                raise
            raise _CellsUnreadable(str(exc)) from None
        return table, assumed, notes, _HOW[assign.__name__]
    if not errors:
        raise fail(tdef, "未找到表格中的数字")
    # The positional message names counts; the label message names rows: both help.
    raise ReportReadError(errors[-1] if len(errors) == 1 else _merge(errors))


def _merge(errors: list[str]) -> str:
    first, *rest = errors
    return first + "".join(
        f"；{e.split('：', 1)[-1]}" for e in rest if e.split("：", 1)[-1] not in first
    )
