"""The narrative check: figures stated in the text against the tables.

Section 一、总体情况 usually restates the year's figures in words — "全市共受理政府信息公开申请
3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复）", "无依申请公开件",
"政府信息公开行政复议 351 件，其中结果维持 72 件…". Each statement found is compared with the
table cell it restates; a difference is an error (the published report contradicts itself).

Only plain, unambiguous statements are read: a number the patterns below do not recognise is
left alone rather than guessed at.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .findings import ERROR, Finding
from .model import ReportData

_NUM = r"(\d[\d,，]*)\s*"
_CLAUSE_SPLIT = re.compile(r"[。；;！!？?\n]")


@dataclass(frozen=True)
class Statement:
    """A figure the text states: the table cell(s) it restates and the sentence it is in."""

    what: str  # Chinese name of the figure, for the message
    table: str
    cells: tuple[tuple[str, str], ...]  # (row, column) pairs whose sum the text states
    value: int
    sentence: str


# (pattern, what, table, cells). The first group of each pattern is the number.
_APPLICATION_PATTERNS: tuple[tuple[re.Pattern[str], str, tuple[tuple[str, str], ...]], ...] = (
    (
        re.compile(
            r"(?:收到|受理|新收|接收|共收到|共受理)[^，,。；]{0,24}?申请(?:共|总计|合计)?\s*"
            + _NUM
            + r"件"
        ),
        "本年新收申请数",
        (("received", "total"),),
    ),
    (
        re.compile(r"(?:收到|受理|新收|接收)[^，,。；]{0,6}?" + _NUM + r"件[^，,。；]{0,12}?申请"),
        "本年新收申请数",
        (("received", "total"),),
    ),
    (
        re.compile(r"(?:上年度?|上一年度?)结转(?:的)?(?:申请)?\s*" + _NUM + r"件"),
        "上年结转申请数",
        (("carried_over", "total"),),
    ),
    (
        re.compile(_NUM + r"件(?:申请)?(?:顺延|结转|转入)(?:到|至)?下一?年度"),
        "结转下年度继续办理数",
        (("carried_forward", "total"),),
    ),
    (
        re.compile(
            r"(?:结转|顺延)(?:到|至)?下一?年度(?:继续办理|办理|答复)?(?:的)?(?:申请)?\s*"
            + _NUM
            + r"件"
        ),
        "结转下年度继续办理数",
        (("carried_forward", "total"),),
    ),
    (
        re.compile(r"(?:答复|办结|办理完结)(?:申请)?\s*" + _NUM + r"件"),
        "本年度办理结果总计",
        (("total", "total"),),
    ),
)

_ZERO_APPLICATIONS = re.compile(
    r"无依申请公开(?:件|申请|事项)|未(?:收到|受理|接到)[^，,。；]{0,12}?(?:政府信息公开|依申请公开)?申请"
    r"|(?:收到|受理)[^，,。；]{0,16}?申请(?:数量)?为?\s*0\s*件|依申请公开(?:件|申请)?为?\s*0\s*件"
)

_APPEAL_KINDS = (
    ("行政复议", "reconsideration", ("reconsideration",)),
    ("行政诉讼", "litigation", ("litigation_direct", "litigation_after_reconsideration")),
)
_APPEAL_OUTCOMES = (
    ("结果维持", "upheld"),
    ("结果纠正", "corrected"),
    ("其他结果", "other"),
    ("尚未审结", "pending"),
)


def _int(text: str) -> int:
    return int(re.sub(r"[,，]", "", text))


def _clauses(text: str) -> Iterator[str]:
    for clause in _CLAUSE_SPLIT.split(text):
        clause = clause.strip()
        if clause:
            yield clause


def statements(report: ReportData) -> list[Statement]:
    """The figures section 一 states, in the order they appear."""
    found: list[Statement] = []
    for sentence in _clauses(report.sections.get("overview", "")):
        # Match on a folded copy (full-width digits, "3 119" from a PDF is one number) but
        # quote the sentence as printed.
        folded = re.sub(r"(?<=\d)\s+(?=\d)", "", unicodedata.normalize("NFKC", sentence))
        quoted = re.sub(r"\s+", "", sentence)
        found += [replace(st, sentence=quoted) for st in _application_statements(folded)]
        found += [replace(st, sentence=quoted) for st in _appeal_statements(folded)]
    return found


def _application_statements(sentence: str) -> list[Statement]:
    out: list[Statement] = []
    taken: list[tuple[int, int]] = []
    for pattern, what, cells in _APPLICATION_PATTERNS:
        for m in pattern.finditer(sentence):
            span = m.span(1)
            if any(a <= span[0] < b for a, b in taken):
                continue
            # "答复 3050 件（含上年度结转申请 34 件）": the carried-over figure is its own statement,
            # and "均已答复" without a number is not one.
            taken.append(span)
            out.append(Statement(what, "applications", cells, _int(m.group(1)), sentence))
    if not out and _ZERO_APPLICATIONS.search(sentence):
        out.append(
            Statement("本年新收申请数", "applications", (("received", "total"),), 0, sentence)
        )
    return out


def _appeal_statements(sentence: str) -> list[Statement]:
    out: list[Statement] = []
    for name, _key, rows in _APPEAL_KINDS:
        m = re.search(rf"{name}\s*(?:案件)?(?:共)?\s*{_NUM}件", sentence)
        if not m:
            continue
        out.append(
            Statement(
                f"{name}总数",
                "appeals",
                tuple((r, "total") for r in rows),
                _int(m.group(1)),
                sentence,
            )
        )
        tail = sentence[m.end() :]
        # Outcomes are read only up to the next kind of case ("…；政府信息公开行政诉讼 46 件").
        for other_name, _k, _r in _APPEAL_KINDS:
            if other_name != name and other_name in tail:
                tail = tail[: tail.index(other_name)]
        for label, col in _APPEAL_OUTCOMES:
            om = re.search(rf"{label}\s*{_NUM}件", tail)
            if om:
                out.append(
                    Statement(
                        f"{name}{label}数",
                        "appeals",
                        tuple((r, col) for r in rows),
                        _int(om.group(1)),
                        sentence,
                    )
                )
    return out


def narrative_findings(report: ReportData) -> list[Finding]:
    """An error for every figure the text states that its table contradicts."""
    out: list[Finding] = []
    for st in statements(report):
        table = report.tables.get(st.table, {})
        values = [table.get(row, {}).get(col) for row, col in st.cells]
        present = [v for v in values if v is not None]
        if len(present) < len(values):
            continue
        in_table = sum(present)
        if in_table == st.value:
            continue
        row, col = st.cells[0] if len(st.cells) == 1 else (None, st.cells[0][1])
        quote = st.sentence if len(st.sentence) <= 80 else st.sentence[:78] + "……"
        table_name = "表三" if st.table == "applications" else "表四"
        out.append(
            Finding(
                rule="narrative",
                severity=ERROR,
                table=st.table,
                row=row,
                column=col,
                expected=int(in_table),
                actual=st.value,
                message=f"正文称{st.what}为 {st.value} 件（“{quote}”），但{table_name}为 {in_table} 件，正文与表格不一致。",
            )
        )
    return out
