"""PDF -> ``ReportData`` through its text layer (pdfplumber).

The plain extraction is tried first, then the column-aligned one (``layout=True``): the two fail
on different layouts. Pages are joined with ``\\f`` (a page break the text reader ignores). A PDF
without a text layer (a scan) cannot be read: that is said, never guessed at.
"""

from __future__ import annotations

import io
import logging

from ..model import ReportData
from .errors import ReportReadError
from .text import read_text


def read_pdf(data: bytes) -> ReportData:
    """Read an annual report from the bytes of a PDF. Raises ``ReportReadError``."""
    import pdfplumber  # slow to import; only PDFs need it
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    # pdfminer logs every odd font or object at WARNING; the result is all that matters here.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            plain = [page.extract_text() or "" for page in pdf.pages]
            if not any(t.strip() for t in plain):
                raise ReportReadError("PDF 中没有文字层（可能是扫描件），无法读取")
            try:
                return read_text("\f".join(plain))
            except ReportReadError as first:
                layout = [page.extract_text(layout=True) or "" for page in pdf.pages]
                try:
                    return read_text("\f".join(layout))
                except ReportReadError:
                    raise first from None
    except (PDFSyntaxError, PSException, PdfminerException) as exc:
        raise ReportReadError(f"无法打开 PDF：文件已损坏（{exc}）") from exc
