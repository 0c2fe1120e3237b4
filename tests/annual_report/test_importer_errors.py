"""What the importer refuses to read, and that it says why in Chinese, naming the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.annual_report.importer import ReportReadError, read_bytes, read_report, read_text
from gongkai.annual_report.importer.pdf import ocr_available

REPORTS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "reports"
SEED = (REPORTS / "yanchi-kjj-2020-annual-report.txt").read_text(encoding="utf-8")


def _minimal_pdf_without_text() -> bytes:
    """A valid one-page PDF that draws a rectangle and no text (what a scan looks like)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 21 >>\nstream\n10 10 100 100 re f\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.mark.parametrize(
    ("data", "suffix", "message"),
    [
        (b"", ".txt", r"^不是政府信息公开工作年度报告：文件为空"),
        (b"  \n\n ", ".txt", r"^不是政府信息公开工作年度报告：文件为空"),
        (bytes(range(256)) * 20, ".txt", r"^不是政府信息公开工作年度报告：文件不是文本"),
        (
            "关于做好春节期间安全生产工作的通知\n各单位：请认真做好节日值班。\n".encode(),
            ".txt",
            r"^不是政府信息公开工作年度报告：未找到标题",
        ),
        (b"PK\x03\x04garbage", ".docx", r"不是 Word（\.docx）文档"),
        (
            _minimal_pdf_without_text(),
            ".pdf",
            r"^PDF 没有文字层（扫描件），OCR 未识别出文字，无法读取$"
            if ocr_available()
            else r"^PDF 中没有文字层（可能是扫描件），无法读取；安装 tesseract-ocr 及简体中文语言包",
        ),
        (b"%PDF-1.4\nnot really a pdf", ".pdf", r"PDF"),
    ],
)
def test_files_that_are_not_reports(data, suffix, message):
    with pytest.raises(ReportReadError, match=message):
        read_bytes(data, suffix)


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReportReadError, match="无法打开文件"):
        read_report(tmp_path / "nope.txt")


def unreadable(text: str, table: str) -> str:
    """The reason ``table`` could not be read; the other tables must still be read."""
    report = read_text(text)
    assert report.tables_status[table] == "unreadable", report.tables_status
    assert table not in report.tables
    (reason,) = report.tables_reasons[table]
    return reason


def test_seed_cut_in_the_middle_of_table_three_says_which_table_and_why():
    cut = SEED[: SEED.index("5.属于三类内部事务信息")]
    message = unreadable(cut, "applications")
    assert message.startswith("无法读取表三（收到和处理政府信息公开申请情况）：")
    assert "找到 7 行数字，应为 23 或 25 行" in message
    assert "截断" in message
    # 表二 before the cut is read and checked all the same.
    assert read_text(cut).tables_status["proactive"] == "read"


def test_seed_cut_before_table_four_names_table_four():
    cut = SEED[: SEED.index("行政复议\t")]
    assert unreadable(cut, "appeals").startswith("未找到表四（政府信息公开行政复议、行政诉讼情况）")
    assert read_text(cut).tables_status["applications"] == "read"


def test_a_missing_row_of_table_three_is_a_count_error_not_a_shift():
    lines = SEED.split("\n")
    lines = [ln for ln in lines if "7.属于行政执法案卷" not in ln]
    message = unreadable("\n".join(lines), "applications")
    assert "未找到“7.属于行政执法案卷”一行" in message
    assert "找到 22 行数字，应为 23 或 25 行" in message


def test_a_label_that_contradicts_its_position_is_an_error():
    # Row 4.保护第三方合法权益 removed and a bare number row added further down: the count is
    # right again (23) but "5.属于三类内部事务信息" now sits where row 4 belongs.
    lines = [ln for ln in SEED.split("\n") if "4.保护第三方合法权益" not in ln]
    i = next(i for i, ln in enumerate(lines) if "(六) 其他处理" in ln)
    lines.insert(i, "\t".join(["0"] * 7))
    message = unreadable("\n".join(lines), "applications")
    assert "按位置应为“4.保护第三方合法权益”" in message
    assert "5.属于三类内部事务信息" in message


def test_a_missing_row_of_table_two_is_named():
    text = SEED.replace("行政处罚\t2\t0\t0", "")
    assert unreadable(text, "proactive").startswith(
        "无法读取表二（主动公开政府信息情况）：未找到“行政处罚”一行"
    )


def test_a_table_two_row_with_a_missing_number_is_an_error():
    text = SEED.replace("行政处罚\t2\t0\t0", "行政处罚\t2\t0")
    assert "“行政处罚”一行只印出 2 个数（2 0），应为 3 个" in unreadable(text, "proactive")


def test_gb18030_text_is_decoded(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(SEED.encode("gb18030"))
    assert read_report(path).agency == "盐池县科学技术局"


@pytest.mark.skipif(not ocr_available(), reason="tesseract-ocr with chi_sim is not installed")
def test_a_scanned_pdf_is_read_by_ocr_and_says_so():
    """Page 1 of a report printed and scanned: what OCR reads is right, or refused; never wrong."""
    from PIL import Image

    from tests.annual_report.layouts import pdf, reading

    expected = reading("009")
    data, _ = pdf(expected)
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a.pdf").write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", folder / "a.pdf", folder / "p"],
            check=True,
        )
        (image,) = [Image.open(p).convert("RGB") for p in folder.glob("p*.png")]
        scan = folder / "scan.pdf"
        image.save(scan, "PDF")
        report = read_bytes(scan.read_bytes(), ".pdf")
    assert "按 OCR（tesseract，简体中文）识别的文字读取" in report.notes[0]
    assert report.tables, report.tables_reasons
    for table, values in report.tables.items():
        assert values == expected.tables[table], table


def test_a_utf8_file_cut_inside_a_character_is_read_up_to_the_cut():
    data = SEED.encode("utf-8")
    cut = data[: data.index("不予公开".encode()) + 2]  # two of the three bytes of 不
    report = read_bytes(cut, ".txt")
    assert report.tables_status["proactive"] == "read"
    assert report.tables_status["applications"] == "unreadable"
    assert "截断" in report.tables_reasons["applications"][0]
