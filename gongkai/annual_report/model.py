"""The data of one annual report, independent of where it came from or where it goes.

``ReportData`` is what the importer produces from a published file, what the Django side
produces from its records, what the checks read and what every renderer writes. Its JSON form
(``to_json``) is the shape printed by ``gongkai report check --json`` and
``gongkai report render --format json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .formats import TABLE_KEYS, ReportFormat, RowDef, get_format

# A cell: an integer count, a signed change (2019 表二 本年增/减), a decimal amount (万元 / 元),
# or None for a cell printed blank (blank is not zero: the checks say what they assumed).
Cell = int | Decimal | None
Table = dict[str, dict[str, Cell]]

READ, READ_WITH_ASSUMPTIONS, UNREADABLE = "read", "read_with_assumptions", "unreadable"


@dataclass
class ReportData:
    """One annual report (政府信息公开工作年度报告).

    ``tables`` maps ``proactive`` (表二), ``applications`` (表三) and ``appeals`` (表四) to
    ``{row_key: {column_key: value}}`` with the canonical keys of the format file.
    ``sections`` maps section keys (``overview``, ``proactive``, ``applications``, ``appeals``,
    ``problems``, ``other_matters``) to their narrative text; a section made only of a table may
    be empty. ``variants`` names the layout variants the report uses, per table (e.g.
    ``{"applications": "other_single"}`` when （六）其他处理 is one row in a 2021 report).
    ``notes`` records what an importer or generator decided on the way (split of run-together
    cells, typos accepted) in plain Chinese.
    """

    format_id: str
    year: int | None = None
    agency: str | None = None
    title: str | None = None
    tables: dict[str, Table] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # How each table was read: "read", "read_with_assumptions" (blank cells read as blank, a
    # layout variant, a split chosen by the table's arithmetic) or "unreadable"; the reasons
    # (why unreadable, what was assumed) per table in plain Chinese. A generated report has none.
    tables_status: dict[str, str] = field(default_factory=dict)
    tables_reasons: dict[str, list[str]] = field(default_factory=dict)
    # How each table was read (layouts tried, rows assigned, splits chosen and why), for
    # ``report check --explain``; not part of the report's JSON.
    explain: dict[str, list[str]] = field(default_factory=dict)
    # The preamble before section 一 (the 根据《条例》… sentence), and the signature block.
    preamble: str = ""
    signature: str = ""
    date: str | None = None

    @property
    def format(self) -> ReportFormat:
        return get_format(self.format_id)

    def unreadable_tables(self) -> list[str]:
        """The tables that could not be read (their reasons are in ``tables_reasons``)."""
        return [t for t, s in self.tables_status.items() if s == UNREADABLE]

    def cell(self, table: str, row: str, column: str) -> Cell:
        return self.tables.get(table, {}).get(row, {}).get(column)

    def rows_in_order(self, table: str) -> tuple[RowDef, ...]:
        """The rows of ``table`` in printed order, for this report's layout variant."""
        return self.format.table(table).rows_for_variant(self.variants.get(table))

    @classmethod
    def empty(cls, format_id: str, **kwargs: Any) -> ReportData:
        """A report of the given format with every cell zero (not blank)."""
        report = cls(format_id=format_id, **kwargs)
        fmt = report.format
        for key in TABLE_KEYS:
            tdef = fmt.table(key)
            rows = tdef.rows_for_variant(report.variants.get(key))
            report.tables[key] = {r.key: dict.fromkeys(tdef.columns_of(r.key), 0) for r in rows}
        return report

    def to_json(self) -> dict[str, Any]:
        """The canonical JSON object (numbers as JSON numbers, blanks as null)."""
        out: dict[str, Any] = {
            "format": self.format_id,
            "year": self.year,
            "agency": self.agency,
            "title": self.title,
            "tables": {
                t: {r: {c: _json_cell(v) for c, v in cols.items()} for r, cols in rows.items()}
                for t, rows in self.tables.items()
            },
            "sections": dict(self.sections),
            "variants": dict(self.variants),
            "notes": list(self.notes),
            "preamble": self.preamble,
            "signature": self.signature,
            "date": self.date,
        }
        if (
            self.tables_status
        ):  # an imported report; a generated one has every table by construction
            out["tables_status"] = dict(self.tables_status)
            out["tables_reasons"] = {t: list(r) for t, r in self.tables_reasons.items()}
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportData:
        fmt = get_format(str(data["format"]))
        tables: dict[str, Table] = {}
        for tkey, rows in (data.get("tables") or {}).items():
            tdef = fmt.table(tkey)
            types = {c.key: c.type for c in tdef.columns}
            tables[tkey] = {
                r: {c: _cell_from_json(v, types.get(c, "count")) for c, v in cols.items()}
                for r, cols in rows.items()
            }
        return cls(
            format_id=fmt.id,
            year=data.get("year"),
            agency=data.get("agency"),
            title=data.get("title"),
            tables=tables,
            sections=dict(data.get("sections") or {}),
            variants=dict(data.get("variants") or {}),
            notes=list(data.get("notes") or []),
            tables_status=dict(data.get("tables_status") or {}),
            tables_reasons={t: list(r) for t, r in (data.get("tables_reasons") or {}).items()},
            preamble=str(data.get("preamble") or ""),
            signature=str(data.get("signature") or ""),
            date=data.get("date"),
        )


def _json_cell(value: Cell) -> int | float | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _cell_from_json(value: Any, col_type: str) -> Cell:
    if value is None:
        return None
    if col_type == "decimal":
        return Decimal(str(value))
    return int(value)


def format_cell(value: Cell, col_type: str = "count") -> str:
    """A cell as printed in a report: blank stays blank, signed changes carry their sign."""
    if value is None:
        return ""
    if col_type == "signed" and value > 0:
        return f"+{value}"
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f")
            if value != value.to_integral_value()
            else str(int(value))
        )
    return str(value)
