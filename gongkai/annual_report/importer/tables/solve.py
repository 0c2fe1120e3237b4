"""The cells of every row, chosen over the whole table by the table's own arithmetic.

Each row's cells are exactly its width, or more (extra blank cells, an extra column: every way
to drop them), or fewer when text ran cells together (every way to cut the digit runs). Each
row's candidates must satisfy the table's per-row rules, the table's candidates all its rules
(``checks.table_arithmetic``, evaluated from the format file). Exactly one consistent reading is
used and said so; several are an error listing them; none is an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, product

from ...checks import TableArithmetic
from ...formats import RowDef, TableDef
from ...model import Cell, Table
from ..errors import ReportReadError
from ..split import TooManySplits, candidate_splits, is_run
from .assign import FLAT
from .records import BLANK, Slot, fail, parse_cell, table_name

MAX_COMBINATIONS = 4096
MAX_CANDIDATES_SHOWN = 3


@dataclass
class _Options:
    """The candidate value lists of one slot and how they came about."""

    slot: Slot
    columns: tuple[str, ...]
    candidates: list[list[Cell]]
    how: str = ""  # "" (as printed), "split", "trimmed"


def solve(
    tdef: TableDef, layout: tuple[RowDef, ...], slots: list[Slot], arithmetic: TableArithmetic
) -> tuple[Table, list[str]]:
    notes: list[str] = []
    if len(slots) == 1 and slots[0].row.key == FLAT:
        return _solve_flat(tdef, layout, slots[0], arithmetic)
    extra = _extra_columns(tdef, slots, arithmetic, notes)
    if extra is not None:
        return extra, notes
    options = [_row_options(tdef, s, arithmetic, notes) for s in slots]
    ambiguous = [i for i, o in enumerate(options) if len(o.candidates) > 1]
    assumed: list[str] = []
    if ambiguous:
        combos = 1
        for i in ambiguous:
            combos *= len(options[i].candidates)
        names = "、".join(f"“{options[i].slot.row.full_label}”" for i in ambiguous[:4])
        if combos > MAX_COMBINATIONS:
            raise fail(tdef, f"{names}的数字连在一起，可能的拆分方式过多（{combos} 种），无法确定")
        good = []
        for pick in product(*(options[i].candidates for i in ambiguous)):
            trial = {o.slot.row.key: o.candidates[0] for o in options}
            for i, values in zip(ambiguous, pick, strict=True):
                trial[options[i].slot.row.key] = values
            if arithmetic.holds(_as_table(options, trial)):
                good.append(pick)
        if not good:
            raise fail(tdef, f"{names}的数字无论怎样拆分，都不符合表内的勾稽关系")
        if len(good) > 1:
            shown = "；".join(
                "，".join(
                    f"{options[i].slot.row.full_label} {' '.join(_s(v) for v in values)}"
                    for i, values in zip(ambiguous, pick, strict=True)
                )
                for pick in good[:MAX_CANDIDATES_SHOWN]
            )
            why = "都符合表内的勾稽关系" if arithmetic else "，本表没有可用来核对的勾稽关系"
            raise fail(
                tdef,
                f"{names}的数字连在一起，有 {len(good)} 种拆分{why}，无法确定（例如：{shown}）",
            )
        for i, values in zip(ambiguous, good[0], strict=True):
            options[i].candidates = [values]
    for o in options:
        if o.how:
            printed = " ".join(v or "□" for v in o.slot.values)
            chosen = " ".join(_s(v) for v in o.candidates[0])
            why = "数字连在一起" if o.how == "split" else "多出的单元格"
            assumed.append(
                f"{table_name(tdef)}“{o.slot.row.full_label}”一行印作“{printed}”（{why}），"
                f"按表内的勾稽关系唯一读作 {chosen}。"
            )
    table = _as_table(options, {o.slot.row.key: o.candidates[0] for o in options})
    return table, notes + assumed


def _extra_columns(
    tdef: TableDef, slots: list[Slot], arithmetic: TableArithmetic, notes: list[str]
) -> Table | None:
    """A table printed with more columns than its format (an added 小计): the same columns
    dropped from every row, every way; used only when exactly one way makes the table hold.

    None when the table has no extra columns (not every row is wider by the same count).
    """
    widths = {len(s.values) - len(tdef.columns_of(s.row.key)) for s in slots}
    if len(widths) != 1 or (k := widths.pop()) < 1 or not arithmetic:
        return None
    wide = len(slots[0].values)
    if any(len(s.values) != wide for s in slots) or wide > 16:
        return None
    readings: dict[tuple[tuple[Cell, ...], ...], tuple[int, ...]] = {}
    for drop in combinations(range(wide), k):
        try:
            rows = [
                tuple(
                    parse_cell(tdef, s.row, c, v, [])
                    for c, v in zip(
                        tdef.columns_of(s.row.key),
                        [v for i, v in enumerate(s.values) if i not in drop],
                        strict=True,
                    )
                )
                for s in slots
            ]
        except ReportReadError:
            continue
        table = _table_of(tdef, slots, rows)
        if arithmetic.holds(table):
            readings.setdefault(tuple(rows), drop)
    positions = "、".join  # column numbers as a clerk counts them, from 1
    if len(readings) != 1:
        if not readings:
            raise fail(
                tdef,
                f"每行都比格式多 {k} 列，无论略去哪{'一' if k == 1 else '几'}列都不符合表内的勾稽关系",
            )
        options = "；".join(
            f"略去第 {positions(str(i + 1) for i in drop)} 列"
            for drop in list(readings.values())[:3]
        )
        raise fail(
            tdef,
            f"每行都比格式多 {k} 列，有 {len(readings)} 种略去方式都符合表内的勾稽关系，"
            f"无法确定哪{'一' if k == 1 else '几'}列不属于本表（{options}）",
        )
    ((chosen, drop),) = readings.items()
    notes.append(
        f"{table_name(tdef)}每行比格式多 {k} 列，第 {positions(str(i + 1) for i in drop)} 列"
        "（数字列，从左数）不属于本表格式，已略去；唯有如此表内的勾稽关系才成立。"
    )
    return _table_of(tdef, slots, list(chosen))


def _table_of(tdef: TableDef, slots: list[Slot], rows: list[tuple[Cell, ...]]) -> Table:
    return {
        s.row.key: dict(zip(tdef.columns_of(s.row.key), r, strict=True))
        for s, r in zip(slots, rows, strict=True)
    }


def _s(value: Cell) -> str:
    return "空白" if value is None else str(value)


def _as_table(options: list[_Options], chosen: dict[str, list[Cell]]) -> Table:
    return {
        o.slot.row.key: dict(zip(o.columns, chosen[o.slot.row.key], strict=True)) for o in options
    }


def _row_options(
    tdef: TableDef, slot: Slot, arithmetic: TableArithmetic, notes: list[str]
) -> _Options:
    columns = tdef.columns_of(slot.row.key)
    n = len(columns)
    values = slot.values
    rdef = slot.row
    if len(values) == n:
        cells = [parse_cell(tdef, rdef, c, v, notes) for c, v in zip(columns, values, strict=True)]
        return _Options(slot, columns, [cells])
    if len(values) > n:
        core = _without_edge_blanks(values)
        if len(core) == n:  # empty cells at the ends of a TAB or pipe row: layout, not cells
            cells = [
                parse_cell(tdef, rdef, c, v, notes) for c, v in zip(columns, core, strict=True)
            ]
            return _Options(slot, columns, [cells])
        found = _trimmed(tdef, rdef, columns, values, arithmetic, notes)
        if not found:
            raise fail(
                tdef, f"“{rdef.full_label}”一行有 {len(values)} 个数（{slot.shown}），应为 {n} 个"
            )
        return _Options(slot, columns, found, "trimmed")
    runs = [v for v in values if v is not None]
    if not slot.from_text or len(runs) != len(values) or not all(is_run(v) for v in runs):
        raise fail(
            tdef,
            f"“{rdef.full_label}”一行只印出 {len(values)} 个数（{slot.shown}），应为 {n} 个",
        )

    def row_ok(cells: list[int]) -> bool:
        return arithmetic.row_holds(dict(zip(columns, cells, strict=True)))

    try:
        split = candidate_splits(runs, n, row_ok)
    except TooManySplits:
        raise fail(
            tdef,
            f"“{rdef.full_label}”一行的数字连在一起（{' '.join(runs)}），可能的拆分方式过多，无法确定",
        ) from None
    if not split:
        raise fail(
            tdef,
            f"“{rdef.full_label}”一行只印出 {len(values)} 个数（{' '.join(runs)}），"
            f"应为 {n} 个，且无法按表内的勾稽关系拆分",
        )
    return _Options(slot, columns, [list(c) for c in _unique(split)], "split")


def _without_edge_blanks(values: list[str | None]) -> list[str | None]:
    a, b = 0, len(values)
    while a < b and values[a] is None:
        a += 1
    while b > a and values[b - 1] is None:
        b -= 1
    return values[a:b]


def _unique(rows: list[list[int]]) -> list[list[int]]:
    seen: dict[tuple[int, ...], None] = {}
    for r in rows:
        seen.setdefault(tuple(r), None)
    return [list(r) for r in seen]


def _trimmed(
    tdef: TableDef,
    rdef: RowDef,
    columns: tuple[str, ...],
    values: list[str | None],
    arithmetic: TableArithmetic,
    notes: list[str],
) -> list[list[Cell]]:
    """The readings of a row printed with too many cells: drop the extra ones, every way.

    Blank cells are dropped first (an empty column of the source, a label's merged cell); only
    when no way of dropping blanks makes the row hold are printed numbers dropped. Every reading
    that holds is returned: the table's rules choose among them, several left is a refusal.
    """
    n = len(columns)
    extra = len(values) - n
    blanks = [i for i, v in enumerate(values) if v is None or BLANK.match(v)]
    readings: dict[tuple[Cell, ...], None] = {}
    pools = [blanks] if len(blanks) >= extra else []
    pools.append(list(range(len(values))))
    for pool in pools:
        if len(pool) > 20:
            continue
        for drop in combinations(pool, extra):
            kept = [v for i, v in enumerate(values) if i not in drop]
            cells = [
                parse_cell(tdef, rdef, c, v, notes) for c, v in zip(columns, kept, strict=True)
            ]
            if arithmetic.row_holds(dict(zip(columns, cells, strict=True))):
                readings.setdefault(tuple(cells), None)
        if readings:
            break
    return [list(r) for r in readings]


def _solve_flat(
    tdef: TableDef, rows: tuple[RowDef, ...], slot: Slot, arithmetic: TableArithmetic
) -> tuple[Table, list[str]]:
    """The whole table as one run of cells (fewer or more than its cells): split or trim it."""
    widths = [tdef.columns_of(r.key) for r in rows]
    total = sum(len(w) for w in widths)
    values = slot.values
    notes: list[str] = []

    def as_table(cells: Sequence[Cell]) -> Table:
        out: Table = {}
        at = 0
        for rdef, cols in zip(rows, widths, strict=True):
            out[rdef.key] = dict(zip(cols, cells[at : at + len(cols)], strict=True))
            at += len(cols)
        return out

    readings: dict[tuple[Cell, ...], None] = {}
    if len(values) > total:
        if len(values) - total > 2:
            raise fail(tdef, f"找到 {len(values)} 个数，应为 {total} 个")
        for drop in combinations(range(len(values)), len(values) - total):
            kept = [v for i, v in enumerate(values) if i not in drop]
            cells = [
                parse_cell(tdef, r, c, v, notes)
                for (r, c), v in zip(_cells_of(rows, widths), kept, strict=True)
            ]
            if arithmetic.holds(as_table(cells)):
                readings.setdefault(tuple(cells), None)
        why = f"印有 {len(values)} 个数（应为 {total} 个）"
    else:
        runs = [v for v in values if v is not None]
        if not slot.from_text or len(runs) != len(values) or not all(is_run(v) for v in runs):
            raise fail(tdef, f"找到 {len(values)} 个数，应为 {total} 个")
        try:
            splits = candidate_splits(runs, total, lambda c: arithmetic.holds(as_table(c)))
        except TooManySplits:
            raise fail(
                tdef, f"数字连在一起（{' '.join(runs)}），可能的拆分方式过多，无法确定"
            ) from None
        for split in splits:
            readings.setdefault(tuple(split), None)
        why = f"印作“{' '.join(runs)}”（数字连在一起）"
    if not readings:
        raise fail(tdef, f"找到 {len(values)} 个数，应为 {total} 个，且无法按表内的勾稽关系读出")
    if len(readings) > 1:
        shown = "；".join(" ".join(_s(v) for v in r) for r in list(readings)[:MAX_CANDIDATES_SHOWN])
        raise fail(
            tdef, f"{why}，有 {len(readings)} 种读法都符合表内的勾稽关系，无法确定（例如：{shown}）"
        )
    (reading,) = readings
    chosen = " ".join(_s(v) for v in reading)
    notes.append(f"{table_name(tdef)}{why}，按表内的勾稽关系唯一读作 {chosen}。")
    return as_table(reading), notes


def _cells_of(rows: tuple[RowDef, ...], widths: list[tuple[str, ...]]) -> list[tuple[RowDef, str]]:
    return [(r, c) for r, cols in zip(rows, widths, strict=True) for c in cols]
