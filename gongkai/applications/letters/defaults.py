"""The built-in wording of every letter (告知书、答复书), used when the agency has no template.

Texts are Django templates (``{{ applicant_name }}``, ``{% if %}``) rendered with autoescape off
against the fixed context of ``context.PLACEHOLDERS``; the agency can replace any of them in the
back office (文书模板). Each non-blank line of a rendered body is one paragraph; the salutation is
the first line; the 落款 and date are appended by the service, so a template never writes them.

Wording follows the 《中华人民共和国政府信息公开条例》(2019) articles named in each text, the
宿迁市 standard set of procedural documents (宿政办函〔2021〕21号) and the reply skeleton of
docs/disclosure-rules.md §4.2: salutation, "本机关于…收到您提出的政府信息公开申请", the answer with its article,
the remedies sentence, 落款 and date. The applicant is addressed by ``{{ applicant_you }}``:
"您" for a citizen, "贵单位" for a 法人或者其他组织 (as the 答复参考文本 does: "您（或贵单位、
贵公司等）"); a consulted third party by ``{{ consulted_you }}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications.models import LetterKind
from gongkai.statute.outcomes import LETTER_KINDS, Outcome

# The remedies sentence of every reply (救济途径告知). One constant, copied into each agency's
# 文书设置 when they are created, then edited there: the law moved (行政复议法 2023 revision, in
# force 2024-01-01, makes reconsideration come first for refusals), and agencies word it for
# their own 复议机关 and court. ``{reconsideration_body}`` and ``{court}`` come from the settings.
DEFAULT_REMEDIES_TEXT = (
    "如对本答复不服，可以自收到本答复之日起60日内向{reconsideration_body}申请行政复议，"
    "或者自收到本答复之日起6个月内向{court}提起行政诉讼。"
)

# The law is named in full each time: a letter is read on its own, often one paragraph at a time.
STATUTE = "《中华人民共和国政府信息公开条例》"

# Opening paragraph shared by the letters to the applicant (docs/disclosure-rules.md §4.2).
_OPENING = (
    "本机关于{{ received_on }}收到{{ applicant_you }}提出的政府信息公开申请（登记号：{{ registration_number }}），"
    "申请获取“{{ description }}”的政府信息。"
)
_SUPPLEMENTED = (
    "{% if supplement_received_on %}本机关于{{ supplement_requested_on }}向{{ applicant_you }}发出补正告知书，"
    "于{{ supplement_received_on }}收到{{ applicant_you }}补正后的申请。{% endif %}"
)
# The contact line is a 附注 (GB/T 9704 7.3.6): in round brackets, the last line of the text,
# printed under the date (``render.letter_layout``), so the signature block stays with the
# last sentence of the letter itself. One line: the office and its phone (the address only
# when there is no phone), as letters give it.
_CONTACT = (
    "{% if agency_phone %}（联系机构：本机关{{ disclosure_office|default:'政府信息公开工作机构' }}；"
    "联系电话：{{ agency_phone }}）"
    "{% elif agency_address %}（联系机构：本机关{{ disclosure_office|default:'政府信息公开工作机构' }}；"
    "地址：{{ agency_address }}）{% endif %}"
)
_REMEDIES = "{{ remedies }}"
# Its own paragraph, empty unless a date the letter states is provisional (暂定): counted through
# a year whose holiday arrangement the State Council has not published (letters.stated).
_PROVISIONAL = "{{ provisional_notice }}"


@dataclass(frozen=True)
class DefaultText:
    """A built-in ``title`` and ``body`` (both Django template text)."""

    title: str
    body: str


def _reply(content: str) -> DefaultText:
    """A reply letter (答复书): opening, ``content`` (the answer and its article), remedies."""
    return DefaultText(
        title="{{ agency_name }}政府信息公开申请答复书",
        body="\n".join(
            [
                "{{ applicant_name }}：",
                _OPENING + _SUPPLEMENTED + "现答复如下：",
                content,
                "特此告知。",
                _REMEDIES,
                _CONTACT,
            ]
        ),
    )


# One text per reply letter kind of ``gongkai.statute.outcomes.LETTER_KINDS``.
REPLY_TEXTS: dict[str, DefaultText] = {
    # 第36条(二): 可以公开的, 向申请人提供该政府信息, 或者告知获取的方式、途径和时间.
    "reply_granted": _reply(
        "经审查，{{ applicant_you }}申请获取的政府信息属于可以公开的政府信息。根据"
        + STATUTE
        + "第三十六条第（二）项"
        "的规定，本机关决定予以公开，向{{ applicant_you }}提供该政府信息。{{ decision_text }}"
    ),
    # 第36条(一): 已经主动公开的, 告知获取的方式和途径.
    "reply_already_public": _reply(
        "经审查，{{ applicant_you }}申请获取的政府信息本机关已经主动公开。根据"
        + STATUTE
        + "第三十六条第（一）项"
        "的规定，现告知{{ applicant_you }}获取该政府信息的方式和途径：{{ decision_text }}"
    ),
    # 第37条 区分处理 (with 第36条(二)(三)): provide the part that can be disclosed, give the
    # reasons and legal ground for the rest.
    "reply_partially_granted": _reply(
        "经审查，{{ applicant_you }}申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理。"
        "根据"
        + STATUTE
        + "第三十七条的规定，本机关向{{ applicant_you }}提供可以公开的政府信息内容，"
        "对其余部分不予公开。{{ decision_text }}\n"
        "不予公开部分的理由和依据：依据"
        + STATUTE
        + "{{ legal_ground }}的规定，该部分内容不予公开。"
    ),
    # 第36条(三): 不予公开的, 告知申请人不予公开并说明理由; grounds 第14、15、16条.
    "reply_withheld": _reply(
        "经审查，{{ applicant_you }}申请获取的政府信息{{ outcome_reason }}。根据"
        + STATUTE
        + "{{ legal_ground }}"
        "及第三十六条第（三）项的规定，本机关决定不予公开。理由如下：{{ decision_text }}"
    ),
    # 第36条(七): 工商、不动产登记资料等, 有关法律、行政法规有特别规定的, 依照其规定办理.
    "reply_special_procedure": _reply(
        "经审查，{{ applicant_you }}申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对该信息的获取"
        "有特别规定。根据"
        + STATUTE
        + "第三十六条第（七）项的规定，请{{ applicant_you }}依照有关法律、行政法规的"
        "规定办理。{{ decision_text }}"
    ),
    # 第36条(四): 经检索没有所申请公开信息的, 告知申请人该政府信息不存在.
    "reply_not_held": _reply(
        "经检索，本机关没有制作或者获取{{ applicant_you }}所申请公开的政府信息。根据"
        + STATUTE
        + "第三十六条第（四）项"
        "的规定，现告知{{ applicant_you }}该政府信息不存在。{{ decision_text }}"
    ),
    # 第36条(五): 不属于本机关负责公开的, 告知并说明理由; 能够确定负责机关的, 告知其名称、联系方式.
    "reply_not_our_agency": _reply(
        "经审查，{{ applicant_you }}所申请公开的政府信息不属于本机关负责公开。根据"
        + STATUTE
        + "第三十六条第（五）项"
        "的规定，现告知如下：{{ decision_text }}"
    ),
    # 第38条: 需要行政机关对现有政府信息进行加工、分析的, 可以不予提供.
    "reply_needs_creation": _reply(
        "经审查，本机关没有{{ applicant_you }}所申请的现成政府信息，向{{ applicant_you }}提供该信息需要本机关对现有政府信息进行加工、"
        "分析。根据" + STATUTE + "第三十八条的规定，本机关不予提供。{{ decision_text }}"
    ),
    # 第30条: the corrected application is still unclear; 表三 counts it as 无法提供.
    "reply_still_unclear": _reply(
        "经审查，{{ applicant_you }}补正后的申请内容仍不明确，本机关无法根据{{ applicant_you }}的描述确定所需要的政府信息。根据"
        + STATUTE
        + "第三十条的规定，本机关无法向{{ applicant_you }}提供该政府信息。{{ decision_text }}"
    ),
    # 第35条、第36条(六)、第39条: the reason and its article come with the outcome.
    "reply_not_processed": _reply("经审查，{{ outcome_reason }}{{ decision_text }}"),
    # 第30条: 无正当理由逾期不补正的, 视为放弃申请, 行政机关不再处理.
    "reply_lapsed_supplement": _reply(
        "本机关于{{ supplement_requested_on }}向{{ applicant_you }}发出补正告知书，一次性告知了需要补正的事项，"
        "补正期限至{{ supplement_due }}。{{ applicant_you }}无正当理由逾期未补正。根据"
        + STATUTE
        + "第三十条的规定，"
        "视为{{ applicant_you }}放弃该政府信息公开申请，本机关不再处理。"
    ),
    # 国办函〔2020〕109号: 逾期未按收费通知要求缴纳费用的, 视为放弃申请, 行政机关不再处理.
    "reply_lapsed_fee": _reply(
        "本机关于{{ fee_notice_on }}向{{ applicant_you }}送达了信息处理费收费通知，{{ applicant_you }}逾期未按通知要求缴纳费用。根据"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，视为{{ applicant_you }}放弃该政府信息公开"
        "申请，本机关不再处理。"
    ),
    "reply_other": _reply("经审查，{{ decision_text }}"),
}

# The reason sentence (with its article) of the outcomes whose letter is shared by several
# outcomes: the eight 不予公开 rows and the five 不予处理 rows (``{{ outcome_reason }}``).
OUTCOME_REASONS: dict[Outcome, str] = {
    # 不予公开: the fact only; the article is the application's ``legal_ground``.
    Outcome.WITHHELD_STATE_SECRET: "属于国家秘密",
    Outcome.WITHHELD_PROHIBITED_BY_LAW: "属于法律、行政法规禁止公开的政府信息",
    Outcome.WITHHELD_THREE_SECURITIES_ONE_STABILITY: "公开后可能危及国家安全、公共安全、"
    "经济安全、社会稳定",
    Outcome.WITHHELD_THIRD_PARTY_RIGHTS: "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
    Outcome.WITHHELD_INTERNAL_AFFAIRS: "属于人事管理、后勤管理、内部工作流程等方面的内部事务信息",
    Outcome.WITHHELD_PROCESS_INFORMATION: "属于行政机关在履行行政管理职能过程中形成的讨论记录、"
    "过程稿、磋商信函、请示报告等过程性信息",
    Outcome.WITHHELD_LAW_ENFORCEMENT_FILES: "属于行政执法案卷信息",
    Outcome.WITHHELD_ADMINISTRATIVE_INQUIRY: "属于工商、不动产登记资料等有关法律、行政法规对信息的"
    "获取有特别规定的信息",
    # 不予处理: the whole sentence with its article (one letter serves five outcomes).
    Outcome.NOT_PROCESSED_PETITION: "{you}以政府信息公开申请的形式提出的是信访、投诉、举报等诉求。根据"
    + STATUTE
    + "第三十九条第一款的规定，本机关不作为政府信息公开申请处理，{you}可以通过信访、投诉、举报等"
    "相应渠道依法提出。",
    Outcome.NOT_PROCESSED_DUPLICATE: "本机关已就{you}申请公开的相同政府信息作出答复，{you}重复申请公开"
    "该政府信息。根据" + STATUTE + "第三十六条第（六）项的规定，本机关不予重复处理。",
    Outcome.NOT_PROCESSED_PUBLICATION: "{you}要求提供的是政府公报、报刊、书籍等公开出版物。根据"
    + STATUTE
    + "第三十九条第二款的规定，本机关不作为政府信息公开申请处理，{you}可以通过公开发行渠道获取。",
    Outcome.NOT_PROCESSED_EXCESSIVE: "{you}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求{you}"
    "说明理由，{you}未说明理由或者所说明的理由不合理。根据" + STATUTE + "第三十五条的规定，"
    "本机关不予处理。",
    Outcome.NOT_PROCESSED_CONFIRMATION: "{you}的申请系要求本机关确认或者重新出具{you}已获取的信息，不属于"
    + STATUTE
    + "所规定的政府信息公开申请，本机关不作为政府信息公开申请处理。",
}

NOTICE_TEXTS: dict[str, DefaultText] = {
    # 接收回执: the date of receipt (第31条) and the reply period (第33条).
    LetterKind.RECEIPT: DefaultText(
        title="{{ agency_name }}政府信息公开申请接收回执",
        body="\n".join(
            [
                "{{ applicant_name }}：",
                (
                    "本机关于{{ received_on }}收到{{ applicant_you }}以{{ channel }}方式提出的政府信息公开申请，"
                    "登记号：{{ registration_number }}，所需信息的内容描述：“{{ description }}”。"
                ),
                "根据" + STATUTE + "第三十三条的规定，本机关将自收到申请之日起20个工作日内"
                "（即最迟于{{ due_on }}）予以答复；需要延长答复期限的，将另行书面告知。"
                "需要补正、征求第三方或者其他机关意见、收取信息处理费的，本机关将依法另行告知，"
                "征求意见所需时间不计算在答复期限内。",
                _PROVISIONAL,
                (
                    "{{ applicant_you }}可以凭查询码{{ query_code }}和{{ tracking_check }}，"
                    "在本机关政府信息公开申请查询页面查询办理进度和答复文书。"
                ),
                "特此回执。",
                _CONTACT,
            ]
        ),
    ),
    # 第30条: 一次性告知补正的事项和合理的补正期限; 答复期限自收到补正的申请之日起计算;
    # 无正当理由逾期不补正的, 视为放弃申请.
    LetterKind.SUPPLEMENT_NOTICE: DefaultText(
        title="{{ agency_name }}政府信息公开申请补正告知书",
        body="\n".join(
            [
                "{{ applicant_name }}：",
                _OPENING,
                "经审查，{{ applicant_you }}的申请内容不明确。根据" + STATUTE + "第三十条的规定，"
                "现一次性告知{{ applicant_you }}需要补正的事项如下：",
                "{{ supplement_items }}",
                (
                    "请{{ applicant_you }}最迟于{{ supplement_due }}按上述事项作出补正，并提交本机关。"
                    "答复期限自本机关收到补正的申请之日起计算。"
                ),
                "{{ applicant_you }}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
                "特此告知。",
                _CONTACT,
            ]
        ),
    ),
    # 第33条第2款: 需要延长答复期限的, 经工作机构负责人同意并告知申请人, 延长不得超过20个工作日.
    LetterKind.EXTENSION_NOTICE: DefaultText(
        title="{{ agency_name }}政府信息公开申请延期答复告知书",
        body="\n".join(
            [
                "{{ applicant_name }}：",
                _OPENING + _SUPPLEMENTED,
                "{% if extension_reason %}因{{ extension_reason }}，{% endif %}"
                "本机关不能在规定期限内作出答复。根据" + STATUTE + "第三十三条第二款的规定，"
                "经本机关政府信息公开工作机构负责人同意，答复期限延长{{ extension_workdays }}个工作日，"
                "本机关将最迟于{{ new_due_on }}作出答复。",
                _PROVISIONAL,
                "特此告知。",
                _CONTACT,
            ]
        ),
    ),
    # A date an earlier letter stated has moved (the working-day calendar changed, or the receipt
    # date was corrected): the applicant is told the date that now applies, and why.
    LetterKind.DEADLINE_CHANGE_NOTICE: DefaultText(
        title="{{ agency_name }}政府信息公开申请答复期限变更告知书",
        body="\n".join(
            [
                "{{ applicant_name }}：",
                _OPENING + _SUPPLEMENTED,
                "本机关此前告知{{ applicant_you }}的答复期限为{{ previous_due_on }}。{{ change_reason }}"
                "根据" + STATUTE + "第三十三条的规定重新计算，本机关将最迟于{{ due_on }}作出答复。",
                _PROVISIONAL,
                "原告知的期限以本告知书为准。特此告知。",
                _CONTACT,
            ]
        ),
    ),
    # 第32条 (第三方) / 第34条 (共同制作的其他机关): written consultation, 15 working days;
    # a third party's silence leaves the decision to the agency, another agency's means consent.
    LetterKind.CONSULTATION_LETTER: DefaultText(
        title="{{ agency_name }}政府信息公开{% if consulted_is_agency %}征求意见函"
        "{% else %}第三方征求意见书{% endif %}",
        body="\n".join(
            [
                "{{ consulted }}：",
                (
                    "本机关于{{ received_on }}收到一份政府信息公开申请（登记号：{{ registration_number }}），"
                    "申请获取“{{ description }}”的政府信息。"
                ),
                "{% if consulted_is_agency %}"
                "经审查，该政府信息由本机关与贵机关共同制作。根据" + STATUTE + "第三十四条的规定，"
                "现征求贵机关意见。请贵机关自收到本函之日起15个工作日内提出书面意见；"
                "逾期未提出意见的，视为同意公开。"
                "{% else %}"
                "经审查，公开该政府信息可能损害{{ consulted_you }}的合法权益。根据"
                + STATUTE
                + "第三十二条的"
                "规定，现书面征求{{ consulted_you }}的意见。请自收到本征求意见书之日起15个工作日内，"
                "书面提出是否同意公开的意见；不同意公开的，请说明理由。逾期未提出意见的，"
                "由本机关依照" + STATUTE + "的规定决定是否公开。"
                "{% endif %}",
                _PROVISIONAL,
                (
                    "{% if not consulted_is_agency %}{{ consulted_you }}不同意公开且有合理理由的，本机关不予公开；"
                    "本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
                    "并将决定公开的政府信息内容和理由书面告知{{ consulted_you }}。{% endif %}"
                ),
                "特此函告。",
                _CONTACT,
            ]
        ),
    ),
    # 国办函〔2020〕109号: 依据、标准、数额、缴纳方式; 自收到通知之次日起20个工作日内缴纳;
    # 逾期未缴纳的视为放弃申请.
    LetterKind.FEE_NOTICE: DefaultText(
        title="{{ agency_name }}政府信息公开信息处理费收费通知书",
        body="\n".join(
            [
                "{{ applicant_name }}：",
                _OPENING + _SUPPLEMENTED,
                "经审查，{{ applicant_you }}申请公开政府信息的数量、频次明显超过合理范围。根据"
                + STATUTE
                + "第四十二条"
                "和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关依法收取"
                "信息处理费。计收方式为{{ fee_method }}，计算如下：{{ fee_explanation }}",
                "应缴纳信息处理费合计人民币{{ fee_amount }}元。",
                "{{ payment_instructions }}",
                (
                    "请{{ applicant_you }}自收到本通知书之次日起20个工作日内缴纳"
                    "{% if fee_payment_by %}（即最迟于{{ fee_payment_by }}缴纳）{% endif %}。"
                    "自本通知书送达之日起至{{ applicant_you }}缴纳费用之日止的期间，不计算在答复期限内。"
                    "{{ applicant_you }}逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
                ),
                _PROVISIONAL,
                "特此通知。",
                _CONTACT,
            ]
        ),
    ),
    # 第35条: 理由合理, 但无法在第33条规定的期限内答复的, 可以确定延迟答复的合理期限并告知申请人.
    LetterKind.DEFERRAL_NOTICE: DefaultText(
        title="{{ agency_name }}政府信息公开申请延迟答复告知书",
        body="\n".join(
            [
                "{{ applicant_name }}：",
                _OPENING + _SUPPLEMENTED,
                "经审查，{{ applicant_you }}申请公开政府信息的数量、频次明显超过合理范围。本机关要求{{ applicant_you }}说明理由后，"
                "认为{{ applicant_you }}的理由合理，但本机关无法在"
                + STATUTE
                + "第三十三条规定的期限内答复。"
                "{% if deferral_reason %}具体情况：{{ deferral_reason }}{% endif %}",
                "根据" + STATUTE + "第三十五条的规定，本机关确定延迟答复的期限为"
                "{{ deferred_until }}，届时将向{{ applicant_you }}作出答复。",
                "特此告知。",
                _CONTACT,
            ]
        ),
    ),
}

# Payment wording when the clerk gives none: the fee is a central 行政事业性收费 paid into the
# 国库 (docs/disclosure-rules.md §3, 103049950) against a provincial 财政票据; the agency's own wording goes into its
# template or into ``extra["payment_instructions"]``.
DEFAULT_PAYMENT_INSTRUCTIONS = (
    "缴纳方式：请持本通知书到本机关{office}办理缴费手续，费用按照非税收入管理的规定缴入国库，"
    "本机关向{you}出具财政票据。"
)


def default_text(kind: str, letter_kind: str | None = None) -> DefaultText:
    """The built-in text of ``kind``; for a reply, of the reply letter ``letter_kind``."""
    if kind == LetterKind.REPLY:
        if letter_kind not in REPLY_TEXTS:
            raise KeyError(letter_kind)
        return REPLY_TEXTS[letter_kind]
    return NOTICE_TEXTS[kind]


# Every reply letter kind of the statute has its text (checked at import: a new kind in
# ``LETTER_KINDS`` without wording would otherwise fail only when a clerk first needs it).
assert set(REPLY_TEXTS) == set(LETTER_KINDS), set(LETTER_KINDS) ^ set(REPLY_TEXTS)  # noqa: S101
assert set(NOTICE_TEXTS) == set(LetterKind.values) - {LetterKind.REPLY}  # noqa: S101
