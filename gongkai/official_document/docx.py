"""A 公文 as a python-docx ``Document``: styles, page, title, 文号, paragraphs, signature.

``new_document(title)`` gives an A4 document with the GB/T 9704 page, the styles "Normal"
(仿宋_GB2312 三号, first-line indent two characters, exact 28 pt pitch, justified) and "Title"
(方正小标宋简体 二号, centred) and page numbers "— N —" in the outside corner. Fonts are declared
for East Asian text (``w:eastAsia`` on every style and run), the East Asian language is zh-CN
(else LibreOffice uses Japanese punctuation forms) and the default template's theme-font
attributes are removed (Word prefers a theme font to the named one).

``add_signature_block`` keeps the last body paragraph, the room for the seal, the 署名 and the
成文日期 on one page (keep-with-next and keep-together), as 7.3.5 requires.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Protocol, overload

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from . import layout
from .layout import (
    BODY_FONT,
    PAGE_NUMBER_FONT,
    TITLE_FONT,
    clean_text,
    signature_offsets,
    text_width_em,
)

BODY_SIZE = Pt(layout.BODY_SIZE_PT)
TITLE_SIZE = Pt(layout.TITLE_SIZE_PT)
LINE_PITCH = Pt(layout.LINE_PITCH_PT)
TEXT_WIDTH = Mm(layout.TEXT_WIDTH_MM)
PAGE_NUMBER_SIZE = Pt(layout.PAGE_NUMBER_SIZE_PT)

_THEME_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))


class RPrOwner(Protocol):
    """An element with run properties: a style's ``w:style`` or a run's ``w:r``."""

    def get_or_add_rPr(self) -> CT_RPr: ...


def set_fonts(rpr_owner: RPrOwner, name: str) -> None:
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


def set_lang(rpr: BaseOxmlElement) -> None:
    """Declare zh-CN as the East Asian language of ``rpr``."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


@overload
def style(
    doc: DocxDocument,
    name: str,
    font: str,
    size: Length,
    *,
    base: str | None = ...,
    paragraph: Literal[True] = ...,
) -> ParagraphStyle: ...


@overload
def style(
    doc: DocxDocument,
    name: str,
    font: str,
    size: Length,
    *,
    base: str | None = ...,
    paragraph: Literal[False],
) -> CharacterStyle: ...


def style(
    doc: DocxDocument,
    name: str,
    font: str,
    size: Length,
    *,
    base: str | None = "Normal",
    paragraph: bool = True,
) -> ParagraphStyle | CharacterStyle:
    """The style ``name`` (created if missing) in ``font`` at ``size``, black, upright."""
    styles = doc.styles
    # python-docx leaves Styles.__getitem__ and add_style untyped; a paragraph or character
    # style is what either gives for the names and kinds used here.
    found: ParagraphStyle | CharacterStyle
    try:
        found = styles[name]
    except KeyError:
        kind = WD_STYLE_TYPE.PARAGRAPH if paragraph else WD_STYLE_TYPE.CHARACTER
        found = styles.add_style(name, kind)
        if base:
            found.base_style = styles[base]
    found.font.size = size
    found.font.bold = False
    found.font.italic = False
    found.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(found.element, font)
    set_lang(found.element.get_or_add_rPr())
    return found


def setup_styles(doc: DocxDocument) -> None:
    """The "Normal" and "Title" styles of a 公文; theme fonts and Japanese defaults removed."""
    # Theme fonts also sit on the document defaults and on styles we never touch.
    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(attr, None)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            set_lang(rpr)
    # The template declares Japanese as the theme's East Asian language.
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")

    normal = style(doc, "Normal", BODY_FONT, BODY_SIZE, base=None)
    pf = normal.paragraph_format
    pf.first_line_indent = BODY_SIZE * 2
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE_PITCH
    pf.space_before = pf.space_after = Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True

    title = style(doc, "Title", TITLE_FONT, TITLE_SIZE)
    tpf = title.paragraph_format
    tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tpf.first_line_indent = Pt(0)
    tpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    tpf.line_spacing = Pt(layout.TITLE_PITCH_PT)
    tpf.space_before = tpf.space_after = Pt(0)
    tpf.keep_with_next = True
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):  # the default Title has a rule under it
        ppr.remove(border)


def add_run(
    paragraph: Paragraph,
    text: str,
    font: str = BODY_FONT,
    size: Length | None = None,
    style: str | CharacterStyle | None = None,
) -> Run:
    """A run of ``text`` in ``font`` (declared for every script) appended to ``paragraph``."""
    run = paragraph.add_run(clean_text(text), style=style)
    set_fonts(run._r, font)
    if size is not None:
        run.font.size = size
    return run


def page_setup(doc: DocxDocument) -> None:
    """A4, the 9704 margins, page numbers "— N —": right on odd pages, left on even ones."""
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(layout.PAGE_WIDTH_MM), Mm(layout.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = (
        Mm(layout.MARGIN_TOP_MM),
        Mm(layout.MARGIN_BOTTOM_MM),
    )
    section.left_margin, section.right_margin = (
        Mm(layout.MARGIN_LEFT_MM),
        Mm(layout.MARGIN_RIGHT_MM),
    )
    section.footer_distance = Mm(layout.FOOTER_DISTANCE_MM)
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
            pf.right_indent = PAGE_NUMBER_SIZE
        else:
            pf.left_indent = PAGE_NUMBER_SIZE
        add_run(p, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        add_field(p, "PAGE")
        add_run(p, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (e.g. PAGE), shown as "1" until the reader updates it."""
    # (field character type, text): each part is one or the other, "" for the absent one.
    parts = (
        ("begin", ""),
        ("", f" {instruction} "),
        ("separate", ""),
        ("", "1"),
        ("end", ""),
    )
    for char_type, text in parts:
        run = add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
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


def new_document(title: str) -> DocxDocument:
    """An empty 公文 (styles, page, zh-CN) whose document property "title" is ``title``."""
    doc = Document()
    setup_styles(doc)
    page_setup(doc)
    doc.core_properties.title = clean_text(title)
    doc.core_properties.language = "zh-CN"
    return doc


def add_title(doc: DocxDocument, lines: Iterable[str]) -> None:
    """The title, one "Title" paragraph per line (kept with what follows)."""
    for line in lines:
        add_run(doc.add_paragraph(style="Title"), line, TITLE_FONT)


def add_number_line(doc: DocxDocument, number: str) -> None:
    """The 文号, centred under the title, then one blank line (kept with the text below)."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.keep_with_next = True
    add_run(p, number)
    doc.add_paragraph().paragraph_format.keep_with_next = True


def add_paragraph(
    doc: DocxDocument, text: str, *, indent: bool = True, font: str = BODY_FONT
) -> Paragraph:
    """A body paragraph: first line indented two characters, or 顶格 (``indent=False``, the
    salutation)."""
    p = doc.add_paragraph()
    if not indent:
        p.paragraph_format.first_line_indent = Pt(0)
    add_run(p, text, font)
    return p


def add_signature_block(
    doc: DocxDocument, last_paragraph: Paragraph | None, signature: str, date: str | None
) -> None:
    """The 署名 (one line per line of ``signature``) and 成文日期 (``None`` or "" for none)
    after ``last_paragraph`` (the last body paragraph, or ``None``), with ``SEAL_ROOM_LINES``
    blank lines for the seal.

    The chain last paragraph → blank lines → 署名 → date is keep-with-next and each is kept
    together, so Word and LibreOffice move the last paragraph to the next page rather than
    leave the signature alone there (7.3.5: never a page with a signature and no text).
    """
    names = [line.strip() for line in clean_text(signature).splitlines() if line.strip()]
    date = clean_text(date).strip()
    if not (names or date):
        return
    if last_paragraph is not None:
        last_paragraph.paragraph_format.keep_with_next = True
        last_paragraph.paragraph_format.keep_together = True
    for _line in range(layout.SEAL_ROOM_LINES):
        doc.add_paragraph().paragraph_format.keep_with_next = True
    widest = max(names, key=text_width_em, default="")
    lines = [(name, signature_offsets(name, date).signature) for name in names]
    if date:
        lines.append((date, signature_offsets(widest, date).date))
    for i, (text, right) in enumerate(lines):
        p = doc.add_paragraph()
        pf = p.paragraph_format
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pf.first_line_indent = Pt(0)
        pf.right_indent = Pt(layout.BODY_SIZE_PT * right)
        pf.keep_together = True
        pf.keep_with_next = i < len(lines) - 1
        add_run(p, text)
