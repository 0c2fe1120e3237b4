"""XLSX output (openpyxl): one sheet per table plus a "报告信息" sheet.

Sheets "表二 主动公开", "表三 申请处理", "表四 复议诉讼" draw the grids of ``layout`` (the same
merged headers as the HTML and DOCX); numbers are stored as numbers (a signed change shows
its sign through the number format, amounts keep their decimals), blank cells stay empty.
"报告信息" gives the agency, year, title, format name and its 文号.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..model import ReportData
from .layout import Grid, clean_text, document_title, table_grids

SHEET_NAMES = {
    "proactive": "表二 主动公开",
    "applications": "表三 申请处理",
    "appeals": "表四 复议诉讼",
}
INFO_SHEET = "报告信息"

_FONT = Font(name="仿宋_GB2312", size=11)
_SIDE = Side(style="thin", color="000000")
_BORDER = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
# "+3" / "-2" / "0" as printed in the 2019 表二 本年增/减 column.
_SIGNED = "+0;-0;0"


def _sheet(wb: Workbook, grid: Grid) -> None:
    ws = wb.create_sheet(SHEET_NAMES[grid.key])
    for c, width in enumerate(grid.widths, start=1):
        # Grid widths are in characters of CJK text, about two spreadsheet units each.
        ws.column_dimensions[get_column_letter(c)].width = max(6.0, width * 2.1)
    for r in range(1, grid.n_rows + 1):
        for c in range(1, grid.n_cols + 1):
            cell = ws.cell(r, c)
            cell.border = _BORDER
            cell.font = _FONT
            cell.alignment = _CENTER
    for gc in grid.cells:
        cell = ws.cell(gc.row + 1, gc.col + 1)
        if gc.header:
            cell.value = gc.text or None
            if (gc.scope == "row" and gc.rowspan == 1) or gc.scope is None:
                cell.alignment = _LEFT
        elif gc.value is not None:
            cell.value = gc.value
            if gc.col_type == "signed":
                cell.number_format = _SIGNED
        if gc.rowspan > 1 or gc.colspan > 1:
            ws.merge_cells(
                start_row=gc.row + 1,
                start_column=gc.col + 1,
                end_row=gc.row + gc.rowspan,
                end_column=gc.col + gc.colspan,
            )
    if grid.header_rows:
        ws.freeze_panes = ws.cell(grid.header_rows + 1, 1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if grid.n_cols > 10 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _info(wb: Workbook, report: ReportData) -> None:
    ws = wb.create_sheet(INFO_SHEET)
    fmt = report.format
    rows = [
        ("机关", clean_text(report.agency)),
        ("年度", report.year),
        ("标题", document_title(report)),
        ("报告格式", fmt.name),
        ("文号", fmt.document),
    ]
    for r, (label, value) in enumerate(rows, start=1):
        ws.cell(r, 1, label).font = Font(name="黑体", size=11)
        ws.cell(r, 2, value if value not in ("", None) else None).font = _FONT
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 60


def render(report: ReportData) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for grid in table_grids(report).values():
        _sheet(wb, grid)
    _info(wb, report)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
