"""gongkai report render, end to end from the database."""

import json

import docx
import pytest

from gongkai.cli import main

pytestmark = pytest.mark.django_db

HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def test_render_json_prints_the_seed_tables(demo, demo_json, capsys):
    status = main(
        ["report", "render", "--agency", "yanchi-kjj", "--year", "2020", "--format", "json"]
    )

    out, _err = capsys.readouterr()
    assert status == 0
    assert json.loads(out)["tables"] == demo_json["tables"]


def test_render_docx_has_the_six_headings_and_the_seed_paragraphs(
    demo, demo_json, tmp_path, capsys
):
    target = tmp_path / "tmp.docx"

    status = main(
        [
            "report",
            "render",
            "--agency",
            "yanchi-kjj",
            "--year",
            "2020",
            "--format",
            "docx",
            "-o",
            str(target),
        ]
    )

    _out, err = capsys.readouterr()
    assert status == 0
    assert "已生成" in err
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    for heading in HEADINGS:
        assert heading in text
    compact = text.replace(" ", "")
    for section in ("overview", "problems"):
        for line in demo_json["sections"][section].splitlines():
            # The renderer may split a run-in heading from its text; compare the body.
            body = line.split("。", 1)[-1] if line.startswith("（") else line
            assert body.replace(" ", "") in compact, line[:30]
    assert "2020年11月6日" in text


@pytest.mark.parametrize(
    ("agency", "year", "message"),
    [
        ("nowhere", "2020", "gongkai：未找到机关 nowhere\n"),
        ("yanchi-kjj", "2021", "gongkai：未找到机关 yanchi-kjj 的 2021 年度报告\n"),
    ],
)
def test_unknown_agency_or_year_exits_2_with_chinese_message(demo, capsys, agency, year, message):
    status = main(["report", "render", "--agency", agency, "--year", year, "--format", "json"])

    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err == message
