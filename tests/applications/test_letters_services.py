"""Letters (告知书、答复书): settings, numbering, issuing every kind and every reply, delivery.

Dates are 2025 (a year the working-day calendar knows); ``travel`` sets "today" because the
services refuse dates in the future. 2025-03-03 is a Monday; 20 working days later is
2025-03-31 (第33条, counting from the next day).
"""

from __future__ import annotations

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.agencies.models import AgencyKind, StaffRole
from gongkai.applications import services
from gongkai.applications.letters import numbering
from gongkai.applications.letters.defaults import DEFAULT_REMEDIES_TEXT, REPLY_TEXTS
from gongkai.applications.letters.numbering import (
    derived_settings,
    ensure_letter_settings,
    short_name,
)
from gongkai.applications.letters.services import (
    letter_issue,
    letter_record_delivery,
    letter_settings_save,
    letter_template_save,
    letter_withdraw,
)
from gongkai.applications.models import Letter, LetterSettings, LetterTemplate
from gongkai.audit.models import AuditEvent
from gongkai.statute.outcomes import LETTER_KINDS, OUTCOMES, Outcome
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import travel
from tests.applications.steps import send_fee_notice

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = datetime.date(2025, 3, 3)
CITIZEN = {
    "applicant_kind": "citizen",
    "name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002x",
    "phone": "138 1234 5678",
    "description": "2024年度科技项目立项名单",
    "carriers": ["paper"],
    "delivery_methods": ["post"],
}


def register(agency, clerk, received_on=RECEIVED, **data):
    with travel(received_on):
        return services.application_register(
            agency=agency,
            actor=clerk,
            channel="in_person",
            data={**CITIZEN, **data},
            received_on=received_on,
        )


def issue(application, kind, actor, day, **kwargs):
    with travel(day):
        return letter_issue(application=application, kind=kind, actor=actor, **kwargs)


def decide(application, clerk, outcome: Outcome, day=datetime.date(2025, 3, 17), **kwargs):
    """Decide and return the 答复书 the decision issued."""
    info = OUTCOMES[outcome]
    with travel(day):
        return services.application_decide(
            application=application,
            actor=clerk,
            on=day,
            outcome=outcome,
            decision_text="具体答复内容见下。",
            legal_ground=info.legal_grounds[0] if info.requires_legal_ground else "",
            **kwargs,
        ).letter


# ------------------------------------------------------------------ settings and numbering


def test_demo_bureau_gets_its_patterns_and_remedies_bodies(agency):
    settings = ensure_letter_settings(agency)
    assert settings.reply_number_pattern == "盐科公复〔{year}〕{n}号"
    assert settings.notice_number_pattern == "盐科公告〔{year}〕{n}号"
    assert settings.receipt_number_pattern == "盐科公收〔{year}〕{n}号"
    assert settings.supplement_number_pattern == ""  # shares the 告知书 sequence
    assert not settings.electronic_delivery
    assert settings.reconsideration_body == "盐池县人民政府"
    assert settings.court == "盐池县人民法院"
    assert settings.remedies_text == DEFAULT_REMEDIES_TEXT
    assert ensure_letter_settings(agency).pk == settings.pk  # idempotent


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("盐池县科学技术局", "盐科"),
        ("盐池县人民政府", "盐政"),
        ("宁夏回族自治区吴忠市盐池县教育体育局", "盐教"),
        ("吴忠市利通区财政局", "利财"),
        ("市场监督管理局", "市场"),
    ],
)
def test_short_name_of_agency(name, short):
    assert short_name(name) == short


def test_government_takes_its_parent_as_reconsideration_body_and_no_court():
    parent = AgencyFactory(name="吴忠市人民政府", kind=AgencyKind.PEOPLES_GOVERNMENT)
    county = AgencyFactory(name="盐池县人民政府", kind=AgencyKind.PEOPLES_GOVERNMENT, parent=parent)
    values = derived_settings(county)
    assert values["reconsideration_body"] == "吴忠市人民政府"
    # 行政诉讼法 第15条: suits against a county government go to the intermediate court.
    assert values["court"] == ""
    assert values["reply_number_pattern"] == "盐政公复〔{year}〕{n}号"


def test_numbers_run_per_sequence_and_restart_each_year(agency, clerk):
    first = register(agency, clerk)
    second = register(agency, clerk)
    a = issue(first, "receipt", clerk, RECEIVED)
    b = issue(second, "receipt", clerk, RECEIVED)
    reply = decide(first, clerk, Outcome.GRANTED)
    # Receipts have a sequence of their own (盐科公收), replies another.
    assert [a.number, b.number] == ["盐科公收〔2025〕1号", "盐科公收〔2025〕2号"]
    assert (a.numbering, a.number_year, a.number_seq) == ("receipt", 2025, 1)
    assert reply.number == "盐科公复〔2025〕1号"
    assert (reply.numbering, reply.number_year, reply.number_seq) == ("reply", 2025, 1)
    late = register(agency, clerk, received_on=datetime.date(2025, 12, 30))
    with travel(datetime.date(2026, 1, 5)):
        # A receipt dated in 2026 takes the first number of the new year.
        next_year = letter_issue(application=late, kind="receipt", actor=clerk)
    assert next_year.number == "盐科公收〔2026〕1号"


def test_numbers_are_per_agency(agency, clerk):
    other = AgencyFactory(name="盐池县教育体育局")
    other_clerk = StaffMembershipFactory(agency=other).user
    issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    letter = issue(register(other, other_clerk), "receipt", other_clerk, RECEIVED)
    assert letter.number == "盐教公收〔2025〕1号"


def test_a_number_taken_concurrently_is_retried_with_the_next(agency, clerk, monkeypatch):
    """Two issuers read the same maximum: the unique constraint refuses the second insert,
    which takes the next number (sequential simulation of the race)."""
    issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    real = numbering.next_seq
    calls = []

    def stale_then_real(*args):
        calls.append(args)
        return 1 if len(calls) == 1 else real(*args)

    monkeypatch.setattr(numbering, "next_seq", stale_then_real)
    letter = issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    assert len(calls) == 2
    assert letter.number == "盐科公收〔2025〕2号"
    assert Letter.objects.filter(agency=agency).count() == 2


def test_numbering_gives_up_with_a_chinese_message(agency, clerk, monkeypatch):
    issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    monkeypatch.setattr(numbering, "next_seq", lambda *args: 1)
    application = register(agency, clerk)
    with pytest.raises(ValidationError, match="文号分配冲突"):
        issue(application, "receipt", clerk, RECEIVED)
    assert not application.letters.exists()


def test_custom_pattern_with_padding(agency, clerk):
    settings = ensure_letter_settings(agency)
    letter_settings_save(
        settings=settings,
        actor=clerk,
        reply_number_pattern="盐科复字〔{year}〕第{n:03d}号",
        notice_number_pattern="盐科告〔{year}〕{n}号",
        reconsideration_body="盐池县人民政府",
        court="盐池县人民法院",
        remedies_text=DEFAULT_REMEDIES_TEXT,
    )
    application = register(agency, clerk)
    reply = decide(application, clerk, Outcome.GRANTED)
    assert reply.number == "盐科复字〔2025〕第001号"
    event = AuditEvent.objects.get(action="letter.settings_save")
    assert event.detail["fields"] == ["notice_number_pattern", "reply_number_pattern"]
    assert event.agency == agency


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reply_number_pattern", "盐科公复〔{year}〕号", "同时包含"),
        ("reply_number_pattern", "盐科公复〔{year}〕{n}号{x}", "不能使用 {x}"),
        ("reply_number_pattern", "盐科公复〔{year}〕{n号", "花括号"),
        ("reply_number_pattern", "  ", "请填写文号格式"),
        ("notice_number_pattern", "盐科公复〔{year}〕{n}号", "不能相同"),
        ("remedies_text", "可以向{agency}申请行政复议。", "只能使用"),
        ("remedies_text", "可以向{court申请。", "花括号"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(agency, clerk, field, value, message):
    settings = ensure_letter_settings(agency)
    values = {
        "reply_number_pattern": settings.reply_number_pattern,
        "notice_number_pattern": settings.notice_number_pattern,
        "reconsideration_body": settings.reconsideration_body,
        "court": settings.court,
        "remedies_text": settings.remedies_text,
        field: value,
    }
    with pytest.raises(ValidationError) as err:
        letter_settings_save(settings=settings, actor=clerk, **values)
    assert message in " ".join(err.value.message_dict[field])
    fresh = LetterSettings.objects.get(pk=settings.pk)
    assert fresh.reply_number_pattern == "盐科公复〔{year}〕{n}号"
    assert fresh.remedies_text == DEFAULT_REMEDIES_TEXT


def test_reply_needs_the_bodies_named_in_the_remedies_sentence(agency, clerk):
    settings = ensure_letter_settings(agency)
    settings.court = ""
    settings.save()
    application = register(agency, clerk)
    with pytest.raises(ValidationError, match="管辖法院"):
        decide(application, clerk, Outcome.GRANTED)
    # The decision waits for its letter: nothing was recorded.
    application.refresh_from_db()
    assert application.status == "in_progress" and application.outcome == ""
    assert not Letter.objects.exists()


# ------------------------------------------------------------------ notices


def test_receipt_states_receipt_date_due_date_and_query_code(agency, clerk):
    application = register(agency, clerk)
    letter = issue(application, "receipt", clerk, RECEIVED)
    assert letter.title == "盐池县科学技术局政府信息公开申请接收回执"
    assert letter.recipient == "张三"
    assert letter.issued_on == RECEIVED and letter.issued_by == clerk and letter.public
    body = letter.body
    assert body.startswith("张三：\n本机关于2025年3月3日收到您以当面提交方式")
    assert f"登记号：{application.registration_number}" in body
    assert "“2024年度科技项目立项名单”" in body
    assert "第三十三条" in body and "最迟于2025年3月31日" in body
    assert application.query_code in body
    assert body.endswith("\n\n盐池县科学技术局\n2025年3月3日")
    event = AuditEvent.objects.get(action="letter.issue")
    assert event.target_id == str(application.pk)
    assert event.detail["number"] == "盐科公收〔2025〕1号"
    assert event.detail["source"] == "内置文本"


def test_supplement_notice_lists_items_deadline_and_consequence_art30(agency, clerk):
    application = register(agency, clerk)
    with pytest.raises(ValidationError, match="告知补正"):
        issue(application, "supplement_notice", clerk, datetime.date(2025, 3, 5))
    day = datetime.date(2025, 3, 5)
    with travel(day):
        letter = services.application_request_supplement(
            application=application,
            actor=clerk,
            on=day,
            until=datetime.date(2025, 3, 19),
            items="1. 请写明所需信息的文号；\n2. 请提供身份证复印件。",
        ).letter
    assert letter.title == "盐池县科学技术局政府信息公开申请补正告知书"
    assert "第三十条" in letter.body
    assert "1. 请写明所需信息的文号；\n2. 请提供身份证复印件。" in letter.body
    assert "最迟于2025年3月19日" in letter.body
    assert "视为放弃申请" in letter.body
    assert "答复期限自本机关收到补正的申请之日起计算" in letter.body
    assert letter.number == "盐科公告〔2025〕1号"
    with pytest.raises(ValidationError, match="不能重复制作"):
        issue(application, "supplement_notice", clerk, day)


def test_extension_notice_gives_the_new_due_date_art33(agency, clerk, head):
    application = register(agency, clerk)
    day = datetime.date(2025, 3, 20)
    with travel(day):
        done = services.application_extend(
            application=application, actor=head, on=day, workdays=15, reason="需检索的档案较多"
        )
    application, letter = done.application, done.letter
    assert "第三十三条第二款" in letter.body
    assert "因需检索的档案较多，" in letter.body
    assert "延长15个工作日" in letter.body
    # 2025-03-31 + 15 working days (清明 4-4 is a holiday).
    assert application.due_on == datetime.date(2025, 4, 22)
    assert "最迟于2025年4月22日作出答复" in letter.body


def test_consultation_letter_goes_to_the_third_party_and_is_not_public_art32(agency, clerk):
    application = register(agency, clerk)
    day = datetime.date(2025, 3, 6)
    with travel(day):
        letter = services.application_start_consultation(
            application=application,
            actor=clerk,
            on=day,
            party="third_party",
            consulted="盐池县某某科技有限公司",
        ).letter
    assert letter.recipient == "盐池县某某科技有限公司"
    assert not letter.public
    assert letter.title.endswith("第三方征求意见书")
    assert letter.body.startswith("盐池县某某科技有限公司：")
    assert "第三十二条" in letter.body and "15个工作日" in letter.body
    assert "逾期未提出意见的，由本机关依照" in letter.body
    assert "张三" not in letter.body  # the applicant is not named to the third party
    with pytest.raises(ValidationError, match="不能重复制作"):
        issue(application, "consultation_letter", clerk, day)


def test_consultation_of_another_agency_cites_art34(agency, clerk):
    application = register(agency, clerk)
    day = datetime.date(2025, 3, 6)
    with travel(day):
        letter = services.application_start_consultation(
            application=application,
            actor=clerk,
            on=day,
            party="other_agency",
            consulted="盐池县财政局",
        ).letter
    assert letter.title.endswith("征求意见函")
    assert "第三十四条" in letter.body and "视为同意公开" in letter.body


def test_fee_notice_states_method_amount_deadline_and_consequence_109(agency, clerk):
    application = register(agency, clerk)
    day = datetime.date(2025, 3, 10)
    with travel(day):
        letter = send_fee_notice(
            application=application,
            actor=clerk,
            on=day,
            method="by_pages",
            quantity=120,
            payment_instructions="缴纳方式：请通过“我的宁夏”App缴纳。",
        ).letter
    assert "国办函〔2020〕109号" in letter.body and "第四十二条" in letter.body
    assert "计收方式为按量计收" in letter.body
    assert "第31-100页（10元/页）70页，700元" in letter.body
    assert "合计人民币1100元" in letter.body
    assert "缴纳方式：请通过“我的宁夏”App缴纳。" in letter.body
    assert "20个工作日内缴纳（即最迟于2025年4月8日缴纳）" in letter.body
    assert "视为放弃申请" in letter.body


def test_fee_notice_has_default_payment_wording(agency, clerk):
    application = register(agency, clerk)
    day = datetime.date(2025, 3, 10)
    with travel(day):
        letter = send_fee_notice(
            application=application, actor=clerk, on=day, method="by_pages", quantity=40
        ).letter
    assert "到本机关办公室办理缴费手续" in letter.body


def test_deferral_notice_states_the_deferred_date_art35(agency, clerk, head):
    application = register(agency, clerk)
    day = datetime.date(2025, 3, 10)
    with pytest.raises(ValidationError, match="延迟答复"):
        issue(application, "deferral_notice", clerk, day)
    with travel(day):
        letter = services.application_defer(
            application=application,
            actor=head,
            on=day,
            until=datetime.date(2025, 6, 30),
            reason="本月申请40件，需逐件检索。",
        ).letter
    assert "第三十五条" in letter.body
    assert "延迟答复的期限为2025年6月30日" in letter.body
    assert "本月申请40件" in letter.body


def test_letters_need_a_received_application(agency, clerk):
    with travel(RECEIVED):
        application = services.application_register(
            agency=agency, actor=clerk, channel="online", data=CITIZEN, received_on=None
        )
    with pytest.raises(ValidationError, match="尚未确认接收"):
        issue(application, "receipt", clerk, RECEIVED)


def test_dates_outside_the_application_are_refused(agency, clerk):
    application = register(agency, clerk)
    with travel(RECEIVED), pytest.raises(ValidationError) as err:
        letter_issue(
            application=application,
            kind="receipt",
            actor=clerk,
            on=RECEIVED + datetime.timedelta(days=1),
        )
    assert err.value.message_dict["on"] == ["成文日期不能晚于今天。"]
    with travel(RECEIVED), pytest.raises(ValidationError) as err:
        letter_issue(
            application=application,
            kind="receipt",
            actor=clerk,
            on=RECEIVED - datetime.timedelta(days=1),
        )
    assert err.value.message_dict["on"] == ["成文日期不能早于收到申请之日。"]


def test_unknown_kind_or_extra_is_refused(agency, clerk):
    application = register(agency, clerk)
    with pytest.raises(ValidationError, match="文书种类"):
        issue(application, "memo", clerk, RECEIVED)
    with pytest.raises(ValidationError, match="不支持的文书参数：colour"):
        issue(application, "receipt", clerk, RECEIVED, extra={"colour": "red"})
    assert not Letter.objects.exists()


def test_staff_of_another_agency_cannot_issue_or_deliver(agency, clerk):
    application = register(agency, clerk)
    letter = issue(application, "receipt", clerk, RECEIVED)
    outsider = StaffMembershipFactory(agency=AgencyFactory()).user
    with pytest.raises(PermissionDenied):
        issue(application, "receipt", outsider, RECEIVED)
    with travel(RECEIVED), pytest.raises(PermissionDenied):
        letter_record_delivery(
            letter=letter, actor=outsider, channel="direct", delivered_on=RECEIVED
        )
    with pytest.raises(PermissionDenied):
        letter_template_save(
            agency=agency,
            actor=outsider,
            kind="receipt",
            title="回执",
            body="{{ applicant_name }}：",
        )


# ------------------------------------------------------------------ replies

# The article each reply letter must cite (what the letter is given under).
REPLY_ARTICLES = {
    Outcome.GRANTED: ["第三十六条第（二）项"],
    Outcome.PARTIALLY_GRANTED: ["第三十七条", "第十四条"],
    Outcome.WITHHELD_STATE_SECRET: ["第十四条", "第三十六条第（三）项", "属于国家秘密"],
    Outcome.WITHHELD_PROHIBITED_BY_LAW: ["第十四条", "法律、行政法规禁止公开"],
    Outcome.WITHHELD_THREE_SECURITIES_ONE_STABILITY: ["第十四条", "社会稳定"],
    Outcome.WITHHELD_THIRD_PARTY_RIGHTS: ["第十五条", "第三方合法权益"],
    Outcome.WITHHELD_INTERNAL_AFFAIRS: ["第十六条第一款", "内部事务信息"],
    Outcome.WITHHELD_PROCESS_INFORMATION: ["第十六条第二款", "过程性信息"],
    Outcome.WITHHELD_LAW_ENFORCEMENT_FILES: ["第十六条第二款", "行政执法案卷"],
    Outcome.WITHHELD_ADMINISTRATIVE_INQUIRY: ["第三十六条第（七）项"],
    Outcome.UNAVAILABLE_NOT_HELD: ["第三十六条第（四）项", "该政府信息不存在"],
    Outcome.UNAVAILABLE_NEEDS_CREATION: ["第三十八条", "加工、分析"],
    Outcome.UNAVAILABLE_STILL_UNCLEAR: ["第三十条", "仍不明确"],
    Outcome.NOT_PROCESSED_PETITION: ["第三十九条第一款", "信访、投诉、举报"],
    Outcome.NOT_PROCESSED_DUPLICATE: ["第三十六条第（六）项", "不予重复处理"],
    Outcome.NOT_PROCESSED_PUBLICATION: ["第三十九条第二款", "公开出版物"],
    Outcome.NOT_PROCESSED_EXCESSIVE: ["第三十五条", "不予处理"],
    Outcome.NOT_PROCESSED_CONFIRMATION: ["不作为政府信息公开申请处理"],
    Outcome.OTHER_OTHER: ["具体答复内容见下。"],
}
REMEDIES = (
    "如对本答复不服，可以自收到本答复之日起60日内向盐池县人民政府申请行政复议，"
    "或者自收到本答复之日起6个月内向盐池县人民法院提起行政诉讼。"
)


def test_every_outcome_is_covered_by_these_tests():
    lapsed = {Outcome.OTHER_NO_SUPPLEMENT, Outcome.OTHER_UNPAID_FEE}
    assert set(REPLY_ARTICLES) | lapsed == set(Outcome)
    assert set(REPLY_TEXTS) == set(LETTER_KINDS)


@pytest.mark.parametrize("outcome", list(REPLY_ARTICLES), ids=lambda o: o.value)
def test_reply_of_every_outcome_cites_its_article_and_the_remedies(agency, clerk, outcome):
    application = register(agency, clerk)
    letter = decide(application, clerk, outcome)
    application.refresh_from_db()
    assert letter.title == "盐池县科学技术局政府信息公开申请答复书"
    assert letter.number == "盐科公复〔2025〕1号"
    assert letter.public
    body = letter.body
    assert body.startswith(
        "张三：\n本机关于2025年3月3日收到您提出的政府信息公开申请"
        f"（登记号：{application.registration_number}），"
        "申请获取“2024年度科技项目立项名单”的政府信息。现答复如下："
    )
    for text in REPLY_ARTICLES[outcome]:
        assert text in body, text
    assert "具体答复内容见下。" in body
    assert REMEDIES in body
    assert body.endswith("\n\n盐池县科学技术局\n2025年3月17日")
    assert "{{" not in body and "{%" not in body


def test_reply_after_a_supplement_mentions_it(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 5)):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 5),
            until=datetime.date(2025, 3, 19),
            items="请写明文号。",
        )
    with travel(datetime.date(2025, 3, 10)):
        services.application_receive_supplement(
            application=application, actor=clerk, on=datetime.date(2025, 3, 10)
        )
    letter = decide(application, clerk, Outcome.GRANTED, day=datetime.date(2025, 3, 20))
    assert (
        "本机关于2025年3月5日向您发出补正告知书，于2025年3月10日收到您补正后的申请。" in letter.body
    )


def test_reply_for_lapse_without_supplement_art30(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 5)):
        services.application_request_supplement(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 5),
            until=datetime.date(2025, 3, 12),
            items="请写明文号。",
        )
    day = datetime.date(2025, 3, 14)
    with travel(day):
        done = services.application_close_lapsed(application=application, actor=clerk, on=day)
    application, letter = done.application, done.letter
    assert application.outcome == Outcome.OTHER_NO_SUPPLEMENT
    assert "本机关于2025年3月5日向您发出补正告知书" in letter.body
    assert "补正期限至2025年3月12日" in letter.body
    assert "第三十条" in letter.body and "视为您放弃" in letter.body
    assert REMEDIES in letter.body


def test_reply_for_lapse_without_payment_109(agency, clerk):
    application = register(agency, clerk)
    with travel(datetime.date(2025, 3, 5)):
        send_fee_notice(
            application=application,
            actor=clerk,
            on=datetime.date(2025, 3, 5),
            method="by_pages",
            quantity=40,
        )
    day = datetime.date(2025, 4, 10)
    with travel(day):
        done = services.application_close_lapsed(application=application, actor=clerk, on=day)
    application, letter = done.application, done.letter
    assert application.outcome == Outcome.OTHER_UNPAID_FEE
    assert "本机关于2025年3月5日向您送达了信息处理费收费通知" in letter.body
    assert "国办函〔2020〕109号" in letter.body and "视为您放弃" in letter.body


def test_reply_may_use_the_outcomes_alternative_letter(agency, clerk):
    application = register(agency, clerk)
    with pytest.raises(ValidationError) as err:
        decide(application, clerk, Outcome.GRANTED, letter_kind="reply_withheld")
    assert "letter_kind" in err.value.message_dict
    application.refresh_from_db()
    assert application.outcome == ""  # the refused letter took the decision back with it
    letter = decide(application, clerk, Outcome.GRANTED, letter_kind="reply_already_public")
    assert "第三十六条第（一）项" in letter.body and "已经主动公开" in letter.body


def test_reply_needs_a_decision_its_date_and_is_made_once(agency, clerk):
    application = register(agency, clerk)
    with pytest.raises(ValidationError, match="请先作出答复决定"):
        issue(application, "reply", clerk, datetime.date(2025, 3, 17))
    first = decide(application, clerk, Outcome.GRANTED)
    assert first.issued_on == datetime.date(2025, 3, 17)
    with pytest.raises(ValidationError, match="不能重复制作"):
        issue(application, "reply", clerk, datetime.date(2025, 3, 18))
    # Made again after a withdrawal, it still carries the day of the decision.
    with travel(datetime.date(2025, 3, 18)):
        letter_withdraw(letter=first, actor=clerk, reason="答复内容有误")
    application.refresh_from_db()
    with travel(datetime.date(2025, 3, 18)), pytest.raises(ValidationError) as err:
        letter_issue(
            application=application,
            kind="reply",
            actor=clerk,
            on=datetime.date(2025, 3, 18),
        )
    assert "办结日期（2025年3月17日）" in err.value.message_dict["on"][0]
    with travel(datetime.date(2025, 3, 18)):
        letter = letter_issue(application=application, kind="reply", actor=clerk)
    assert letter.issued_on == datetime.date(2025, 3, 17)
    assert Letter.objects.count() == 2


def test_seal_name_is_the_signature(agency, clerk):
    settings = ensure_letter_settings(agency)
    settings.seal_name = "盐池县科学技术局（政府信息公开专用章）"
    settings.save()
    letter = issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    assert letter.body.endswith("\n\n盐池县科学技术局（政府信息公开专用章）\n2025年3月3日")


def test_issued_letter_is_frozen_against_later_changes(agency, clerk):
    letter = issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    before = (letter.title, letter.body, letter.number)
    agency.name = "盐池县科学技术和工业信息化局"
    agency.save()
    letter_template_save(
        agency=agency, actor=clerk, kind="receipt", title="新回执", body="{{ applicant_name }}：新"
    )
    letter.refresh_from_db()
    assert (letter.title, letter.body, letter.number) == before


# ------------------------------------------------------------------ templates


def test_agency_template_replaces_the_built_in_text(agency, clerk):
    letter_template_save(
        agency=agency,
        actor=clerk,
        kind="receipt",
        title="{{ agency_name }}依申请公开受理回执",
        body="{{ applicant_name }}：\n    您的申请（{{ registration_number }}）已于{{ received_on }}受理。",
    )
    application = register(agency, clerk)
    letter = issue(application, "receipt", clerk, RECEIVED)
    assert letter.title == "盐池县科学技术局依申请公开受理回执"
    assert letter.body.startswith(
        f"张三：\n您的申请（{application.registration_number}）已于2025年3月3日受理。\n\n"
    )
    assert AuditEvent.objects.get(action="letter.issue").detail["source"].startswith("本机关模板")
    saved = AuditEvent.objects.get(action="letter.template_save")
    assert (saved.actor, saved.detail["kind"], saved.detail["created"]) == (clerk, "receipt", True)


def test_reply_templates_apply_by_letter_kind_then_to_any_reply(agency, clerk):
    letter_template_save(
        agency=agency,
        actor=clerk,
        kind="reply",
        outcome="reply_withheld",
        title="不予公开告知书",
        body="{{ applicant_name }}：\n不予公开，依据{{ legal_ground }}。\n{{ remedies }}",
    )
    letter_template_save(
        agency=agency,
        actor=clerk,
        kind="reply",
        outcome="",
        title="答复书",
        body="{{ applicant_name }}：\n{{ outcome_label }}。{{ decision_text }}\n{{ remedies }}",
    )
    a = decide(register(agency, clerk), clerk, Outcome.WITHHELD_STATE_SECRET)
    b = decide(register(agency, clerk), clerk, Outcome.GRANTED)
    assert a.title == "不予公开告知书" and "不予公开，依据第十四条。" in a.body
    assert b.title == "答复书" and "予以公开。具体答复内容见下。" in b.body
    assert REMEDIES in a.body and REMEDIES in b.body


def test_template_sandbox_keeps_logic_tags_and_filters(agency, clerk):
    letter_template_save(
        agency=agency,
        actor=clerk,
        kind="receipt",
        title="回执",
        body="{{ applicant_name }}：\n{% if query_code %}{{ description|slice:':6' }}{% endif %}"
        "{% for c in 'ab' %}{{ c|upper }}{% endfor %}{# 注释 #}",
    )
    letter = issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    assert letter.body.startswith("张三：\n2024年度AB\n\n")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ applicant_name }}：\n{% if received_on %}已收到", "模板无法使用"),
        ("{{ applicant_name }}：\n{% frobnicate %}", "模板无法使用"),
        ("{% load static %}{{ applicant_name }}：", "模板无法使用"),
        ('{{ applicant_name }}：{% include "base.html" %}', "模板无法使用"),
        (
            "{{ applicant_name }}：\n{{ applicant_id_number }}",
            "不存在的占位符：{{ applicant_id_number }}",
        ),
        ("{{ applicant_name|nosuchfilter }}：", "模板无法使用"),
        ("{{ applicant_name }}：{% debug %}", "模板无法使用"),
        ("{{ applicant_name }}：{% url 'admin:index' %}", "模板无法使用"),
    ],
)
def test_template_that_fails_to_render_is_refused(agency, clerk, body, message):
    with pytest.raises(ValidationError) as err:
        letter_template_save(agency=agency, actor=clerk, kind="receipt", title="回执", body=body)
    assert message in err.value.message_dict["body"][0]
    assert not LetterTemplate.objects.exists()


def test_reply_template_must_keep_the_remedies(agency, clerk):
    with pytest.raises(ValidationError) as err:
        letter_template_save(
            agency=agency,
            actor=clerk,
            kind="reply",
            outcome="reply_granted",
            title="答复书",
            body="{{ applicant_name }}：\n予以公开。",
        )
    assert "{{ remedies }}" in err.value.message_dict["body"][0]


def test_template_key_must_fit_the_kind_and_be_unique(agency, clerk):
    with pytest.raises(ValidationError) as err:
        letter_template_save(
            agency=agency,
            actor=clerk,
            kind="receipt",
            outcome="reply_granted",
            title="回执",
            body="{{ applicant_name }}：",
        )
    assert "outcome" in err.value.message_dict
    letter_template_save(
        agency=agency, actor=clerk, kind="receipt", title="回执", body="{{ applicant_name }}："
    )
    with pytest.raises(ValidationError) as err:
        letter_template_save(
            agency=agency, actor=clerk, kind="receipt", title="回执2", body="{{ applicant_name }}："
        )
    assert "已有同一种类" in err.value.message_dict["outcome"][0]


def test_template_broken_in_the_database_is_reported_at_issue(agency, clerk):
    """A template stored by other means than the service still never reaches a clerk as a
    traceback."""
    LetterTemplate.objects.create(
        agency=agency, kind="receipt", title="回执", body="{% if x %}unclosed"
    )
    application = register(agency, clerk)
    with pytest.raises(ValidationError, match="请在“文书模板”中修改"):
        issue(application, "receipt", clerk, RECEIVED)
    assert not Letter.objects.exists()


# ------------------------------------------------------------------ delivery


def test_delivery_by_post_counts_the_posting_day_235(agency, clerk):
    letter = issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    posted = datetime.date(2025, 3, 4)
    with travel(datetime.date(2025, 3, 7)):
        letter_record_delivery(
            letter=letter,
            actor=clerk,
            channel="post",
            delivered_on=posted,
            note="挂号信 XA123456789CN",
        )
    letter.refresh_from_db()
    assert (letter.delivery_channel, letter.delivered_on) == ("post", posted)
    assert letter.delivery_note == "挂号信 XA123456789CN"
    event = AuditEvent.objects.get(action="letter.deliver")
    assert event.detail["channel"] == "post" and event.detail["delivered_on"] == "2025-03-04"


def test_delivery_correction_keeps_the_previous_record_in_the_audit(agency, clerk):
    letter = issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    with travel(datetime.date(2025, 3, 7)):
        letter_record_delivery(letter=letter, actor=clerk, channel="post", delivered_on=RECEIVED)
        letter_record_delivery(
            letter=letter, actor=clerk, channel="direct", delivered_on=datetime.date(2025, 3, 6)
        )
    last = AuditEvent.objects.filter(action="letter.deliver").order_by("pk").last()
    assert last.detail["previous_channel"] == "post"
    assert last.detail["previous_delivered_on"] == "2025-03-03"


@pytest.mark.parametrize(
    ("channel", "delivered_on", "field", "message"),
    [
        ("pigeon", datetime.date(2025, 3, 4), "channel", "请选择送达方式。"),
        ("direct", datetime.date(2025, 3, 2), "delivered_on", "不能早于成文日期（2025年3月3日）"),
        ("direct", datetime.date(2025, 3, 8), "delivered_on", "不能晚于今天"),
        ("direct", None, "delivered_on", "请填写送达日期"),
    ],
)
def test_impossible_delivery_is_refused(agency, clerk, channel, delivered_on, field, message):
    letter = issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    with travel(datetime.date(2025, 3, 7)), pytest.raises(ValidationError) as err:
        letter_record_delivery(
            letter=letter, actor=clerk, channel=channel, delivered_on=delivered_on
        )
    assert message in err.value.message_dict[field][0]
    letter.refresh_from_db()
    assert letter.delivered_on is None and letter.delivery_channel == ""


def test_office_head_of_the_agency_may_also_issue(agency, head):
    clerk = StaffMembershipFactory(agency=agency, role=StaffRole.CLERK).user
    letter = issue(register(agency, clerk), "receipt", head, RECEIVED)
    assert letter.issued_by == head


# serialized_rollback: the flush afterwards must not take the migrations' data (content types,
# home page, site) from the tests that run after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issuers_get_distinct_consecutive_numbers(agency, clerk, monkeypatch):
    """Six clerks issue receipts at the same moment (PostgreSQL: real concurrent transactions;
    the settings row lock serialises them, the unique constraint backs it up). Reading the
    next number is slowed down so that, without both, the transactions would collide."""
    import time

    from django.db import connection

    real_next_seq = numbering.next_seq

    def slow_next_seq(*args):
        seq = real_next_seq(*args)
        time.sleep(0.05)
        return seq

    monkeypatch.setattr(numbering, "next_seq", slow_next_seq)

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite serialises all writers)")
    applications = [register(agency, clerk) for _ in range(6)]
    ensure_letter_settings(agency)  # else creating it would serialise the first issuers
    barrier = threading.Barrier(len(applications))
    numbers: list[str] = []
    errors: list[BaseException] = []

    def work(application):
        try:
            barrier.wait()
            letter = letter_issue(application=application, kind="receipt", actor=clerk)
            numbers.append(letter.number)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    with travel(RECEIVED):
        threads = [threading.Thread(target=work, args=(a,)) for a in applications]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sorted(numbers) == sorted(f"盐科公收〔2025〕{n}号" for n in range(1, 7))


def test_submission_day_is_the_local_day(agency, clerk):
    """Submitted at 07:00 Beijing time (23:00 UTC the day before): the letter says the local day."""
    early = datetime.datetime(2025, 3, 3, 7, tzinfo=SHANGHAI)
    with time_machine.travel(early, tick=False):
        application = services.application_register(
            agency=agency, actor=clerk, channel="in_person", data=CITIZEN, received_on=RECEIVED
        )
    letter_template_save(
        agency=agency, actor=clerk, kind="receipt", title="回执", body="{{ submitted_on }}提交："
    )
    letter = issue(application, "receipt", clerk, RECEIVED)
    assert letter.body.startswith("2025年3月3日提交：")


def test_a_letter_for_an_application_without_a_description_says_so(agency, clerk):
    """A paper application registered without the 第29条 description: no "“”" in its letters."""
    application = register(agency, clerk, description="")
    assert application.description == ""
    letter = issue(application, "receipt", clerk, RECEIVED)
    assert "“”" not in letter.body
    assert "未写明所需信息的名称" in letter.body
