"""表二 (主动公开政府信息情况) computed from the records, for either format.

- 第二十条第（一）项 (规章, 行政规范性文件): the catalogue's items of that document type
  (``catalog.selectors.normative_document_counts``).
- 第（五）（六）（八）项: the agency's lists of matters (``registers.Matter``) at the end of the
  year and of the year before (2019 format: 上一年项目数量, 本年增/减) and the decisions tallied in
  the year (``registers.RegisterEntry``); 2021's fees row is the year's fee income in 万元.
- 第（九）项 (2019 format): the year's procurement projects and their amount (元).
"""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from gongkai.annual_report.model import Table
from gongkai.catalog.selectors import normative_document_counts
from gongkai.registers.selectors import matters_in_force, register_totals

_DOCUMENT_COLUMNS = {
    # format column -> count of normative_document_counts
    "made": "made",
    "published": "published",
    "total_public": "in_force",
    "issued": "made",
    "repealed": "repealed",
    "in_force": "in_force",
}
_MATTER_ROWS = ("licensing", "other_services", "penalties", "enforcement", "fees")
TEN_THOUSAND = Decimal(10_000)


def proactive_table(agency_id: int, year: int, empty: Table) -> Table:
    """``empty`` (the format's 表二, all cells present) filled from the records."""
    table = copy.deepcopy(empty)
    documents = normative_document_counts(agency_id, year)
    before = matters_in_force(agency_id, datetime.date(year - 1, 12, 31))
    after = matters_in_force(agency_id, datetime.date(year, 12, 31))
    totals = register_totals(agency_id, year)
    for row, cells in table.items():
        for column in cells:
            cells[column] = _value(row, column, documents, before, after, totals)
    return table


def _value(row, column, documents, before, after, totals):
    if row in documents:
        return documents[row][_DOCUMENT_COLUMNS[column]]
    if row in _MATTER_ROWS and column == "previous_count":
        return before[row]
    if row in _MATTER_ROWS and column == "change":
        return after[row] - before[row]
    if column == "decisions":
        return totals[row][0]
    if row == "procurement":
        count, amount = totals["procurement"]
        return count if column == "projects" else amount
    if row == "fees" and column == "amount_10k_yuan":
        return (Decimal(totals["fee_income"][1]) / TEN_THOUSAND).quantize(Decimal("0.0001"))
    raise KeyError(f"表二 has no cell {row}.{column} this module knows how to compute")
