"""PDF -> ``ReportData``: by the words' positions on the page, then by the text layer's order.

A PDF's text layer often loses what the page shows: the gaps between cells, the blank cells,
the order of a label wrapped around its numbers. ``pdfplumber`` gives every word with its
coordinates; ``words_text`` rebuilds the page from them: words on the same baseline form a
line, a row's numbers are put into columns found from where the numbers (and the column titles
above them) stand in that table, and a column a row prints nothing in becomes a blank cell
(TAB-separated, as the text reader reads it). The plain and the column-aligned text extractions
are tried too; the reading that reads the most tables is kept (each table on its own).

A PDF without a text layer (a scan) is read by OCR when ``tesseract`` with the ``chi_sim``
language is installed (and says so); otherwise that is said, never guessed at.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..model import UNREADABLE, ReportData
from .errors import ReportReadError
from .layout import NUMBER, label_key
from .meta import HEADINGS
from .text import read_text

# Words closer than this (points) vertically are on one line; cells closer than this
# horizontally are in one column.
LINE_TOLERANCE = 3.0
COLUMN_TOLERANCE = 6.0
_SENTENCE = re.compile(r"[。；]")
OCR_TIMEOUT = 120
_HEADING_KEYS = {k for keys in HEADINGS.values() for k in keys}


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
            pages = list(pdf.pages)
            plain = [page.extract_text() or "" for page in pages]
            if not any(t.strip() for t in plain):
                return _scanned(data)
            extractions: list[Callable[[], str]] = [
                lambda: words_pages(pages),
                lambda: "\f".join(plain),
                lambda: "\f".join(p.extract_text(layout=True) or "" for p in pages),
            ]
            return _best(extractions)
    except (PDFSyntaxError, PSException, PdfminerException) as exc:
        raise ReportReadError(f"无法打开 PDF：文件已损坏（{exc}）") from exc


def _best(extractions: Sequence[Callable[[], str]]) -> ReportData:
    """The reading of the first extraction that reads every table, else the one reading most."""
    best: tuple[int, ReportData] | None = None
    first_error: ReportReadError | None = None
    for extract in extractions:
        try:
            report = read_text(extract())
        except ReportReadError as exc:
            first_error = first_error or exc
            continue
        unread = sum(1 for s in report.tables_status.values() if s == UNREADABLE)
        if unread == 0:
            return report
        if best is None or unread < best[0]:
            best = (unread, report)
    if best is not None:
        return best[1]
    raise first_error or ReportReadError("无法读取 PDF 中的文字")


# ------------------------------------------------------------------- words -> lines


def words_text(words: list[dict[str, Any]]) -> str:
    """The page's words as text lines, a table row's cells TAB-separated by their columns."""
    lines = _lines(words)
    out: list[str] = []
    previous: tuple[list[float], Edge] = ([], _x0)
    for block in _blocks(lines):
        columns, edge = _columns(block)
        if previous[0] and columns and _continues(columns, previous[0]):
            columns, edge = previous  # a table continued without its titles (a page break)
        for line in block:
            out.append(_line_text(line, columns, edge))
        previous = (columns, edge) if columns else previous
    return "\n".join(out)


def _continues(columns: list[float], previous: list[float]) -> bool:
    """Every column of a block stands where a column of the previous table stood."""
    return len(columns) < len(previous) and all(
        min(abs(c - p) for p in previous) <= COLUMN_TOLERANCE for c in columns
    )


def words_pages(pages: Sequence[Any]) -> str:
    """Every page by its words' positions, a table's columns carried over a page break."""
    words: list[dict[str, Any]] = []
    offset = 0.0
    for page in pages:
        for w in page.extract_words(x_tolerance=1.5):
            words.append({**w, "top": float(w["top"]) + offset})
        offset += float(page.height) + 10 * LINE_TOLERANCE
    return words_text(words)


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if lines and abs(float(lines[-1][0]["top"]) - float(w["top"])) <= LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: float(w["x0"])) for line in lines]


def _is_number(w: dict[str, Any]) -> bool:
    return bool(NUMBER.match(str(w["text"])))


def _values(line: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The numbers after the last text word of a line (a table row's cells)."""
    n = len(line)
    while n and _is_number(line[n - 1]):
        n -= 1
    return line[n:]


def _blocks(lines: list[list[dict[str, Any]]]) -> list[list[list[dict[str, Any]]]]:
    """Runs of lines between sentences and headings: one table each, at most."""
    blocks: list[list[list[dict[str, Any]]]] = [[]]
    for line in lines:
        text = "".join(str(w["text"]) for w in line)
        if _SENTENCE.search(text) or label_key(text) in _HEADING_KEYS:
            blocks.append([line])
            blocks.append([])
        else:
            blocks[-1].append(line)
    return [b for b in blocks if b]


Edge = Callable[[dict[str, Any]], float]


def _columns(block: list[list[dict[str, Any]]]) -> tuple[list[float], Edge]:
    """Where the value columns of a table start (or end, or centre: whichever the numbers align
    on), from its numbers and the column titles printed above them."""
    numbers = [w for line in block for w in _values(line)]
    if not numbers:
        return [], _x0
    left = min(float(w["x0"]) for w in numbers) - COLUMN_TOLERANCE
    first_row = next(i for i, line in enumerate(block) if _values(line))
    titles = [
        w
        for line in block[:first_row]
        for w in line
        if float(w["x0"]) >= left and not _is_number(w)
    ]
    best: tuple[list[float], Edge] = ([], _x0)
    for edge in (_x0, _x1, _centre):
        found = _cluster([edge(w) for w in numbers] + [edge(w) for w in titles])
        # A title-only column at either edge is a title's own position, not a column: only a
        # column between two that hold numbers is kept without numbers of its own.
        held = [any(abs(edge(w) - c) <= COLUMN_TOLERANCE for w in numbers) for c in found]
        if any(held):
            first = held.index(True)
            last = len(held) - 1 - held[::-1].index(True)
            found = found[first : last + 1]
        if not best[0] or len(found) < len(best[0]):
            best = (found, edge)
    return best


def _x0(w: dict[str, Any]) -> float:
    return float(w["x0"])


def _x1(w: dict[str, Any]) -> float:
    return float(w["x1"])


def _centre(w: dict[str, Any]) -> float:
    return (float(w["x0"]) + float(w["x1"])) / 2


def _cluster(xs: list[float]) -> list[float]:
    out: list[list[float]] = []
    for x in sorted(xs):
        if out and x - out[-1][-1] <= COLUMN_TOLERANCE:
            out[-1].append(x)
        else:
            out.append([x])
    return [sum(c) / len(c) for c in out]


def _line_text(line: list[dict[str, Any]], columns: list[float], edge: Edge) -> str:
    values = _values(line)
    label = " ".join(str(w["text"]) for w in line[: len(line) - len(values)])
    if not values or not columns:
        return " ".join(str(w["text"]) for w in line)
    cells = [""] * len(columns)
    for w in values:
        # The column this number stands in, by the edge the table aligns on.
        at = min(range(len(columns)), key=lambda i: abs(edge(w) - columns[i]))
        if cells[at]:
            return " ".join(str(w["text"]) for w in line)  # two numbers in one column: as printed
        cells[at] = str(w["text"])
    return "\t".join([label, *cells] if label else cells)


# ------------------------------------------------------------------------------ OCR


def ocr_available() -> bool:
    """``tesseract`` is installed with the Simplified Chinese language (``chi_sim``)."""
    exe = shutil.which("tesseract")
    if exe is None or shutil.which("pdftoppm") is None:
        return False
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [exe, "--list-langs"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "chi_sim" in done.stdout.split()


def _scanned(data: bytes) -> ReportData:
    if not ocr_available():
        raise ReportReadError(
            "PDF 中没有文字层（可能是扫描件），无法读取；"
            "安装 tesseract-ocr 及简体中文语言包（chi_sim）后可按 OCR 识别读取"
        )
    report = read_text(_ocr(data))
    report.notes.insert(
        0, "本 PDF 没有文字层（扫描件），按 OCR（tesseract，简体中文）识别的文字读取，请核对数字。"
    )
    return report


def _ocr(data: bytes) -> str:
    tesseract = shutil.which("tesseract") or "tesseract"
    pdftoppm = shutil.which("pdftoppm") or "pdftoppm"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in.pdf").write_bytes(data)
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [pdftoppm, "-r", "300", "-gray", "-png", str(folder / "in.pdf"), str(folder / "p")],
                check=True,
                capture_output=True,
                timeout=OCR_TIMEOUT,
            )
            pages = []
            for image in sorted(folder.glob("p*.png")):
                done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                    [tesseract, str(image), "stdout", "-l", "chi_sim", "--psm", "6"],
                    check=True,
                    capture_output=True,
                    text=True,
                    timeout=OCR_TIMEOUT,
                )
                pages.append(done.stdout)
        except (OSError, subprocess.SubprocessError) as exc:
            raise ReportReadError(f"PDF 没有文字层（扫描件），OCR 识别失败：{exc}") from exc
    if not any(p.strip() for p in pages):
        raise ReportReadError("PDF 没有文字层（扫描件），OCR 未识别出文字，无法读取")
    return "\f".join(pages)
