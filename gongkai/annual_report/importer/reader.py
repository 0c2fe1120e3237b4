"""From ``Line`` objects (and, for HTML/DOCX, real tables) to a ``ReportData``.

The document is cut at its six section headings; 表二/表三/表四 are read from the regions of
sections 二/三/四 (or, when a heading is missing, from where their own header words, the
format file's ``reading.openers``, start). The format is the one 表二's printed column titles
fit best (its own titles, none of the other formats' ``reading.markers``), else the year's.
Each table is read on its own: one that cannot be read is ``unreadable`` with its reason in
``tables_status``/``tables_reasons``, and the others are read (and checked) all the same.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..formats import (
    ReportFormat,
    UnknownFormat,
    all_formats,
    format_for_year,
    formats_key,
    get_format,
)
from ..model import READ, READ_WITH_ASSUMPTIONS, UNREADABLE, ReportData, Table
from . import meta
from .errors import ReportReadError
from .grid import Grid, classify_all, grid_key, records
from .layout import Line, label_key
from .tables import RowRec, read_table, table_name

TABLES = ("proactive", "applications", "appeals")


def build_report(lines: list[Line], grids: list[Grid] | None = None) -> ReportData:
    """The report in ``lines`` (see the module docstring). Raises ``ReportReadError``."""
    if not lines:
        raise ReportReadError("不是政府信息公开工作年度报告：文件中没有文字")
    headings = meta.find_headings(lines)
    title = meta.read_title(lines, headings.get("overview"))
    grids = grids or []
    kinds = classify_all(grids)
    if title.year is None and len(headings) < 2 and not _has_table3(lines, kinds):
        raise ReportReadError(
            "不是政府信息公开工作年度报告：未找到标题（“××××年政府信息公开工作年度报告”）、"
            "“一、总体情况”等部分标题或表三（收到和处理政府信息公开申请情况）"
        )
    # 表二's region (where the format is told) is found with the newest format's openers, the
    # tables' regions again with the format found.
    newest = all_formats()[-1]
    regions = _regions(lines, headings, newest)
    notes: list[str] = []
    fmt = get_format(_detect_format(lines, regions, grids, kinds, title.year))
    if fmt is not newest:
        regions = _regions(lines, headings, fmt)

    tables: dict[str, Table] = {}
    variants: dict[str, str] = {}
    status: dict[str, str] = {}
    reasons: dict[str, list[str]] = {}
    explain: dict[str, list[str]] = {}
    for tkey in TABLES:
        tdef = fmt.table(tkey)
        table_notes: list[str] = []
        try:
            recs = _records(lines, regions.get(tkey), grids, kinds, fmt, tkey)
            if not recs:
                raise ReportReadError(
                    f"未找到{table_name(tdef)}{_cut_hint(regions, tkey, len(lines))}"
                )
            _column_notes(fmt, tkey, recs, table_notes)
            # Nothing after this table's region: no later section, no later table.
            start = regions[tkey][0] if tkey in regions else len(lines)
            truncated = not any(h > start for h in headings.values()) and not any(
                r[0] > start for r in regions.values()
            )
            table, variant, assumed = read_table(
                fmt, tkey, recs, table_notes, truncated, explain.setdefault(tkey, [])
            )
        except ReportReadError as exc:
            status[tkey] = UNREADABLE
            reasons[tkey] = [str(exc)]
            notes.extend(table_notes)
            continue
        tables[tkey] = table
        if variant:
            variants[tkey] = variant
            note = next(v.note for v in tdef.row_variants if v.key == variant)
            assumed.insert(0, f"{table_name(tdef)}按其印出的行序读取：{note}。")
        blanks = sum(v is None for row in table.values() for v in row.values())
        if blanks:
            assumed.append(
                f"{table_name(tdef)}有 {blanks} 个空白单元格，按空白读取（未当作 0），核对时按 0 计算。"
            )
        status[tkey] = READ_WITH_ASSUMPTIONS if assumed else READ
        reasons[tkey] = assumed
        notes.extend(table_notes)
        notes.extend(assumed)

    sections, preamble, signature, date = _narrative(lines, headings, title)
    agency = meta.longer_agency(title.agency, preamble)
    return ReportData(
        format_id=fmt.id,
        year=title.year,
        agency=agency,
        title=title.title,
        tables=tables,
        sections=sections,
        variants=variants,
        notes=notes,
        tables_status=status,
        tables_reasons=reasons,
        explain=explain,
        preamble=preamble,
        signature=signature,
        date=date,
    )


def _has_table3(lines: list[Line], kinds: list[str | None]) -> bool:
    """表三 is there: a grid of it, or a line holding one of the words that identify it."""
    if "applications" in kinds:
        return True
    words = {
        label_key(w)
        for f in all_formats()
        for group in f.table("applications").reading.identify
        for w in group
    }
    return any(w in ln.key for ln in lines for w in words)


def _regions(
    lines: list[Line], headings: dict[str, int], fmt: ReportFormat
) -> dict[str, tuple[int, int]]:
    """(start, end) line indexes of each table's region (openers: the format's ``reading``)."""
    starts = sorted(headings.values())
    regions: dict[str, tuple[int, int]] = {}
    for tkey in TABLES:
        if tkey in headings:
            start = headings[tkey] + 1
        else:
            openers = [label_key(w) for w in fmt.table(tkey).reading.openers]
            opener = next(
                (i for i, ln in enumerate(lines) if any(w in ln.key for w in openers)),
                None,
            )
            if opener is None:
                continue
            start = opener
        end = next((s for s in starts if s >= start), len(lines))
        regions[tkey] = (start, end)
    # A table whose heading is missing ends where the next table starts.
    for a, b in (("proactive", "applications"), ("applications", "appeals")):
        if a in regions and b in regions and regions[a][0] < regions[b][0] < regions[a][1]:
            regions[a] = (regions[a][0], regions[b][0] - (1 if b in headings else 0))
    return regions


def _cut_hint(regions: dict[str, tuple[int, int]], tkey: str, nlines: int) -> str:
    return "（文件可能被截断）" if not any(r[1] < nlines for r in regions.values()) else ""


def _detect_format(
    lines: list[Line],
    regions: dict[str, tuple[int, int]],
    grids: list[Grid],
    kinds: list[str | None],
    year: int | None,
) -> str:
    """The format 表二's printed column titles fit best (its titles printed, none of the other
    formats' ``reading.markers``), else the year's."""
    text = ""
    if "proactive" in regions:
        a, b = regions["proactive"]
        text = "".join(ln.key for ln in lines[a:b])
    text += "".join(grid_key(g) for g, k in zip(grids, kinds, strict=True) if k == "proactive")
    formats = all_formats()
    found = {f.id: _evidence(f, formats, text) for f in formats}
    best = max(found.values(), default=0)
    winners = [fid for fid, n in found.items() if n == best]
    if best > 0 and len(winners) == 1:
        return winners[0]
    if year is None:
        raise ReportReadError(
            "无法判断报告格式：表二（主动公开政府信息情况）的列名不可辨认，标题中也没有年份"
        )
    try:
        return format_for_year(year).id
    except UnknownFormat as exc:
        raise ReportReadError(f"无法判断报告格式：{exc}") from None


def _evidence(fmt: ReportFormat, formats: tuple[ReportFormat, ...], text: str) -> int:
    """How well 表二's printed words fit ``fmt``: its own column titles printed, less the
    markers of other formats printed that are none of its titles."""
    own = {label_key(x) for c in fmt.table("proactive").columns for x in c.labels}
    printed = sum(1 for k in own if k in text)
    foreign = {label_key(m) for f in formats if f is not fmt for m in f.markers} - own
    return printed - sum(1 for k in foreign if k in text and not any(k in o for o in own))


def _records(
    lines: list[Line],
    region: tuple[int, int] | None,
    grids: list[Grid],
    kinds: list[str | None],
    fmt: ReportFormat,
    tkey: str,
) -> list[RowRec]:
    if grids and tkey in kinds:
        out: list[RowRec] = []
        for g, k in zip(grids, kinds, strict=True):
            if k == tkey:
                out.extend(records(g))
        return out
    if region is None:
        return []
    a, b = region
    return [
        RowRec(label=ln.label, key=ln.label_key, values=list(ln.tail), text=ln.raw.strip())
        for ln in lines[a:b]
        if ln.grid is None
    ]


def _column_notes(fmt: ReportFormat, tkey: str, recs: list[RowRec], notes: list[str]) -> None:
    """Column titles printed with a known misspelling (商业机构 for 商业企业)."""
    text = "".join(r.key for r in recs)
    tdef = fmt.table(tkey)
    for col in tdef.columns:
        own = label_key(col.label)
        if own in text:
            continue
        for alias in col.aliases:
            akey = label_key(alias)
            if akey not in own and akey in text:
                notes.append(
                    f"原报告{table_name(tdef)}列名“{alias}”系“{col.label}”的误写或异写"
                    f"（{fmt.document}格式为“{col.label}”），此处按规范列名录入。"
                )


def _narrative(
    lines: list[Line], headings: dict[str, int], title: meta.Title
) -> tuple[dict[str, str], str, str, str | None]:
    """Sections, preamble, signature and date."""
    order = sorted(headings.items(), key=lambda kv: kv[1])
    sections = dict.fromkeys(meta.SECTION_KEYS, "")
    signature, date = "", None
    for n, (skey, start) in enumerate(order):
        end = order[n + 1][1] if n + 1 < len(order) else len(lines)
        body = list(lines[start + 1 : end])
        if (
            start + 1 < len(lines)
            and lines[start].key + lines[start + 1].key in meta.HEADINGS[skey]
        ):
            body = body[1:]  # heading wrapped over two lines
        if skey in TABLES:
            body = _without_table(body)
        if n + 1 == len(order):
            body, signature, date = meta.split_signature(body)
        sections[skey] = meta.paragraphs([ln for ln in body if ln.grid is None])
    first = order[0][1] if order else len(lines)
    pre = [ln for ln in lines[title.line + 1 : first] if ln.grid is None]
    return sections, meta.paragraphs(pre), signature, date


@cache
def _table_words(_formats: tuple[Path, ...]) -> tuple[str, ...]:
    """Header words of every table of every format (``reading.words``), as matching keys."""
    return tuple(
        {
            label_key(w): None
            for f in all_formats()
            for t in f.tables.values()
            for w in t.reading.words
        }
    )


def _without_table(body: list[Line]) -> list[Line]:
    """The narrative of a table section: the lines before the table and after its last row."""

    def is_table(ln: Line) -> bool:
        return (
            ln.grid is not None
            or bool(ln.tail)
            or (
                len(ln.key) <= 60
                and "。" not in ln.text
                and any(w in ln.key for w in _table_words(formats_key()))
            )
        )

    marks = [i for i, ln in enumerate(body) if is_table(ln)]
    if not marks:
        return body
    last_row = (
        max(i for i, ln in enumerate(body) if ln.grid is not None or ln.tail)
        if any(ln.grid is not None or ln.tail for ln in body)
        else marks[-1]
    )
    return body[: marks[0]] + body[last_row + 1 :]
