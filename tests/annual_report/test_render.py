"""Renderers: the API, HTML, JSON and XLSX outputs read back (DOCX and PDF: their own files)."""

from __future__ import annotations

import json
from io import BytesIO

import openpyxl
import pytest
from bs4 import BeautifulSoup

from gongkai.annual_report.model import ReportData
from gongkai.annual_report.render import FORMATS, RenderError, render
from gongkai.annual_report.render.layout import paragraphs

from .render_data import APPEALS_2024_CELLS, SECTION_HEADINGS, report_2024, seed_report


@pytest.fixture(scope="module")
def seed() -> ReportData:
    return seed_report()


@pytest.fixture(scope="module")
def seed_html(seed) -> BeautifulSoup:
    return BeautifulSoup(render(seed, "html").decode("utf-8"), "html.parser")


def _row_texts(table, label: str) -> list[str]:
    for tr in table.find_all("tr"):
        cells = [c.get_text() for c in tr.find_all(["th", "td"])]
        if label in cells:
            return cells[cells.index(label) :]
    raise AssertionError(f"no row {label!r}")


# --- API ------------------------------------------------------------------------------------


def test_unknown_format_is_a_render_error_in_chinese(seed):
    with pytest.raises(RenderError, match="不支持的输出格式") as exc:
        render(seed, "odt")
    assert isinstance(exc.value, ValueError)
    assert "docx" in str(exc.value)


def test_every_format_has_a_media_type_and_an_extension():
    assert set(FORMATS) == {"docx", "pdf", "html", "xlsx", "json"}
    assert FORMATS["pdf"].media_type == "application/pdf"
    assert FORMATS["docx"].extension == ".docx"
    assert all(f.extension == "." + key for key, f in FORMATS.items())


# --- JSON -----------------------------------------------------------------------------------


def test_json_is_the_canonical_form(seed):
    data = json.loads(render(seed, "json").decode("utf-8"))
    assert data == seed.to_json()
    assert data["preamble"].startswith("根据《中华人民共和国政府信息公开条例》")
    assert ReportData.from_json(data).to_json() == data


def test_json_keeps_decimals_and_chinese_unescaped():
    raw = render(report_2024(), "json").decode("utf-8")
    assert "淮安市人民政府" in raw
    assert json.loads(raw)["tables"]["proactive"]["fees"]["amount_10k_yuan"] == 1.25


# --- HTML -----------------------------------------------------------------------------------


def test_html_is_a_standalone_chinese_document(seed_html):
    assert seed_html.html["lang"] == "zh-CN"
    assert seed_html.find("meta", charset=True)["charset"] == "utf-8"
    assert seed_html.title.get_text() == "盐池县科学技术局2020年政府信息公开工作年度报告"
    title = [s.get_text() for s in seed_html.h1.find_all("span")]
    assert title == ["盐池县科学技术局", "2020年政府信息公开工作年度报告"]
    assert seed_html.find("p", class_="preamble").get_text().startswith("根据《中华人民共和国")


def test_html_sections_in_order_with_the_tables_in_two_three_four(seed_html):
    assert [h.get_text() for h in seed_html.find_all("h2")] == SECTION_HEADINGS
    sections = seed_html.find_all("section")
    tables = [[t["class"][0] for t in s.find_all("table")] for s in sections]
    assert tables == [[], ["t-proactive"], ["t-applications"], ["t-appeals"], [], []]
    captions = [c.get_text() for c in seed_html.find_all("caption")]
    assert captions == [
        "表二 主动公开政府信息情况",
        "表三 收到和处理政府信息公开申请情况",
        "表四 政府信息公开行政复议、行政诉讼情况",
    ]


def test_html_has_every_paragraph_of_the_narrative(seed, seed_html):
    text = seed_html.get_text()
    for key in ("overview", "problems", "other_matters"):
        for para in paragraphs(seed.sections[key]):
            assert para.head + para.body in text
    assert seed_html.find("h3", string="（一）存在问题") is not None
    assert seed_html.find("span", class_="run-in", string="（一）主动公开方面。") is not None


def test_html_proactive_blocks_with_their_own_headers(seed_html):
    table = seed_html.find("table", class_="t-proactive")
    assert len(table.find_all("tbody")) == 5
    block = table.find("th", string="第二十条第（五）项")
    assert block["colspan"] == "4" and block["scope"] == "rowgroup"
    assert _row_texts(table, "其他对外管理服务事项") == ["其他对外管理服务事项", "3", "+3", "0"]
    assert _row_texts(table, "行政处罚") == ["行政处罚", "2", "0", "0"]
    # 2019 （八）: two columns, the third left blank as in the seed.
    assert _row_texts(table, "行政事业性收费") == ["行政事业性收费", "0", "0", ""]
    heads = table.find_all("th", string="信息内容")
    assert len(heads) == 5 and all(h["scope"] == "col" for h in heads)


def test_html_applications_header_reproduces_the_merged_cells(seed_html):
    table = seed_html.find("table", class_="t-applications")
    corner = table.thead.tr.th
    assert (corner["rowspan"], corner["colspan"]) == ("3", "3")
    assert "勾稽关系" in corner.get_text()
    group = table.find("th", string="申请人情况")
    assert (group["colspan"], group["scope"]) == ("7", "colgroup")
    assert table.find("th", string="法人或其他组织")["colspan"] == "5"
    assert table.find("th", string="自然人")["rowspan"] == "2"
    assert table.find("th", string="总计")["rowspan"] == "2"
    assert [th.get_text() for th in table.thead.find_all("tr")[2].find_all("th")] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]


def test_html_applications_row_labels_span_their_groups(seed_html):
    table = seed_html.find("table", class_="t-applications")
    assert len(table.tbody.find_all("tr")) == 23  # 2019: （六） is one row
    result = table.find("th", string="三、本年度办理结果")
    # scope=row on a label spanning rows labels exactly those rows (rowgroup would run on
    # to the end of the <tbody>, over 四、结转下年度继续办理).
    assert (result["rowspan"], result["scope"]) == ("20", "row")
    assert table.find("th", string="（三）不予公开")["scope"] == "row"
    assert table.find("th", string="（三）不予公开")["rowspan"] == "8"
    assert table.find("th", string="（四）无法提供")["rowspan"] == "3"
    assert table.find("th", string="（五）不予处理")["rowspan"] == "5"
    assert table.find("th", string="一、本年新收政府信息公开申请数量")["colspan"] == "3"
    assert table.find("th", string="（六）其他处理")["colspan"] == "2"
    assert table.find("th", string="1.属于国家秘密")["scope"] == "row"


def test_html_appeals_two_level_header(seed_html):
    table = seed_html.find("table", class_="t-appeals")
    review = table.find("th", string="行政复议")
    assert (review["rowspan"], review["colspan"]) == ("2", "5")
    assert table.find("th", string="行政诉讼")["colspan"] == "10"
    assert table.find("th", string="未经复议直接起诉")["colspan"] == "5"
    assert table.find("th", string="复议后起诉")["colspan"] == "5"
    assert len(table.thead.find_all("tr")[2].find_all("th")) == 15
    assert [td.get_text() for td in table.tbody.find_all("td")] == ["0"] * 15


def test_html_print_css_follows_the_official_layout(seed_html):
    css = seed_html.style.get_text()
    assert "size: A4" in css
    assert "margin: 37mm 26mm 35mm 28mm" in css
    assert '"— " counter(page) " —"' in css
    assert "@bottom-right" in css and "@bottom-left" in css
    assert '"方正小标宋简体"' in css and "22pt" in css
    assert '"仿宋_GB2312"' in css and "16pt" in css
    assert '"楷体_GB2312"' in css and '"黑体"' in css
    assert '"Noto Serif CJK SC", "Noto Sans CJK SC", serif' in css


def test_html_escapes_untrusted_text():
    report = report_2024()
    report.agency = '<script>alert("x")</script>'
    report.sections["problems"] = "<img src=x onerror=alert(1)> & 其他\x00"
    report.preamble = "</p><p>插入"
    soup_text = render(report, "html").decode("utf-8")
    assert "<script>" not in soup_text and "<img" not in soup_text
    assert "&lt;script&gt;" in soup_text and "&lt;img src=x" in soup_text
    assert "\x00" not in soup_text
    soup = BeautifulSoup(soup_text, "html.parser")
    assert soup.h1.span.get_text() == '<script>alert("x")</script>'


def test_html_2021_report_prints_25_rows_and_the_fee_decimal():
    soup = BeautifulSoup(render(report_2024(), "html").decode("utf-8"), "html.parser")
    table = soup.find("table", class_="t-applications")
    assert len(table.tbody.find_all("tr")) == 25
    assert table.find("th", string="三、本年度办理结果")["rowspan"] == "22"
    assert table.find("th", string="（六）其他处理")["rowspan"] == "3"
    assert _row_texts(table, "3.其他")[-1] == "110"
    proactive = soup.find("table", class_="t-proactive")
    assert len(proactive.find_all("tbody")) == 4
    fee = _row_texts(proactive, "行政事业性收费")
    assert fee == ["行政事业性收费", "1.25"]  # a one-column block spans the table
    assert proactive.find("td", string="1.25")["colspan"] == "3"
    appeals = [td.get_text() for td in soup.find("table", class_="t-appeals").find_all("td")]
    assert appeals == APPEALS_2024_CELLS
    assert soup.find("p", class_="signature").get_text() == "淮安市人民政府办公室"


def test_html_other_single_variant_prints_one_row():
    report = report_2024(variants={"applications": "other_single"})
    soup = BeautifulSoup(render(report, "html").decode("utf-8"), "html.parser")
    table = soup.find("table", class_="t-applications")
    assert len(table.tbody.find_all("tr")) == 23
    assert table.find("th", string="（六）其他处理")["colspan"] == "2"


# --- XLSX -----------------------------------------------------------------------------------


def _load_xlsx(report: ReportData):
    return openpyxl.load_workbook(BytesIO(render(report, "xlsx")))


def _sheet_row(ws, label: str) -> list:
    for row in ws.iter_rows(values_only=True):
        if label in row:
            return list(row[row.index(label) :])
    raise AssertionError(f"no row {label!r}")


def test_xlsx_sheets_values_and_merges(seed):
    wb = _load_xlsx(seed)
    assert wb.sheetnames == ["表二 主动公开", "表三 申请处理", "表四 复议诉讼", "报告信息"]
    ws = wb["表二 主动公开"]
    assert _sheet_row(ws, "其他对外管理服务事项") == ["其他对外管理服务事项", 3, 3, 0]
    assert _sheet_row(ws, "行政处罚") == ["行政处罚", 2, 0, 0]
    assert _sheet_row(ws, "行政事业性收费") == ["行政事业性收费", 0, 0, None]
    change = next(c for row in ws.iter_rows() for c in row if c.value == 3 and c.column == 3)
    assert change.number_format == "+0;-0;0"
    assert {"A1:D1", "A5:D5"} <= {str(r) for r in ws.merged_cells.ranges}
    apps = wb["表三 申请处理"]
    merged = {str(r) for r in apps.merged_cells.ranges}
    assert {"A1:C3", "D1:J1", "D2:D3", "E2:I2", "J2:J3", "A6:A25", "B8:B15"} <= merged
    assert "勾稽关系" in apps["A1"].value
    assert apps["E3"].value == "商业企业"
    appeals = wb["表四 复议诉讼"]
    assert {str(r) for r in appeals.merged_cells.ranges} == {"A1:E2", "F1:O1", "F2:J2", "K2:O2"}
    assert [c.value for c in appeals[4]] == [0] * 15
    assert appeals.column_dimensions["A"].width >= 6


def test_xlsx_report_information(seed):
    info = {row[0]: row[1] for row in _load_xlsx(seed)["报告信息"].iter_rows(values_only=True)}
    assert info["机关"] == "盐池县科学技术局"
    assert info["年度"] == 2020
    assert info["报告格式"] == "政府信息公开工作年度报告格式（试行）"
    assert info["文号"] == "国办公开办函〔2019〕60号"


def test_xlsx_2021_report_keeps_numbers_and_blanks():
    report = report_2024()
    report.tables["applications"]["received"]["research"] = None  # printed blank
    wb = _load_xlsx(report)
    ws = wb["表二 主动公开"]
    assert _sheet_row(ws, "行政事业性收费")[:2] == ["行政事业性收费", 1.25]
    apps = wb["表三 申请处理"]
    assert apps.max_row == 3 + 25
    assert _sheet_row(apps, "一、本年新收政府信息公开申请数量")[3:] == [0, 0, None, 0, 0, 0, 3119]
    assert _sheet_row(apps, "3.其他")[-1] == 110
