"""Reply outcomes (办理结果) of an application and their rows in 表三 of the annual report.

Every finished application has exactly one statistical outcome (表三 rule R3), one member of
``Outcome``; its value is the row key of 表三 in the 2021 format (国办公开办函〔2021〕30号),
which splits （六）其他处理 into three rows. ``table3_row`` maps an outcome to the row of a given
format and layout, so the annual report counts the same outcomes whatever year it covers.

``OUTCOMES`` gives, per outcome, the group, the 表三 label, the item of 条例 第36条 (or the
other article) the reply is given under, the articles a refusal may rest on, and the reply
letter to use. Mapping (docs/disclosure-rules.md §1.5, 条例 text):

- 予以公开: 第36条(一) 已主动公开 (tell where to find it) or (二) 可以公开.
- 部分公开: 第37条 区分处理 with 第36条(二)(三); only counted here (表三 note, rule R2).
- 不予公开: 第36条(三), resting on 第14条 (国家秘密, 法律行政法规禁止, 三安全一稳定),
  第15条 (第三方合法权益), 第16条第1款 (内部事务) or 第16条第2款 (过程性信息, 行政执法案卷);
  行政查询事项 is answered under 第36条(七) (法律、行政法规 have their own access rules).
- 无法提供: 第36条(四) 不存在 / (五) 非本机关; 第38条 需另行制作; 第30条 补正后仍不明确.
- 不予处理: 第39条第1款 信访举报投诉; 第36条(六) 重复申请; 第39条第2款 公开出版物;
  第35条 大量反复申请; 要求确认或重新出具 — no article (practice), ``reply_type`` is "".
- 其他处理: 第30条 逾期不补正; 国办函〔2020〕109号 逾期不缴费; 其他.

No Django import here (the annual-report formats are checked against this mapping in tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "GROUPS",
    "LETTER_KINDS",
    "OUTCOMES",
    "ApplicantCategory",
    "Outcome",
    "OutcomeInfo",
    "UnknownTable3Layout",
    "outcome_choices",
    "outcome_choices_grouped",
    "table3_row",
]


class ApplicantCategory(StrEnum):
    """The applicant columns of 表三 (values are the column keys of both formats)."""

    NATURAL_PERSON = "natural_person"
    COMMERCIAL = "commercial"
    RESEARCH = "research"
    PUBLIC_INTEREST = "public_interest"
    LEGAL_SERVICES = "legal_services"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The 表三 column label, e.g. "商业企业" (the seed's "商业机构" is a misprint)."""
        return _CATEGORY_LABELS[self]

    @property
    def is_organisation(self) -> bool:
        """True for the five 法人或其他组织 columns."""
        return self is not ApplicantCategory.NATURAL_PERSON


_CATEGORY_LABELS = {
    ApplicantCategory.NATURAL_PERSON: "自然人",
    ApplicantCategory.COMMERCIAL: "商业企业",
    ApplicantCategory.RESEARCH: "科研机构",
    ApplicantCategory.PUBLIC_INTEREST: "社会公益组织",
    ApplicantCategory.LEGAL_SERVICES: "法律服务机构",
    ApplicantCategory.OTHER: "其他",
}


class Outcome(StrEnum):
    """One statistical outcome per finished application; values = 2021 表三 row keys."""

    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    WITHHELD_STATE_SECRET = "withheld_state_secret"  # noqa: S105 - 国家秘密, not a password
    WITHHELD_PROHIBITED_BY_LAW = "withheld_prohibited_by_law"
    WITHHELD_THREE_SECURITIES_ONE_STABILITY = "withheld_three_securities_one_stability"
    WITHHELD_THIRD_PARTY_RIGHTS = "withheld_third_party_rights"
    WITHHELD_INTERNAL_AFFAIRS = "withheld_internal_affairs"
    WITHHELD_PROCESS_INFORMATION = "withheld_process_information"
    WITHHELD_LAW_ENFORCEMENT_FILES = "withheld_law_enforcement_files"
    WITHHELD_ADMINISTRATIVE_INQUIRY = "withheld_administrative_inquiry"
    UNAVAILABLE_NOT_HELD = "unavailable_not_held"
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation"
    UNAVAILABLE_STILL_UNCLEAR = "unavailable_still_unclear"
    NOT_PROCESSED_PETITION = "not_processed_petition"
    NOT_PROCESSED_DUPLICATE = "not_processed_duplicate"
    NOT_PROCESSED_PUBLICATION = "not_processed_publication"
    NOT_PROCESSED_EXCESSIVE = "not_processed_excessive"
    NOT_PROCESSED_CONFIRMATION = "not_processed_confirmation"
    OTHER_NO_SUPPLEMENT = "other_no_supplement"
    OTHER_UNPAID_FEE = "other_unpaid_fee"
    OTHER_OTHER = "other_other"

    @property
    def info(self) -> OutcomeInfo:
        return OUTCOMES[self]


GROUPS = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")

# Reply letter templates (答复书), keyed by a stable name. Several outcomes share a letter
# whose body names the reason (e.g. the eight 不予公开 rows); an outcome answerable by two
# different letters lists the second in ``OutcomeInfo.alternative_letter_kinds``.
LETTER_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "reply_granted": "政府信息公开申请答复书（予以公开）",
        "reply_already_public": "政府信息公开申请答复书（已主动公开）",
        "reply_partially_granted": "政府信息公开申请答复书（部分公开）",
        "reply_withheld": "政府信息公开申请答复书（不予公开）",
        "reply_special_procedure": "政府信息公开申请答复书（依照有关法律、行政法规办理）",
        "reply_not_held": "政府信息公开申请答复书（政府信息不存在）",
        "reply_not_our_agency": "政府信息公开申请答复书（非本机关负责公开）",
        "reply_needs_creation": "政府信息公开申请答复书（需另行制作）",
        "reply_still_unclear": "政府信息公开申请答复书（补正后申请内容仍不明确）",
        "reply_not_processed": "政府信息公开申请答复书（不予处理）",
        "reply_lapsed_supplement": "政府信息公开申请答复书（逾期未补正，视为放弃申请）",
        "reply_lapsed_fee": "政府信息公开申请答复书（逾期未缴费，视为放弃申请）",
        "reply_other": "政府信息公开申请答复书（其他处理）",
    }
)

_WITHHOLDING_GROUNDS = ("第十四条", "第十五条", "第十六条第一款", "第十六条第二款")


@dataclass(frozen=True)
class OutcomeInfo:
    """What the law and the report say about one outcome.

    ``label`` is the 2021 表三 row label; ``reply_type`` the article/item the reply is given
    under ("" where no article provides for it); ``legal_grounds`` the articles a refusal may
    rest on (empty for outcomes that do not refuse disclosure); ``requires_legal_ground``: the
    reply letter must cite at least one of ``legal_grounds`` (条例 第36条(三) "说明理由");
    ``letter_kind`` the default key in ``LETTER_KINDS``.
    """

    outcome: Outcome
    group: str
    label: str
    reply_type: str
    legal_grounds: tuple[str, ...]
    requires_legal_ground: bool
    letter_kind: str
    # Added beyond the agreed interface:
    alternative_letter_kinds: tuple[str, ...] = ()

    @property
    def letter_kinds(self) -> tuple[str, ...]:
        """Every letter that can answer this outcome, the default first."""
        return (self.letter_kind, *self.alternative_letter_kinds)

    @property
    def choice_label(self) -> str:
        """The label in forms: "不予公开：属于国家秘密"; a one-row group shows its label alone."""
        return self.label if self.label.startswith(self.group) else f"{self.group}：{self.label}"


def _info(
    outcome: Outcome,
    group: str,
    label: str,
    reply_type: str,
    letter_kind: str,
    legal_grounds: tuple[str, ...] = (),
    alternative_letter_kinds: tuple[str, ...] = (),
) -> OutcomeInfo:
    refusal = group == "不予公开" or outcome is Outcome.PARTIALLY_GRANTED
    return OutcomeInfo(
        outcome=outcome,
        group=group,
        label=label,
        reply_type=reply_type,
        legal_grounds=legal_grounds,
        requires_legal_ground=refusal,
        letter_kind=letter_kind,
        alternative_letter_kinds=alternative_letter_kinds,
    )


_O = Outcome
_ART36_3 = "第三十六条第（三）项"
OUTCOMES: Mapping[Outcome, OutcomeInfo] = MappingProxyType(
    {
        i.outcome: i
        for i in (
            _info(
                _O.GRANTED,
                "予以公开",
                "予以公开",
                "第三十六条第（一）项、第（二）项",
                "reply_granted",
                alternative_letter_kinds=("reply_already_public",),
            ),
            _info(
                _O.PARTIALLY_GRANTED,
                "部分公开",
                "部分公开（区分处理的，只计这一情形，不计其他情形）",
                "第三十七条",
                "reply_partially_granted",
                # The withheld part rests on the same grounds as a refusal, or is not 政府信息.
                legal_grounds=(*_WITHHOLDING_GROUNDS, "第三十七条"),
            ),
            _info(
                _O.WITHHELD_STATE_SECRET,
                "不予公开",
                "属于国家秘密",
                _ART36_3,
                "reply_withheld",
                ("第十四条",),
            ),
            _info(
                _O.WITHHELD_PROHIBITED_BY_LAW,
                "不予公开",
                "其他法律行政法规禁止公开",
                _ART36_3,
                "reply_withheld",
                ("第十四条",),
            ),
            _info(
                _O.WITHHELD_THREE_SECURITIES_ONE_STABILITY,
                "不予公开",
                "危及“三安全一稳定”",
                _ART36_3,
                "reply_withheld",
                ("第十四条",),
            ),
            _info(
                _O.WITHHELD_THIRD_PARTY_RIGHTS,
                "不予公开",
                "保护第三方合法权益",
                _ART36_3,
                "reply_withheld",
                ("第十五条",),
            ),
            _info(
                _O.WITHHELD_INTERNAL_AFFAIRS,
                "不予公开",
                "属于三类内部事务信息",
                _ART36_3,
                "reply_withheld",
                ("第十六条第一款",),
            ),
            _info(
                _O.WITHHELD_PROCESS_INFORMATION,
                "不予公开",
                "属于四类过程性信息",
                _ART36_3,
                "reply_withheld",
                ("第十六条第二款",),
            ),
            _info(
                _O.WITHHELD_LAW_ENFORCEMENT_FILES,
                "不予公开",
                "属于行政执法案卷",
                _ART36_3,
                "reply_withheld",
                ("第十六条第二款",),
            ),
            # Registration records (工商、不动产登记 …) have their own access rules: the reply
            # points to them under 第36条(七); 表三 counts it as 行政查询事项.
            _info(
                _O.WITHHELD_ADMINISTRATIVE_INQUIRY,
                "不予公开",
                "属于行政查询事项",
                "第三十六条第（七）项",
                "reply_special_procedure",
                ("第三十六条第（七）项",),
            ),
            _info(
                _O.UNAVAILABLE_NOT_HELD,
                "无法提供",
                "本机关不掌握相关政府信息",
                "第三十六条第（四）项、第（五）项",
                "reply_not_held",
                alternative_letter_kinds=("reply_not_our_agency",),
            ),
            _info(
                _O.UNAVAILABLE_NEEDS_CREATION,
                "无法提供",
                "没有现成信息需要另行制作",
                "第三十八条",
                "reply_needs_creation",
            ),
            _info(
                _O.UNAVAILABLE_STILL_UNCLEAR,
                "无法提供",
                "补正后申请内容仍不明确",
                "第三十条",
                "reply_still_unclear",
            ),
            _info(
                _O.NOT_PROCESSED_PETITION,
                "不予处理",
                "信访举报投诉类申请",
                "第三十九条第一款",
                "reply_not_processed",
            ),
            _info(
                _O.NOT_PROCESSED_DUPLICATE,
                "不予处理",
                "重复申请",
                "第三十六条第（六）项",
                "reply_not_processed",
            ),
            _info(
                _O.NOT_PROCESSED_PUBLICATION,
                "不予处理",
                "要求提供公开出版物",
                "第三十九条第二款",
                "reply_not_processed",
            ),
            _info(
                _O.NOT_PROCESSED_EXCESSIVE,
                "不予处理",
                "无正当理由大量反复申请",
                "第三十五条",
                "reply_not_processed",
            ),
            _info(
                _O.NOT_PROCESSED_CONFIRMATION,
                "不予处理",
                "要求行政机关确认或重新出具已获取信息",
                "",  # no article: the 2019 条例 does not provide for it (docs/disclosure-rules.md §1.5)
                "reply_not_processed",
            ),
            _info(
                _O.OTHER_NO_SUPPLEMENT,
                "其他处理",
                "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "第三十条",
                "reply_lapsed_supplement",
            ),
            _info(
                _O.OTHER_UNPAID_FEE,
                "其他处理",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "国办函〔2020〕109号",
                "reply_lapsed_fee",
            ),
            _info(_O.OTHER_OTHER, "其他处理", "其他", "", "reply_other"),
        )
    }
)

# 表三 layouts: (format id, variant) → whether （六）其他处理 is printed as three rows.
# Format ids and variant keys are those of gongkai/annual_report/formats/*.json (tests check).
_OTHER_SPLIT = {
    ("2019", None): False,  # 国办公开办函〔2019〕60号: one row
    ("2019", "other_split"): True,
    ("2021", None): True,  # 国办公开办函〔2021〕30号: three rows
    ("2021", "other_single"): False,
}
_OTHER_ROWS = frozenset(
    {Outcome.OTHER_NO_SUPPLEMENT, Outcome.OTHER_UNPAID_FEE, Outcome.OTHER_OTHER}
)


class UnknownTable3Layout(ValueError):
    """No 表三 layout is known for this format id and variant."""


def table3_row(outcome: Outcome, format_id: str, variant: str | None = None) -> str:
    """The 表三 row key that counts ``outcome`` in the report format ``format_id``.

    ``variant`` is a row variant of that format (None: the canonical layout): the 2019 format
    prints （六）其他处理 as one row (``"other"``) unless ``variant="other_split"``; the 2021
    format prints three rows unless ``variant="other_single"``. Every other outcome has the same
    row key in every layout. Raises ``UnknownTable3Layout`` for another format or variant.
    """
    outcome = Outcome(outcome)
    try:
        split = _OTHER_SPLIT[(format_id, variant)]
    except KeyError:
        known = "、".join(f"{f}/{v or '标准'}" for f, v in _OTHER_SPLIT)
        raise UnknownTable3Layout(
            f"未定义表三的格式：{format_id}/{variant or '标准'}（已定义：{known}）"
        ) from None
    if outcome in _OTHER_ROWS and not split:
        return "other"
    return outcome.value


def outcome_choices() -> list[tuple[str, str]]:
    """``(value, label)`` pairs in 表三 order for a form's select, e.g.
    ``("withheld_state_secret", "不予公开：属于国家秘密")``."""
    return [(info.outcome.value, info.choice_label) for info in OUTCOMES.values()]


def outcome_choices_grouped() -> list[tuple[str, list[tuple[str, str]]]]:
    """The same choices grouped for an ``<optgroup>`` select (Django's grouped ``choices``):
    ``[("予以公开", [("granted", "予以公开")]), ("不予公开", [..., ("…", "属于国家秘密")]), …]``."""
    grouped: dict[str, list[tuple[str, str]]] = {g: [] for g in GROUPS}
    for info in OUTCOMES.values():
        grouped[info.group].append((info.outcome.value, info.label))
    return list(grouped.items())
