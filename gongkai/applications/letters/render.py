"""A frozen letter as a file: DOCX (python-docx) or PDF (WeasyPrint), laid out as 公文.

Both formats use the official-document layout of ``gongkai.official_document`` (GB/T 9704):
A4, margins 37/35/28/26 mm (top/bottom/left/right), the title in 方正小标宋简体 二号 (falling back
to Noto CJK in the PDF), the body in 仿宋_GB2312 三号 with a two-character first-line indent and
a 28 pt line pitch, page numbers "— N —" in the outside corner. Under the title comes the 文号,
centred; the salutation starts at the margin; after the last paragraph two blank lines leave
room for the seal, then the 落款 centred over the date, the date four characters in from the
right (成文日期右空四字). The last paragraph, the 落款 and the date are kept on one page
(keep-with-next in the DOCX, one ``break-inside: avoid`` block in the PDF).

Only the stored text is printed (``Letter.title``, ``number``, ``body``): a letter looks the same
whenever it is downloaded, whatever the agency changed since. A withdrawn letter (作废) still
prints, for the record, under a line "本文书已于2025年3月5日作废：<理由>" above the title (黑体,
red), and its file name ends in "（已作废）", so a copy cannot pass for a valid one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO

from gongkai.annual_report.render import FORMATS as REPORT_FORMATS
from gongkai.annual_report.render import RenderError as ReportRenderError
from gongkai.applications.letters.context import text_lines
from gongkai.applications.models import Letter
from gongkai.official_document import html as document_html
from gongkai.official_document import pdf as document_pdf
from gongkai.official_document.layout import clean_text
from gongkai.statute.clock import format_date_zh

# A date line as ``compose_body`` writes it: 2026年3月2日.
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_NOTE = re.compile(r"^（[^（）]+）$")
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
    note: str = ""  # the 附注 printed under the date, e.g. "（联系机构：…）"


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
    # A last paragraph wholly in round brackets is a 附注 (GB/T 9704 7.3.6: under the date,
    # 居左空二字); the signature block then follows the letter's real last sentence.
    note = ""
    if date and len(lines) > 1 and _NOTE.match(lines[-1]):
        note, lines = lines[-1], lines[:-1]
    return LetterLayout(
        title_lines=title_lines(letter.title),
        number=clean_text(letter.number),
        salutation=salutation,
        paragraphs=tuple(lines),
        signature=signature,
        date=date,
        withdrawal=withdrawal_line(letter),
        note=note,
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


def _document_title(layout: LetterLayout, title: str) -> str:
    return clean_text(title) + ("（已作废）" if layout.withdrawal else "")


def _docx(layout: LetterLayout, title: str) -> bytes:
    # python-docx is only needed when a DOCX is asked for.
    from docx.shared import RGBColor

    from gongkai.official_document import docx as document_docx
    from gongkai.official_document.layout import HEI_FONT

    doc = document_docx.new_document(_document_title(layout, title))
    if layout.withdrawal:
        mark = document_docx.add_paragraph(doc, layout.withdrawal, indent=False, font=HEI_FONT)
        for run in mark.runs:
            run.bold = True
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    document_docx.add_title(doc, layout.title_lines)
    document_docx.add_number_line(doc, layout.number)
    last = None
    if layout.salutation:
        last = document_docx.add_paragraph(doc, layout.salutation, indent=False)  # 顶格
        last.paragraph_format.keep_with_next = True
    for text in layout.paragraphs:
        last = document_docx.add_paragraph(doc, text)
    document_docx.add_signature_block(doc, last, layout.signature, layout.date)
    if layout.note:
        document_docx.add_paragraph(doc, layout.note)  # 附注: 居左空二字
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def letter_html(layout: LetterLayout, title: str) -> str:
    """The standalone HTML the PDF is printed from (``official_document.html``)."""
    return document_html.document_html(
        title=_document_title(layout, title),
        title_lines=layout.title_lines,
        number=layout.number,
        salutation=layout.salutation,
        paragraphs=layout.paragraphs,
        signature=layout.signature,
        date=layout.date,
        mark=layout.withdrawal,
        note=layout.note,
    )


def _pdf(layout: LetterLayout, title: str) -> bytes:
    if not document_pdf.cjk_font_installed():
        raise RenderError(document_pdf.NO_FONT_MESSAGE)
    return document_pdf.write_pdf(letter_html(layout, title))
