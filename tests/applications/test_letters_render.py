"""Letters as files: DOCX read back with python-docx, PDF read back with pdfplumber."""

from __future__ import annotations

import datetime
from io import BytesIO

import pdfplumber
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.applications.letters.render import (
    RenderError,
    letter_filename,
    letter_layout,
    render_letter,
    title_lines,
)
from gongkai.applications.models import Letter
from gongkai.official_document.pdf import cjk_font_installed
from gongkai.statute.outcomes import Outcome
from tests.applications.test_letters_services import RECEIVED, decide, issue, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(agency, clerk) -> Letter:
    return decide(register(agency, clerk), clerk, Outcome.WITHHELD_PROCESS_INFORMATION)


def test_layout_reads_the_frozen_body_back(reply):
    layout = letter_layout(reply)
    assert layout.title_lines == ("盐池县科学技术局", "政府信息公开申请答复书")
    assert layout.number == "盐科公复〔2025〕1号"
    assert layout.salutation == "张三："
    assert layout.paragraphs[0].startswith("本机关于2025年3月3日收到您")
    assert any("第十六条第二款" in p for p in layout.paragraphs)
    assert layout.signature == "盐池县科学技术局"
    assert layout.date == "2025年3月17日"


def test_layout_of_a_body_without_closing_block_prints_every_line():
    letter = Letter(title="告知书", number="X〔2025〕1号", body="李四：\n第一段。\n第二段。")
    layout = letter_layout(letter)
    assert layout.salutation == "李四："
    assert layout.paragraphs == ("第一段。", "第二段。")
    assert (layout.signature, layout.date) == ("", "")


def test_title_stays_on_one_line_without_an_agency_prefix():
    assert title_lines("政府信息公开申请答复书") == ("政府信息公开申请答复书",)


def _paragraph_fonts(paragraph) -> set[str]:
    return {run._r.rPr.rFonts.get(qn("w:eastAsia")) for run in paragraph.runs if run.text}


def test_docx_is_an_official_document(reply):
    doc = Document(BytesIO(render_letter(reply, "docx")))
    section = doc.sections[0]
    mm = [
        round(length.mm)
        for length in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert mm == [210, 297, 37, 35, 28, 26]
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    assert texts[:4] == [
        "盐池县科学技术局",
        "政府信息公开申请答复书",
        "盐科公复〔2025〕1号",
        "张三：",
    ]
    title = paragraphs[0]
    assert title.style.name == "Title"
    assert _paragraph_fonts(title) == {"方正小标宋简体"}
    assert doc.styles["Title"].font.size == Pt(22)
    number = paragraphs[2]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    salutation = paragraphs[3]
    assert salutation.paragraph_format.first_line_indent == Pt(0)
    body = paragraphs[4:-2]
    assert body[0].text.startswith("本机关于2025年3月3日收到您")
    assert any("第十六条第二款" in p.text for p in body)
    assert any("盐池县人民政府申请行政复议" in p.text for p in body)
    assert all(_paragraph_fonts(p) == {"仿宋_GB2312"} for p in body)
    assert doc.styles["Normal"].font.size == Pt(16)
    signature, date = paragraphs[-2:]
    assert (signature.text, date.text) == ("盐池县科学技术局", "2025年3月17日")
    assert signature.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent == Pt(64)
    assert doc.core_properties.title == "盐池县科学技术局政府信息公开申请答复书"


@pytest.mark.skipif(not cjk_font_installed(), reason="no Chinese font installed")
def test_pdf_reads_back_with_number_title_and_text(reply):
    data = render_letter(reply, "pdf")
    assert data.startswith(b"%PDF-")
    with pdfplumber.open(BytesIO(data)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")
    assert "政府信息公开申请答复书" in text
    assert "盐科公复〔2025〕1号" in text
    assert "第十六条第二款" in text
    assert "2025年3月17日" in text


def test_pdf_without_chinese_font_is_a_chinese_message(reply, monkeypatch):
    from gongkai.official_document import pdf

    monkeypatch.setattr(pdf, "cjk_font_installed", lambda: False)
    with pytest.raises(RenderError, match="未安装中文字体"):
        render_letter(reply, "pdf")


def test_unknown_format_is_refused_in_chinese(agency, clerk):
    letter = issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    with pytest.raises(RenderError, match="不支持的文书格式"):
        render_letter(letter, "odt")


def test_every_kind_renders_to_docx(agency, clerk, head):
    """Each notice kind becomes a DOCX whose text is the stored letter, number first."""
    from gongkai.applications import services
    from tests.applications.steps import send_fee_notice
    from tests.applications.test_letters_services import travel

    first, second = register(agency, clerk), register(agency, clerk)
    day = datetime.date(2025, 3, 5)
    letters = [issue(first, "receipt", clerk, RECEIVED)]
    with travel(day):
        for done in (
            services.application_request_supplement(
                application=first,
                actor=clerk,
                on=day,
                until=datetime.date(2025, 3, 14),
                items="文号",
            ),
            services.application_start_consultation(
                application=second, actor=clerk, on=day, party="third_party", consulted="某公司"
            ),
            services.application_extend(
                application=second, actor=head, on=day, workdays=10, reason="档案较多"
            ),
        ):
            letters.append(done.letter)
        services.application_end_consultation(application=second, actor=clerk, on=day)
        letters.append(
            send_fee_notice(
                application=second, actor=clerk, on=day, method="by_items", quantity=12
            ).letter
        )
    assert len({letter.kind for letter in letters}) == 5
    for letter in letters:
        doc = Document(BytesIO(render_letter(letter, "docx")))
        paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
        assert paragraphs[2] == letter.number
        text = "\n".join(paragraphs)
        for line in letter.body.splitlines():
            assert line in text


def test_filename_uses_number_and_kind(reply):
    assert letter_filename(reply, "pdf") == "盐科公复〔2025〕1号政府信息公开申请答复书.pdf"
