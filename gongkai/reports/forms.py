"""Back-office forms of the annual report, built from the report's format definition.

``SectionsForm``: the preamble and one textarea per section, labelled with the section heading.
``FiguresForm``: one input per cell of the tables a clerk enters (all three for a recorded year,
表二 only for a computed one), labelled from the format; ``grids()`` lays them out as tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms

from gongkai.annual_report.formats import ReportFormat, TableDef, get_format
from gongkai.annual_report.model import format_cell
from gongkai.reports.figures import parse_cell, table_name
from gongkai.reports.models import ENTERED_TABLES, AnnualReport, ReportBasis


class SectionsForm(forms.Form):
    preamble = forms.CharField(
        label="开头语",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例如“根据《中华人民共和国政府信息公开条例》第五十条之规定，制作本报告。”",
    )

    def __init__(self, *args, report: AnnualReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.fmt: ReportFormat = report_format(report)
        self.fields["preamble"].initial = report.preamble
        stored = report.sections or {}
        for section in self.fmt.sections:
            self.fields[f"section_{section.key}"] = forms.CharField(
                label=section.heading,
                required=False,
                initial=stored.get(section.key, ""),
                widget=forms.Textarea(attrs={"rows": 12 if section.key == "overview" else 5}),
                help_text=_SECTION_HELP.get(section.key, ""),
            )

    def sections(self) -> dict[str, str]:
        return {s.key: self.cleaned_data[f"section_{s.key}"] for s in self.fmt.sections}


_SECTION_HELP = {
    "proactive": "本部分以表二为主；如无需文字说明可留空。",
    "applications": "本部分以表三为主；如无需文字说明可留空。",
    "appeals": "本部分以表四为主；如无需文字说明可留空。",
    "other_matters": "没有其他需要报告的事项时填“无”。",
}


def report_format(report: AnnualReport) -> ReportFormat:
    return get_format(report.format_id)


@dataclass
class GridBlock:
    label: str
    columns: list[str]
    rows: list[tuple[str, list[forms.BoundField]]] = field(default_factory=list)


@dataclass
class Grid:
    key: str
    title: str
    blocks: list[GridBlock]


def _field_name(table: str, row: str, column: str) -> str:
    return f"{table}-{row}-{column}"


class FiguresForm(forms.Form):
    """A grid of cells. An empty input is a blank cell; bad input gets a Chinese message."""

    def __init__(self, *args, report: AnnualReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fmt = report_format(report)
        self.tables = ENTERED_TABLES[ReportBasis(report.basis)]
        self._cells: dict[str, tuple[str, str, str, str]] = {}
        stored = report.figures or {}
        for tkey in self.tables:
            tdef = self.fmt.table(tkey)
            for row in self._rows(tdef):
                for ckey in tdef.columns_of(row.key):
                    col = tdef.column(ckey)
                    name = _field_name(tkey, row.key, ckey)
                    value = stored.get(tkey, {}).get(row.key, {}).get(ckey)
                    self.fields[name] = forms.CharField(
                        label=f"{table_name(tdef)}“{row.full_label}”行“{col.label}”列",
                        required=False,
                        initial="" if value is None else format_cell(value, "count"),
                        widget=forms.NumberInput(attrs=_input_attrs(col.type)),
                    )
                    self._cells[name] = (tkey, row.key, ckey, col.type)

    def _rows(self, tdef: TableDef):
        return tdef.rows_for_variant((self.report.variants or {}).get(tdef.key))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for name, (_t, _r, _c, col_type) in self._cells.items():
            raw = cleaned.get(name, "")
            try:
                parse_cell(raw, col_type)
            except ValueError as exc:
                self.add_error(name, f"“{raw}”{exc}。")
        return cleaned

    def tables_data(self) -> dict[str, dict[str, dict[str, str]]]:
        """The entered values in the canonical shape, as typed (the service parses them)."""
        out: dict[str, dict[str, dict[str, str]]] = {t: {} for t in self.tables}
        for name, (tkey, rkey, ckey, _type) in self._cells.items():
            out[tkey].setdefault(rkey, {})[ckey] = self.cleaned_data.get(name, "")
        return out

    def grids(self) -> list[Grid]:
        grids = []
        for tkey in self.tables:
            tdef = self.fmt.table(tkey)
            blocks = [
                GridBlock(b.label, [tdef.column(c).label for c in b.columns]) for b in tdef.blocks
            ] or [GridBlock("", [c.label for c in tdef.columns])]
            for row in self._rows(tdef):
                block_index = next((i for i, b in enumerate(tdef.blocks) if row.key in b.rows), 0)
                cells = [self[_field_name(tkey, row.key, c)] for c in tdef.columns_of(row.key)]
                label = " ".join(x for x in (row.group, row.subgroup, row.full_label) if x)
                blocks[block_index].rows.append((label if tkey != "appeals" else row.label, cells))
            grids.append(Grid(tkey, table_name(tdef), blocks))
        return grids


def _input_attrs(col_type: str) -> dict[str, str]:
    if col_type == "decimal":
        return {"step": "any", "min": "0", "class": "figure-input"}
    if col_type == "signed":
        return {"step": "1", "class": "figure-input"}
    return {"step": "1", "min": "0", "class": "figure-input"}
