"""Which printed record is which row of the format's layout.

Three ways, tried in this order by ``read_table``: ``by_label`` (each row found by a label
printed with its numbers, or next to a lone number record), ``by_position`` (as many number
records as rows, each printed label confirming its row), ``flat`` (all numbers in printed
order, cut by the rows' widths: 表四 on one line). ``match_row`` is the one place a printed
label is matched to a row: its labels and variants, then near-misses (typos).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from ...formats import RowDef, TableDef
from ..layout import label_key
from .records import RowRec, Slot, fail, table_name

_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})")
# A table read as one run of cells (表四's 15, 表二's 10-13) is small; 表三's 175 is not.
MAX_FLAT_CELLS = 30
FLAT = "\x00flat"
# Labels closer than this (difflib ratio) to one row's label, and to no other, name that row.
FUZZY = 0.8


def blank_rows(tdef: TableDef, layout: tuple[RowDef, ...], recs: list[RowRec]) -> list[RowRec]:
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


def _slot(rdef: RowDef, rec: RowRec) -> Slot:
    return Slot(rdef, list(rec.values), rec.from_text, _shown(rec))


def _label_note(tdef: TableDef, rdef: RowDef, rec: RowRec, notes: list[str]) -> None:
    own = label_key(rdef.label)
    if own in rec.key:
        return
    # A label printed short (部分公开 for 部分公开（区分处理的…）) is the label; any other variant
    # (the older 规范性文件, a typo) is worth saying.
    if not any(k in rec.key for k in _row_keys(rdef) if k and own.startswith(k)):
        notes.append(f"{table_name(tdef)}标签“{_printed(rec)}”按“{rdef.full_label}”读取。")


def by_label(
    tdef: TableDef, layout: tuple[RowDef, ...], recs: list[RowRec], notes: list[str]
) -> list[Slot] | None:
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


def by_position(
    tdef: TableDef, layout: tuple[RowDef, ...], recs: list[RowRec], notes: list[str]
) -> list[Slot] | None:
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


def flat(
    tdef: TableDef, layout: tuple[RowDef, ...], recs: list[RowRec], notes: list[str]
) -> list[Slot] | None:
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
        return [Slot(RowDef(key=FLAT, label=table_name(tdef)), values, from_text, shown)]
    slots, at = [], 0
    for rdef, width in zip(layout, widths, strict=True):
        slots.append(Slot(rdef, values[at : at + width], from_text, shown))
        at += width
    return slots


# ------------------------------------------------------------------------------ cells
