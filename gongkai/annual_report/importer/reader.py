"""From ``Line`` objects (and, for HTML/DOCX, real tables) to a ``ReportData``.

The document is cut at its six section headings; 表二/表三/表四 are read from the regions of
sections 二/三/四 (or, when a heading is missing, from the region their own header words
start). The format is told by 表二's column titles (本年新制作数量/上一年项目数量 ⇒ 2019;
本年制发件数/本年处理决定数量/万元 ⇒ 2021), else by the year (≤ 2020 ⇒ 2019).
"""

from __future__ import annotations

from ..formats import ReportFormat, get_format
from ..model import ReportData
from . import meta
from .errors import ReportReadError
from .grid import Grid, classify, grid_key, records
from .layout import Line, label_key
from .tables import RowRec, read_appeals, read_applications, read_proactive, table_name

_MARKERS_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "采购项目数量",
)
_MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "万元")
# Header words that open each table when its section heading is missing.
_OPENERS = {
    "proactive": ("第二十条",),
    "applications": ("勾稽", "本年新收政府信息公开申请数量"),
    "appeals": ("结果维持",),
}
_TABLE_WORDS = (
    "第二十条", "信息内容", "勾稽", "申请人情况", "自然人", "行政复议", "行政诉讼", "结果维持",
    "复议后起诉", "本年度办理结果",
)  # fmt: skip
TABLES = ("proactive", "applications", "appeals")


def build_report(lines: list[Line], grids: list[Grid] | None = None) -> ReportData:
    """The report in ``lines`` (see the module docstring). Raises ``ReportReadError``."""
    if not lines:
        raise ReportReadError("不是政府信息公开工作年度报告：文件中没有文字")
    headings = meta.find_headings(lines)
    title = meta.read_title(lines, headings.get("overview"))
    grids = grids or []
    kinds = [classify(g) for g in grids]
    if title.year is None and len(headings) < 2 and not _has_table3(lines, kinds):
        raise ReportReadError(
            "不是政府信息公开工作年度报告：未找到标题（“××××年政府信息公开工作年度报告”）、"
            "“一、总体情况”等部分标题或表三（收到和处理政府信息公开申请情况）"
        )
    regions = _regions(lines, headings)
    notes: list[str] = []
    format_id = _detect_format(lines, regions, grids, kinds, title.year)
    fmt = get_format(format_id)

    tables = {}
    variants: dict[str, str] = {}
    for tkey in TABLES:
        recs = _records(lines, regions.get(tkey), grids, kinds, tkey)
        tdef = fmt.table(tkey)
        if not recs:
            raise ReportReadError(f"未找到{table_name(tdef)}{_cut_hint(regions, tkey, len(lines))}")
        _column_notes(fmt, tkey, recs, notes)
        if tkey == "proactive":
            tables[tkey] = read_proactive(fmt, recs, notes)
        elif tkey == "applications":
            truncated = "appeals" not in regions and "problems" not in headings
            tables[tkey], variant = read_applications(fmt, recs, notes, truncated)
            if variant:
                variants[tkey] = variant
        else:
            tables[tkey] = read_appeals(fmt, recs, notes)
        blanks = sum(v is None for row in tables[tkey].values() for v in row.values())
        if blanks:
            notes.append(f"{table_name(tdef)}有 {blanks} 个空白单元格，按空白读取（未当作 0）。")

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
        preamble=preamble,
        signature=signature,
        date=date,
    )


def _has_table3(lines: list[Line], kinds: list[str | None]) -> bool:
    return "applications" in kinds or any("本年新收政府信息公开申请" in ln.key for ln in lines)


def _regions(lines: list[Line], headings: dict[str, int]) -> dict[str, tuple[int, int]]:
    """(start, end) line indexes of each table's region."""
    starts = sorted(headings.values())
    regions: dict[str, tuple[int, int]] = {}
    for tkey in TABLES:
        if tkey in headings:
            start = headings[tkey] + 1
        else:
            opener = next(
                (i for i, ln in enumerate(lines) if any(w in ln.key for w in _OPENERS[tkey])),
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
    text = ""
    if "proactive" in regions:
        a, b = regions["proactive"]
        text = "".join(ln.key for ln in lines[a:b])
    text += "".join(grid_key(g) for g, k in zip(grids, kinds, strict=True) if k == "proactive")
    old = sum(m in text for m in _MARKERS_2019)
    new = sum(label_key(m) in text for m in _MARKERS_2021)
    if old and not new:
        return "2019"
    if new and not old:
        return "2021"
    if year is None:
        raise ReportReadError(
            "无法判断报告格式：表二（主动公开政府信息情况）的列名不可辨认，标题中也没有年份"
        )
    return "2019" if year <= 2020 else "2021"


def _records(
    lines: list[Line],
    region: tuple[int, int] | None,
    grids: list[Grid],
    kinds: list[str | None],
    tkey: str,
) -> list[RowRec]:
    width = {"applications": 7, "appeals": 15, "proactive": 0}[tkey]
    if grids and tkey in kinds:
        out: list[RowRec] = []
        for g, k in zip(grids, kinds, strict=True):
            if k == tkey:
                out.extend(records(g, tkey, width))
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


def _without_table(body: list[Line]) -> list[Line]:
    """The narrative of a table section: the lines before the table and after its last row."""

    def is_table(ln: Line) -> bool:
        return (
            ln.grid is not None
            or bool(ln.tail)
            or (
                len(ln.key) <= 60 and "。" not in ln.text and any(w in ln.key for w in _TABLE_WORDS)
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
