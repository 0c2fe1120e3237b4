"""The public annual report of the seed bureau in Chromium: read, download, on a phone.

Runs on the demo data (``load_demo``): 盐池县科学技术局's published 2020 report, the one a
citizen would open from the bureau's 年度报告 column.
"""

import re
import zipfile

import pytest
from django.core.management import call_command
from docx import Document
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REPORT_URL = "/gongkai/yanchi-kjj/reports/2020/"
# The six sections of the 2019 format (国办公开办函〔2019〕60号), in order.
SECTION_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


@pytest.fixture
def demo_data(capsys):
    call_command("load_demo")
    capsys.readouterr()  # load_demo reports what it created; not this test's output


def test_report_page_shows_sections_and_table_three_and_downloads_the_docx(
    page, demo_data, console_errors, axe_violations, tmp_path
):
    response = page.goto(REPORT_URL)

    assert response is not None and response.status == 200
    expect(page).to_have_title(re.compile(r"^盐池县科学技术局2020年政府信息公开工作年度报告"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"盐池县科学技术局\s*2020年政府信息公开工作年度报告")
    )
    assert page.get_by_role("heading", level=2).all_inner_texts() == SECTION_HEADINGS
    for heading in SECTION_HEADINGS:
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()

    table_three = page.get_by_role("table", name="表三 收到和处理政府信息公开申请情况")
    expect(table_three.locator("caption")).to_be_visible()
    for header in ("申请人情况", "自然人", "法人或其他组织", "商业企业", "总计"):
        expect(table_three.get_by_role("columnheader", name=header, exact=True)).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"下载 DOCX")).click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert zipfile.is_zipfile(saved)
    document = Document(str(saved))
    assert document.core_properties.title == "盐池县科学技术局2020年政府信息公开工作年度报告"
    titles = [p.text for p in document.paragraphs if p.style.name == "Title" and p.text]
    assert titles == ["盐池县科学技术局", "2020年政府信息公开工作年度报告"]

    assert console_errors == []
    assert axe_violations(page) == []


def test_report_page_on_a_phone_does_not_scroll_sideways(page, demo_data, console_errors):
    # 375×667: the smallest common phone viewport. Wide tables may scroll inside their own
    # container; the page itself must not, or every line of text needs sideways panning.
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(REPORT_URL)
    expect(page.get_by_role("table", name="表三 收到和处理政府信息公开申请情况")).to_be_attached()

    widths = page.evaluate(
        "({viewport: window.innerWidth,"
        " html: document.documentElement.scrollWidth,"
        " body: document.body.scrollWidth})"
    )
    assert widths["viewport"] == 375
    assert widths["html"] <= widths["viewport"], widths
    assert widths["body"] <= widths["viewport"], widths
    assert console_errors == []
