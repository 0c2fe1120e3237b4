"""The one error the importer raises."""

from __future__ import annotations


class ReportReadError(ValueError):
    """A file cannot be read as an annual report.

    The message is plain Chinese for the user and names what could not be read and why, e.g.
    ``无法读取表三（收到和处理政府信息公开申请情况）：找到 21 行数字，应为 23 或 25 行``.
    The importer raises it instead of guessing: it never fills in a number it did not read.
    """
