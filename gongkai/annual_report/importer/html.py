"""HTML (a report page as published on a government site) -> ``ReportData``.

Data tables are read as grids (rowspan/colspan expanded, ``<br/>`` inside labels joined, an
empty ``<td>`` read as a blank cell, i.e. ``None``); the narrative is the text outside them,
one line per block element. Layout tables (a whole article inside a one-cell table, common on
government sites) are not data tables: only innermost tables that look like 表二/三/四 are read
as grids, any other table stays part of the text.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString  # bs4 leaves it out of its __all__

from ..model import ReportData
from .grid import Grid, GridCell, classify
from .layout import make_lines
from .reader import build_report

_BLOCKS = (
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article",
    "header", "footer", "blockquote", "pre", "table", "title",
)  # fmt: skip


def read_html(text: str) -> ReportData:
    """Read an annual report from the text of an HTML page. Raises ``ReportReadError``."""
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "noscript", "head"]):
        tag.decompose()
    grids: list[Grid] = []
    for table in soup.find_all("table"):
        if table.find("table") is not None:
            continue  # a layout table around others
        grid = table_grid(table)
        if classify(grid) is None:
            continue
        table.replace_with(NavigableString(f"\n\x00TABLE{len(grids)}\x00\n"))
        grids.append(grid)
    for br in soup.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for tag in soup.find_all(_BLOCKS):
        tag.append(NavigableString("\n"))
    return build_report(make_lines(soup.get_text()), grids)


def _span(td: Tag, name: str) -> int:
    try:
        return max(1, min(int(str(td.get(name, "1")).strip() or "1"), 100))
    except ValueError:
        return 1


def table_grid(table: Tag) -> Grid:
    """The table as a grid: merged cells expanded, copies marked as continuations."""
    taken: dict[tuple[int, int], GridCell] = {}
    rows = table.find_all("tr")
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in taken:
                c += 1
            text = td.get_text("", strip=True)
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
