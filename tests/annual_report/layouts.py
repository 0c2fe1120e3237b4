"""The layout generator: one hand-checked reading, written out in the layouts real reports use.

``LAYOUTS`` maps a layout name to a function ``ReportData -> (bytes, suffix)``; each writes the
same figures the way one kind of published report prints them (TABs, runs of spaces, markdown
pipes, pipes cut per section with placeholder headers, HTML with rowspans, 表三 cut into two
HTML tables, the innerText of that HTML, the whole report glued on one line, numbers above
wrapped labels, full-width digits, Traditional characters, blanks for zeros, the 总计 column
left blank, a page footer and a repeated heading inside the table, an extra 小计 column, DOCX,
PDF). ``expected_reading`` says what a careful reader would read from a layout (blanks for
zeros: blanks). The importer must read each table exactly or refuse it with its reason:
test_layout_matrix.py; ``python -m tests.annual_report.layouts`` prints the matrix for the
README.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from html import escape
from pathlib import Path

import zhconv

from gongkai.annual_report.formats import RowDef, TableDef
from gongkai.annual_report.model import ReportData, Table, format_cell

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "fixtures" / "reports" / "expected"
# The hand-checked readings (EXPECTED.md; the seed's is the demo data): name -> file stem.
REPORTS = {
    "seed": "yanchi-kjj-2020-annual-report",
    "008": "008-huaian-hongzequ-2023",
    "009": "009-huaian-hongzequ-2024",
    "010": "010-huaian-shizhengfu-2024",
    "011": "011-shuyang-fagaiju-2023",
}
FULL_WIDTH = str.maketrans("0123456789.+-", "０１２３４５６７８９．＋－")

Row = tuple[list[str], list[str]]  # (label parts, value cells) as printed


def reading(name: str) -> ReportData:
    data = json.loads((EXPECTED / f"{REPORTS[name]}.json").read_text(encoding="utf-8"))
    return ReportData.from_json(data)


# ------------------------------------------------------------------ the tables as rows


def _label_parts(row: RowDef) -> list[str]:
    parts = [p for p in (row.group, row.subgroup) if p]
    return [*parts, row.full_label]


def table_rows(report: ReportData, key: str, blank_zeros: bool = False) -> list[Row]:
    """The printed rows of a table: header rows (no values) and data rows, in order."""
    tdef = report.format.table(key)
    values = report.tables[key]
    types = {c.key: c.type for c in tdef.columns}

    def cells(row: RowDef) -> list[str]:
        out = []
        for col in tdef.columns_of(row.key):
            v = values[row.key][col]
            out.append("" if blank_zeros and v == 0 else format_cell(v, types[col]))
        return out

    if key == "proactive":
        rows: list[Row] = []
        for block in tdef.blocks:
            rows.append(([block.label], []))
            rows.append((["信息内容", *(tdef.column(c).label for c in block.columns)], []))
            for rkey in block.rows:
                rows.append(([tdef.row(rkey).label], cells(tdef.row(rkey))))
        return rows
    if key == "applications":
        legal = [c.label for c in tdef.columns if c.group]
        head: list[Row] = [
            ([tdef.corner_note or "", tdef.column_group or ""], []),
            (["自然人", "法人或其他组织", "总计"], []),
            (legal, []),
        ]
        return head + [(_label_parts(r), cells(r)) for r in report.rows_in_order(key)]
    results = [c.label for c in tdef.columns]
    flat = [v for r in tdef.rows for v in cells(r)]
    return [
        (["行政复议", "行政诉讼"], []),
        ([*results, "未经复议直接起诉", "复议后起诉"], []),
        (results * 2, []),
        ([], flat),
    ]


def _title(report: ReportData) -> list[str]:
    return [
        f"{report.agency}{report.year}年政府信息公开工作年度报告",
        f"本报告由{report.agency}根据《中华人民共和国政府信息公开条例》编制。",
    ]


def _headings(report: ReportData) -> list[tuple[str, str]]:
    """(section key, heading as printed) of the report's format: 一、总体情况 …"""
    return [(s.key, s.heading) for s in report.format.sections]


def _text_report(report: ReportData, table: Callable[[str], list[str]]) -> str:
    lines = _title(report)
    for key, heading in _headings(report):
        lines.append(heading)
        if key == "overview":
            lines.append(f"{report.year}年，本机关认真贯彻落实《条例》，政务公开工作有序推进。")
        elif key in report.tables:
            lines.extend(table(key))
        elif key == "problems":
            lines.append("一是公开内容还不够丰富；二是解读形式较为单一。")
        else:
            lines.append("无。")
    lines.append(f"{report.agency}")
    return "\n".join(lines) + "\n"


def _joined(report: ReportData, sep: str, blank_zeros: bool = False) -> Callable[[str], list[str]]:
    def table(key: str) -> list[str]:
        return [
            sep.join([*labels, *values]) for labels, values in table_rows(report, key, blank_zeros)
        ]

    return table


def tabs(report: ReportData) -> tuple[bytes, str]:
    return _text_report(report, _joined(report, "\t")).encode(), ".txt"


def spaces(report: ReportData) -> tuple[bytes, str]:
    return _text_report(report, _joined(report, "   ")).encode(), ".txt"


def pipes(report: ReportData) -> tuple[bytes, str]:
    """Markdown pipe tables with group labels in their own cells (a PDF-to-Markdown converter)."""

    def table(key: str) -> list[str]:
        rows = table_rows(report, key)
        width = max(len(a) + len(b) for a, b in rows)
        out = []
        for n, (labels, values) in enumerate(rows):
            pad = [""] * (width - len(labels) - len(values))
            out.append("| " + " | ".join([*labels, *pad, *values]) + " |")
            if n == 0:
                out.append("|" + "---|" * width)
        return out

    return _text_report(report, table).encode(), ".md"


def pipes_per_section(report: ReportData) -> tuple[bytes, str]:
    """表三 cut into one pipe table per group, each with placeholder headers (数据1…)."""

    def table(key: str) -> list[str]:
        rows = [r for r in table_rows(report, key) if r[1]] if key == "applications" else None
        if rows is None:
            return pipes_table(table_rows(report, key))
        out: list[str] = []
        group = None
        for labels, values in rows:
            first = labels[0] if len(labels) > 1 else labels[0][:2]
            if first != group:
                group = first
                out.append("")
                out.append(
                    "| 项目 | " + " | ".join(f"数据{i + 1}" for i in range(len(values))) + " |"
                )
                out.append("|---|" + "---|" * len(values))
            out.append("| " + " | ".join([labels[-1], *values]) + " |")
        return out

    def pipes_table(rows: list[Row]) -> list[str]:
        out = []
        for labels, values in rows:
            out.append("| " + " | ".join([*labels, *values]) + " |")
        return out

    return _text_report(report, table).encode(), ".md"


def _html_table(report: ReportData, key: str, blank_zeros: bool = False) -> str:
    """表三 with the group labels as rowspan cells (nested), the others as plain rows."""
    tdef = report.format.table(key)
    rows = table_rows(report, key, blank_zeros)
    out = ['<table border="1">']
    if key != "applications":
        for labels, values in rows:
            cells = [f"<td>{escape(c)}</td>" for c in [*labels, *values]]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
        return "\n".join(out)
    body = [r for r in rows if r[1]]
    head = [r for r in rows if not r[1]]
    out.append(
        f'<tr><td colspan="3" rowspan="3">{escape(head[0][0][0])}</td>'
        f'<td colspan="7">{escape(head[0][0][1])}</td></tr>'
    )
    out.append(
        '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td>'
        '<td rowspan="2">总<br/>计</td></tr>'
    )
    out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in head[2][0]) + "</tr>")
    spans = _spans(tdef, report.rows_in_order(key))
    for i, (labels, values) in enumerate(body):
        cells = []
        depth = len(labels)
        for level, text in enumerate(labels):
            span = spans.get((i, level))
            if span is None:
                continue  # covered by a rowspan above
            rowspan, colspan = span
            if level == depth - 1:
                colspan = 3 - level
            attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
                f' colspan="{colspan}"' if colspan > 1 else ""
            )
            cells.append(f"<td{attrs}>{escape(text)}</td>")
        cells += [f"<td>{escape(v)}</td>" for v in values]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _spans(tdef: TableDef, rows: tuple[RowDef, ...]) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, level) -> (rowspan, colspan) of the first row of each group label."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    parts = [_label_parts(r) for r in rows]
    for level in range(3):
        i = 0
        while i < len(parts):
            if level >= len(parts[i]):
                i += 1
                continue
            j = i
            last = level == len(parts[i]) - 1
            while (
                not last
                and j + 1 < len(parts)
                and level < len(parts[j + 1]) - 1
                and parts[j + 1][level] == parts[i][level]
            ):
                j += 1
            spans[(i, level)] = (j - i + 1, 1)
            i = j + 1
    return spans


def html_page(report: ReportData, blank_zeros: bool = False) -> str:
    body = [f"<p>{escape(t)}</p>" for t in _title(report)]
    for key, heading in _headings(report):
        body.append(f"<p>{escape(heading)}</p>")
        if key in report.tables:
            body.append(_html_table(report, key, blank_zeros))
        else:
            body.append("<p>无。</p>")
    chrome = "<div>当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>"
    tail = "<div>附件下载</div><div>分享到：微信 微博</div>"
    return (
        '<html><head><meta charset="utf-8"><title>年度报告</title></head><body>'
        f"{chrome}{''.join(body)}{tail}</body></html>"
    )


def html(report: ReportData) -> tuple[bytes, str]:
    return html_page(report).encode(), ".html"


def html_split_table(report: ReportData) -> tuple[bytes, str]:
    """表三 as two HTML tables (cut before （四）, as a page break of the source cuts it), the
    second without any header row, between them a page footer."""
    page = html_page(report)
    start = page.index("<table", page.index("三、收到和处理政府信息公开申请情况"))
    end = page.index("</table>", start)
    table = page[start:end]
    cut = table.rindex("<tr>", 0, table.index("（四）无法提供"))
    # The second table's rows lack the cells the first table's rowspans covered (三、本年度…).
    first, second = table[:cut], table[cut:]
    pieces = [page[:start], first, '</table><p>- 2 -</p><table border="1">', second, page[end:]]
    return "".join(pieces).encode(), ".html"


def inner_text(report: ReportData) -> tuple[bytes, str]:
    """What a browser's innerText gives for html(): a row per line, TAB between cells, a
    rowspan cell only on its first row, header text wrapped inside a cell."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_page(report), "lxml")
    lines: list[str] = []
    for el in soup.body.find_all(["p", "div", "table"], recursive=False):
        if el.name != "table":
            lines.append(el.get_text())
            continue
        for tr in el.find_all("tr"):
            cells = []
            for td in tr.find_all("td"):
                for br in td.find_all("br"):
                    br.replace_with("\n")
                cells.append(td.get_text())
            lines.append("\t".join(cells))
    return ("\n".join(lines) + "\n").encode(), ".txt"


def glued(report: ReportData) -> tuple[bytes, str]:
    """The whole report on one line, every cell glued to the next."""
    text = _text_report(report, _joined(report, ""))
    return text.replace("\n", "").encode(), ".txt"


def numbers_above(report: ReportData) -> tuple[bytes, str]:
    """Each row's numbers on the line above its label; long labels wrapped every 12 characters."""

    def table(key: str) -> list[str]:
        out = []
        for labels, values in table_rows(report, key):
            if values:
                out.append(" ".join(values))
            label = "".join(labels[-1:]) if key == "applications" else " ".join(labels)
            out.extend(label[i : i + 12] for i in range(0, len(label), 12))
        return out

    return _text_report(report, table).encode(), ".txt"


def full_width(report: ReportData) -> tuple[bytes, str]:
    def table(key: str) -> list[str]:
        return [
            "\t".join([*labels, *(v.translate(FULL_WIDTH) for v in values)])
            for labels, values in table_rows(report, key)
        ]

    return _text_report(report, table).encode(), ".txt"


def traditional(report: ReportData) -> tuple[bytes, str]:
    text = _text_report(report, _joined(report, "\t"))
    return zhconv.convert(text, "zh-tw").encode(), ".txt"


def blanks(report: ReportData) -> tuple[bytes, str]:
    """Every 0 printed as an empty cell (TAB-separated)."""
    return _text_report(report, _joined(report, "\t", blank_zeros=True)).encode(), ".txt"


def _is_outcome(row: RowDef) -> bool:
    return row.group is not None and row.key != "total"


def blank_totals(report: ReportData) -> tuple[bytes, str]:
    """表三's 总计 column left blank in every outcome row (TAB-separated)."""

    def table(key: str) -> list[str]:
        if key != "applications":
            return _joined(report, "\t")(key)
        rows = table_rows(report, key)
        layout = report.rows_in_order(key)
        out = ["\t".join(labels) for labels, values in rows if not values]
        for row, (labels, values) in zip(layout, [r for r in rows if r[1]], strict=True):
            cells = [*values[:-1], ""] if _is_outcome(row) else values
            out.append("\t".join([*labels, *cells]))
        return out

    return _text_report(report, table).encode(), ".txt"


def footer_and_heading(report: ReportData) -> tuple[bytes, str]:
    """A page break inside 表三: a footer, the page header, the group heading printed again."""

    def table(key: str) -> list[str]:
        lines = _joined(report, "\t")(key)
        if key != "applications":
            return lines
        at = next(i for i, ln in enumerate(lines) if "不予公开" in ln) + 4
        return [*lines[:at], "- 3 -", "\f", "三、本年度办理结果", *lines[at:]]

    return _text_report(report, table).encode(), ".txt"


def subtotal_column(report: ReportData) -> tuple[bytes, str]:
    """表三 with an extra 小计 column (the five 法人或其他组织 columns summed) before 总计."""

    def table(key: str) -> list[str]:
        if key != "applications":
            return _joined(report, "\t")(key)
        out = []
        for labels, values in table_rows(report, key):
            if not values:
                out.append("\t".join(labels))
                continue
            legal = sum(int(v or 0) for v in values[1:6])
            out.append("\t".join([*labels, *values[:6], str(legal), values[6]]))
        return out

    return _text_report(report, table).encode(), ".txt"


def docx(report: ReportData) -> tuple[bytes, str]:
    """A Word document: paragraphs and real tables (表三's group labels as merged cells)."""
    from docx import Document

    doc = Document()
    for t in _title(report):
        doc.add_paragraph(t)
    for key, heading in _headings(report):
        doc.add_paragraph(heading)
        if key not in report.tables:
            doc.add_paragraph("无。")
            continue
        rows = table_rows(report, key)
        width = max(len(a) + len(b) for a, b in rows)
        if key == "applications":
            width = 10
        table = doc.add_table(rows=len(rows), cols=width)
        for r, (labels, values) in enumerate(rows):
            cells = table.rows[r].cells
            if key == "applications" and values:
                for c, text in enumerate(labels):
                    cells[c].text = text
                if len(labels) < 3:
                    cells[len(labels) - 1].merge(cells[2])
                for c, v in enumerate(values):
                    cells[3 + c].text = v
                continue
            for c, text in enumerate([*labels, *values]):
                cells[c].text = text
        if key == "applications":
            _merge_groups(table, report)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue(), ".docx"


def _merge_groups(table: object, report: ReportData) -> None:
    rows = report.rows_in_order("applications")
    spans = _spans(report.format.table("applications"), rows)
    for (i, level), (rowspan, _) in spans.items():
        if rowspan > 1:
            top = table.cell(3 + i, level)  # type: ignore[attr-defined]
            text = top.text
            merged = top.merge(table.cell(3 + i + rowspan - 1, level))  # type: ignore[attr-defined]
            merged.text = text


def pdf(report: ReportData) -> tuple[bytes, str]:
    from gongkai.official_document.pdf import write_pdf

    return write_pdf(html_page(report)), ".pdf"


LAYOUTS: dict[str, Callable[[ReportData], tuple[bytes, str]]] = {
    "tabs": tabs,
    "spaces": spaces,
    "pipes": pipes,
    "pipes_per_section": pipes_per_section,
    "html_rowspans": html,
    "html_split_table": html_split_table,
    "inner_text": inner_text,
    "glued_line": glued,
    "numbers_above_labels": numbers_above,
    "full_width_digits": full_width,
    "traditional": traditional,
    "blanks_for_zeros": blanks,
    "blank_totals": blank_totals,
    "footer_and_repeated_heading": footer_and_heading,
    "subtotal_column": subtotal_column,
    "docx": docx,
    "pdf": pdf,
}


def expected_reading(report: ReportData, layout: str) -> dict[str, Table]:
    """What a careful reader reads from ``layout``: the figures, with blanks where printed."""
    tables = copy.deepcopy(report.tables)
    if layout == "blanks_for_zeros":
        for rows in tables.values():
            for cols in rows.values():
                for c, v in cols.items():
                    if v == 0:
                        cols[c] = None
    if layout == "blank_totals":
        for row in report.rows_in_order("applications"):
            if _is_outcome(row):
                tables["applications"][row.key]["total"] = None
    return tables


def outcome(name: str, layout: str) -> dict[str, str]:
    """Per table: "read" (exactly the expected figures), "refused: <reason>" or "WRONG"."""
    from gongkai.annual_report.importer import ReportReadError, read_bytes

    report = reading(name)
    data, suffix = LAYOUTS[layout](report)
    try:
        back = read_bytes(data, suffix)
    except ReportReadError as exc:
        return dict.fromkeys(report.tables, f"refused: {exc}")
    expected = expected_reading(report, layout)
    out = {}
    for key in report.tables:
        if back.tables_status.get(key) == "unreadable":
            out[key] = "refused: " + "；".join(back.tables_reasons.get(key, []))
        elif back.tables.get(key) == expected[key] and back.format_id == report.format_id:
            out[key] = "read"
        else:
            out[key] = "WRONG"
    return out


def matrix() -> str:
    """The layouts × reports matrix in Markdown (what the README shows)."""
    names = list(REPORTS)
    lines = ["| layout | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for layout in LAYOUTS:
        row = []
        for name in names:
            res = outcome(name, layout)
            marks = []
            for key, number in (("proactive", "二"), ("applications", "三"), ("appeals", "四")):
                r = res.get(key, "")
                marks.append(
                    f"{number}✓" if r == "read" else f"{number}✗" if r == "WRONG" else f"{number}—"
                )
            row.append(" ".join(marks))
        lines.append(f"| {layout} | " + " | ".join(row) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.stdout.write(matrix() + "\n")
