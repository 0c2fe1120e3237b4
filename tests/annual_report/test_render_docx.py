"""DOCX renderer: the file read back with python-docx."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.annual_report.render import render
from gongkai.annual_report.render.layout import paragraphs

from .render_data import APPEALS_2024_CELLS, SECTION_HEADINGS, report_2024, seed_report

THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@pytest.fixture(scope="module")
def seed():
    return seed_report()


@pytest.fixture(scope="module")
def doc(seed):
    return docx.Document(BytesIO(render(seed, "docx")))


def _east_asia(element) -> str | None:
    rfonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def _row(table, label: str) -> list[str]:
    for row in table.rows:
        texts = [c.text for c in row.cells]
        if label in texts:
            return texts[texts.index(label) :]
    raise AssertionError(f"no row {label!r}")


def test_docx_title_preamble_and_six_headings_in_order(doc):
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title" and p.text]
    assert titles == ["盐池县科学技术局", "2020年政府信息公开工作年度报告"]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTION_HEADINGS
    texts = [p.text for p in doc.paragraphs]
    assert "根据《中华人民共和国政府信息公开条例》第五十条之规定，制作本报告。" in texts
    assert doc.core_properties.title == "盐池县科学技术局2020年政府信息公开工作年度报告"


def test_docx_has_every_paragraph_of_sections_one_five_six(seed, doc):
    texts = [p.text for p in doc.paragraphs]
    for key in ("overview", "problems", "other_matters"):
        for para in paragraphs(seed.sections[key]):
            assert para.head + para.body in texts
    # A standalone （一） line is a level-2 heading; a run-in one is a 楷体 first run.
    assert "（一）存在问题" in [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    run_in = next(p for p in doc.paragraphs if p.text.startswith("（一）主动公开方面。"))
    assert run_in.runs[0].text == "（一）主动公开方面。"
    assert _east_asia(run_in.runs[0]._r) == "楷体_GB2312"
    assert _east_asia(run_in.runs[1]._r) == "仿宋_GB2312"


def test_docx_tables_hold_one_number_per_cell(doc):
    assert len(doc.tables) == 3
    proactive, applications, appeals = doc.tables
    assert _row(proactive, "其他对外管理服务事项") == ["其他对外管理服务事项", "3", "+3", "0"]
    assert _row(proactive, "行政处罚") == ["行政处罚", "2", "0", "0"]
    assert _row(applications, "1.属于国家秘密") == ["1.属于国家秘密"] + ["0"] * 7
    assert len(applications.rows) == 3 + 23
    assert [c.text for c in appeals.rows[3].cells] == ["0"] * 15


def test_docx_tables_have_the_merged_header_cells(doc):
    proactive, applications, appeals = doc.tables
    # 表三 corner: 3 rows × 3 label columns.
    corner = applications.cell(0, 0)
    assert corner._tc is applications.cell(2, 2)._tc
    assert "勾稽关系" in corner.text
    assert corner._tc.grid_span == 3 and corner._tc.vMerge == "restart"
    group = applications.cell(0, 3)
    assert group.text == "申请人情况" and group._tc is applications.cell(0, 9)._tc
    assert applications.cell(1, 4).text == "法人或其他组织"
    assert applications.cell(1, 4)._tc is applications.cell(1, 8)._tc
    assert applications.cell(1, 3)._tc is applications.cell(2, 3)._tc  # 自然人 over 2 rows
    result = applications.cell(5, 0)
    assert result.text == "三、本年度办理结果" and result._tc is applications.cell(24, 0)._tc
    assert applications.cell(7, 1).text == "（三）不予公开"
    assert applications.cell(7, 1)._tc is applications.cell(14, 1)._tc
    # 表四: 行政复议 over 2 rows × 5 columns, 行政诉讼 over 10 columns.
    assert (
        appeals.cell(0, 0).text == "行政复议" and appeals.cell(0, 0)._tc is appeals.cell(1, 4)._tc
    )
    assert (
        appeals.cell(0, 5).text == "行政诉讼" and appeals.cell(0, 5)._tc is appeals.cell(0, 14)._tc
    )
    assert appeals.cell(1, 10).text == "复议后起诉"
    # 表二: each block label spans the table.
    assert proactive.cell(0, 0).text == "第二十条第（一）项"
    assert proactive.cell(0, 0)._tc.grid_span == 4
    # The header rows repeat on each page.
    assert applications.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_docx_fonts_are_declared_for_east_asian_text(doc):
    styles = doc.styles
    assert _east_asia(styles["Normal"].element) == "仿宋_GB2312"
    assert _east_asia(styles["Title"].element) == "方正小标宋简体"
    assert _east_asia(styles["Heading 1"].element) == "黑体"
    assert _east_asia(styles["Heading 2"].element) == "楷体_GB2312"
    assert styles["Normal"].font.size.pt == 16
    assert styles["Title"].font.size.pt == 22
    body = next(p for p in doc.paragraphs if p.text.startswith("2020 年，我局"))
    assert all(_east_asia(r._r) == "仿宋_GB2312" for r in body.runs)
    cell_run = doc.tables[0].rows[3].cells[1].paragraphs[0].runs[0]
    assert _east_asia(cell_run._r) == "仿宋_GB2312"
    assert doc.styles["Report Table Text"].font.size.pt == 10.5
    # No theme font left to override the named ones; East Asian language zh-CN.
    for rfonts in styles.element.iter(qn("w:rFonts")):
        assert not any(rfonts.get(qn(f"w:{a}")) for a in THEME_ATTRS)
    lang = styles["Normal"].element.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    langs = [*styles.element.iter(qn("w:lang")), *doc.settings.element.iter(qn("w:themeFontLang"))]
    assert {el.get(qn("w:eastAsia")) for el in langs} == {"zh-CN"}


def test_docx_body_paragraph_layout(doc):
    pf = doc.styles["Normal"].paragraph_format
    assert pf.first_line_indent.pt == 32  # two 三号 characters
    assert 28 <= pf.line_spacing.pt <= 29
    title = next(p for p in doc.paragraphs if p.style.name == "Title")
    assert title.style.paragraph_format.alignment == 1  # centred


def test_docx_page_is_a4_with_official_margins_and_page_numbers(doc):
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "fldChar" in xml
        assert footer.paragraphs[0].text.replace(" ", "").startswith("—")
    assert doc.settings.odd_and_even_pages_header_footer


def test_docx_2021_report_rows_and_fee_decimal():
    doc = docx.Document(BytesIO(render(report_2024(), "docx")))
    proactive, applications, appeals = doc.tables
    assert len(applications.rows) == 3 + 25
    assert _row(proactive, "行政事业性收费")[:2] == ["行政事业性收费", "1.25"]
    assert _row(applications, "3.其他")[-1] == "110"
    assert _row(applications, "（七）总计")[-7] == "2932"  # 自然人
    assert [c.text for c in appeals.rows[3].cells] == APPEALS_2024_CELLS
    texts = [p.text for p in doc.paragraphs]
    assert texts[-2:] == ["淮安市人民政府办公室", "2025年1月20日"]


def test_docx_drops_characters_xml_cannot_carry():
    report = report_2024()
    report.sections["problems"] = "问题\x00一\x1b。"
    doc = docx.Document(BytesIO(render(report, "docx")))
    assert "问题一。" in [p.text for p in doc.paragraphs]


def test_signature_and_date_stay_with_the_last_paragraph():
    """GB/T 9704 7.3.5: the closing paragraph, the room for the seal, 署名 and 成文日期 are
    one keep-with-next chain, so the signature never stands alone on the last page."""
    document = docx.Document(BytesIO(render(report_2024(), "docx")))
    body = document.paragraphs
    texts = [p.text for p in body]
    assert texts[-2:] == ["淮安市人民政府办公室", "2025年1月20日"]
    last = texts.index("依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。")
    assert texts[last + 1 : -2] == ["", ""]  # room for the seal
    assert all(p.paragraph_format.keep_with_next for p in body[last:-1])
    assert body[-1].paragraph_format.right_indent == Pt(64)  # 右空四字 (4 × 16 pt)
