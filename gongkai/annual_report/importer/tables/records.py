"""Row records, the cells of a row, and the errors of a table.

A ``RowRec`` is one printed row as any source gives it (its label text and its cells as
strings); a ``Slot`` is a row of the format's layout with the printed cells assigned to it;
``parse_cell`` reads one printed cell as its column's type (counts, signed changes, amounts with
their unit converted to the column's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ...formats import RowDef, TableDef
from ...model import Cell
from ..errors import ReportReadError

BLANK = re.compile(r"^(?:[—－–\-]+|/|／|\\|无)$")
_NUMBER = re.compile(r"^([+\-−]?)(\d+(?:\.\d+)?)(万元|元|件|项|个)?$")
_COUNT_UNITS = ("件", "项", "个")


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


@dataclass
class Slot:
    """One row of the layout with the printed cells assigned to it."""

    row: RowDef
    values: list[str | None]
    from_text: bool
    shown: str


def parse_cell(tdef: TableDef, rdef: RowDef, col: str, value: str | None, notes: list[str]) -> Cell:
    """One printed cell as a value of its column's type; ``None`` for a blank cell."""
    if value is None:
        return None
    cdef = tdef.column(col)
    if value.isdigit() and value.isascii() and cdef.type != "decimal":
        return int(value)  # the common case, without the patterns
    if BLANK.match(value):
        return None
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
    if "." in digits or (unit and unit not in _COUNT_UNITS):
        raise fail(tdef, f"“{rdef.full_label}”的“{cdef.label}”印作“{value}”，不是件数")
    number = int(digits)
    return -number if negative else number


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


# ----------------------------------------------------------------------------- solving
