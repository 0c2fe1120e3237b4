"""A new format is a new file: a made-up third format read and checked without a line of code.

The 2031 format below differs from the 2021 one where real formats have differed: a renamed
column (its own marker), a new 表二 row and a new block with its own column, a new 表四 column
that its R5 rule (in the file) adds up. Reports in it are written by the layout generator and
read back exactly; its rules, evaluated from the file, choose the split of glued cells and find
an error the 2021 rules would not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.annual_report.checks import check_report
from gongkai.annual_report.formats import FORMATS_DIR, format_for_year, use_format_dir
from gongkai.annual_report.importer import read_bytes
from gongkai.annual_report.model import ReportData
from tests.annual_report import layouts


def _third_format() -> dict:
    data = json.loads((FORMATS_DIR / "fmt2021.json").read_text(encoding="utf-8"))
    data.update(id="2031", name="（测试用）第三种年度报告格式", document="测试〔2031〕1号")
    data.update(first_year=2031, last_year=None)
    data["reading"]["markers"] = ["本年制定件数", "批准项目数量"]
    proactive = data["tables"]["proactive"]
    proactive["columns"][0].update(label="本年制定件数", aliases=[])
    proactive["columns"].append({"key": "approved", "label": "批准项目数量", "type": "count"})
    proactive["rows"].insert(5, {"key": "rulings", "label": "行政裁决"})
    proactive["rows"].append({"key": "major_projects", "label": "重大建设项目"})
    proactive["blocks"][2]["rows"].append("rulings")
    proactive["blocks"].append(
        {"label": "第二十条第（十）项", "columns": ["approved"], "rows": ["major_projects"]}
    )
    appeals = data["tables"]["appeals"]
    appeals["columns"].insert(4, {"key": "withdrawn", "label": "撤回", "type": "count"})
    r5 = next(r for r in data["rules"] if r["id"] == "R5")
    r5["rhs"].append("withdrawn")
    return data


@pytest.fixture
def third_format(tmp_path):
    (tmp_path / "fmt2031.json").write_text(
        json.dumps(_third_format(), ensure_ascii=False), encoding="utf-8"
    )
    use_format_dir(tmp_path)
    yield
    use_format_dir(None)


def _report() -> ReportData:
    r = ReportData.empty("2031", year=2031, agency="某县某局", variants={})
    p = r.tables["proactive"]
    p["regulations"].update(issued=2, repealed=1, in_force=9)
    p["rulings"]["decisions"] = 14
    p["major_projects"]["approved"] = 6
    t = r.tables["applications"]
    for row, n in {"received": 12, "granted": 7, "unavailable_not_held": 5, "total": 12}.items():
        t[row].update(natural_person=n - 2, commercial=2, total=n)
    t["unavailable_not_held"].update(natural_person=5, commercial=0, total=5)
    t["granted"].update(natural_person=5, commercial=2, total=7)
    a = r.tables["appeals"]
    a["reconsideration"].update(upheld=2, corrected=1, withdrawn=3, total=6)
    a["litigation_direct"].update(upheld=1, withdrawn=1, total=2)
    return r


def test_the_new_format_covers_its_years(third_format):
    assert format_for_year(2031).id == "2031"
    assert format_for_year(2030).id == "2021"


@pytest.mark.parametrize(
    "layout", ["tabs", "pipes", "html_rowspans", "inner_text", "docx", "full_width_digits"]
)
def test_a_report_in_the_new_format_reads_back_exactly(third_format, layout):
    report = _report()
    assert check_report(report) == []
    data, suffix = layouts.LAYOUTS[layout](report)
    back = read_bytes(data, suffix)
    assert back.format_id == "2031"
    assert back.tables_status == dict.fromkeys(("proactive", "applications", "appeals"), "read")
    assert back.tables == report.tables


def test_the_new_rule_chooses_the_split_of_glued_cells(third_format):
    report = _report()
    data, _ = layouts.tabs(report)
    text = data.decode()
    printed = "\t".join(["2", "1", "0", "0", "3", "6"])  # 行政复议's six cells
    assert text.count(printed) == 1
    glued = text.replace(printed, "2\t1\t0\t0\t36")  # 撤回 and 总计 glued: 3|6 or 36|?
    back = read_bytes(glued.encode(), ".txt")
    assert back.tables["appeals"] == report.tables["appeals"]
    assert any("唯一读作" in n for n in back.notes)


def test_the_new_rule_finds_what_the_old_one_would_not(third_format):
    report = _report()
    report.tables["appeals"]["reconsideration"]["total"] = 3  # 撤回 left out of the total
    (finding,) = [f for f in check_report(report) if f.severity == "error"]
    assert (finding.rule, finding.row, finding.expected, finding.actual) == (
        "R5",
        "reconsideration",
        6,
        3,
    )


def test_without_the_file_the_format_is_unknown():
    assert format_for_year(2031).id == "2021"
    assert not Path(FORMATS_DIR / "fmt2031.json").exists()
