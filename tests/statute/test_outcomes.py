"""Tests of the reply outcomes and their 表三 rows (条例 第36-39条; pure, no Django).

The annual-report format files are the reference: every outcome must land on a row that exists
in each format and layout, and every outcome row of each layout must be reachable.
"""

from __future__ import annotations

import pytest

from gongkai.annual_report.formats import ReportFormat, all_formats, get_format
from gongkai.statute.outcomes import (
    GROUPS,
    LETTER_KINDS,
    OUTCOMES,
    ApplicantCategory,
    Outcome,
    UnknownTable3Layout,
    outcome_choices,
    outcome_choices_grouped,
    table3_row,
)

RESULTS_GROUP = "三、本年度办理结果"


def outcome_rows(fmt: ReportFormat, variant: str | None) -> list[str]:
    """The outcome rows of 表三 (under 三, without （七）总计) in printed order."""
    rows = fmt.table("applications").rows_for_variant(variant)
    return [r.key for r in rows if r.group == RESULTS_GROUP and r.key != "total"]


def layouts() -> list[tuple[str, str | None]]:
    return [
        (fmt.id, variant)
        for fmt in all_formats()
        for variant in (None, *(v.key for v in fmt.table("applications").row_variants))
    ]


def test_outcomes_are_the_2021_rows_in_order() -> None:
    assert [o.value for o in Outcome] == outcome_rows(get_format("2021"), None)
    assert list(OUTCOMES) == list(Outcome)


def test_known_layouts_are_exactly_those_of_the_format_files() -> None:
    assert set(layouts()) == {
        ("2019", None),
        ("2019", "other_split"),
        ("2021", None),
        ("2021", "other_single"),
    }


@pytest.mark.parametrize(("format_id", "variant"), layouts())
def test_every_outcome_maps_to_an_existing_row_and_every_row_is_reachable(
    format_id: str, variant: str | None
) -> None:
    rows = outcome_rows(get_format(format_id), variant)
    mapped = [table3_row(o, format_id, variant) for o in Outcome]
    assert set(mapped) == set(rows)
    # Order is kept, so a report can list the rows by walking the outcomes.
    assert list(dict.fromkeys(mapped)) == rows


@pytest.mark.parametrize(
    ("format_id", "variant", "row"),
    [
        ("2019", None, "other"),
        ("2019", "other_split", "other_unpaid_fee"),
        ("2021", None, "other_unpaid_fee"),
        ("2021", "other_single", "other"),
    ],
)
def test_other_handling_rows_per_format_60hao_30hao(
    format_id: str, variant: str | None, row: str
) -> None:
    assert table3_row(Outcome.OTHER_UNPAID_FEE, format_id, variant) == row
    assert table3_row(Outcome.WITHHELD_STATE_SECRET, format_id, variant) == "withheld_state_secret"
    assert table3_row("granted", format_id, variant) == "granted"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("format_id", "variant"),
    [("2018", None), ("2021", "other_split"), ("2019", "other_single"), ("2021", "bogus")],
)
def test_unknown_layout_raises(format_id: str, variant: str | None) -> None:
    with pytest.raises(UnknownTable3Layout, match="未定义表三的格式"):
        table3_row(Outcome.GRANTED, format_id, variant)
    assert issubclass(UnknownTable3Layout, ValueError)


@pytest.mark.parametrize("outcome", list(Outcome))
def test_labels_and_groups_match_the_2021_format(outcome: Outcome) -> None:
    info = OUTCOMES[outcome]
    row = get_format("2021").table("applications").row(outcome.value)
    assert info.outcome is outcome
    assert outcome.info is info
    assert info.label == row.label
    assert info.group in GROUPS
    # Sub-rows carry their group in the subgroup ("（三）不予公开"); （一）（二） are their own group.
    assert info.group in (row.subgroup or row.label)


def test_applicant_categories_are_the_table3_columns() -> None:
    for fmt in all_formats():
        columns = [c for c in fmt.table("applications").columns if c.key != "total"]
        assert [c.key for c in columns] == [a.value for a in ApplicantCategory]
        assert [c.label for c in columns] == [a.label for a in ApplicantCategory]
    assert ApplicantCategory.COMMERCIAL.label == "商业企业"
    assert not ApplicantCategory.NATURAL_PERSON.is_organisation
    assert all(
        a.is_organisation for a in ApplicantCategory if a is not ApplicantCategory.NATURAL_PERSON
    )


LEGAL_GROUNDS = [
    (Outcome.WITHHELD_STATE_SECRET, ("第十四条",)),
    (Outcome.WITHHELD_PROHIBITED_BY_LAW, ("第十四条",)),
    (Outcome.WITHHELD_THREE_SECURITIES_ONE_STABILITY, ("第十四条",)),
    (Outcome.WITHHELD_THIRD_PARTY_RIGHTS, ("第十五条",)),
    (Outcome.WITHHELD_INTERNAL_AFFAIRS, ("第十六条第一款",)),
    (Outcome.WITHHELD_PROCESS_INFORMATION, ("第十六条第二款",)),
    (Outcome.WITHHELD_LAW_ENFORCEMENT_FILES, ("第十六条第二款",)),
    (Outcome.WITHHELD_ADMINISTRATIVE_INQUIRY, ("第三十六条第（七）项",)),
]


@pytest.mark.parametrize(("outcome", "grounds"), LEGAL_GROUNDS)
def test_withheld_rests_on_art14_art15_art16(outcome: Outcome, grounds: tuple[str, ...]) -> None:
    info = OUTCOMES[outcome]
    assert info.legal_grounds == grounds
    assert info.requires_legal_ground
    assert info.group == "不予公开"


def test_withheld_replies_under_art36_item3_except_special_procedure_item7() -> None:
    for outcome, info in OUTCOMES.items():
        if outcome is Outcome.WITHHELD_ADMINISTRATIVE_INQUIRY:
            assert info.reply_type == "第三十六条第（七）项"
            assert info.letter_kind == "reply_special_procedure"
        elif info.group == "不予公开":
            assert info.reply_type == "第三十六条第（三）项"
            assert info.letter_kind == "reply_withheld"


def test_partially_granted_requires_a_ground_art37() -> None:
    info = OUTCOMES[Outcome.PARTIALLY_GRANTED]
    assert info.requires_legal_ground
    assert info.reply_type == "第三十七条"
    assert set(info.legal_grounds) >= {"第十四条", "第十五条", "第十六条第一款", "第十六条第二款"}
    assert info.letter_kind == "reply_partially_granted"


def test_only_refusals_require_legal_grounds() -> None:
    requiring = {o for o, i in OUTCOMES.items() if i.requires_legal_ground}
    assert requiring == {o for o in Outcome if o.value.startswith("withheld_")} | {
        Outcome.PARTIALLY_GRANTED
    }
    for outcome, info in OUTCOMES.items():
        assert bool(info.legal_grounds) is info.requires_legal_ground, outcome


REPLY_TYPES = [
    (Outcome.GRANTED, "第三十六条第（一）项、第（二）项", "reply_granted"),
    (Outcome.UNAVAILABLE_NOT_HELD, "第三十六条第（四）项、第（五）项", "reply_not_held"),
    (Outcome.UNAVAILABLE_NEEDS_CREATION, "第三十八条", "reply_needs_creation"),
    (Outcome.UNAVAILABLE_STILL_UNCLEAR, "第三十条", "reply_still_unclear"),
    (Outcome.NOT_PROCESSED_PETITION, "第三十九条第一款", "reply_not_processed"),
    (Outcome.NOT_PROCESSED_DUPLICATE, "第三十六条第（六）项", "reply_not_processed"),
    (Outcome.NOT_PROCESSED_PUBLICATION, "第三十九条第二款", "reply_not_processed"),
    (Outcome.NOT_PROCESSED_EXCESSIVE, "第三十五条", "reply_not_processed"),
    (Outcome.NOT_PROCESSED_CONFIRMATION, "", "reply_not_processed"),
    (Outcome.OTHER_NO_SUPPLEMENT, "第三十条", "reply_lapsed_supplement"),
    (Outcome.OTHER_UNPAID_FEE, "国办函〔2020〕109号", "reply_lapsed_fee"),
    (Outcome.OTHER_OTHER, "", "reply_other"),
]


@pytest.mark.parametrize(("outcome", "reply_type", "letter"), REPLY_TYPES)
def test_reply_type_and_letter_art36_to_art39(
    outcome: Outcome, reply_type: str, letter: str
) -> None:
    info = OUTCOMES[outcome]
    assert (info.reply_type, info.letter_kind) == (reply_type, letter)


def test_letter_kinds_are_defined_and_all_used() -> None:
    used = {k for info in OUTCOMES.values() for k in info.letter_kinds}
    assert used == set(LETTER_KINDS)
    for title in LETTER_KINDS.values():
        assert title.startswith("政府信息公开申请答复书（")
    assert LETTER_KINDS["reply_granted"] == "政府信息公开申请答复书（予以公开）"
    assert OUTCOMES[Outcome.GRANTED].letter_kinds == ("reply_granted", "reply_already_public")
    assert OUTCOMES[Outcome.UNAVAILABLE_NOT_HELD].letter_kinds == (
        "reply_not_held",
        "reply_not_our_agency",
    )
    with pytest.raises(TypeError):
        LETTER_KINDS["x"] = "y"  # type: ignore[index]
    with pytest.raises(TypeError):
        OUTCOMES[Outcome.GRANTED] = OUTCOMES[Outcome.OTHER_OTHER]  # type: ignore[index]


def test_outcome_choices_grouped_labels() -> None:
    choices = outcome_choices()
    assert [v for v, _ in choices] == [o.value for o in Outcome]
    labels = dict(choices)
    assert labels["granted"] == "予以公开"
    assert labels["partially_granted"] == "部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert labels["withheld_state_secret"] == "不予公开：属于国家秘密"
    assert labels["unavailable_not_held"] == "无法提供：本机关不掌握相关政府信息"
    assert labels["not_processed_duplicate"] == "不予处理：重复申请"
    assert labels["other_other"] == "其他处理：其他"
    assert len(set(labels.values())) == len(labels)


def test_outcome_choices_for_optgroups() -> None:
    grouped = outcome_choices_grouped()
    assert [g for g, _ in grouped] == list(GROUPS)
    assert dict(grouped)["不予公开"][0] == ("withheld_state_secret", "属于国家秘密")
    assert sum(len(items) for _, items in grouped) == len(Outcome)
    assert [len(items) for _, items in grouped] == [1, 1, 8, 3, 5, 3]
