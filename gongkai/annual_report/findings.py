"""A finding of the checks: which rule, where in which table, the numbers and a plain message."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"

# What each rule checks, in a clerk's words. The numbered rules keep their number (the format
# files and the documentation refer to them by it); the others are named only in Chinese.
RULE_NAMES = {
    "R1": "收支平衡",
    "R2": "重复计入",
    "R3": "办理结果合计",
    "R4": "申请人合计",
    "R5": "复议诉讼合计",
    "R6": "数值格式",
    "R7": "上年结转",
    "R8": "项目数量结转",
    "R9": "现行有效件数",
    "blank": "空白单元格",
    "narrative": "正文与表格一致",
    "format": "报告格式",
    "layout": "表格样式",
}


def rule_label(rule: str) -> str:
    """The rule as a clerk reads it: "R1（收支平衡）", "正文与表格一致"; unknown codes as they are."""
    name = RULE_NAMES.get(rule)
    if name is None:
        return rule
    return f"{rule}（{name}）" if rule.startswith("R") else name


@dataclass(frozen=True)
class Finding:
    """One problem found in a report.

    ``table``/``row``/``column`` are canonical keys (None where the rule spans more than one);
    ``expected`` is what the rule computes, ``actual`` what the report prints; ``message`` says
    it in plain Chinese for a clerk.
    """

    rule: str
    severity: str
    table: str | None
    row: str | None
    column: str | None
    expected: int | float | None
    actual: int | float | None
    message: str

    @property
    def rule_label(self) -> str:
        return rule_label(self.rule)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
