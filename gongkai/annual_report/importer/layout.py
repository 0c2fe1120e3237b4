"""Text layout: a document as a list of ``Line`` objects ready for matching.

Every source (plain text, PDF text, HTML, DOCX) ends up here. A ``Line`` keeps the text as
printed (for the narrative) next to a matching key (Simplified, NFKC, no spaces or punctuation)
and the run of numbers at its end (the cells of a table row in extracted text).

Contract: ``make_lines`` drops provenance comments (``# source:`` at the top), page footers
(``- 3 -``, ``第 3 页``) and page breaks (``\\f``) and converts Traditional characters with one
zhconv pass over the whole document (not one per line or per label: that is the slow part).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..formats import LABEL_NOISE, normalise_label, to_simplified, traditional_chars
from .reflow import LONG_LINE, reflow

# A page footer as PDF extraction leaves it: "- 3 -", "— 3 —", "第 3 页", "第3页 共5页", "3/5".
_FOOTER = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
# A cell value as text extraction prints it: count, signed change, decimal amount with unit,
# or a dash standing for a blank cell.
NUMBER = re.compile(r"^(?:[+\-−]?\d+(?:[.,]\d+)*(?:万元|元|件|项|个)?|[—－–\-]+|/)$")
# In a cell of its own (TAB, pipe, HTML/DOCX), "无" stands for a cell left blank.
NONE_CELL = "无"
# A markdown table's rule row: | --- | :---: |
_RULE_CELL = re.compile(r"^:?-{2,}:?$")
_INT = re.compile(r"^\d+$")
_MARKDOWN = re.compile(r"\*\*|__")
# PDF text often loses the gap between a label and its first number ("行政事业性收费7730.28").
_GLUED = re.compile(r"(?<=[\u4e00-\u9fff）)”])(?=\d)")
_PLUS = re.compile(r"(?<=\d)\+(?=\d)")


@dataclass
class Line:
    """One printed line.

    ``raw``: the text as printed (footers and markdown emphasis removed);
    ``text``: Simplified + NFKC, whitespace kept; ``key``: ``text`` without whitespace and
    punctuation (what labels are compared with); ``tail``: the numbers at the end of the line
    (``text`` split on whitespace); ``label``: the text before ``tail``; ``grid``: the index of
    the table this line stands for, when the source had real tables (HTML, DOCX).
    """

    raw: str
    text: str
    key: str
    tail: list[str | None] = field(default_factory=list)
    label: str = ""
    grid: int | None = None

    @property
    def is_numbers(self) -> bool:
        """Only numbers on this line (the row of a table printed apart from its label)."""
        return bool(self.tail) and not self.label_key

    @property
    def label_key(self) -> str:
        return key_of(self.label)


def key_of(text: str) -> str:
    """Matching key of text that is already Simplified: NFKC, no whitespace or punctuation."""
    return LABEL_NOISE.sub("", unicodedata.normalize("NFKC", text))


def label_key(label: str) -> str:
    """Matching key of a label from the format files (cached, zhconv-converted)."""
    return normalise_label(label)


def make_lines(text: str, grids: dict[int, object] | None = None) -> list[Line]:
    """Split ``text`` into ``Line`` objects (see the module docstring for what is dropped).

    A line consisting of ``\\x00TABLE<n>\\x00`` stands for grid ``n`` of a structured source.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    raw_lines = text.split("\n")
    # Provenance comments of the sample files: only at the top, before any content.
    start = 0
    while start < len(raw_lines) and (
        not raw_lines[start].strip() or raw_lines[start].lstrip().startswith("# source:")
    ):
        start += 1
    raw_lines = [
        piece
        for line in raw_lines[start:]
        for piece in (reflow(line) if len(line) >= LONG_LINE else (line,))
    ]
    converted = _simplified_lines(raw_lines)
    # NFKC once over the document (one C call) rather than once per line.
    normalised = unicodedata.normalize("NFKC", "\n".join(converted)).split("\n")
    if len(normalised) != len(converted):
        normalised = [unicodedata.normalize("NFKC", c) for c in converted]
    lines: list[Line] = []
    header_next = False
    for n, (raw, conv) in enumerate(zip(raw_lines, normalised, strict=True)):
        if not raw.strip() or _FOOTER.match(raw):
            continue
        if raw.startswith("\x00TABLE"):
            lines.append(Line(raw="", text="", key="", grid=int(raw.strip("\x00")[5:])))
            continue
        if "*" in raw or "_" in raw:
            raw = _MARKDOWN.sub("", raw)
            conv = _MARKDOWN.sub("", conv)
        cells = _cells(conv)
        if cells is None:
            tokens = _GLUED.sub(" ", conv).split()
            if "+" in conv:  # a signed change glued to the cell before it: "3+30" is 3 | +30
                tokens = [p for t in tokens for p in _PLUS.sub(" +", t).split()]
            k = len(tokens)
            while k and NUMBER.match(tokens[k - 1]):
                k -= 1
            tail: list[str | None] = list(tokens[k:])
            label = " ".join(tokens[:k])
        else:
            if all(not c or _RULE_CELL.match(c) for c in cells):
                continue  # a markdown rule row
            # A markdown header row (the one above the rule row) holds titles, never values.
            header_next = n + 1 < len(raw_lines) and _is_rule_row(raw_lines[n + 1])
            label, tail = _split_cells(cells, header_next)
        text = conv.replace("|", " ") if cells is not None else conv
        key = LABEL_NOISE.sub("", text)  # text is NFKC already (key_of would normalise again)
        lines.append(Line(raw=raw.rstrip(), text=text, key=key, tail=tail, label=label))
    return lines


def _simplified_lines(raw_lines: list[str]) -> list[str]:
    """Each line in Simplified characters: the lines holding Traditional ones converted in one
    zhconv pass (per line would be slow, the whole document slower still)."""
    trad = traditional_chars()
    if trad.isdisjoint("".join(raw_lines)):
        return raw_lines
    todo = [i for i, r in enumerate(raw_lines) if not trad.isdisjoint(r)]
    if not todo:
        return raw_lines
    converted = list(raw_lines)
    done = to_simplified("\n".join(raw_lines[i] for i in todo)).split("\n")
    if len(done) != len(todo):  # a conversion changed the line count: go line by line
        done = [to_simplified(raw_lines[i]) for i in todo]
    for i, line in zip(todo, done, strict=True):
        converted[i] = line
    return converted


def _cells(text: str) -> list[str] | None:
    """The cells of a line printed with explicit separators (pipes or TABs), else None."""
    stripped = text.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        return [c.strip() for c in inner.split("|")]
    if "\t" in text.strip(" \n"):
        return [c.strip() for c in text.rstrip("\n").split("\t")]
    return None


def _is_rule_row(raw: str) -> bool:
    cells = _cells(unicodedata.normalize("NFKC", raw))
    return cells is not None and all(not c or _RULE_CELL.match(c) for c in cells)


def _split_cells(cells: list[str], header: bool) -> tuple[str, list[str | None]]:
    """(label, values) of a row of cells: the values are the cells after the last text cell.

    An empty cell among the values is a blank cell (``None``); an empty cell before them is a
    merged label cell and is ignored. A header row has no values.
    """
    last_text = -1
    for i, c in enumerate(cells):
        if c and c != NONE_CELL and not NUMBER.match(c.replace(" ", "")):
            last_text = i
    if header:
        last_text = len(cells) - 1
    label = " ".join(c for c in cells[: last_text + 1] if c)
    values = [c.replace(" ", "") or None for c in cells[last_text + 1 :]]
    if not label and not any(values):
        values = []  # an empty row; a label with only blank cells may be a row left blank
    return label, values


def is_int(token: str) -> bool:
    return bool(_INT.match(token))
