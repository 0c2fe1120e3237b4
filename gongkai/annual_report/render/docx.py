"""DOCX output (python-docx), laid out as an official document (GB/T 9704).

A4 with margins 37/35/28/26 mm (top/bottom/left/right); the title centred in 方正小标宋简体 二号
(22 pt); body 仿宋_GB2312 三号 (16 pt) with a first-line indent of two characters and an exact
28 pt line pitch; 一、 headings (style "Heading 1") in 黑体 and （一） headings ("Heading 2", or a
run-in run) in 楷体_GB2312; page numbers "— N —" in the footer, right on odd and left on even
pages. Tables are real Word tables, one number per cell, with the merged header cells of the
format (computed in ``layout``, as for HTML and XLSX), text centred, 仿宋 10.5 pt.

Fonts are declared for East Asian text (``w:eastAsia`` on every style and run), the East
Asian language is zh-CN (else LibreOffice uses Japanese punctuation forms), and the default
template's theme-font attributes are removed (Word prefers a theme font to the named one).
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..model import ReportData
from .layout import Grid, clean_text, document_title, paragraphs, table_grids, title_lines

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
TABLE_FONT = "仿宋_GB2312"

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(10.5)  # 五号
LINE_PITCH = Pt(28)
TEXT_WIDTH = Mm(210 - 28 - 26)

_THEME_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))


def _set_fonts(rpr_owner, name: str) -> None:
    """Name ``name`` for every script on a style's or run's rPr, theme fonts removed."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(attr, None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)


def _set_lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(doc, name: str, font: str, size, *, base: str | None = "Normal", paragraph=True):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        kind = WD_STYLE_TYPE.PARAGRAPH if paragraph else WD_STYLE_TYPE.CHARACTER
        style = styles.add_style(name, kind)
        if base:
            style.base_style = styles[base]
    style.font.size = size
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element, font)
    _set_lang(style.element.get_or_add_rPr())
    return style


def _setup_styles(doc) -> None:
    # Theme fonts also sit on the document defaults and on styles we never touch.
    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(attr, None)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _set_lang(rpr)
    # The template declares Japanese as the theme's East Asian language.
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")

    normal = _style(doc, "Normal", BODY_FONT, BODY_SIZE, base=None)
    pf = normal.paragraph_format
    pf.first_line_indent = BODY_SIZE * 2
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE_PITCH
    pf.space_before = pf.space_after = Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True

    title = _style(doc, "Title", TITLE_FONT, TITLE_SIZE)
    tpf = title.paragraph_format
    tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tpf.first_line_indent = Pt(0)
    tpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    tpf.line_spacing = Pt(36)
    tpf.space_before = tpf.space_after = Pt(0)
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):  # the default Title has a rule under it
        ppr.remove(border)

    for name, font in (("Heading 1", HEI_FONT), ("Heading 2", KAI_FONT)):
        heading = _style(doc, name, font, BODY_SIZE)
        hpf = heading.paragraph_format
        hpf.first_line_indent = BODY_SIZE * 2
        hpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        hpf.line_spacing = LINE_PITCH
        hpf.space_before = hpf.space_after = Pt(0)
        hpf.keep_with_next = True

    table = _style(doc, "Report Table Text", TABLE_FONT, TABLE_SIZE)
    tpf = table.paragraph_format
    tpf.first_line_indent = Pt(0)
    tpf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _style(doc, "Run-in Heading", KAI_FONT, BODY_SIZE, base=None, paragraph=False)


def _run(paragraph, text: str, font: str, size=None, style=None):
    run = paragraph.add_run(text, style=style)
    _set_fonts(run._r, font)
    if size is not None:
        run.font.size = size
    return run


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The number sits about 7 mm under the text block (GB/T 9704 7.5).
    section.footer_distance = Mm(20)
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        p.alignment = align
        pf = p.paragraph_format
        pf.first_line_indent = Pt(0)
        # 单页码居右空一字，双页码居左空一字.
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            pf.right_indent = Pt(14)
        else:
            pf.left_indent = Pt(14)
        _run(p, "— ", PAGE_NUMBER_FONT, Pt(14))
        _field(p, "PAGE")
        _run(p, " —", PAGE_NUMBER_FONT, Pt(14))


def _field(paragraph, instruction: str) -> None:
    """A Word field (e.g. PAGE), shown as "1" until the reader updates it."""
    parts = (
        ("begin", None),
        (None, f" {instruction} "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    )
    for char_type, text in parts:
        run = _run(paragraph, "", PAGE_NUMBER_FONT, Pt(14))
        if char_type:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), char_type)
            run._r.append(fld)
        elif text.strip() == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def _table(doc, grid: Grid) -> None:
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
            _run(p, gc.text, TABLE_FONT)


def build(report: ReportData):
    """The python-docx ``Document`` of ``report`` (``render`` saves it)."""
    doc = Document()
    _setup_styles(doc)
    _page_setup(doc)
    doc.core_properties.title = document_title(report)
    doc.core_properties.language = "zh-CN"
    # The default template starts with no paragraph; each add_paragraph appends to the body.
    for line in title_lines(report):
        _run(doc.add_paragraph(style="Title"), line, TITLE_FONT)
    doc.add_paragraph(style="Title")  # one blank title-size line under the title
    for para in paragraphs(report.preamble):
        _run(doc.add_paragraph(), para.head + para.body, BODY_FONT)
    grids = table_grids(report)
    for section in report.format.sections:
        _run(doc.add_paragraph(style="Heading 1"), section.heading, HEI_FONT)
        for para in paragraphs(report.sections.get(section.key, "")):
            if para.standalone_heading:
                _run(doc.add_paragraph(style="Heading 2"), para.head, KAI_FONT)
                continue
            p = doc.add_paragraph()
            if para.head:
                _run(p, para.head, KAI_FONT, style="Run-in Heading")
            _run(p, para.body, BODY_FONT)
        # The tables share their key with the section that prints them (表二 in 二, …).
        if section.key in grids:
            _table(doc, grids[section.key])
    for line in clean_text(report.signature).splitlines():
        if line.strip():
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(p, line.strip(), BODY_FONT)
    if report.date:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, clean_text(report.date), BODY_FONT)
    return doc


def render(report: ReportData) -> bytes:
    out = BytesIO()
    build(report).save(out)
    return out.getvalue()
