"""HTML → PDF with WeasyPrint, and whether this machine can print Chinese at all.

A PDF without a Chinese font would print empty boxes, so callers check
``cjk_font_installed()`` first and show ``NO_FONT_MESSAGE`` otherwise. WeasyPrint subsets
fonts through HarfBuzz: without ``libharfbuzz-subset0`` a CJK PDF takes ~12 s instead of well
under one (see MACHINE-NOTES).
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import cast

NO_FONT_MESSAGE = "未安装中文字体，无法生成 PDF：请安装 fonts-noto-cjk（Debian/Ubuntu：apt-get install fonts-noto-cjk）"

# Where fonts live when fc-list is missing; file names of common CJK fonts.
_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
_CJK_FILE_HINTS = (
    "cjk",
    "sourcehan",
    "wqy",
    "simsun",
    "simfang",
    "simhei",
    "simkai",
    "fangsong",
    "droidsansfallback",
    "ukai",
    "uming",
    "arphic",
    "msyh",
    "pingfang",
    "fz",
)


@cache
def cjk_font_installed() -> bool:
    """Whether a font covering Chinese is installed (fontconfig's view when available)."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run(  # noqa: S603 - absolute path from which(), fixed arguments
                [fc_list, ":lang=zh", "family"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            out = None
        if out is not None and out.returncode == 0:
            return bool(out.stdout.strip())
    # No fontconfig tools: look for a known CJK font file by name.
    for d in _FONT_DIRS:
        root = Path(d).expanduser()
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            name = path.name.lower()
            if path.suffix.lower() in {".ttf", ".otf", ".ttc"} and any(
                hint in name for hint in _CJK_FILE_HINTS
            ):
                return True
    return False


def write_pdf(html: str) -> bytes:
    """``html`` (a standalone document) printed to PDF bytes."""
    from weasyprint import HTML  # heavy import (~0.5 s), only when a PDF is asked for

    # WeasyPrint is untyped; write_pdf() without a target returns the PDF as bytes.
    return cast(bytes, HTML(string=html).write_pdf())
