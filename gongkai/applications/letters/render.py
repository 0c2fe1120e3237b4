"""A frozen letter as a file: DOCX (python-docx) or PDF (WeasyPrint), laid out as 公文.

Both formats use the annual report's GB/T 9704 page and type (``gongkai.annual_report.render``):
A4, margins 37/35/28/26 mm (top/bottom/left/right), the title in 方正小标宋简体 二号 (falling back
to Noto CJK in the PDF), the body in 仿宋_GB2312 三号 with a two-character first-line indent and
a 28 pt line pitch, page numbers "— N —" in the outside corner. Under the title comes the 文号,
centred; the salutation starts at the margin; the 落款 and the date are right-aligned, four
characters in (成文日期右空四字).

Only the stored text is printed (``Letter.title``, ``number``, ``body``): a letter looks the same
whenever it is downloaded, whatever the agency changed since. A withdrawn letter (作废) still
prints, for the record, under a line "本文书已于2025年3月5日作废：<理由>" above the title (黑体,
red), and its file name ends in "（已作废）", so a copy cannot pass for a valid one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO

from django.template.loader import render_to_string

from gongkai.annual_report.render import FORMATS as REPORT_FORMATS
from gongkai.annual_report.render import RenderError as ReportRenderError
from gongkai.annual_report.render.layout import clean_text
from gongkai.applications.letters.context import text_lines
from gongkai.applications.models import Letter
from gongkai.statute.clock import format_date_zh

# A date line as ``compose_body`` writes it: 2026年3月2日.
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
FORMATS = {key: REPORT_FORMATS[key] for key in ("docx", "pdf")}


class RenderError(ReportRenderError):
    """A letter cannot be rendered in the asked format; the message is for the user.

    A subclass of the report's ``RenderError``, so a download view catching that one also
    shows this message instead of a traceback.
    """


@dataclass(frozen=True)
class LetterLayout:
    """The printed parts of a letter, read back from its frozen text."""

    title_lines: tuple[str, ...]
    number: str
    salutation: str
    paragraphs: tuple[str, ...]
    signature: str
    date: str
    withdrawal: str = ""  # the 已作废 line, "" for a letter in force


def withdrawal_line(letter: Letter) -> str:
    """ "本文书已于2025年3月5日作废：理由" for a withdrawn letter, "" otherwise."""
    if letter.withdrawn_on is None:
        return ""
    reason = " ".join(text_lines(clean_text(letter.withdrawal_reason or "")))
    when = f"本文书已于{format_date_zh(letter.withdrawn_on)}作废"
    return f"{when}：{reason}" if reason else f"{when}。"


def title_lines(title: str) -> tuple[str, ...]:
    """The title in one or two lines: "盐池县科学技术局" / "政府信息公开申请答复书" (the agency on
    a line of its own, as the annual report prints it)."""
    title = clean_text(title).strip()
    at = title.find("政府信息")
    if at > 0:
        return (title[:at], title[at:])
    return (title,)


def letter_layout(letter: Letter) -> LetterLayout:
    """Split ``letter.body`` (see ``services.compose_body``) into salutation, paragraphs,
    落款 and date. A body edited by other means still prints: without a closing block every
    line is a paragraph."""
    body = clean_text(letter.body)
    main, sep, closing = body.rpartition("\n\n")
    closing_lines = text_lines(closing) if sep else []
    if not sep or not closing_lines or not _DATE_LINE.match(closing_lines[-1]):
        main, closing_lines = body, []
    lines = text_lines(main)
    salutation = ""
    if lines and lines[0].endswith(("：", ":")) and len(lines[0]) <= 60:
        salutation, lines = lines[0], lines[1:]
    date = closing_lines[-1] if closing_lines else ""
    signature = "".join(closing_lines[:-1])
    return LetterLayout(
        title_lines=title_lines(letter.title),
        number=clean_text(letter.number),
        salutation=salutation,
        paragraphs=tuple(lines),
        signature=signature,
        date=date,
        withdrawal=withdrawal_line(letter),
    )


def letter_filename(letter: Letter, fmt: str) -> str:
    """A download name such as "盐科公复〔2026〕3号.docx" (characters file systems refuse removed)."""
    stem = _UNSAFE_FILENAME.sub("", f"{letter.number}{letter.get_kind_display()}") or "文书"
    if letter.withdrawn_on is not None:
        stem += "（已作废）"
    return stem + FORMATS[fmt].extension


def render_letter(letter: Letter, fmt: str) -> bytes:
    """``letter`` as a file of format ``fmt`` ("docx" or "pdf"), as bytes.

    Raises ``RenderError`` for another format, or for a PDF on a machine without a Chinese font.
    """
    key = (fmt or "").strip().lower().lstrip(".")
    if key == "docx":
        return _docx(letter_layout(letter), letter.title)
    if key == "pdf":
        return _pdf(letter_layout(letter), letter.title)
    raise RenderError(f"不支持的文书格式：{fmt!r}（可用格式：{'、'.join(FORMATS)}）")


def _docx(layout: LetterLayout, title: str) -> bytes:
    # The annual report's official-document styles and page; imported here, as python-docx is
    # only needed when a DOCX is asked for.
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    from gongkai.annual_report.render.docx import (
        BODY_FONT,
        BODY_SIZE,
        HEI_FONT,
        TITLE_FONT,
        _page_setup,
        _run,
        _setup_styles,
    )

    doc = Document()
    _setup_styles(doc)
    _page_setup(doc)
    doc.core_properties.title = clean_text(title) + ("（已作废）" if layout.withdrawal else "")
    doc.core_properties.language = "zh-CN"
    if layout.withdrawal:
        mark = doc.add_paragraph()
        mark.paragraph_format.first_line_indent = Pt(0)
        run = _run(mark, layout.withdrawal, HEI_FONT)
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    for line in layout.title_lines:
        _run(doc.add_paragraph(style="Title"), line, TITLE_FONT)
    number = doc.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.first_line_indent = Pt(0)
    _run(number, layout.number, BODY_FONT)
    doc.add_paragraph()  # one blank line between the 文号 and the salutation
    if layout.salutation:
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(0)  # 顶格
        _run(p, layout.salutation, BODY_FONT)
    for text in layout.paragraphs:
        _run(doc.add_paragraph(), text, BODY_FONT)
    if layout.signature or layout.date:
        doc.add_paragraph()
    for text in (layout.signature, layout.date):
        if not text:
            continue
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.right_indent = BODY_SIZE * 4  # 右空四字
        _run(p, text, BODY_FONT)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def letter_html(layout: LetterLayout, title: str) -> str:
    """The standalone HTML the PDF is printed from (fonts of the annual report's HTML)."""
    from gongkai.annual_report.render.html import (
        BODY_FONT,
        HEI_FONT,
        PAGE_NUMBER_FONT,
        TITLE_FONT,
    )

    return render_to_string(
        "applications/letters/letter.html",
        {
            "layout": layout,
            "title": clean_text(title) + ("（已作废）" if layout.withdrawal else ""),
            "fonts": {
                "title": TITLE_FONT,
                "body": BODY_FONT,
                "page_number": PAGE_NUMBER_FONT,
                "mark": HEI_FONT,
            },
        },
    )


def _pdf(layout: LetterLayout, title: str) -> bytes:
    from gongkai.annual_report.render.pdf import NO_FONT_MESSAGE, cjk_font_installed

    if not cjk_font_installed():
        raise RenderError(NO_FONT_MESSAGE)
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return HTML(string=letter_html(layout, title)).write_pdf()
