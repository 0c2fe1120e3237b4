"""PDF output: the HTML document (``html.py``) printed by WeasyPrint.

A PDF without a Chinese font would print empty boxes, so ``render`` first checks that
fontconfig (which WeasyPrint uses) knows a font covering Chinese, and raises ``RenderError``
with the fix otherwise (``gongkai.official_document.pdf``). Text is never rotated and each
table row is one line of cells, so pdfplumber (and the importer) read every row's numbers on
one text line, in label order.
"""

from __future__ import annotations

from gongkai.official_document.pdf import NO_FONT_MESSAGE, cjk_font_installed, write_pdf

from ..model import ReportData
from . import RenderError
from .html import render_html

__all__ = ["NO_FONT_MESSAGE", "cjk_font_installed", "render"]


def render(report: ReportData) -> bytes:
    """The report as A4 PDF bytes; ``RenderError`` if no Chinese font is installed."""
    if not cjk_font_installed():
        raise RenderError(NO_FONT_MESSAGE)
    return write_pdf(render_html(report))
