"""Page, type and signature-block geometry of a 公文 (GB/T 9704-2012), as plain values.

Lengths are millimetres or points as the standard states them; widths of text are in ems of
the body size (one Chinese character = 1 em), which is how the standard measures indents
("右空四字", "首行缩进二字").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# 5.2.1 / 5.2.2: A4, 版心 156 mm × 225 mm; top 37 mm, left (订口) 28 mm.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
# 7.5: the page number sits about 7 mm under the text block.
FOOTER_DISTANCE_MM = 20

# 5.2.3 / 7.3.1: the title in 2号小标宋, body text in 3号仿宋 (16 pt), 22 lines of 28 characters.
TITLE_SIZE_PT = 22
BODY_SIZE_PT = 16
PAGE_NUMBER_SIZE_PT = 14  # 4号
LINE_PITCH_PT = 28
TITLE_PITCH_PT = 36

# Font names as Word knows them (DOCX names one font per run).
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

# CSS font stacks (HTML and PDF): the official font first, the common Windows and macOS
# names next, Noto CJK last, so a machine without the official fonts still prints Chinese.
_SERIF_TAIL = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'
CSS_TITLE_FONT = f'"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", {_SERIF_TAIL}'
CSS_BODY_FONT = f'"仿宋_GB2312", "仿宋", "FangSong", "STFangsong", {_SERIF_TAIL}'
CSS_KAI_FONT = f'"楷体_GB2312", "楷体", "KaiTi", "STKaiti", {_SERIF_TAIL}'
# 黑体 is a sans face: its fallback puts Noto Sans first (a serif fallback would read as body
# text), still ending with both Noto CJK families.
CSS_HEI_FONT = '"黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'
CSS_PAGE_NUMBER_FONT = f'"宋体", "SimSun", {_SERIF_TAIL}'

# 7.3.5.1: 成文日期一般右空四字编排.
DATE_RIGHT_EMS = 4.0
# Blank body lines between the last paragraph and the 署名: the seal (about 42 mm, four and
# a half lines) must start within one line under the text and press down on 署名 and 成文日期
# so that they sit a little below its centre (7.3.5.1); two lines put its centre on the 署名.
SEAL_ROOM_LINES = 2

# Characters XML 1.0 forbids (python-docx and openpyxl raise on them): untrusted text loses them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str | None) -> str:
    """``text`` without the control characters no document format can carry."""
    return _XML_ILLEGAL.sub("", text or "")


def text_width_em(text: str) -> float:
    """The printed width of ``text`` in ems: full-width (Chinese) characters 1, others ½.

    Arabic numerals in a 成文日期 are half-width (7.3.5.1: 用阿拉伯数字), so "2026年12月3日"
    is 6.5 ems wide.
    """
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


@dataclass(frozen=True)
class SignatureOffsets:
    """Right indents, in ems, of the 署名 line and the 成文日期 line."""

    signature: float
    date: float


def signature_offsets(signature: str, date: str) -> SignatureOffsets:
    """Where 署名 and 成文日期 end (7.3.5.1, a sealed document of one agency): the date four
    characters in from the right margin, the 署名 centred over the date. A 署名 too long to
    centre inside the margin ends at the margin, and the date is centred under it instead."""
    sig_w, date_w = text_width_em(signature), text_width_em(date)
    sig_right = DATE_RIGHT_EMS + (date_w - sig_w) / 2 if date else DATE_RIGHT_EMS
    if sig_right >= 0:
        return SignatureOffsets(signature=sig_right, date=DATE_RIGHT_EMS)
    return SignatureOffsets(signature=0.0, date=(sig_w - date_w) / 2)
