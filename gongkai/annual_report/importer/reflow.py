"""A report printed as one long line (every cell glued to the next) cut back into lines.

Some pages and converters lose every line break: "…一、本年新收政府信息公开申请数量230000023
二、上年结转…". The cuts come from the format files, never from the file: before and after each
section heading, table group label (三、本年度办理结果, （三）不予公开) and 表二 block label, and
before each row label with its number ("2.没有现成信息需要另行制作"). A row's number glued to the
previous row's last cell ("…3252.没有现成信息") is cut off that cell: the format says the row is
numbered "2.". Short labels (其他, 总计) cut only with their number ("3.其他", "（七）总计").
Splitting the glued digits of each row is then the tables' job (``split``, chosen by the
table's own arithmetic).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import pairwise
from pathlib import Path

from ..formats import all_formats, formats_key, to_simplified

# A line this long holding several row labels is a glued report, not a paragraph.
LONG_LINE = 300
MIN_ANCHORS = 6
_CN = "一二三四五六七八九十"
# One digit: the sub-rows of 表三 are numbered 1-8, and a digit before it belongs to a cell.
_NUMBERS = rf"(?:[（(][{_CN}]+[）)]|[{_CN}]+、|\d[.．、])"


@cache
def _anchors(_formats: tuple[Path, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(cut before and after: headings, group and block labels; cut before: row labels)."""
    around: set[str] = set()
    before: set[str] = set()

    def esc(text: str) -> str:  # patterns meet the text as it is matched: NFKC
        return re.escape(unicodedata.normalize("NFKC", text))

    for fmt in all_formats():
        for s in fmt.sections:
            around.update(esc(f"{s.number}、{t}") for t in (s.title, *s.aliases))
        for tdef in fmt.tables.values():
            around.update(esc(b.label) for b in tdef.blocks)
            for row in tdef.all_rows():
                for g in (row.group, row.subgroup):
                    if g and len(g) >= 4:
                        around.add(esc(g))
                for label in row.labels:
                    text = esc(label)
                    if len(label) >= 4:
                        before.add(f"{_NUMBERS}?{text}")
                    elif row.number:
                        before.add(f"{_NUMBERS}{text}")
    by_length = sorted(around, key=len, reverse=True)
    rows = sorted(before, key=len, reverse=True)
    return re.compile("|".join(by_length)), re.compile("|".join(rows))


def reflow(line: str) -> list[str]:
    """``line`` cut at the format's labels when it is a glued report, else ``[line]``."""
    if len(line) < LONG_LINE:
        return [line]
    text = to_simplified(unicodedata.normalize("NFKC", line))
    around, before = _anchors(formats_key())
    cuts: set[int] = set()
    rows = 0
    for m in around.finditer(text):
        cuts.update((m.start(), m.end()))
    for m in before.finditer(text):
        cuts.add(m.start())
        rows += 1
    if rows < MIN_ANCHORS:
        return [line]
    bounds = sorted({0, len(text), *cuts})
    pieces = [text[a:b].strip() for a, b in pairwise(bounds)]
    return [p for p in pieces if p]
