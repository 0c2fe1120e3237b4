"""The 公文 layout (GB/T 9704-2012) on its own: widths, the signature block, no Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx.shared import Pt

from gongkai.official_document import docx as document_docx
from gongkai.official_document.html import document_html, signature_block_html
from gongkai.official_document.layout import signature_offsets, text_width_em

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "ems"),
    [("盐池县科学技术局", 8.0), ("2026年12月3日", 6.5), ("2026年1月20日", 6.5), ("", 0.0)],
)
def test_chinese_characters_are_one_em_and_digits_half(text, ems):
    assert text_width_em(text) == ems


def test_the_date_is_four_characters_in_and_the_signature_centred_over_it():
    offsets = signature_offsets("盐池县科学技术局", "2026年12月3日")
    assert offsets.date == 4.0
    # 8 ems over 6.5 ems: the centres align, so the name ends 0.75 em further right.
    assert offsets.signature == 3.25


def test_a_signature_too_long_to_centre_ends_at_the_margin_and_the_date_moves_under_it():
    name = "宁夏回族自治区吴忠市盐池县科学技术局政府信息公开工作办公室"
    offsets = signature_offsets(name, "2026年12月3日")
    assert offsets.signature == 0.0
    assert offsets.date == (text_width_em(name) - 6.5) / 2


def test_docx_keeps_the_last_paragraph_with_the_signature_and_date():
    doc = document_docx.new_document("测试")
    document_docx.add_paragraph(doc, "第一段。")
    last = document_docx.add_paragraph(doc, "特此告知。")
    document_docx.add_signature_block(doc, last, "盐池县科学技术局", "2026年12月3日")
    paragraphs = doc.paragraphs
    texts = [p.text for p in paragraphs]
    assert texts == ["第一段。", "特此告知。", "", "", "盐池县科学技术局", "2026年12月3日"]
    assert not paragraphs[0].paragraph_format.keep_with_next
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[1:5])
    assert not paragraphs[5].paragraph_format.keep_with_next
    assert paragraphs[4].paragraph_format.right_indent == Pt(16 * 3.25)
    assert paragraphs[5].paragraph_format.right_indent == Pt(64)


def test_html_holds_the_last_paragraph_and_the_signature_in_one_unbreakable_block():
    html = document_html(
        title="测试",
        title_lines=["盐池县科学技术局", "政府信息公开申请答复书"],
        number="盐科公复〔2026〕1号",
        salutation="张三：",
        paragraphs=["第一段。", "特此告知。"],
        signature="盐池县科学技术局",
        date="2026年12月3日",
        note="（联系电话：0953-6012345）",
    )
    block = html[html.index('<div class="signature-block">') : html.index("</div>")]
    assert "<p>特此告知。</p>" in block and "第一段" not in block
    assert 'class="signature seal-room" style="padding-right:3.25em"' in block
    assert 'class="date" style="padding-right:4em"' in block
    assert html.index('<p class="note">') > html.index("</div>")
    assert ".signature-block { break-inside: avoid;" in html
    assert signature_block_html("", [], "") == '<div class="signature-block">\n</div>'


def test_the_layout_imports_no_django():
    code = (
        "import sys\n"
        "import gongkai.official_document.docx, gongkai.official_document.html\n"
        "import gongkai.official_document.pdf\n"
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0
