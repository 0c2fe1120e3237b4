"""JSON output: the canonical form of the report (``ReportData.to_json``), UTF-8, indented.

The same object as ``gongkai report check --json`` prints per file, minus ``file`` and
``findings``; ``ReportData.from_json`` reads it back.
"""

from __future__ import annotations

import json

from ..model import ReportData


def render(report: ReportData) -> bytes:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
