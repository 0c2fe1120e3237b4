"""How a letter addresses its reader, and the seams between template and clerk's text."""

from __future__ import annotations

import datetime

import pytest

from gongkai.applications.letters.wording import (
    addressee_you,
    applicant_you,
    strip_sentence_end,
    tidy_line,
    tidy_lines,
)


def test_a_citizen_is_you_and_an_organisation_is_your_unit():
    assert applicant_you("citizen") == "您"
    assert applicant_you("organisation") == "贵单位"


@pytest.mark.parametrize(
    ("name", "you"),
    [
        ("张三", "您"),
        ("欧阳某某", "您"),
        ("约翰·史密斯·威廉姆斯", "您"),
        ("某科技有限公司", "贵单位"),
        ("盐池县农业农村局", "贵单位"),
        ("宁夏某某律师事务所", "贵单位"),
        ("盐池县花马池镇某某村民委员会", "贵单位"),
    ],
)
def test_a_consulted_third_party_is_addressed_by_what_its_name_says(name, you):
    assert addressee_you(name) == you


@pytest.mark.parametrize(
    ("text", "tidy"),
    [
        ("经审查，经审查，该信息属于过程性信息。", "经审查，该信息属于过程性信息。"),
        ("经审查，经检索，本机关没有该信息。", "经检索，本机关没有该信息。"),
        (
            "经审查，该信息可以公开。经审查，现予提供。经研究，另告知如下。",
            "经审查，该信息可以公开。现予提供。经研究，另告知如下。",
        ),
        ("经审查，“名单。”经审查，现予提供。", "经审查，“名单。”现予提供。"),
        (
            "经审查，可以公开。根据规定予以公开。经审查，现予提供。",
            "经审查，可以公开。根据规定予以公开。现予提供。",
        ),
        ("内容描述：“2024年名单。”。", "内容描述：“2024年名单。”"),
        ("予以公开。。", "予以公开。"),
        ("予以公开，。", "予以公开。"),
        ("具体如下：；。", "具体如下。"),
        ("一是，，二是", "一是，二是"),
        ("第1.5页，共3页。", "第1.5页，共3页。"),
    ],
)
def test_doubled_punctuation_and_repeated_openings_are_removed(text, tidy):
    assert tidy_line(text) == tidy


def test_a_salutation_written_twice_prints_once():
    assert tidy_lines(["张三：", "张三：", "正文。"]) == ["张三：", "正文。"]
    assert tidy_lines(["张三：", "正文。", "正文。"]) == ["张三：", "正文。", "正文。"]


def test_a_quoted_value_loses_its_own_sentence_end():
    assert strip_sentence_end("  2024年度立项名单。 ") == "2024年度立项名单"
    assert strip_sentence_end("") == ""


# -- provisional_notice: the letters stating a computed date say when it is provisional -------

PROVISIONAL = "答复期限暂按法定节假日计算，国务院公布2027年节假日安排后如有变化，将另行告知。"
DATED_KINDS = [
    "receipt",
    "extension_notice",
    "deadline_change_notice",
    "consultation_letter",
    "fee_notice",
]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", DATED_KINDS)
def test_letters_stating_a_date_print_the_provisional_notice_as_a_paragraph(agency, kind):
    from gongkai.applications.letters.context import render_text, sample_context, text_lines
    from gongkai.applications.letters.defaults import default_text

    body = default_text(kind).body
    context = sample_context(agency, remedies="", today=datetime.date(2026, 12, 3))
    assert context["provisional_notice"] == ""
    plain = tidy_lines(text_lines(render_text(body, context)))
    assert not any("暂按" in line for line in plain)
    lines = tidy_lines(
        text_lines(render_text(body, {**context, "provisional_notice": PROVISIONAL}))
    )
    assert PROVISIONAL in lines  # a paragraph of its own, not run into another sentence
    assert len(lines) == len(plain) + 1


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["supplement_notice", "deferral_notice"])
def test_letters_without_a_computed_date_never_print_it(agency, kind):
    from gongkai.applications.letters.context import render_text, sample_context
    from gongkai.applications.letters.defaults import default_text

    context = sample_context(agency, remedies="", today=datetime.date(2026, 12, 3))
    text = render_text(default_text(kind).body, {**context, "provisional_notice": PROVISIONAL})
    assert PROVISIONAL not in text
