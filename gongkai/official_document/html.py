"""The print CSS of a 公文 and its signature block as HTML (the PDF is printed from HTML).

``PAGE_CSS``: A4, margins 37/26/35/28 mm (top/right/bottom/left), page numbers "— N —" in
宋体 4号 in the outside bottom corner. ``DOCUMENT_CSS``: body text 仿宋_GB2312 三号 on a 28 pt
pitch with a two-character first-line indent, the title in 方正小标宋简体 二号, the 文号 line,
the salutation (顶格) and the signature block. ``signature_block_html`` wraps the last body
paragraph, the room for the seal, the 署名 and the 成文日期 in one ``break-inside: avoid``
block, so a page break never leaves the signature alone on a page (7.3.5).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from . import layout
from .layout import (
    CSS_BODY_FONT,
    CSS_HEI_FONT,
    CSS_PAGE_NUMBER_FONT,
    CSS_TITLE_FONT,
    clean_text,
    signature_offsets,
    text_width_em,
)

_MARGINS = " ".join(
    f"{mm}mm"
    for mm in (
        layout.MARGIN_TOP_MM,
        layout.MARGIN_RIGHT_MM,
        layout.MARGIN_BOTTOM_MM,
        layout.MARGIN_LEFT_MM,
    )
)

PAGE_CSS = f"""
@page {{
  size: A4;
  margin: {_MARGINS};
}}
@page :right {{
  @bottom-right {{
    content: "— " counter(page) " —";
    font-family: {CSS_PAGE_NUMBER_FONT}; font-size: {layout.PAGE_NUMBER_SIZE_PT}pt;
    padding-right: 1em; vertical-align: top; padding-top: 7mm;
  }}
}}
@page :left {{
  @bottom-left {{
    content: "— " counter(page) " —";
    font-family: {CSS_PAGE_NUMBER_FONT}; font-size: {layout.PAGE_NUMBER_SIZE_PT}pt;
    padding-left: 1em; vertical-align: top; padding-top: 7mm;
  }}
}}
"""

DOCUMENT_CSS = f"""
html {{ color: #000; background: #fff; }}
body {{
  font-family: {CSS_BODY_FONT};
  font-size: {layout.BODY_SIZE_PT}pt; line-height: {layout.LINE_PITCH_PT}pt; margin: 0;
}}
@media screen {{
  body {{ max-width: {layout.TEXT_WIDTH_MM}mm; margin: 2em auto; padding: 0 1em; }}
}}
.doc-title {{
  font-family: {CSS_TITLE_FONT};
  font-size: {layout.TITLE_SIZE_PT}pt; line-height: {layout.TITLE_PITCH_PT}pt;
  font-weight: normal; text-align: center; margin: 0; break-after: avoid;
}}
.doc-title span {{ display: block; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; orphans: 2; widows: 2; }}
.doc-number {{
  text-align: center; text-indent: 0; margin-bottom: {layout.LINE_PITCH_PT}pt;
  break-after: avoid;
}}
.salutation {{ text-indent: 0; break-after: avoid; }}
.signature-block {{ break-inside: avoid; page-break-inside: avoid; }}
.signature, .date {{ text-align: right; text-indent: 0; }}
.seal-room {{
  margin-top: {layout.LINE_PITCH_PT * layout.SEAL_ROOM_LINES}pt;
}}
.withdrawn {{
  font-family: {CSS_HEI_FONT}; font-weight: bold; color: #c00000; text-indent: 0;
  margin-bottom: 14pt;
}}
"""


def _em(value: float) -> str:
    return f"{value:g}em"


def signature_block_html(
    last_paragraph_html: str, signature_lines: Iterable[str], date: str
) -> str:
    """``<div class="signature-block">``: the last paragraph (already HTML, "" for none), the
    room for the seal, each 署名 line centred over the 成文日期, the date 右空四字.

    ``signature_lines`` and ``date`` are plain text (escaped here).
    """
    lines = [clean_text(line).strip() for line in signature_lines]
    lines = [line for line in lines if line]
    date = clean_text(date).strip()
    out = ['<div class="signature-block">']
    if last_paragraph_html:
        out.append(last_paragraph_html)
    # The first line after the text carries the room for the seal above it.
    room = " seal-room"
    for line in lines:
        right = signature_offsets(line, date).signature
        out.append(
            f'<p class="signature{room}" style="padding-right:{_em(right)}">{escape(line)}</p>'
        )
        room = ""
    if date:
        right = signature_offsets(max(lines, key=text_width_em, default=""), date).date
        out.append(f'<p class="date{room}" style="padding-right:{_em(right)}">{escape(date)}</p>')
    out.append("</div>")
    return "\n".join(out)


def document_html(
    *,
    title: str,
    title_lines: Iterable[str],
    number: str,
    salutation: str,
    paragraphs: Iterable[str],
    signature: str,
    date: str,
    mark: str = "",
    note: str = "",
) -> str:
    """A standalone HTML5 letter-shaped 公文: ``mark`` (a red line above the title, e.g. 已作废),
    the title lines, the 文号, the salutation, one ``<p>`` per paragraph, the signature block
    holding the last paragraph and ``note`` (附注, under the date, 7.3.6). All arguments are
    plain text (escaped here)."""
    paragraphs = [clean_text(p) for p in paragraphs]
    body = [f"<p>{escape(p)}</p>" for p in paragraphs[:-1]]
    last = f"<p>{escape(paragraphs[-1])}</p>" if paragraphs else ""
    if signature or date:
        body.append(signature_block_html(last, [signature], date))
    elif last:
        body.append(last)
    if note:
        body.append(f'<p class="note">{escape(clean_text(note))}</p>')
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(clean_text(title))}</title>",
        f"<style>{PAGE_CSS}{DOCUMENT_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f'<p class="withdrawn">{escape(clean_text(mark))}</p>' if mark else "",
        '<h1 class="doc-title">'
        + "".join(f"<span>{escape(clean_text(line))}</span>" for line in title_lines)
        + "</h1>",
        f'<p class="doc-number">{escape(clean_text(number))}</p>' if number else "",
        f'<p class="salutation">{escape(clean_text(salutation))}</p>' if salutation else "",
        *body,
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(part for part in parts if part)
