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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations, product

from ..checks import TableArithmetic, table_arithmetic
from ..formats import ReportFormat, RowDef, TableDef
from ..model import Cell, Table
from .errors import ReportReadError
from .layout import label_key
from .split import TooManySplits, candidate_splits

_BLANK = re.compile(r"^(?:[—－–\-]+|/|／|\\)$")
_NUMBER = re.compile(r"^([+\-−]?)(\d+(?:\.\d+)?)(万元|元)?$")
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})")
MAX_COMBINATIONS = 4096
# A table read as one run of cells (表四's 15, 表二's 10-13) is small; 表三's 175 is not.
MAX_FLAT_CELLS = 30
_FLAT = "\x00flat"
MAX_CANDIDATES_SHOWN = 3
# Labels closer than this (difflib ratio) to one row's label, and to no other, name that row.
FUZZY = 0.8


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
                tdef, layout, _blank_rows(tdef, layout, recs), arithmetic
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


def _blank_rows(tdef: TableDef, layout: tuple[RowDef, ...], recs: list[RowRec]) -> list[RowRec]:
    """Records whose cells are all blank count as rows only when their label names one row.

    A row left blank (every cell empty) is a row; a header line with empty cells after its
    titles (行政复议 … 行政诉讼, 自然人 法人或其他组织 总计) is not: it names columns too.
    """
    columns = [label_key(c.label) for c in tdef.columns]
    groups = {label_key(g) for r in layout for g in (r.group, r.subgroup) if g}
    out = []
    for rec in recs:
        if rec.values and all(v is None for v in rec.values):
            row = match_row(layout, rec.key)
            if row is None or _names_others(rec.key, row, columns, groups):
                rec = RowRec(rec.label, rec.key, [], rec.text, rec.from_text)
        out.append(rec)
    return out


def _names_others(key: str, row: RowDef, columns: list[str], groups: set[str]) -> bool:
    """A header line: it names two columns, or a group the row is not in."""
    own = label_key(row.label)
    ancestors = {label_key(g) for g in (row.group, row.subgroup) if g}
    named_columns = sum(1 for c in columns if c in key and c != own)
    foreign = any(g in key for g in groups - ancestors)
    return named_columns >= 2 or foreign


def _best_failure(failures: list[ReportReadError]) -> str:
    """The canonical layout's failure, unless a layout got further (its rows were all found
    and a row's cells could not be read): that one names the real problem."""
    further = [f for f in failures if isinstance(f, _CellsUnreadable)]
    return str((further or failures)[0])


class _CellsUnreadable(ReportReadError):
    """Every row of a layout was found, but the cells of one could not be read."""


# ------------------------------------------------------------------------- assignment


@dataclass
class _Slot:
    """One row of the layout with the printed cells assigned to it."""

    row: RowDef
    values: list[str | None]
    from_text: bool
    shown: str


_HOW = {
    "_by_label": "各行按标签对应",
    "_by_position": "各行按位置对应（有数字的行数与格式相同，印出的标签逐行相符）",
    "_flat": "全表数字按各行宽度依次切分",
}


def _read_layout(
    tdef: TableDef, layout: tuple[RowDef, ...], recs: list[RowRec], arithmetic: TableArithmetic
) -> tuple[Table, list[str], list[str], str]:
    notes: list[str] = []
    errors: list[str] = []
    for assign in (_by_label, _by_position, _flat):
        try:
            slots = assign(tdef, layout, recs, notes)
        except ReportReadError as exc:
            errors.append(str(exc))
            notes.clear()
            continue
        if slots is None:
            continue
        try:
            table, assumed = _solve(tdef, layout, slots, arithmetic)
        except ReportReadError as exc:
            if assign is _flat:
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


@lru_cache(maxsize=1024)
def _row_keys(rdef: RowDef) -> tuple[str, ...]:
    return tuple(label_key(x) for x in rdef.labels)


def match_row(layout: tuple[RowDef, ...], key: str) -> RowDef | None:
    """The row of ``layout`` that the printed label ``key`` names, or None.

    The longest label (or variant) contained in the printed label wins; a printed label that
    contains none is compared with each label as a whole (a typo, a missing character) and
    names a row only when it is close to that one and no other.
    """
    if not key:
        return None
    # Keyed by the layout's identity: hashing a tuple of 25 rows for every lookup cost more
    # than the match. Layouts live as long as their format (TableDef caches them).
    entry = _MATCHED.get((id(layout), key))
    if entry is not None and entry[0] is layout:
        return entry[1]
    found = _match_row(layout, key)
    if len(_MATCHED) > 65536:
        _MATCHED.clear()
    _MATCHED[(id(layout), key)] = (layout, found)
    return found


_MATCHED: dict[tuple[int, str], tuple[tuple[RowDef, ...], RowDef | None]] = {}


def _match_row(layout: tuple[RowDef, ...], key: str) -> RowDef | None:
    best: tuple[int, RowDef] | None = None
    for rdef in layout:
        for k in _row_keys(rdef):
            if k and k in key and (best is None or len(k) > best[0]):
                best = (len(k), rdef)
    if best is not None:
        return best[1]
    core = _ENUMERATOR.sub("", key)
    if len(core) < 4:
        return None
    close = []
    for rdef in layout:
        k = label_key(rdef.label)
        if abs(len(k) - len(core)) <= max(2, len(k) // 4):
            ratio = SequenceMatcher(None, core, k, autojunk=False).ratio()
            if ratio >= FUZZY:
                close.append((ratio, rdef))
    if len(close) == 1:
        return close[0][1]
    return None


def _printed(rec: RowRec) -> str:
    """The label as printed, without the one-character leftovers of a vertical label (三、本)."""
    parts = rec.label.split()
    while len(parts) > 1 and len(parts[0]) == 1:
        parts = parts[1:]
    return " ".join(parts)


def _shown(rec: RowRec) -> str:
    return (rec.text or rec.label or " ".join(v or "" for v in rec.values)).strip()


def _slot(rdef: RowDef, rec: RowRec) -> _Slot:
    return _Slot(rdef, list(rec.values), rec.from_text, _shown(rec))


def _label_note(tdef: TableDef, rdef: RowDef, rec: RowRec, notes: list[str]) -> None:
    own = label_key(rdef.label)
    if own in rec.key:
        return
    # A label printed short (部分公开 for 部分公开（区分处理的…）) is the label; any other variant
    # (the older 规范性文件, a typo) is worth saying.
    if not any(k in rec.key for k in _row_keys(rdef) if k and own.startswith(k)):
        notes.append(f"{table_name(tdef)}标签“{_printed(rec)}”按“{rdef.full_label}”读取。")


def _by_label(
    tdef: TableDef, layout: tuple[RowDef, ...], recs: list[RowRec], notes: list[str]
) -> list[_Slot] | None:
    """Every row found by a label printed on its number record (or next to a lone one)."""
    found: dict[str, int] = {}
    matched: list[RowDef | None] = [match_row(layout, r.key) for r in recs]
    for i, (rec, rdef) in enumerate(zip(recs, matched, strict=True)):
        if rdef is not None and rec.values and rdef.key not in found:
            found[rdef.key] = i
    # A label printed apart from its numbers: the one unclaimed bare number record beside it.
    claimed = set(found.values())
    for i, (rec, rdef) in enumerate(zip(recs, matched, strict=True)):
        if rdef is None or rec.values or rdef.key in found:
            continue
        beside = [
            j
            for j in (i - 1, i + 1)
            if 0 <= j < len(recs) and j not in claimed and recs[j].values and not recs[j].key
        ]
        if len(beside) == 1:
            found[rdef.key] = beside[0]
            claimed.add(beside[0])
    missing = [r for r in layout if r.key not in found]
    if missing:
        if len(missing) == len(layout):
            return None
        names = "、".join(f"“{r.full_label}”" for r in missing[:3])
        more = {1: "一行", 2: "两行", 3: "三行"}.get(len(missing), f"等 {len(missing)} 行")
        raise fail(tdef, f"未找到{names}{more}")
    order = [found[r.key] for r in layout]
    if order != sorted(order) or len(set(order)) != len(order):
        raise fail(tdef, "按标签找到的行与格式规定的顺序不一致")
    slots = []
    for rdef in layout:
        rec = recs[found[rdef.key]]
        if rec.key:
            _label_note(tdef, rdef, rec, notes)
        slots.append(_slot(rdef, rec))
    return slots


def _by_position(
    tdef: TableDef, layout: tuple[RowDef, ...], recs: list[RowRec], notes: list[str]
) -> list[_Slot] | None:
    """As many number records as rows: in printed order, each printed label confirming its row."""
    rows = [r for r in recs if r.values]
    if len(rows) != len(layout):
        counts = sorted({len(tdef.rows_for_variant(v)) for v in tdef.layouts()})
        expected = " 或 ".join(str(n) for n in counts)
        raise fail(tdef, f"找到 {len(rows)} 行数字，应为 {expected} 行")
    slots = []
    for index, (rdef, rec) in enumerate(zip(layout, rows, strict=True)):
        if rec.key:
            named = match_row(layout, rec.key)
            if named is not None and named is not rdef and len(label_key(named.label)) >= 4:
                raise fail(
                    tdef,
                    f"第 {index + 1} 行数字按位置应为“{rdef.full_label}”，"
                    f"但同一行印的标签是“{_printed(rec)}”（对应“{named.full_label}”），"
                    "行可能错位或缺失",
                )
            if named is rdef:
                _label_note(tdef, rdef, rec, notes)
        slots.append(_slot(rdef, rec))
    return slots


def _flat(
    tdef: TableDef, layout: tuple[RowDef, ...], recs: list[RowRec], notes: list[str]
) -> list[_Slot] | None:
    """All numbers of the table in printed order, cut by the rows' widths (表四 on one line)."""
    rows = [r for r in recs if r.values]
    values = [v for r in rows for v in r.values]
    widths = [len(tdef.columns_of(r.key)) for r in layout]
    # Only a table printed on far fewer lines than it has rows is read flat (表四 on one line).
    if not values or len(rows) * 2 > len(layout) or sum(widths) > MAX_FLAT_CELLS:
        return None
    shown = " ".join(v or "" for v in values)
    from_text = all(r.from_text for r in rows)
    if len(values) != sum(widths):
        # One run of cells for the whole table: the solver splits or trims it as one row.
        return [_Slot(RowDef(key=_FLAT, label=table_name(tdef)), values, from_text, shown)]
    slots, at = [], 0
    for rdef, width in zip(layout, widths, strict=True):
        slots.append(_Slot(rdef, values[at : at + width], from_text, shown))
        at += width
    return slots


# ------------------------------------------------------------------------------ cells


def _cell(tdef: TableDef, rdef: RowDef, col: str, value: str | None, notes: list[str]) -> Cell:
    """One printed cell as a value of its column's type; ``None`` for a blank cell."""
    if value is None or _BLANK.match(value):
        return None
    cdef = tdef.column(col)
    m = _NUMBER.match(value.replace(",", "").replace("，", ""))
    if m is None:
        raise fail(tdef, f"“{rdef.full_label}”的“{cdef.label}”印作“{value}”，不是有效的数值")
    sign, digits, unit = m.groups()
    negative = sign in ("-", "−")
    if cdef.type == "decimal":
        try:
            amount = Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            raise fail(tdef, f"“{value}”不是金额") from None
        column_unit = cdef.unit
        if unit and column_unit and unit != column_unit:
            converted = amount / 10000 if (unit, column_unit) == ("元", "万元") else amount * 10000
            notes.append(
                f"{table_name(tdef)}“{rdef.label}”的“{cdef.label}”印作“{value}”，"
                f"按本列单位换算为 {_plain(converted)}{column_unit}。"
            )
            amount = converted
        elif unit:
            notes.append(
                f"{table_name(tdef)}“{rdef.label}”的“{cdef.label}”印作“{value}”，"
                f"读作 {_plain(amount)}（单位：{unit}）。"
            )
        return -amount if negative else amount
    if "." in digits or unit:
        raise fail(tdef, f"“{rdef.full_label}”的“{cdef.label}”印作“{value}”，不是件数")
    number = int(digits)
    return -number if negative else number


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# ----------------------------------------------------------------------------- solving


@dataclass
class _Options:
    """The candidate value lists of one slot and how they came about."""

    slot: _Slot
    columns: tuple[str, ...]
    candidates: list[list[Cell]]
    how: str = ""  # "" (as printed), "split", "trimmed"


def _solve(
    tdef: TableDef, layout: tuple[RowDef, ...], slots: list[_Slot], arithmetic: TableArithmetic
) -> tuple[Table, list[str]]:
    notes: list[str] = []
    if len(slots) == 1 and slots[0].row.key == _FLAT:
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
    tdef: TableDef, slots: list[_Slot], arithmetic: TableArithmetic, notes: list[str]
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
                    _cell(tdef, s.row, c, v, [])
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


def _table_of(tdef: TableDef, slots: list[_Slot], rows: list[tuple[Cell, ...]]) -> Table:
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
    tdef: TableDef, slot: _Slot, arithmetic: TableArithmetic, notes: list[str]
) -> _Options:
    columns = tdef.columns_of(slot.row.key)
    n = len(columns)
    values = slot.values
    rdef = slot.row
    if len(values) == n:
        cells = [_cell(tdef, rdef, c, v, notes) for c, v in zip(columns, values, strict=True)]
        return _Options(slot, columns, [cells])
    if len(values) > n:
        core = _without_edge_blanks(values)
        if len(core) == n:  # empty cells at the ends of a TAB or pipe row: layout, not cells
            cells = [_cell(tdef, rdef, c, v, notes) for c, v in zip(columns, core, strict=True)]
            return _Options(slot, columns, [cells])
        found = _trimmed(tdef, rdef, columns, values, arithmetic, notes)
        if not found:
            raise fail(
                tdef, f"“{rdef.full_label}”一行有 {len(values)} 个数（{slot.shown}），应为 {n} 个"
            )
        return _Options(slot, columns, found, "trimmed")
    runs = [v for v in values if v is not None]
    if not slot.from_text or len(runs) != len(values) or not all(v.isdigit() for v in runs):
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

    Blank cells are dropped first (an empty column of the source, a label's merged cell); a
    printed number is dropped only when every way of dropping one gives the same reading.
    """
    n = len(columns)
    extra = len(values) - n
    blanks = [i for i, v in enumerate(values) if v is None or _BLANK.match(v)]
    readings: dict[tuple[Cell, ...], None] = {}
    pools = [blanks] if len(blanks) >= extra else []
    pools.append(list(range(len(values))))
    for pool in pools:
        if len(pool) > 20:
            continue
        for drop in combinations(pool, extra):
            kept = [v for i, v in enumerate(values) if i not in drop]
            cells = [_cell(tdef, rdef, c, v, notes) for c, v in zip(columns, kept, strict=True)]
            if arithmetic.row_holds(dict(zip(columns, cells, strict=True))):
                readings.setdefault(tuple(cells), None)
        if readings:
            break
    return [list(r) for r in readings]


def _solve_flat(
    tdef: TableDef, rows: tuple[RowDef, ...], slot: _Slot, arithmetic: TableArithmetic
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
                _cell(tdef, r, c, v, notes)
                for (r, c), v in zip(_cells_of(rows, widths), kept, strict=True)
            ]
            if arithmetic.holds(as_table(cells)):
                readings.setdefault(tuple(cells), None)
        why = f"印有 {len(values)} 个数（应为 {total} 个）"
    else:
        runs = [v for v in values if v is not None]
        if not slot.from_text or len(runs) != len(values) or not all(v.isdigit() for v in runs):
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
