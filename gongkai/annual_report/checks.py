"""Consistency checks (勾稽关系) of an annual report.

The rules are declared in the format files (``rules``); this module knows how to evaluate each
kind of rule:

- ``per_column`` (R1, R3): for every column, the sum of the ``lhs`` rows equals the sum of the
  ``rhs`` rows. R1 is printed in the template's corner cell; R3 follows from the structure of
  表三 (每件办结的申请只计入一个办理结果). When R3's outcome rows add up to MORE than （七）总计,
  something was counted twice, which is what the template's note on （二）部分公开 forbids: that
  finding is reported as R2.
- ``per_row`` (R4, R5): for every row, the ``lhs`` column equals the sum of the ``rhs`` columns.
- R6 (implicit): counts are non-negative integers; only signed changes and amounts may differ.
- ``previous_year`` (R7) and ``stock_roll_forward`` (R8), ``in_force_roll_forward`` (R9, a
  warning): need the previous year's report.

Blank cells are read as blank: each is reported once as a warning and the arithmetic counts it
as 0, saying so in the finding's message; a blank total, or a side of a rule blank throughout
(the 总计 column left empty), is not checked at all: a warning says so and gives the sum its
parts imply. ``table_arithmetic`` gives the importer the same single-table rules, to choose
among the readings of a printed table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from .findings import ERROR, WARNING, Finding
from .formats import (
    ReportFormat,
    TableDef,
    UnknownFormat,
    format_for_year,
    formats_key,
    get_format,
)
from .model import Cell, ReportData, Table
from .narrative import narrative_findings


def check_report(report: ReportData, previous: ReportData | None = None) -> list[Finding]:
    """Every finding for ``report``; cross-year rules run only when ``previous`` is given."""
    findings: list[Finding] = []
    findings += _format_findings(report)
    findings += _blank_and_sign_findings(report)
    for rule in report.format.rules:
        kind = rule["kind"]
        if kind == "per_column":
            findings += _per_column(report, rule)
        elif kind == "per_row":
            findings += _per_row(report, rule)
        elif previous is not None and kind == "previous_year":
            findings += _previous_year(report, previous, rule)
        elif previous is not None and kind == "stock_roll_forward":
            findings += _stock_roll_forward(report, previous, rule)
        elif previous is not None and kind == "in_force_roll_forward":
            findings += _in_force_roll_forward(report, previous, rule)
    findings += narrative_findings(report)
    return findings


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


# --- the table's own arithmetic, as constraints for the importer ----------------------------


@dataclass(frozen=True)
class TableArithmetic:
    """The single-table rules of one table (``per_column``, ``per_row``), ready to evaluate.

    The importer uses them to choose among the possible readings of a printed table (cells run
    together, an extra column): a reading is consistent when every rule holds. A blank cell
    counts as 0, except where one side of a rule is blank throughout (a blank total, a column
    of blank outcomes): that says nothing about the sums and is not checked.
    """

    per_column: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    per_row: tuple[tuple[str, tuple[str, ...]], ...]

    def row_holds(self, cells: dict[str, Cell]) -> bool:
        """Every ``per_row`` rule on one row (its columns as ``{column_key: value}``)."""
        for target, parts in self.per_row:
            if target not in cells:
                continue
            total = cells[target]
            if total is not None and total != sum(_num(cells.get(c)) for c in parts):
                return False
        return True

    def holds(self, table: Table) -> bool:
        """Every rule on a whole table ``{row_key: {column_key: value}}``."""
        if not all(self.row_holds(cols) for cols in table.values()):
            return False
        columns = {c for cols in table.values() for c in cols}
        for lhs, rhs in self.per_column:
            left_rows = [table[r] for r in lhs if r in table]
            right_rows = [table[r] for r in rhs if r in table]
            if not left_rows or not right_rows:
                continue
            for col in columns:
                if all(r.get(col) is None for r in left_rows) or all(
                    r.get(col) is None for r in right_rows
                ):
                    continue  # a side left blank throughout says nothing (a blank total)
                left = sum(_num(row.get(col)) for row in left_rows)
                if left != sum(_num(row.get(col)) for row in right_rows):
                    return False
        return True

    def __bool__(self) -> bool:
        return bool(self.per_column or self.per_row)


def table_arithmetic(fmt: ReportFormat, table: str) -> TableArithmetic:
    """The rules of ``fmt`` that a single table can be checked against (see TableArithmetic)."""
    return _arithmetic(fmt.id, table, formats_key())


@cache
def _arithmetic(format_id: str, table: str, _formats: tuple[Path, ...]) -> TableArithmetic:
    rules = [r for r in get_format(format_id).rules if r["table"] == table]
    return TableArithmetic(
        per_column=tuple(
            (tuple(r["lhs"]), tuple(r["rhs"])) for r in rules if r["kind"] == "per_column"
        ),
        per_row=tuple((r["lhs"][0], tuple(r["rhs"])) for r in rules if r["kind"] == "per_row"),
    )


# --- helpers -----------------------------------------------------------------------------


def _num(value: Cell) -> int | Decimal:
    return 0 if value is None else value


def _out(value: int | Decimal) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _row_label(tdef: TableDef, key: str) -> str:
    row = tdef.row(key)
    return f"{row.number or ''}{row.label}" if row.number and len(row.number) > 1 else row.label


def _col_label(tdef: TableDef, key: str) -> str:
    return tdef.column(key).label


def _table_name(tdef: TableDef) -> str:
    return f"表{tdef.number}（{tdef.title}）"


def _blank_note(report: ReportData, table: str, cells: Iterable[tuple[str, str]]) -> str:
    blanks = [
        (r, c)
        for r, c in cells
        if report.cell(table, r, c) is None and r in report.tables.get(table, {})
    ]
    return "（其中空白单元格按 0 计算）" if blanks else ""


def _format_findings(report: ReportData) -> list[Finding]:
    """The year and the format must agree; a layout variant of the format is worth a note.

    A report for a year no statutory format covers (before 2019), or printed in the other
    year's format (a 2021 report with 2019 表二), is an error; a report whose year could not
    be read is a warning (the cross-year rules cannot run).
    """
    fmt = report.format
    if report.year is None:
        return [
            Finding(
                "format",
                WARNING,
                None,
                None,
                None,
                None,
                None,
                "未能识别报告年度，无法核对格式是否适用。",
            )
        ]
    try:
        expected = format_for_year(report.year)
    except UnknownFormat as exc:
        return [Finding("format", ERROR, None, None, None, None, report.year, f"{exc}。")]
    out = []
    if expected.id != fmt.id:
        out.append(
            Finding(
                "format",
                ERROR,
                None,
                None,
                None,
                None,
                None,
                f"{report.year} 年度报告应使用{expected.name}（{expected.document}），"
                f"但本报告的表格按{fmt.name}（{fmt.document}）印制。",
            )
        )
    for table, variant_key in sorted(report.variants.items()):
        tdef = fmt.table(table)
        variant = next((v for v in tdef.row_variants if v.key == variant_key), None)
        if variant is not None:
            out.append(
                Finding(
                    "layout",
                    WARNING,
                    table,
                    None,
                    None,
                    None,
                    None,
                    f"{_table_name(tdef)}：{variant.note}，与{fmt.document}格式不同，按其原样核对。",
                )
            )
    return out


def _blank_and_sign_findings(report: ReportData) -> list[Finding]:
    """Blank cells (warning, counted as 0) and R6: negative or fractional counts (error)."""
    out: list[Finding] = []
    fmt = report.format
    totals = _blank_totals(report)
    for tkey, rows in report.tables.items():
        tdef = fmt.table(tkey)
        types = {c.key: c.type for c in tdef.columns}
        for rkey, cols in rows.items():
            for ckey, value in cols.items():
                if value is not None and (value == 0 or types.get(ckey) == "signed"):
                    continue  # the common case: nothing to say, no message to build
                where = (
                    f"{_table_name(tdef)}“{_row_label(tdef, rkey)}”行“{_col_label(tdef, ckey)}”列"
                )
                if value is None:
                    if (tkey, rkey, ckey) in totals:
                        continue
                    out.append(
                        Finding(
                            "blank",
                            WARNING,
                            tkey,
                            rkey,
                            ckey,
                            None,
                            None,
                            f"{where}为空白，按 0 参与核对。",
                        )
                    )
                    continue
                ctype = types.get(ckey, "count")
                if ctype == "count" and (value < 0 or value != int(value)):
                    out.append(
                        Finding(
                            "R6",
                            ERROR,
                            tkey,
                            rkey,
                            ckey,
                            None,
                            _out(value),
                            f"{where}为 {_out(value)}，数量应为非负整数。",
                        )
                    )
                elif ctype == "decimal" and value < 0:
                    out.append(
                        Finding(
                            "R6",
                            ERROR,
                            tkey,
                            rkey,
                            ckey,
                            None,
                            _out(value),
                            f"{where}为 {_out(value)}，金额不应为负数。",
                        )
                    )
    return out


def _present(report: ReportData, table: str, keys: Iterable[str]) -> list[str]:
    """The rows (or columns) of a rule that this report has: a layout variant drops some."""
    have = report.tables.get(table, {})
    return [k for k in keys if k in have]


def _per_column(report: ReportData, rule: dict[str, Any]) -> list[Finding]:
    table = rule["table"]
    tdef = report.format.table(table)
    rows = report.tables.get(table)
    if not rows:
        return []
    lhs = _present(report, table, rule["lhs"])
    rhs = _present(report, table, rule["rhs"])
    if not lhs or not rhs:
        return []
    target = lhs[0] if len(lhs) == 1 else None
    out = []
    for col in tdef.columns:
        cells = [(r, col.key) for r in lhs + rhs]
        left = sum(_num(report.cell(table, r, col.key)) for r in lhs)
        right = sum(_num(report.cell(table, r, col.key)) for r in rhs)
        if left == right:
            continue
        side = _all_blank(report, table, lhs, col.key) or _all_blank(report, table, rhs, col.key)
        if side:
            # One side of the column left blank throughout: nothing to add up, nothing to check.
            msg = (
                f"{_table_name(tdef)}“{_col_label(tdef, col.key)}”列：{side}均为空白，"
                f"未按“{rule['text']}”核对。"
            )
            out.append(Finding("blank", WARNING, table, None, col.key, None, None, msg))
            continue
        rule_id = rule["id"]
        if rule.get("over_rule") and right > left:
            rule_id = rule["over_rule"]
        blank = _blank_note(report, table, cells)
        col_name = _col_label(tdef, col.key)
        if target is not None:
            # A total row checked against its parts: the total is the "actual" number printed.
            parts = "、".join(_row_label(tdef, r) for r in rhs)
            msg = (
                f"{_table_name(tdef)}“{col_name}”列：{_row_label(tdef, target)}为 {_out(left)}，"
                f"但{_short(parts, len(rhs))}之和为 {_out(right)}{blank}。{rule['text']}。"
            )
            if rule_id == "R2":
                msg += "办理结果合计大于总计，可能有申请被重复计入多个办理结果（区分处理的只计入“部分公开”）。"
            out.append(
                Finding(rule_id, ERROR, table, target, col.key, _out(right), _out(left), msg)
            )
        else:
            lnames = "与".join(_row_label(tdef, r) for r in lhs)
            rnames = "与".join(_row_label(tdef, r) for r in rhs)
            msg = (
                f"{_table_name(tdef)}“{col_name}”列：{lnames}之和为 {_out(left)}，"
                f"{rnames}之和为 {_out(right)}{blank}。{rule['text']}。"
            )
            out.append(Finding(rule_id, ERROR, table, None, col.key, _out(left), _out(right), msg))
    return out


def _all_blank(report: ReportData, table: str, rows: list[str], col: str) -> str:
    """The rows' names if every one of their cells in ``col`` is blank, else ""."""
    if not all(report.cell(table, r, col) is None for r in rows):
        return ""
    tdef = report.format.table(table)
    return _short("、".join(_row_label(tdef, r) for r in rows), len(rows))


def _short(parts: str, count: int) -> str:
    return parts if count <= 4 else f"各办理结果（{count} 项）"


def _per_row(report: ReportData, rule: dict[str, Any]) -> list[Finding]:
    table = rule["table"]
    tdef = report.format.table(table)
    out = []
    target = rule["lhs"][0]
    for rkey, cols in report.tables.get(table, {}).items():
        if target not in cols:
            continue
        parts = [c for c in rule["rhs"] if c in cols]
        summed = sum(_num(cols[c]) for c in parts)
        if cols[target] is None:
            # A blank total is not a total of 0: the row cannot be checked; say what it implies.
            out.append(_blank_total(tdef, rule, rkey, target, summed))
            continue
        total = _num(cols[target])
        if total == summed:
            continue
        blank = _blank_note(report, table, [(rkey, c) for c in [target, *parts]])
        names = "、".join(_col_label(tdef, c) for c in parts)
        msg = (
            f"{_table_name(tdef)}“{_row_label(tdef, rkey)}”行：{_col_label(tdef, target)}为 {_out(total)}，"
            f"但{names}之和为 {_out(summed)}{blank}。{rule['text']}。"
        )
        out.append(Finding(rule["id"], ERROR, table, rkey, target, _out(summed), _out(total), msg))
    return out


def _blank_total(
    tdef: TableDef, rule: dict[str, Any], rkey: str, target: str, summed: int | Decimal
) -> Finding:
    msg = (
        f"{_table_name(tdef)}“{_row_label(tdef, rkey)}”行：{_col_label(tdef, target)}为空白，"
        f"本行未按“{rule['text']}”核对（各项之和为 {_out(summed)}，空白项按 0 计）。"
    )
    return Finding("blank", WARNING, tdef.key, rkey, target, _out(summed), None, msg)


def _blank_totals(report: ReportData) -> set[tuple[str, str, str]]:
    """(table, row, column) of the blank totals of per-row rules: reported by the rule."""
    out = set()
    for rule in report.format.rules:
        if rule["kind"] != "per_row":
            continue
        target = rule["lhs"][0]
        for rkey, cols in report.tables.get(rule["table"], {}).items():
            if target in cols and cols[target] is None:
                out.add((rule["table"], rkey, target))
    return out


def _previous_year(report: ReportData, previous: ReportData, rule: dict[str, Any]) -> list[Finding]:
    table = rule["table"]
    tdef = report.format.table(table)
    out = []
    for col in tdef.columns:
        now = report.cell(table, rule["row"], col.key)
        before = previous.cell(table, rule["previous_row"], col.key)
        if now is None or before is None or now == before:
            continue
        msg = (
            f"{_table_name(tdef)}“{col.label}”列：本年“上年结转”为 {_out(now)}，"
            f"但 {previous.year or '上一'} 年报告的“结转下年度继续办理”为 {_out(before)}。{rule['text']}。"
        )
        out.append(
            Finding(rule["id"], ERROR, table, rule["row"], col.key, _out(before), _out(now), msg)
        )
    return out


def _stock_roll_forward(
    report: ReportData, previous: ReportData, rule: dict[str, Any]
) -> list[Finding]:
    """R8 (2019 format): last year's 上一年项目数量 + 本年增/减 = this year's 上一年项目数量."""
    if previous.format_id != report.format_id:
        return []
    table = rule["table"]
    tdef = report.format.table(table)
    prev_col, change_col = rule["previous_count"], rule["change"]
    out = []
    for rkey, cols in report.tables.get(table, {}).items():
        now = cols.get(prev_col)
        before = previous.cell(table, rkey, prev_col)
        delta = previous.cell(table, rkey, change_col)
        if now is None or before is None or delta is None or before + delta == now:
            continue
        msg = (
            f"{_table_name(tdef)}“{_row_label(tdef, rkey)}”行：本年“上一年项目数量”为 {_out(now)}，"
            f"但上一年报告为 {_out(before)}、增减 {_out(delta):+}，应为 {_out(before + delta)}。{rule['text']}。"
        )
        out.append(
            Finding(rule["id"], ERROR, table, rkey, prev_col, _out(before + delta), _out(now), msg)
        )
    return out


def _in_force_roll_forward(
    report: ReportData, previous: ReportData, rule: dict[str, Any]
) -> list[Finding]:
    """R9 (2021 format, warning): 现行有效 ≈ last year's + 制发 − 废止 (制发 may include 修订)."""
    if previous.format_id != report.format_id:
        return []
    table = rule["table"]
    tdef = report.format.table(table)
    out = []
    for rkey, cols in report.tables.get(table, {}).items():
        if rule["in_force"] not in cols:
            continue
        now = cols.get(rule["in_force"])
        before = previous.cell(table, rkey, rule["in_force"])
        issued, repealed = cols.get(rule["issued"]), cols.get(rule["repealed"])
        if now is None or before is None or issued is None or repealed is None:
            continue
        expected = before + issued - repealed
        if expected == now:
            continue
        msg = (
            f"{_table_name(tdef)}“{_row_label(tdef, rkey)}”行：现行有效件数为 {_out(now)}，"
            f"按上一年 {_out(before)} + 制发 {_out(issued)} − 废止 {_out(repealed)} 应约为 {_out(expected)}。"
            f"{rule['text']}。"
        )
        out.append(
            Finding(
                rule["id"],
                rule.get("severity", WARNING),
                table,
                rkey,
                rule["in_force"],
                _out(expected),
                _out(now),
                msg,
            )
        )
    return out
