"""The importer: a published annual report (text, HTML, DOCX, PDF) -> ``ReportData``.

Pure Python (no Django). ``read_report(path)`` picks the reader by content (and extension);
``read_text(text)`` reads text directly. A file that is no report at all raises
``ReportReadError`` (a Chinese message saying why); a table that cannot be read is
``unreadable`` in ``report.tables_status`` with its reason in ``report.tables_reasons``, and the
other tables are read all the same. The importer never invents a number: a cell it cannot read
makes its table unreadable, a blank cell is ``None``; every decision it takes on the way (a
misspelt label accepted, run-together cells split by the table's rules) is written to
``report.notes`` and, for ``--explain``, to ``report.explain``.

Modules: ``sniff`` (file type, decoding, dispatch), ``layout`` (lines, cells, footers),
``reflow`` (a report glued on one line), ``meta`` (title, agency, sections, paragraphs),
``tables`` (a table from row records, any format), ``split`` (run-together cells), ``grid``
(real tables), ``reader`` (putting it together), ``html``, ``docx``, ``pdf`` (the structured
sources).
"""

from __future__ import annotations

from .errors import ReportReadError
from .sniff import read_bytes, read_report
from .text import read_text

__all__ = ["ReportReadError", "read_bytes", "read_report", "read_text"]
