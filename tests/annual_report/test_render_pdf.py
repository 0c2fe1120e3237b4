"""PDF renderer: the file read back with pdfplumber; the missing-font error path."""

from __future__ import annotations

from io import BytesIO

import pdfplumber
import pytest

from gongkai.annual_report.render import RenderError, pdf, render

from .render_data import SECTION_HEADINGS, report_2024, seed_report

needs_cjk_font = pytest.mark.skipif(
    not pdf.cjk_font_installed(), reason="no Chinese font installed (fonts-noto-cjk)"
)

A4_POINTS = (595.28, 841.89)


def _pages(report) -> list[tuple[tuple[float, float], list[str]]]:
    with pdfplumber.open(BytesIO(render(report, "pdf"))) as doc:
        return [
            ((page.width, page.height), [line["text"] for line in page.extract_text_lines()])
            for page in doc.pages
        ]


@pytest.fixture(scope="module")
def seed_pages():
    return _pages(seed_report())


@pytest.fixture(scope="module")
def pages_2024():
    return _pages(report_2024())


def _lines(pages) -> list[str]:
    return [line for _, lines in pages for line in lines]


@needs_cjk_font
def test_pdf_is_a4_with_title_and_headings(seed_pages):
    assert len(seed_pages) >= 1
    for (width, height), _ in seed_pages:
        assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1
    lines = _lines(seed_pages)
    assert lines[:2] == ["盐池县科学技术局", "2020年政府信息公开工作年度报告"]
    assert [line for line in lines if line in SECTION_HEADINGS] == SECTION_HEADINGS


@needs_cjk_font
def test_pdf_table_rows_keep_their_numbers_on_one_line(seed_pages):
    lines = _lines(seed_pages)
    assert "其他对外管理服务事项 3 +3 0" in lines
    assert "行政处罚 2 0 0" in lines
    assert "四、结转下年度继续办理 0 0 0 0 0 0 0" in lines
    assert " ".join(["0"] * 15) in lines  # 表四's one line of numbers


@needs_cjk_font
def test_pdf_page_numbers_in_the_outside_corner(seed_pages):
    for number, (_, lines) in enumerate(seed_pages, start=1):
        assert lines[-1] == f"— {number} —"


@needs_cjk_font
def test_pdf_2021_report(pages_2024):
    lines = _lines(pages_2024)
    assert "行政事业性收费 1.25" in lines
    assert "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20" in lines
    assert any(line.startswith("3.其他 ") and line.endswith(" 110") for line in lines)


def test_pdf_without_a_chinese_font_says_how_to_install_one(monkeypatch):
    # Font detection asks the operating system; simulate a machine without CJK fonts.
    monkeypatch.setattr(pdf, "cjk_font_installed", lambda: False)
    with pytest.raises(RenderError) as exc:
        render(seed_report(), "pdf")
    assert str(exc.value) == (
        "未安装中文字体，无法生成 PDF：请安装 fonts-noto-cjk（Debian/Ubuntu：apt-get install fonts-noto-cjk）"
    )
