"""Reports used by the renderer tests: the seed (2019 format) and a 2024 report (2021 format).

The 2024 figures are those of sample 010 (淮安市人民政府, tests/fixtures/reports/EXPECTED.md):
the 总计 column of 表三, the 自然人 cell of （七）总计 and 表四; the fee amount is made up so
that the 万元 column carries a decimal.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from gongkai.annual_report.model import ReportData

ROOT = Path(__file__).resolve().parents[2]
SEED_JSON = ROOT / "gongkai" / "demo" / "yanchi_kjj_2020.json"

SECTION_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

TOTALS_2024 = {
    "received": 3119,
    "carried_over": 34,
    "granted": 1362,
    "partially_granted": 454,
    "withheld_state_secret": 2,
    "withheld_prohibited_by_law": 31,
    "withheld_three_securities_one_stability": 5,
    "withheld_third_party_rights": 6,
    "withheld_internal_affairs": 8,
    "withheld_process_information": 12,
    "withheld_law_enforcement_files": 9,
    "withheld_administrative_inquiry": 105,
    "unavailable_not_held": 769,
    "unavailable_needs_creation": 11,
    "unavailable_still_unclear": 1,
    "not_processed_petition": 62,
    "not_processed_duplicate": 25,
    "not_processed_publication": 0,
    "not_processed_excessive": 0,
    "not_processed_confirmation": 1,
    "other_no_supplement": 71,
    "other_unpaid_fee": 6,
    "other_other": 110,
    "total": 3050,
    "carried_forward": 103,
}
APPEALS_2024 = {
    "reconsideration": (72, 64, 178, 37, 351),
    "litigation_direct": (13, 4, 8, 1, 26),
    "litigation_after_reconsideration": (12, 1, 1, 6, 20),
}

# 表四 as printed: one line of 15 numbers.
APPEALS_2024_CELLS = [str(v) for values in APPEALS_2024.values() for v in values]


def seed_report() -> ReportData:
    return ReportData.from_json(json.loads(SEED_JSON.read_text(encoding="utf-8")))


def report_2024(**kwargs) -> ReportData:
    report = ReportData.empty(
        "2021",
        year=2024,
        agency="淮安市人民政府",
        title="淮安市人民政府2024年政府信息公开工作年度报告",
        preamble="本报告根据《中华人民共和国政府信息公开条例》编制。",
        **kwargs,
    )
    apps = report.tables["applications"]
    for row, total in TOTALS_2024.items():
        if row in apps:
            apps[row]["total"] = total
    apps["total"]["natural_person"] = 2932
    for row, values in APPEALS_2024.items():
        report.tables["appeals"][row] = dict(
            zip(("upheld", "corrected", "other", "pending", "total"), values, strict=True)
        )
    report.tables["proactive"]["fees"]["amount_10k_yuan"] = Decimal("1.25")
    report.tables["proactive"]["licensing"]["decisions"] = 4821
    report.sections = {
        "overview": "2024年，淮安市人民政府坚持以公开为常态。\n（一）主动公开\n全年主动公开政府信息。",
        "problems": "（一）存在问题。公开质量有待提高。",
        "other_matters": "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
    }
    report.signature = "淮安市人民政府办公室"
    report.date = "2025年1月20日"
    return report
