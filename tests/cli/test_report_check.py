"""`gongkai report check` on the seed and the real sample reports (EXPECTED.md)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gongkai.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
SEED = FIXTURES / "yanchi-kjj-2020-annual-report.txt"
HONGZE_2023 = FIXTURES / "008-huaian-hongzequ-2023.txt"
HONGZE_2024 = FIXTURES / "009-huaian-hongzequ-2024.txt"
HUAIAN_2024 = FIXTURES / "010-huaian-shizhengfu-2024.txt"
DEMO = Path(__file__).resolve().parents[2] / "gongkai" / "demo" / "yanchi_kjj_2020.json"


def check_json(capsys, *paths) -> tuple[int, list[dict]]:
    status = main(["report", "check", "--json", *map(str, paths)])
    return status, json.loads(capsys.readouterr().out)


def errors(result: dict) -> list[tuple]:
    return sorted(
        (f["rule"], f["table"], f["row"], f["column"], f["expected"], f["actual"])
        for f in result["findings"]
        if f["severity"] == "error"
    )


def test_seed_is_read_cell_for_cell_and_has_no_errors(capsys):
    status, (result,) = check_json(capsys, SEED)
    assert status == 0
    assert (result["format"], result["year"], result["agency"]) == (
        "2019",
        2020,
        "盐池县科学技术局",
    )
    assert result["tables"] == json.loads(DEMO.read_text(encoding="utf-8"))["tables"]
    assert errors(result) == []


def test_hongze_2023_two_table_four_errors(capsys):
    status, (result,) = check_json(capsys, HONGZE_2023)
    assert status == 1
    assert (result["format"], result["year"]) == ("2021", 2023)
    assert errors(result) == [
        ("R5", "appeals", "litigation_after_reconsideration", "total", 5, 0),
        ("R5", "appeals", "reconsideration", "total", 11, 0),
    ]
    assert result["tables"]["applications"]["received"]["total"] == 21


def test_hongze_2024_narrative_contradicts_table_three(capsys):
    status, (result,) = check_json(capsys, HONGZE_2024)
    assert status == 1
    assert errors(result) == [("narrative", "applications", "received", "total", 95, 17)]


def test_huaian_2024_is_clean_with_its_numbers(capsys):
    status, (result,) = check_json(capsys, HUAIAN_2024)
    assert status == 0
    apps = result["tables"]["applications"]
    assert [apps[r]["total"] for r in ("received", "carried_over", "total", "carried_forward")] == [
        3119,
        34,
        3050,
        103,
    ]
    assert apps["total"]["natural_person"] == 2932
    assert [
        apps[r]["total"] for r in ("other_no_supplement", "other_unpaid_fee", "other_other")
    ] == [71, 6, 110]
    appeals = result["tables"]["appeals"]
    assert list(appeals["reconsideration"].values()) == [72, 64, 178, 37, 351]
    assert list(appeals["litigation_direct"].values()) == [13, 4, 8, 1, 26]
    assert list(appeals["litigation_after_reconsideration"].values()) == [12, 1, 1, 6, 20]
    assert errors(result) == []


def test_several_files_one_object_each_and_worst_status(capsys):
    status, results = check_json(capsys, SEED, HONGZE_2023, HUAIAN_2024)
    assert status == 1
    assert [Path(r["file"]).name for r in results] == [
        SEED.name,
        HONGZE_2023.name,
        HUAIAN_2024.name,
    ]


def test_unreadable_files_are_listed_with_their_reason_and_exit_2(capsys, tmp_path):
    not_a_report = tmp_path / "notes.txt"
    not_a_report.write_text("会议纪要\n今天讨论了食堂的菜单。\n", encoding="utf-8")
    missing = tmp_path / "missing.pdf"
    status, results = check_json(capsys, SEED, not_a_report, missing)
    assert status == 2
    assert "findings" in results[0]
    assert set(results[1]) == {"file", "error"} and "年度报告" in results[1]["error"]
    assert set(results[2]) == {"file", "error"} and "不存在" in results[2]["error"]


def test_truncated_report_says_which_table_and_still_checks_the_others(capsys, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("(三) 不予公开")], encoding="utf-8")
    status, (result,) = check_json(capsys, cut)
    assert status == 2
    assert result["tables_status"] == {
        "proactive": "read",
        "applications": "unreadable",
        "appeals": "unreadable",
    }
    assert result["tables_reasons"]["applications"][0].startswith("无法读取表三")
    assert "截断" in result["tables_reasons"]["applications"][0]
    assert result["tables"]["proactive"]["other_services"] == {
        "previous_count": 3,
        "change": 3,
        "decisions": 0,
    }


def test_one_unreadable_table_does_not_stop_the_checks_of_the_others(capsys, tmp_path):
    """A 表二 nobody can read: 表三 and 表四 are checked, their errors reported, exit 2."""
    text = HONGZE_2023.read_text(encoding="utf-8")
    start = text.index("二、主动公开政府信息情况")
    end = text.index("三、收到和处理政府信息公开申请情况")
    broken = tmp_path / "broken.txt"
    table_two = "\n".join(
        ln for ln in text[start:end].split("\n") if not ln.strip().startswith("行政许可")
    )
    broken.write_text(text[:start] + table_two + text[end:], encoding="utf-8")
    status, (result,) = check_json(capsys, broken)
    assert status == 2
    assert result["tables_status"]["proactive"] == "unreadable"
    assert "行政许可" in result["tables_reasons"]["proactive"][0]
    assert errors(result) == [
        ("R5", "appeals", "litigation_after_reconsideration", "total", 5, 0),
        ("R5", "appeals", "reconsideration", "total", 11, 0),
    ]
    main(["report", "check", str(broken)])
    out = capsys.readouterr().out
    assert "表二：未能读取，未核对。" in out
    assert "结果：表二未能读取、未核对；其余表格2 个错误" in out


def test_text_output_names_format_year_agency_and_findings(capsys):
    status = main(["report", "check", str(HONGZE_2023)])
    out = capsys.readouterr().out
    assert status == 1
    assert "2021 年格式（国办公开办函〔2021〕30号）" in out
    assert "年度：2023" in out
    assert out.count("错误 R5") == 2


@pytest.mark.parametrize(
    "argv", [["report", "check"], ["report", "render", "--year", "2020"], ["nonsense"]]
)
def test_wrong_usage_exits_2_with_a_chinese_message(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_render_against_an_unmigrated_database_explains_what_to_do(tmp_path):
    """A fresh machine before `make setup`: a message and exit 2, never a traceback."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GONGKAI_VAR_DIR"] = str(tmp_path)
    command = [sys.executable, "-m", "gongkai.cli", "report", "render", "--agency", "yanchi-kjj"]
    done = subprocess.run(
        [*command, "--year", "2020", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "make setup" in done.stderr
    assert "Traceback" not in done.stderr


def test_folders_are_searched_recursively_and_zip_archives_opened(capsys, tmp_path):
    (tmp_path / "2023" / "洪泽").mkdir(parents=True)
    (tmp_path / "2023" / "洪泽" / HONGZE_2023.name).write_bytes(HONGZE_2023.read_bytes())
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "copy.txt").write_bytes(HONGZE_2023.read_bytes())
    (tmp_path / "readme.json").write_text("{}", encoding="utf-8")
    archive = tmp_path / "2024.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("报告/淮安市2024.txt", HUAIAN_2024.read_bytes())
        z.writestr("报告/洪泽区2024.txt", HONGZE_2024.read_bytes())
        z.writestr("__MACOSX/报告/._淮安市2024.txt", b"\x00\x05")
    status, results = check_json(capsys, tmp_path)
    names = [r["file"] for r in results]
    assert names == [
        str(tmp_path / "2023" / "洪泽" / HONGZE_2023.name),
        f"{archive}/报告/洪泽区2024.txt",
        f"{archive}/报告/淮安市2024.txt",
    ]
    assert status == 1
    assert results[2]["tables"]["applications"]["received"]["total"] == 3119
    # 2023 and 2024 of 洪泽区 are both there: the cross-year rules ran.
    assert results[1]["previous_year_checked"] is True


def test_an_empty_folder_and_a_broken_zip_are_named(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    status, results = check_json(capsys, tmp_path / "empty", broken)
    assert status == 2
    assert "目录中没有年度报告文件" in results[0]["error"]
    assert "ZIP 压缩包已损坏" in results[1]["error"]


def test_explain_says_per_table_how_it_was_read(capsys):
    status = main(["report", "check", "--explain", str(HONGZE_2023)])
    out = capsys.readouterr().out
    assert status == 1
    assert "读法：按格式规定的行（25 行）：不成立" in out
    assert "读法：按变体“（六）其他处理只印了一行" in out
    assert "各行按位置对应" in out
    assert "读法：按格式规定的行（3 行）：全表数字按各行宽度依次切分" in out


def test_findings_xlsx_has_one_row_per_finding_and_per_unreadable_table(capsys, tmp_path):
    from openpyxl import load_workbook

    cut = tmp_path / "cut.txt"
    text = SEED.read_text(encoding="utf-8")
    cut.write_text(text[: text.index("(三) 不予公开")], encoding="utf-8")
    sheet_path = tmp_path / "结果.xlsx"
    status = main(
        ["report", "check", "--findings-xlsx", str(sheet_path), str(HONGZE_2023), str(cut)]
    )
    capsys.readouterr()
    assert status == 2
    rows = list(load_workbook(sheet_path).active.iter_rows(values_only=True))
    assert rows[0][:7] == ("文件", "机关", "年度", "格式", "表格", "规则", "级别")
    r5 = [r for r in rows if r[5] == "R5（复议诉讼合计）"]
    assert sorted((r[7], r[9], r[10]) for r in r5) == [
        ("litigation_after_reconsideration", 5, 0),
        ("reconsideration", 11, 0),
    ]
    unread = [r for r in rows if r[5] == "未能读取"]
    assert [(Path(r[0]).name, r[4]) for r in unread] == [("cut.txt", "表三"), ("cut.txt", "表四")]
    assert all(r[11] for r in unread)


def test_report_check_does_not_start_django():
    code = (
        "import sys; from gongkai.cli import main; "
        f"status = main(['report', 'check', {str(SEED)!r}]); "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith('django'))[:5]; "
        "sys.exit(status)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "未发现勾稽错误" in done.stdout


def test_shuyang_2023_web_page_reads_as_expected_md_says(capsys):
    """011: the agency's own page (site chrome, nested rowspans, blank 法人 cells)."""
    page = FIXTURES / "011-shuyang-fagaiju-2023.html"
    status, (result,) = check_json(capsys, page)
    assert status == 0
    assert (result["format"], result["year"], result["agency"]) == (
        "2021",
        2023,
        "沭阳县发展和改革局",
    )
    apps = result["tables"]["applications"]
    assert [apps[r]["total"] for r in ("received", "carried_over", "total", "carried_forward")] == [
        26,
        0,
        26,
        0,
    ]
    assert apps["granted"]["natural_person"] == 26
    outcomes = [
        r for r in apps if r not in ("received", "carried_over", "total", "carried_forward")
    ]
    assert sum(apps[r]["total"] for r in outcomes) == 26
    assert all(
        apps[r][c] is None
        for r in apps
        for c in ("commercial", "research", "public_interest", "legal_services", "other")
    )
    assert list(result["tables"]["appeals"]["reconsideration"].values()) == [0, 0, 0, 1, 1]
    assert result["tables_status"]["applications"] == "read_with_assumptions"
    assert any("空白单元格" in n for n in result["tables_reasons"]["applications"])
    assert any("规范性文件" in n for n in result["notes"])
    assert errors(result) == []
