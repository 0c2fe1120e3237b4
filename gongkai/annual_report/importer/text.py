"""Plain text (as typed, or as extracted from a PDF) -> ``ReportData``."""

from __future__ import annotations

from ..model import ReportData
from .layout import make_lines
from .reader import build_report


def read_text(text: str) -> ReportData:
    """Read an annual report from its text. Raises ``ReportReadError`` (Chinese message).

    Copes with tab- or space-separated cells, PDF layouts that put a row's numbers on the line
    above or below its wrapped label, page footers and breaks inside tables, Traditional
    characters, known label misspellings and cells run together (split when the table's own
    totals allow exactly one split; each such decision is recorded in ``notes``).
    """
    return build_report(make_lines(text))
