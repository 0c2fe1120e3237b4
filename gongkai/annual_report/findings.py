"""A finding of the checks: which rule, where in which table, the numbers and a plain message."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"


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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
