"""HTML output: a standalone, accessible HTML5 document, also the source of the PDF.

The document has the title (agency line + "YYYY年政府信息公开工作年度报告"), the preamble, the
six sections in the format's order with their narrative (one <p> per line; a line opening with
（一） is an <h3> when it stands alone, a run-in 楷体 heading otherwise) and the three tables in
sections 二/三/四 with the official merged headers (from ``layout``). Every piece of text is
escaped: the same HTML is shown on the public portal.

The print CSS follows GB/T 9704 (A4; margins 37/26/35/28 mm; title 方正小标宋简体 二号, body
仿宋_GB2312 三号, 一、 headings 黑体, （一） headings 楷体_GB2312; page numbers "— 1 —" in the
outside bottom corner). Each font list falls back to Noto CJK so that a machine without the
official fonts still prints Chinese.
"""

from __future__ import annotations

from html import escape

from gongkai.official_document.html import PAGE_CSS, signature_block_html
from gongkai.official_document.layout import (
    CSS_BODY_FONT,
    CSS_HEI_FONT,
    CSS_KAI_FONT,
    CSS_PAGE_NUMBER_FONT,
    CSS_TITLE_FONT,
    LINE_PITCH_PT,
    SEAL_ROOM_LINES,
)

from ..model import ReportData
from .layout import Grid, document_title, paragraphs, table_grids, title_lines

TITLE_FONT = CSS_TITLE_FONT
BODY_FONT = CSS_BODY_FONT
KAI_FONT = CSS_KAI_FONT
HEI_FONT = CSS_HEI_FONT
PAGE_NUMBER_FONT = CSS_PAGE_NUMBER_FONT

# The page (size, margins, page numbers) and the signature block are the 公文 layout's.
CSS = (
    PAGE_CSS
    + f"""
html {{ color: #000; background: #fff; }}
body {{
  font-family: {BODY_FONT};
  font-size: 16pt; line-height: 28pt; margin: 0;
}}
@media screen {{
  body {{ max-width: 158mm; margin: 2em auto; padding: 0 1em; }}
}}
.report-title {{
  font-family: {TITLE_FONT};
  font-size: 22pt; line-height: 36pt; font-weight: normal;
  text-align: center; margin: 0 0 28pt;
}}
.report-title span {{ display: block; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
h2 {{
  font-family: {HEI_FONT};
  font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em;
  break-after: avoid;
}}
h3, .run-in {{
  font-family: {KAI_FONT};
  font-size: 16pt; font-weight: normal; margin: 0;
}}
h3 {{ text-indent: 2em; break-after: avoid; }}
.signature, .date {{ text-align: right; text-indent: 0; }}
.signature-block {{ break-inside: avoid; }}
.seal-room {{ margin-top: {LINE_PITCH_PT * SEAL_ROOM_LINES}pt; }}
table {{
  border-collapse: collapse; width: 100%; table-layout: fixed;
  font-family: {BODY_FONT};
  font-size: 10.5pt; line-height: 1.25; margin: 8pt 0 14pt;
}}
table.t-appeals, table.t-applications thead {{ font-size: 9pt; }}
/* 表三 fits one A4 page: keep it whole rather than leave two rows at a page foot. */
table.t-applications {{ break-inside: avoid; }}
th, td {{
  border: 0.5pt solid #000; padding: 1pt 2pt; text-align: center;
  vertical-align: middle; font-weight: normal; overflow-wrap: anywhere;
}}
th[scope="row"] {{ text-align: left; }}
th[scope="row"][rowspan] {{ text-align: center; }}
th.corner {{ font-size: 9pt; text-align: left; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
caption {{
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap;
}}
@media print {{ caption {{ display: none; }} }}
"""
)


def _table(grid: Grid) -> str:
    total = sum(grid.widths)
    out = [
        f'<table class="t-{grid.key}">',
        f"<caption>{escape(grid.caption)}</caption>",
        "<colgroup>"
        + "".join(f'<col style="width:{w * 100 / total:.2f}%">' for w in grid.widths)
        + "</colgroup>",
    ]
    starts = set(grid.bodies)
    if grid.header_rows:
        out.append("<thead>")
    for r, row in enumerate(grid.rows()):
        if r in starts:
            if r:
                out.append("</thead>" if r == grid.header_rows else "</tbody>")
            out.append("<tbody>")
        out.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if not cell.header:
                out.append(f"<td{attrs}>{escape(cell.text)}</td>")
                continue
            if cell.scope:
                attrs += f' scope="{cell.scope}"'
            elif r == 0 and cell.col == 0:
                attrs += ' class="corner"'
            out.append(f"<th{attrs}>{escape(cell.text)}</th>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _narrative(text: str) -> list[str]:
    out = []
    for para in paragraphs(text):
        if para.standalone_heading:
            out.append(f"<h3>{escape(para.head)}</h3>")
        elif para.head:
            out.append(f'<p><span class="run-in">{escape(para.head)}</span>{escape(para.body)}</p>')
        else:
            out.append(f"<p>{escape(para.body)}</p>")
    return out


def render_fragment(report: ReportData) -> str:
    """The report as an ``<article>`` (no <html>/<head>), for embedding in a portal page that
    includes ``CSS``."""
    grids = table_grids(report)
    out = ['<article class="annual-report">', '<h1 class="report-title">']
    out += [f"<span>{escape(line)}</span>" for line in title_lines(report)]
    out.append("</h1>")
    out += [
        f'<p class="preamble">{escape(p.head + p.body)}</p>' for p in paragraphs(report.preamble)
    ]
    sections = report.format.sections
    has_closing = bool((report.signature or "").strip() or (report.date or "").strip())
    for i, section in enumerate(sections):
        hid = f"s-{section.key}"
        out.append(f'<section aria-labelledby="{hid}">')
        out.append(f'<h2 id="{hid}">{escape(section.heading)}</h2>')
        narrative = _narrative(report.sections.get(section.key, ""))
        # The tables share their key with the section that prints them (表二 in 二, …).
        table = _table(grids[section.key]) if section.key in grids else ""
        last = i == len(sections) - 1
        # 署名 and date stay on the page of the report's last paragraph (GB/T 9704 7.3.5).
        if last and has_closing and not table and narrative and narrative[-1].startswith("<p>"):
            out += narrative[:-1]
            out.append(
                signature_block_html(
                    narrative[-1], report.signature.splitlines(), report.date or ""
                )
            )
            has_closing = False
        else:
            out += narrative
            if table:
                out.append(table)
        out.append("</section>")
    if has_closing:
        out.append(signature_block_html("", report.signature.splitlines(), report.date or ""))
    out.append("</article>")
    return "\n".join(out)


def render_html(report: ReportData) -> str:
    """The standalone HTML5 document as text."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(document_title(report))}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            render_fragment(report),
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def render(report: ReportData) -> bytes:
    return render_html(report).encode("utf-8")
