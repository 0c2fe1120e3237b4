"""The importer: a published annual report (text, HTML, DOCX, PDF) -> ``ReportData``.

Pure Python (no Django). ``read_report(path)`` picks the reader by content (and extension);
``read_text(text)`` reads text directly. Every failure is a ``ReportReadError`` whose Chinese
message names the table or part that could not be read and why. The importer never invents a
number: a cell it cannot read is an error, a blank cell is ``None``; every decision it takes on
the way (a misspelt label accepted, run-together cells split) is written to ``report.notes``.

Modules: ``sniff`` (file type, decoding, dispatch), ``layout`` (lines, footers, numbers),
``meta`` (title, agency, sections, paragraphs), ``tables`` (表二/三/四 from row records),
``split`` (run-together cells), ``grid`` (real tables), ``reader`` (putting it together),
``html``, ``docx``, ``pdf`` (the structured sources).
"""

from __future__ import annotations

from .errors import ReportReadError
from .sniff import read_bytes, read_report
from .text import read_text

__all__ = ["ReportReadError", "read_bytes", "read_report", "read_text"]
