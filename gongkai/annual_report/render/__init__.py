"""Renderers: ``ReportData`` -> DOCX / PDF / HTML / XLSX / JSON (pure Python, no Django).

``render(report, fmt)`` returns the file's bytes; ``FORMATS`` gives each output's media type
and file extension (for downloads and ``gongkai report render``). An unknown format raises
``RenderError`` (a ``ValueError``) with a Chinese message that can be shown to the user; so
does a PDF asked for on a machine without a Chinese font.

The table structure (merged headers, grouped row labels) is computed once in ``layout``; each
output module only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import cast

from ..model import ReportData


class RenderError(ValueError):
    """A report cannot be rendered in the asked format; the message is for the user."""


@dataclass(frozen=True)
class OutputFormat:
    key: str
    label: str
    media_type: str
    extension: str


FORMATS: dict[str, OutputFormat] = {
    f.key: f
    for f in (
        OutputFormat(
            "docx",
            "Word 文档",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        OutputFormat("pdf", "PDF 文档", "application/pdf", ".pdf"),
        OutputFormat("html", "网页", "text/html; charset=utf-8", ".html"),
        OutputFormat(
            "xlsx",
            "Excel 表格",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
        OutputFormat("json", "JSON 数据", "application/json", ".json"),
    )
}


def render(report: ReportData, fmt: str) -> bytes:
    """``report`` as a file of format ``fmt`` (one of ``FORMATS``), as bytes.

    Raises ``RenderError`` for an unknown format or when the output cannot be produced here.
    """
    key = (fmt or "").strip().lower().lstrip(".")
    if key not in FORMATS:
        raise RenderError(f"不支持的输出格式：{fmt!r}（可用格式：{'、'.join(FORMATS)}）")
    # Imported on demand: WeasyPrint alone takes ~0.5 s to import.
    module = import_module(f".{key}", __name__)
    # A module found by name is untyped here; each format module's render(report) -> bytes.
    return cast(bytes, module.render(report))


__all__ = ["FORMATS", "OutputFormat", "RenderError", "render"]
