"""Validation of entered report figures against the report format (no database access).

A clerk (or the demo loader) enters tables in the canonical shape ``{table: {row: {column:
value}}}``. Every row and column must exist in the format (for the row's 表二 block), and every
value must have the column's type: ``count`` a non-negative integer, ``signed`` an integer with
an optional sign (2019 表二 本年增/减), ``decimal`` a non-negative amount. An empty value is a
blank cell (``None``): blank is not zero, and the checks say so. Full-width digits are accepted
(Chinese input methods type them).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.annual_report.formats import ReportFormat, TableDef
from gongkai.annual_report.model import Cell, Table

_COUNT = re.compile(r"\d+")
_SIGNED = re.compile(r"[+-]?\d+")


def table_name(tdef: TableDef) -> str:
    return f"表{tdef.number}（{tdef.title}）"


def _row_name(tdef: TableDef, key: str) -> str:
    return tdef.row(key).full_label


def parse_cell(raw: Any, col_type: str) -> Cell:
    """``raw`` as a cell of type ``col_type``; raises ``ValueError`` with the reason in Chinese."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("不是数字")
    if isinstance(raw, int | Decimal | float):
        text = str(raw)
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
    if text == "":
        return None
    if col_type == "decimal":
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError("不是数字") from None
        if not value.is_finite():
            raise ValueError("不是数字")
        if value < 0:
            raise ValueError("金额不能为负数")
        return value
    if col_type == "signed":
        if not _SIGNED.fullmatch(text):
            raise ValueError("不是整数（可带 + 或 - 号）")
        return int(text)
    if not _COUNT.fullmatch(text):
        raise ValueError("不是非负整数")
    return int(text)


def validate_tables(
    fmt: ReportFormat,
    tables: dict[str, Any],
    *,
    allowed: tuple[str, ...],
    variants: dict[str, str] | None = None,
) -> dict[str, Table]:
    """The parsed tables, or ``ValidationError`` listing every problem in Chinese.

    ``allowed`` names the tables that may be entered (a computed report takes only 表二).
    A row of the table missing from the input is stored as all blank cells.
    """
    errors: list[str] = []
    out: dict[str, Table] = {}
    variants = variants or {}
    if not isinstance(tables, dict):
        raise ValidationError("统计数据格式不正确：应为按表格、行、列组织的数据。")
    for tkey, rows in tables.items():
        if tkey not in fmt.tables:
            errors.append(f"{fmt.id} 年格式没有表格“{tkey}”。")
            continue
        tdef = fmt.table(tkey)
        if tkey not in allowed:
            errors.append(f"{table_name(tdef)}由系统根据办理记录生成，不能录入。")
            continue
        if not isinstance(rows, dict):
            errors.append(f"{table_name(tdef)}的数据格式不正确。")
            continue
        row_keys = [r.key for r in tdef.rows_for_variant(variants.get(tkey))]
        types = {c.key: c.type for c in tdef.columns}
        parsed: Table = {}
        for rkey, cols in rows.items():
            if rkey not in row_keys:
                errors.append(f"{table_name(tdef)}没有“{rkey}”这一行。")
                continue
            if not isinstance(cols, dict):
                errors.append(f"{table_name(tdef)}“{_row_name(tdef, rkey)}”行的数据格式不正确。")
                continue
            own_columns = tdef.columns_of(rkey)
            for ckey in cols:
                if ckey not in own_columns:
                    errors.append(
                        f"{table_name(tdef)}“{_row_name(tdef, rkey)}”行没有“{ckey}”这一列。"
                    )
            row: dict[str, Cell] = {}
            for ckey in own_columns:
                try:
                    row[ckey] = parse_cell(cols.get(ckey), types[ckey])
                except ValueError as exc:
                    label = tdef.column(ckey).label
                    errors.append(
                        f"{table_name(tdef)}“{_row_name(tdef, rkey)}”行“{label}”列："
                        f"“{cols.get(ckey)}”{exc}。"
                    )
            parsed[rkey] = row
        for rkey in row_keys:
            parsed.setdefault(rkey, dict.fromkeys(tdef.columns_of(rkey)))
        out[tkey] = {rkey: parsed[rkey] for rkey in row_keys}
    if errors:
        raise ValidationError(errors)
    return out
