"""HTML (a report page as published on a government site) -> ``ReportData``.

Data tables are read as grids (rowspan/colspan expanded, ``<br/>`` inside labels joined, an
empty ``<td>`` read as a blank cell, i.e. ``None``); the narrative is the text outside them,
one line per block element. Layout tables (a whole article inside a one-cell table, common on
government sites) are not data tables: only innermost tables that look like 表二/三/四 are read
as grids, any other table stays part of the text.

Parsed with lxml directly (BeautifulSoup over lxml took most of a check's time on a real
100 KB page).
"""

from __future__ import annotations

import re

from lxml import etree, html

from ..model import ReportData
from .errors import ReportReadError
from .grid import Grid, GridCell, classify
from .layout import make_lines
from .reader import build_report

_BLOCKS = (
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article",
    "header", "footer", "blockquote", "pre", "table", "title",
)  # fmt: skip
# The grid markers make_lines reads are \x00TABLE<n>\x00; XML text cannot hold NUL.
_MARK = "\ue000"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)


def read_html(text: str) -> ReportData:
    """Read an annual report from the text of an HTML page. Raises ``ReportReadError``."""
    try:
        doc = html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise ReportReadError(f"无法读取 HTML 页面：{exc}") from exc
    for el in list(doc.iter("script", "style", "noscript", "head", etree.Comment)):
        el.drop_tree()
    grids: list[Grid] = []
    previous: str | None = None
    for table in list(doc.iter("table")):
        if next(table.iterdescendants("table"), None) is not None:
            continue  # a layout table around others
        grid = table_grid(table)
        kind = classify(grid, previous)
        if kind is None:
            continue
        previous = kind
        marker = html.Element("div")
        marker.text = f"\n{_MARK}TABLE{len(grids)}{_MARK}\n"
        marker.tail = table.tail
        table.getparent().replace(table, marker)
        grids.append(grid)
    for br in doc.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in doc.iter(*_BLOCKS):
        if len(el):
            last = el[-1]
            last.tail = (last.tail or "") + "\n"
        else:
            el.text = (el.text or "") + "\n"
    return build_report(make_lines(doc.text_content().replace(_MARK, "\x00")), grids)


def _span(td: html.HtmlElement, name: str) -> int:
    try:
        return max(1, min(int(str(td.get(name, "1")).strip() or "1"), 100))
    except ValueError:
        return 1


def _cell_text(td: html.HtmlElement) -> str:
    return "".join(t.strip() for t in td.itertext())


def table_grid(table: html.HtmlElement) -> Grid:
    """The table as a grid: merged cells expanded, copies marked as continuations."""
    taken: dict[tuple[int, int], GridCell] = {}
    rows = list(table.iter("tr"))
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            text = _cell_text(td)
            rs, cs = _span(td, "rowspan"), _span(td, "colspan")
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = GridCell(text, cont=bool(dr or dc))
            c += cs
    width = max((c for _, c in taken), default=-1) + 1
    # A position no cell covers (a ragged row) is not a blank cell: mark it as a continuation.
    return [
        [taken.get((r, c), GridCell("", cont=True)) for c in range(width)] for r in range(len(rows))
    ]
