"""HTML, DOCX and PDF sources, and Traditional characters.

The DOCX and PDF files are built here from a known ``ReportData`` with python-docx and
WeasyPrint (independently of the project's renderers, which test_roundtrip.py covers), so the
test knows every cell the file holds.
"""

from __future__ import annotations

import io
from decimal import Decimal
from html import escape
from pathlib import Path

import pytest
import zhconv

from gongkai.annual_report.importer import read_bytes, read_report, read_text
from gongkai.annual_report.model import ReportData

REPORTS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "reports"
COLS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other")
HEADINGS = (
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("appeals", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)


def known_2021_report(variant: str | None = None) -> ReportData:
    """A 2021-format report with distinct numbers in every table (one blank cell if asked)."""
    variants = {"applications": variant} if variant else {}
    r = ReportData.empty("2021", year=2024, agency="某市人民政府", variants=variants)
    r.title = "某市人民政府2024年政府信息公开工作年度报告"
    r.preamble = "本报告由某市人民政府办公室根据《条例》编制。"
    r.sections.update(
        overview="2024 年，全市共受理政府信息公开申请 30 件。",
        problems="一是政策解读质量仍需提升。",
        other_matters="全年收取信息处理费 0 元。",
    )
    p = r.tables["proactive"]
    p["regulations"].update(issued=1, repealed=0, in_force=11)
    p["normative_documents"].update(issued=8, repealed=26, in_force=66)
    p["licensing"]["decisions"] = 447228
    p["penalties"]["decisions"] = 3985
    p["enforcement"]["decisions"] = 88
    p["fees"]["amount_10k_yuan"] = Decimal("7730.28")
    t = r.tables["applications"]
    for row, n in {
        "received": 25, "carried_over": 5, "granted": 12, "partially_granted": 4,
        "withheld_process_information": 2, "unavailable_not_held": 7, "carried_forward": 5,
    }.items():  # fmt: skip
        t[row].update(natural_person=n - 1, commercial=1, total=n)
    t["total"].update(natural_person=21, commercial=4, total=25)
    a = r.tables["appeals"]
    a["reconsideration"].update(upheld=3, corrected=1, other=1, pending=2, total=7)
    a["litigation_direct"].update(upheld=1, total=1)
    a["litigation_after_reconsideration"].update(other=2, pending=1, total=3)
    return r


def _cell(v) -> str:
    return "" if v is None else str(v)


def simple_html(r: ReportData) -> str:
    """A plain HTML page of the report (one label column per table, no merged value cells)."""
    fmt = r.format
    out = [f"<html><body><p>{r.agency}</p><p>{r.year}年政府信息公开工作年度报告</p>"]
    out.append(f"<p>{escape(r.preamble)}</p>")
    for key, heading in HEADINGS:
        out.append(f"<p>{heading}</p>")
        if r.sections.get(key):
            out.append(f"<p>{escape(r.sections[key])}</p>")
        if key == "proactive":
            tdef = fmt.table("proactive")
            out.append('<table border="1">')
            for block in tdef.blocks:
                labels = "".join(f"<td>{tdef.column(c).label}</td>" for c in block.columns)
                out.append(f'<tr><td colspan="4">{block.label}</td></tr>')
                out.append(f"<tr><td>信息内容</td>{labels}</tr>")
                for row in block.rows:
                    cells = "".join(f"<td>{_cell(v)}</td>" for v in r.tables[key][row].values())
                    out.append(f"<tr><td>{tdef.row(row).label}</td>{cells}</tr>")
            out.append("</table>")
        elif key == "applications":
            tdef = fmt.table(key)
            heads = "".join(f"<td>{c.label}</td>" for c in tdef.columns)
            out.append(f'<table border="1"><tr><td>{tdef.corner_note}</td>{heads}</tr>')
            for row in r.rows_in_order(key):
                cells = "".join(f"<td>{_cell(v)}</td>" for v in r.tables[key][row.key].values())
                out.append(f"<tr><td>{escape(row.full_label)}</td>{cells}</tr>")
            out.append("</table>")
        elif key == "appeals":
            tdef = fmt.table(key)
            heads = "".join(f"<td>{c.label}</td>" for c in tdef.columns) * 3
            cells = "".join(
                f"<td>{_cell(v)}</td>" for row in r.tables[key].values() for v in row.values()
            )
            out.append(
                '<table border="1"><tr><td colspan="5">行政复议</td><td colspan="5">未经复议直接起诉'
                f'</td><td colspan="5">复议后起诉</td></tr><tr>{heads}</tr><tr>{cells}</tr></table>'
            )
    out.append("</body></html>")
    return "\n".join(out)


def _table(doc, nrows: int, ncols: int, merges, texts) -> None:
    """A table with ``merges`` (r0, c0, r1, c1) and ``texts`` {(r, c): text}.

    Texts are set through one ``table._cells`` list: ``table.cell()`` recomputes it every call.
    """
    table = doc.add_table(rows=nrows, cols=ncols)
    for r0, c0, r1, c1 in merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    cells = table._cells
    for (r, c), text in texts.items():
        cells[r * ncols + c].text = text


def built_docx(r: ReportData) -> bytes:
    """The report as a Word file with merged cells where real reports merge them."""
    from docx import Document

    doc = Document()
    fmt = r.format
    for text in (r.agency, f"{r.year}年政府信息公开工作年度报告", r.preamble):
        doc.add_paragraph(text)
    for key, heading in HEADINGS:
        doc.add_paragraph(heading)
        if r.sections.get(key):
            doc.add_paragraph(r.sections[key])
        tdef = fmt.table(key) if key in r.tables else None
        if key == "proactive":
            for block in tdef.blocks:
                n = 2 + len(block.rows)
                merges = [(0, 0, 0, 3)]
                texts = {(0, 0): block.label, (1, 0): "信息内容"}
                for i, c in enumerate(block.columns):
                    texts[(1, 1 + i)] = tdef.column(c).label
                if len(block.columns) < 3:  # the last value spans the rest of the row
                    merges += [(rr, len(block.columns), rr, 3) for rr in range(1, n)]
                for j, row in enumerate(block.rows):
                    texts[(2 + j, 0)] = tdef.row(row).label
                    for i, v in enumerate(r.tables[key][row].values()):
                        texts[(2 + j, 1 + i)] = _cell(v)
                _table(doc, n, 4, merges, texts)
        elif key == "applications":
            rows = r.rows_in_order(key)
            merges = [(0, 0, 1, 1), (0, 2, 0, 8)]
            texts = {(0, 0): tdef.corner_note, (0, 2): "申请人情况"}
            for i, c in enumerate(tdef.columns):
                texts[(1, 2 + i)] = c.label
            grouped = [2 + j for j, row in enumerate(rows) if row.group]
            merges.append((grouped[0], 0, grouped[-1], 0))
            texts[(grouped[0], 0)] = "三、本年度办理结果"
            for j, row in enumerate(rows):
                if row.group:
                    texts[(2 + j, 1)] = f"{row.subgroup or ''} {row.full_label}".strip()
                else:
                    merges.append((2 + j, 0, 2 + j, 1))
                    texts[(2 + j, 0)] = row.full_label
                for i, v in enumerate(r.tables[key][row.key].values()):
                    texts[(2 + j, 2 + i)] = _cell(v)
            _table(doc, 2 + len(rows), 9, merges, texts)
        elif key == "appeals":
            merges, texts = [], {}
            for b, label in enumerate(("行政复议", "未经复议直接起诉", "复议后起诉")):
                merges.append((0, 5 * b, 0, 5 * b + 4))
                texts[(0, 5 * b)] = label
                for i, c in enumerate(tdef.columns):
                    texts[(1, 5 * b + i)] = c.label
            values = [v for row in r.tables[key].values() for v in row.values()]
            texts.update({(2, i): _cell(v) for i, v in enumerate(values)})
            _table(doc, 3, 15, merges, texts)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ----------------------------------------------------------------------------------- HTML


def test_shanghai_style_html_keeps_blank_cells_blank():
    r = read_report(REPORTS / "shanghai-style-2019.html")
    assert (r.format_id, r.year, r.agency) == ("2019", 2019, "上海市徐汇区民政局")
    assert r.title == "上海市徐汇区民政局2019年政府信息公开工作年度报告"
    t = r.tables["applications"]
    assert t["received"] == {
        "natural_person": 821, "commercial": 12, "research": None, "public_interest": None,
        "legal_services": 3, "other": 2, "total": 838,
    }  # fmt: skip
    # The 总计 left blank on a row with values stays blank: the checker decides, not the reader.
    assert t["granted"]["total"] is None
    assert t["granted"]["natural_person"] == 258
    assert all(v is None for v in t["withheld_state_secret"].values())
    assert t["carried_forward"]["natural_person"] == 72
    assert r.variants == {}
    p = r.tables["proactive"]
    assert p["regulations"] == {"made": 5, "published": 5, "total_public": 120}  # <br/> labels
    assert p["licensing"]["change"] == 3
    assert p["other_services"]["change"] == -2
    assert p["enforcement"]["change"] is None
    assert p["fees"] == {"previous_count": 15, "change": -1}
    assert p["procurement"] == {"projects": 40, "amount": Decimal(251000)}
    a = r.tables["appeals"]
    assert a["reconsideration"] == {
        "upheld": 5,
        "corrected": 2,
        "other": 1,
        "pending": None,
        "total": 8,
    }
    assert a["litigation_direct"]["total"] == 4
    assert all(v is None for v in a["litigation_after_reconsideration"].values())
    assert any("251000元" in n for n in r.notes)
    assert any("空白" in n and "表三" in n for n in r.notes)
    assert "838件" in r.sections["overview"]
    assert r.sections["applications"] == ""
    assert (r.signature, r.date) == ("上海市徐汇区民政局", "2020年1月20日")


def test_simple_html_of_a_known_report_reads_back():
    known = known_2021_report()
    r = read_bytes(simple_html(known).encode(), ".html")
    assert r.tables == known.tables
    assert (r.format_id, r.year, r.agency, r.variants) == ("2021", 2024, "某市人民政府", {})


# ----------------------------------------------------------------------------------- DOCX


def test_docx_with_merged_cells_reads_back_cell_for_cell():
    known = known_2021_report()  # （六） in three rows; the one-row layout is read from PDF below
    known.tables["applications"]["granted"]["research"] = None  # a blank cell stays blank
    r = read_bytes(built_docx(known), ".docx")
    assert r.tables == known.tables
    assert r.variants == known.variants
    assert (r.format_id, r.year, r.agency, r.preamble) == (
        "2021", 2024, "某市人民政府", known.preamble,
    )  # fmt: skip
    assert r.sections["overview"] == known.sections["overview"]
    assert any("1 个空白单元格" in n for n in r.notes)


# ------------------------------------------------------------------------------------ PDF


@pytest.fixture(scope="module")
def known_pdf() -> tuple[ReportData, bytes]:
    from weasyprint import HTML

    known = known_2021_report("other_single")
    css = "<style>@page{size:A4;margin:15mm} body{font-family:'Noto Sans CJK SC';font-size:9pt}</style>"
    return known, HTML(string=simple_html(known).replace("<body>", css + "<body>")).write_pdf()


def test_pdf_reads_back_through_its_text_layer(known_pdf):
    known, data = known_pdf
    r = read_bytes(data, ".pdf")
    assert r.tables == known.tables
    assert (r.format_id, r.year, r.agency, r.variants) == (
        "2021", 2024, "某市人民政府", {"applications": "other_single"},
    )  # fmt: skip
    assert "30 件" in r.sections["overview"]


def test_content_decides_over_the_extension(known_pdf, tmp_path):
    known, data = known_pdf
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    assert read_report(path).tables == known.tables


# ---------------------------------------------------------------------------- Traditional


def test_traditional_characters_read_like_simplified():
    text = (REPORTS / "010-huaian-shizhengfu-2024.txt").read_text(encoding="utf-8")
    traditional = zhconv.convert(text, "zh-tw")
    assert traditional != text
    assert read_text(traditional).tables == read_text(text).tables


def test_2019_report_printing_other_in_three_rows_is_the_other_split_variant():
    known = ReportData.empty(
        "2019", year=2020, agency="某县科学技术局", variants={"applications": "other_split"}
    )
    known.tables["applications"]["other_unpaid_fee"].update(natural_person=2, total=2)
    r = read_bytes(simple_html(known).encode(), ".html")
    assert r.variants == {"applications": "other_split"}
    assert r.tables == known.tables
