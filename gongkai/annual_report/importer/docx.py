"""Word (.docx) -> ``ReportData``: body paragraphs and tables in document order.

python-docx returns a merged cell once per grid column it spans (and once per row for a
vertical merge); a repeat is recognised by identity of the underlying ``<w:tc>`` and marked as
a continuation, so a merged value is never read twice.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..model import ReportData
from .errors import ReportReadError
from .grid import Grid, GridCell, classify
from .layout import make_lines
from .reader import build_report


def read_docx(data: bytes) -> ReportData:
    """Read an annual report from the bytes of a .docx file. Raises ``ReportReadError``."""
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportReadError(f"无法打开 Word 文档：文件已损坏或不是 .docx（{exc}）") from exc
    parts: list[str] = []
    grids: list[Grid] = []
    previous: str | None = None
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            parts.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            grid = table_grid(Table(child, document))
            kind = classify(grid, previous)
            if kind is None:  # not a statistics table: its text is narrative
                parts.extend(c.text for row in grid for c in row if not c.cont)
                continue
            parts.append(f"\x00TABLE{len(grids)}\x00")
            grids.append(grid)
            previous = kind
    return build_report(make_lines("\n".join(parts)), grids)


def table_grid(table: Table) -> Grid:
    # ``table._cells`` is computed once; ``row.cells`` would recompute it for every row.
    ncols = len(table.columns)
    flat = table._cells
    grid: Grid = []
    above: list[_Cell] = []
    for r in range(len(flat) // ncols if ncols else 0):
        cells = flat[r * ncols : (r + 1) * ncols]
        out: list[GridCell] = []
        for c, cell in enumerate(cells):
            cont = (c > 0 and cells[c - 1]._tc is cell._tc) or (
                c < len(above) and above[c]._tc is cell._tc
            )
            out.append(GridCell(cell.text, cont=cont))
        grid.append(out)
        above = cells
    return grid
