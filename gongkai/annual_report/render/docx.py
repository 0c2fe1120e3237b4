"""DOCX output (python-docx), laid out as an official document (GB/T 9704).

The page, the type, the title and the signature block are the official-document layout of
``gongkai.official_document.docx`` (A4, margins 37/35/28/26 mm, title 方正小标宋简体 二号, body
仿宋_GB2312 三号 on an exact 28 pt pitch, page numbers "— N —" in the outside corner). Added
here: 一、 headings (style "Heading 1") in 黑体 and （一） headings ("Heading 2", or a run-in
run) in 楷体_GB2312. Tables are real Word tables, one number per cell, with the merged header
cells of the format (computed in ``layout``, as for HTML and XLSX), text centred, 仿宋 10.5 pt.
"""

from __future__ import annotations

from io import BytesIO

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.shared import Pt

from gongkai.official_document.docx import (
    BODY_SIZE,
    LINE_PITCH,
    TEXT_WIDTH,
    add_run,
    add_signature_block,
    add_title,
    new_document,
    style,
)
from gongkai.official_document.layout import BODY_FONT, HEI_FONT, KAI_FONT

from ..model import ReportData
from .layout import Grid, document_title, paragraphs, table_grids, title_lines

TABLE_FONT = BODY_FONT
TABLE_SIZE = Pt(10.5)  # 五号


def _setup_report_styles(doc: DocxDocument) -> None:
    """The report's own styles on top of the 公文 ones: headings, table text, run-in heads."""
    for name, font in (("Heading 1", HEI_FONT), ("Heading 2", KAI_FONT)):
        heading = style(doc, name, font, BODY_SIZE)
        hpf = heading.paragraph_format
        hpf.first_line_indent = BODY_SIZE * 2
        hpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        hpf.line_spacing = LINE_PITCH
        hpf.space_before = hpf.space_after = Pt(0)
        hpf.keep_with_next = True

    table = style(doc, "Report Table Text", TABLE_FONT, TABLE_SIZE)
    tpf = table.paragraph_format
    tpf.first_line_indent = Pt(0)
    tpf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER

    style(doc, "Run-in Heading", KAI_FONT, BODY_SIZE, base=None, paragraph=False)


def _table(doc: DocxDocument, grid: Grid) -> None:
    table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(grid.widths)
    widths = [int(TEXT_WIDTH * w / total) for w in grid.widths]
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    # Every cell is distinct before merging; a merge keeps the top-left cell's element, and
    # the merged areas never overlap, so these references stay valid throughout.
    cells = [list(row.cells) for row in table.rows]
    # Set through the XML: python-docx's paragraph.style looks the style up on every call.
    style_id = doc.styles["Report Table Text"].style_id
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            cell.width = widths[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.paragraphs[0]._p.style = style_id
        if r < grid.header_rows:  # repeat the header rows on each page
            trpr = table.rows[r]._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:tblHeader"))
    for gc in grid.cells:
        cell = cells[gc.row][gc.col]
        if gc.rowspan > 1 or gc.colspan > 1:
            cell = cell.merge(cells[gc.row + gc.rowspan - 1][gc.col + gc.colspan - 1])
        p = cell.paragraphs[0]
        # One-row labels read left to right; labels spanning rows stay centred.
        if (gc.scope == "row" and gc.rowspan == 1) or (gc.header and gc.scope is None):
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if gc.text:
            add_run(p, gc.text, TABLE_FONT)


def build(report: ReportData) -> DocxDocument:
    """The python-docx ``Document`` of ``report`` (``render`` saves it)."""
    doc = new_document(document_title(report))
    _setup_report_styles(doc)
    # The default template starts with no paragraph; each add_paragraph appends to the body.
    add_title(doc, title_lines(report))
    doc.add_paragraph(style="Title")  # one blank title-size line under the title
    last = None
    for para in paragraphs(report.preamble):
        last = doc.add_paragraph()
        add_run(last, para.head + para.body, BODY_FONT)
    grids = table_grids(report)
    for section in report.format.sections:
        add_run(doc.add_paragraph(style="Heading 1"), section.heading, HEI_FONT)
        last = None
        for para in paragraphs(report.sections.get(section.key, "")):
            if para.standalone_heading:
                add_run(doc.add_paragraph(style="Heading 2"), para.head, KAI_FONT)
                continue
            last = doc.add_paragraph()
            if para.head:
                add_run(last, para.head, KAI_FONT, style="Run-in Heading")
            add_run(last, para.body, BODY_FONT)
        # The tables share their key with the section that prints them (表二 in 二, …).
        if section.key in grids:
            _table(doc, grids[section.key])
            last = None
    add_signature_block(doc, last, report.signature, report.date)
    return doc


def render(report: ReportData) -> bytes:
    out = BytesIO()
    build(report).save(out)
    return out.getvalue()
