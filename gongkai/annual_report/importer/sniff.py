"""File type sniffing, text decoding and dispatch to the right reader.

The content decides, the extension only breaks ties: a ``.txt`` that is really a PDF is read as
a PDF. DOCX is a ZIP with ``word/document.xml``; PDF starts with ``%PDF``; HTML is text with
``<html``/``<table``/``<body``. Text is UTF-8 (with or without BOM), else GB18030.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..model import ReportData
from .errors import ReportReadError

_HTML = re.compile(rb"<(?:!doctype\s+html|html|body|table|p|div)[\s>]", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def read_report(path: str | Path) -> ReportData:
    """Read the annual report in the file at ``path`` (.txt/.text, .html/.htm, .docx, .pdf)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportReadError(f"无法打开文件 {path.name}：{exc.strerror or exc}") from exc
    return read_bytes(data, path.suffix)


def read_bytes(data: bytes, suffix: str = "") -> ReportData:
    """Read an annual report from the bytes of a file; ``suffix`` (".pdf"…) is a hint."""
    suffix = suffix.lower()
    if not data.strip():
        raise ReportReadError("不是政府信息公开工作年度报告：文件为空")
    if data.startswith(b"%PDF"):
        from .pdf import read_pdf

        return read_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        if _is_docx(data):
            from .docx import read_docx

            return read_docx(data)
        raise ReportReadError("无法读取：文件是 ZIP 压缩包，但不是 Word（.docx）文档")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReportReadError("无法读取旧版 Word（.doc）文档：请另存为 .docx 或 PDF 后再导入")
    text = decode_text(data)
    if suffix in (".html", ".htm") or _HTML.search(data[:4096]):
        from .html import read_html

        return read_html(text)
    from .text import read_text

    return read_text(text)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str: UTF-8 (BOM allowed), else GB18030; binary is an error.

    A UTF-8 file cut in the middle of its last character (a truncated download) is read up to
    that character: what is missing is then said table by table.
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding != "utf-8-sig" or exc.reason != "unexpected end of data":
                continue
            text = data[: exc.start].decode(encoding)
        if len(_CONTROL.findall(text[:8192])) <= 8:
            return text
        break
    raise ReportReadError(
        "不是政府信息公开工作年度报告：文件不是文本、HTML、Word（.docx）或 PDF（内容无法识别）"
    )
