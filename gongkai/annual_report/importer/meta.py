"""Title, year, agency, section headings and the narrative text of each section.

Contracts:

- ``find_headings``: the line index of each of the six section headings (一、总体情况 …), a
  heading being a line whose matching key equals a known heading (title or alias) with its
  number; a heading wrapped over two lines is accepted. Headings must come in order.
- ``read_title``: year, agency and title from the title lines before section 一. The agency is
  the name printed before "…年政府信息公开工作年度报告" (on the same line or the lines above).
  If the preamble names the same body with its place prefix (本报告由**淮安市**洪泽区人民政府办公室…)
  the longer name is used: the body is what the title names, never the 办公室 that wrote it.
- ``paragraphs``: wrapped lines joined back into paragraphs (one per output line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..formats import SectionDef, all_formats
from .layout import Line, label_key

SECTION_KEYS = ("overview", "proactive", "applications", "appeals", "problems", "other_matters")
_TITLE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?P<rest>[^\d]{0,16}?政府信息公开[^\d]{0,8}?报告)"
)
_PLACE_SUFFIX = ("省", "市", "自治区", "自治州", "州", "盟", "地区", "县", "区", "旗")
_STOP = set("由的和与及为是在对向据告本，。、（）()：: 　\t")
_END = tuple("。！？!?")
_NUMBERED = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、是]|\d+[.、．])"
)
_DATE = re.compile(r"^\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_PAD = re.compile(r" {2,}")
_CJK_CHAR = re.compile(f"[{_CJK}]")


def _section_defs() -> dict[str, list[str]]:
    """Heading keys per section, over every format (the headings are the same in both)."""
    keys: dict[str, list[str]] = {k: [] for k in SECTION_KEYS}
    for fmt in all_formats():
        for s in fmt.sections:
            keys[s.key].extend(_heading_keys(s))
    return keys


def _heading_keys(s: SectionDef) -> list[str]:
    return [label_key(f"{s.number}、{t}") for t in (s.title, *s.aliases)]


HEADINGS = _section_defs()


def find_headings(lines: list[Line]) -> dict[str, int]:
    """Line index of each section heading found (see the module docstring)."""
    found: dict[str, int] = {}
    after = -1
    for i, line in enumerate(lines):
        if line.grid is not None or not line.key or len(line.key) > 40:
            continue
        joined = line.key + (lines[i + 1].key if i + 1 < len(lines) else "")
        for skey in SECTION_KEYS:
            if skey in found:
                continue
            keys = HEADINGS[skey]
            if line.key in keys or (joined in keys and len(line.key) >= 3):
                if i > after:
                    found[skey] = i
                    after = i
                break
    return found


@dataclass
class Title:
    year: int | None = None
    agency: str | None = None
    title: str | None = None
    line: int = -1  # index of the line holding the year


def read_title(lines: list[Line], stop: int | None) -> Title:
    """Year, agency and title from the lines before index ``stop`` (section 一; None: not found,
    then the first lines of the document)."""
    stop = min(15, len(lines)) if stop is None else stop
    # The title sits just above section 一; a web page may have site navigation (with links to
    # other years' reports) far above it, so only the 15 lines before section 一 count.
    first = max(0, stop - 15)
    for i, line in enumerate(lines[first:stop], first):
        m = _TITLE.search(line.text)
        if not m:
            continue
        before = re.sub(r"\s+", "", line.text[: m.start()])
        agency = before or None
        if agency is None:
            # The name printed on the line(s) above the year line.
            above = [ln.text.strip() for ln in lines[max(0, i - 2) : i] if ln.key]
            if above and len(above[-1]) <= 40 and not above[-1].endswith(_END):
                agency = re.sub(r"\s+", "", above[-1])
        rest = re.sub(r"\s+", "", m.group("rest"))
        title = f"{agency or ''}{m.group('year')}年{rest}"
        return Title(year=int(m.group("year")), agency=agency, title=title, line=i)
    return Title()


def longer_agency(agency: str | None, preamble: str) -> str | None:
    """The agency with the place prefix the preamble gives it, if any (淮安市 + 洪泽区人民政府)."""
    if not agency:
        return agency
    best = agency
    for m in re.finditer(re.escape(agency), preamble):
        j = m.start()
        while j > 0 and m.start() - j < 10 and preamble[j - 1] not in _STOP:
            j -= 1
        prefix = preamble[j : m.start()]
        if prefix.endswith(_PLACE_SUFFIX) and len(prefix) + len(agency) > len(best):
            best = prefix + agency
    return best


def paragraphs(lines: list[Line]) -> str:
    """Lines joined back into paragraphs, one paragraph per output line.

    A line break is kept after sentence-final punctuation, before a numbered item ((一)、一是、
    1.) and before a line indented deeper than the one before (layout-extracted PDF text).
    Layout padding between Chinese characters is removed.
    """
    out: list[str] = []
    prev_indent = 0
    for line in lines:
        raw = line.raw
        text = _PAD.sub(_unpad, raw.strip())
        indent = len(raw) - len(raw.lstrip())
        starts_new = (
            not out
            or out[-1].endswith(_END)
            or _NUMBERED.match(text)
            or (indent > prev_indent + 2 and prev_indent >= 0)
        )
        if starts_new:
            out.append(text)
        else:
            sep = " " if out[-1][-1:].isascii() and text[:1].isascii() else ""
            out[-1] += sep + text
        prev_indent = indent
    return "\n".join(p for p in out if p)


def _unpad(m: re.Match[str]) -> str:
    """Layout padding: nothing between two Chinese characters, one space elsewhere."""
    s, a, b = m.string, m.start(), m.end()
    if a > 0 and b < len(s) and _CJK_CHAR.match(s[a - 1]) and _CJK_CHAR.match(s[b]):
        return ""
    return " "


def split_signature(text_lines: list[Line]) -> tuple[list[Line], str, str | None]:
    """Separate a trailing signature block (name line + date line) from the last section."""
    if not text_lines:
        return text_lines, "", None
    m = _DATE.match(text_lines[-1].text)
    if not m:
        return text_lines, "", None
    date = re.sub(r"\s+", "", m.group(1))
    body = text_lines[:-1]
    signature = ""
    # A lone short line ("无") is the section's text, not a signature.
    if len(body) > 1 and len(body[-1].key) <= 30 and not body[-1].text.strip().endswith(_END):
        signature = body[-1].text.strip()
        body = body[:-1]
    return body, signature, date
