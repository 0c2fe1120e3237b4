"""The public progress query, /gongkai/track/, and the letter downloads it links to.

The applications are made through the services (submit online → the clerk confirms receipt →
decides → issues and delivers the reply letter), so the page shows what a real case shows.
"""

from __future__ import annotations

import datetime
import io
import re
from html import unescape

import docx
import pdfplumber
import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.letters.numbering import ensure_letter_settings
from gongkai.applications.letters.render import RenderError
from gongkai.applications.letters.services import letter_issue, letter_record_delivery
from gongkai.applications.models import LetterKind
from gongkai.applications.views.public import LETTER_SALT
from gongkai.statute.outcomes import Outcome
from tests.applications.factories import applicant_data, register, register_online, travel

pytestmark = pytest.mark.django_db

TRACK_URL = "/gongkai/track/"
SUBMITTED = datetime.date(2025, 3, 7)  # a Friday
CONFIRMED = datetime.date(2025, 3, 10)  # Monday: the date of receipt (第31条)
DUE = datetime.date(2025, 4, 8)  # 20 working days later (清明 4-4 is a holiday)
DECIDED = datetime.date(2025, 3, 20)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def submitted(agency):
    """An online application not yet confirmed; phone 13900000003 (last four 0003)."""
    return register_online(agency, SUBMITTED, data=applicant_data(n=3))


@pytest.fixture
def received(submitted, clerk):
    with travel(CONFIRMED):
        return services.application_confirm_receipt(
            application=submitted, actor=clerk, received_on=CONFIRMED
        )


@pytest.fixture
def replied(received, clerk):
    """Granted on DECIDED; the reply letter issued that day and posted the next."""
    with travel(DECIDED):
        done = services.application_decide(
            application=received,
            actor=clerk,
            on=DECIDED,
            outcome=Outcome.GRANTED,
            decision_text="经审查，您申请的信息属于可以公开的政府信息，现予提供。",
        )
        application, letter = done.application, done.letter
    with travel(DECIDED + datetime.timedelta(days=1)):
        letter_record_delivery(
            letter=letter,
            actor=clerk,
            channel="post",
            delivered_on=DECIDED + datetime.timedelta(days=1),
        )
    letter.refresh_from_db()
    return application, letter


def query(client, application, last4=None, code=None):
    return client.post(
        TRACK_URL,
        {
            "query_code": application.query_code if code is None else code,
            "phone_last4": application.phone_last4 if last4 is None else last4,
        },
    )


def text_of(response) -> str:
    """The page's HTML with entities decoded."""
    return unescape(response.content.decode())


def plain(response) -> str:
    """The page's text as a reader sees it: tags dropped, runs of white space made one."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


# -- the blank query form ------------------------------------------------------------------------


def test_query_form_has_labelled_fields_and_takes_the_code_from_the_link(client, db):
    response = client.get(f"{TRACK_URL}?code=ABCD2345EFGH")

    html = text_of(response)
    assert response.status_code == 200
    assert '<label for="id_query_code">查询码' in html
    assert '<label for="id_phone_last4">联系电话后四位' in html
    assert 'value="ABCD2345EFGH"' in html
    # A blank form: only the browser may keep it, and it asks again each time (tests/httpcache).
    assert response["Cache-Control"] == "private, no-cache"


# -- found -------------------------------------------------------------------------------------


def test_submitted_application_shows_it_awaits_confirmation(client, submitted):
    with travel(SUBMITTED):
        response = query(client, submitted)

    text = plain(response)
    assert response.status_code == 200
    assert "当前状态：待确认接收" in text
    assert "通过互联网渠道提交的，以双方确认之日为收到申请之日" in text
    assert submitted.registration_number in text
    assert "收到申请之日" in text and "答复期限是怎样计算的" not in text


def test_received_application_shows_receipt_due_date_and_why(client, received):
    with travel(CONFIRMED + datetime.timedelta(days=3)):
        response = query(client, received)

    text = text_of(response)
    assert "当前状态：办理中" in plain(response)
    assert "<dt>收到申请之日</dt><dd>2025年3月10日</dd>" in text
    assert "<dt>答复期限</dt><dd>2025年4月8日前</dd>" in text
    assert "答复期限是怎样计算的" in text
    assert "2025年3月10日 收到申请（第三十一条），次日起算20个工作日" in text
    assert "应于2025年4月8日前答复" in text


def test_public_page_shows_personal_data_masked_only(client, received):
    with travel(CONFIRMED):
        text = text_of(query(client, received))

    data = applicant_data(n=3)
    assert data["id_number"] not in text
    assert received.id_number_masked in text
    assert data["phone"] not in text
    assert "尾号 0003" in text
    assert data["email"] not in text and data["address"] not in text


def test_replied_application_shows_outcome_and_the_letter(client, replied):
    application, letter = replied
    with travel(DECIDED + datetime.timedelta(days=2)):
        response = query(client, application)

    text = text_of(response)
    assert "当前状态：已办结" in plain(response)
    assert "<dt>办结日期</dt><dd>2025年3月20日</dd>" in text
    assert "<dt>办理结果</dt><dd>予以公开</dd>" in text
    assert letter.number in text
    assert letter.title in text
    assert "2025年3月21日（邮寄送达）" in text
    assert text.count("/gongkai/track/letters/") == 2  # DOCX and PDF


def test_query_code_is_accepted_in_lower_case_with_spaces(client, received):
    code = received.query_code.lower()
    spaced = f"{code[:4]} {code[4:8]} {code[8:]}"
    with travel(CONFIRMED):
        response = query(client, received, code=spaced)

    assert "当前状态：办理中" in plain(response)


def test_discarded_submission_says_it_was_not_accepted(client, submitted, clerk):
    with travel(SUBMITTED):
        services.application_discard(application=submitted, actor=clerk, reason="重复提交")
        text = plain(query(client, submitted))

    assert "当前状态：未受理（作废）" in text
    assert "该提交未作为政府信息公开申请受理" in text


def test_a_deadline_in_a_year_not_yet_announced_is_shown_as_provisional(client, agency, clerk):
    # Received 2026-12-21; 2027's holidays are not entered: the date is counted on the
    # 放假办法's own days and the applicant is told it may move.
    day = datetime.date(2026, 12, 21)
    application = register_online(agency, day, data=applicant_data(n=5))
    with travel(day):
        services.application_confirm_receipt(application=application, actor=clerk, received_on=day)
    with travel(datetime.date(2027, 1, 5)):
        response = query(client, application)

    text = plain(response)
    assert response.status_code == 200
    assert "当前状态：办理中" in text
    # 12-22..12-31 (8), 2027-01-01 元旦 by rule, 1-4..1-8 (13), 1-11..15 (18), 1-18, 1-19 (20).
    assert "答复期限2027年1月19日前（暂定）" in text
    assert "国务院公布2027年节假日安排后，如期限有变化，本机关将另行书面告知" in text
    assert "后台" not in text


# -- not found -----------------------------------------------------------------------------------


def test_wrong_code_and_wrong_phone_give_the_same_neutral_answer(client, received):
    with travel(CONFIRMED):
        wrong_phone = query(client, received, last4="9999")
        wrong_code = query(client, received, code="ZZZZZZZZZZZZ")

    assert wrong_phone.status_code == wrong_code.status_code == 200
    assert "未查询到申请" in text_of(wrong_phone)
    assert received.registration_number not in text_of(wrong_phone)
    # Apart from the code echoed in its own field, the two answers are the same page.
    asked_phone = without_csrf(wrong_phone).replace(received.query_code, "CODE")
    asked_code = without_csrf(wrong_code).replace("ZZZZZZZZZZZZ", "CODE")
    assert asked_phone.replace('value="9999"', 'value="LAST4"') == asked_code.replace(
        f'value="{received.phone_last4}"', 'value="LAST4"'
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"query_code": "", "phone_last4": "1234"}, "query_code", "请填写查询码。"),
        ({"query_code": "ABCD", "phone_last4": ""}, "phone_last4", "请填写联系电话的后四位数字。"),
        (
            {"query_code": "ABCD", "phone_last4": "12a4"},
            "phone_last4",
            "请填写联系电话的后四位数字。",
        ),
        (
            {"query_code": "ABCD", "phone_last4": "123"},
            "phone_last4",
            "请填写联系电话的后四位数字。",
        ),
    ],
)
def test_malformed_query_shows_the_field_message(client, db, data, field, message):
    response = client.post(TRACK_URL, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>' in html
    assert f'href="#id_{field}"' in html
    assert re.search(rf'<input[^>]*aria-invalid="true"[^>]*id="id_{field}"', html)


# -- guards --------------------------------------------------------------------------------------


def test_queries_per_ip_are_limited_with_a_chinese_429(client, received, settings):
    settings.GONGKAI_TRACK_RATE_LIMIT = (3, 600)
    with travel(CONFIRMED):
        for last4 in ("0001", "0002", "0004"):
            assert "未查询到申请" in text_of(query(client, received, last4=last4))

        response = query(client, received)  # even the right answer, once the limit is used

    assert response.status_code == 429
    assert "每 10 分钟 3 次" in text_of(response)
    assert received.registration_number not in text_of(response)
    assert 0 < int(response["Retry-After"]) <= 600


def test_query_requires_the_csrf_token(received):
    csrf_client = Client(enforce_csrf_checks=True)
    with travel(CONFIRMED):
        response = query(csrf_client, received)

    assert response.status_code == 403


def test_tracking_page_query_count_does_not_grow_with_letters(
    client, replied, clerk, django_assert_max_num_queries
):
    application, _letter = replied
    with travel(DECIDED + datetime.timedelta(days=2)):
        # Warm-up (session, site lookups), then one letter...
        query(client, application)
        with django_assert_max_num_queries(8) as one_letter:
            query(client, application)
        # ...and two letters, one delivered and one not, cost the same.
        letter_issue(application=application, kind=LetterKind.RECEIPT, actor=clerk)
        with django_assert_max_num_queries(len(one_letter.captured_queries)):
            response = query(client, application)
    assert text_of(response).count("/gongkai/track/letters/") == 2
    assert "待送达" in plain(response)


# -- letters not yet delivered -------------------------------------------------------------------


def _undelivered_receipt(application, clerk):
    with travel(DECIDED + datetime.timedelta(days=2)):
        return letter_issue(application=application, kind=LetterKind.RECEIPT, actor=clerk)


def test_an_undelivered_letter_is_listed_as_pending_without_a_link(client, replied, clerk):
    application, reply = replied
    receipt = _undelivered_receipt(application, clerk)
    with travel(DECIDED + datetime.timedelta(days=2)):
        response = query(client, application)
    text = plain(response)
    assert f"{receipt.number} {receipt.title} 2025年3月22日 待送达 待送达，送达后可下载" in text
    assert "送达后即可在这里下载" in text
    # Only the delivered reply has links.
    links = download_links(response)
    assert len(links) == 2
    assert all(
        signing.loads(link.split("/")[-3], salt=LETTER_SALT)["l"] == reply.pk for link in links
    )


def test_the_signed_link_refuses_an_undelivered_letter(client, replied, clerk):
    """A link signed for a letter not yet delivered (the agency switched electronic delivery
    off after the query) is refused with a Chinese message, not a file."""
    application, _reply = replied
    receipt = _undelivered_receipt(application, clerk)
    token = signing.dumps({"a": application.pk, "l": receipt.pk}, salt=LETTER_SALT)
    with travel(DECIDED + datetime.timedelta(days=2)):
        response = client.get(reverse("applications:letter_download", args=[token, "pdf"]))
    assert response.status_code == 403
    assert "尚未送达，送达后方可下载" in plain(response)
    assert response["Content-Type"].startswith("text/html")


def test_electronic_delivery_makes_a_letter_downloadable_at_once(client, replied, clerk):
    application, _reply = replied
    settings = ensure_letter_settings(application.agency)
    settings.electronic_delivery = True
    settings.save(update_fields=["electronic_delivery"])
    receipt = _undelivered_receipt(application, clerk)
    with travel(DECIDED + datetime.timedelta(days=2)):
        response = query(client, application)
        links = download_links(response)
        assert len(links) == 4
        docx_link = next(
            link
            for link in links
            if link.endswith("/docx/")
            and signing.loads(link.split("/")[-3], salt=LETTER_SALT)["l"] == receipt.pk
        )
        download = client.get(docx_link)
    assert download.status_code == 200
    assert receipt.number in "".join(
        p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs
    )
    assert "网上送达" in plain(response)


# -- letter downloads ----------------------------------------------------------------------------


def download_links(response) -> list[str]:
    return re.findall(r'href="(/gongkai/track/letters/[^"]+)"', response.content.decode())


def test_reply_letter_downloads_as_docx_with_its_number(client, replied):
    application, letter = replied
    with travel(DECIDED + datetime.timedelta(days=2)):
        docx_link = download_links(query(client, application))[0]
        response = client.get(docx_link)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert letter.number in text
    assert "本机关于2025年3月10日收到您提出的政府信息公开申请" in text


def test_reply_letter_downloads_as_pdf(client, replied):
    application, letter = replied
    with travel(DECIDED + datetime.timedelta(days=2)):
        pdf_link = download_links(query(client, application))[1]
        response = client.get(pdf_link)

    assert response.status_code == 200, text_of(response)
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert letter.number.replace(" ", "") in text.replace(" ", "")


def test_download_link_cannot_be_forged_and_expires(client, replied):
    application, _letter = replied
    with travel(DECIDED + datetime.timedelta(days=2)):
        link = download_links(query(client, application))[0]
        token = link.split("/")[4]
        forged = link.replace(token, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))
        assert client.get(forged).status_code == 404
        assert client.get(link.replace("/docx/", "/exe/")).status_code == 404
    with travel(DECIDED + datetime.timedelta(days=2), hour=11):  # the query was at 10:00
        expired = client.get(link)
    assert expired.status_code == 410
    assert "下载链接已超过有效期" in text_of(expired)


def test_third_party_letters_are_not_listed(client, received, clerk):
    with travel(CONFIRMED):
        services.application_start_consultation(
            application=received,
            actor=clerk,
            on=CONFIRMED,
            party="third_party",
            consulted="盐池县某某公司",
        )
        text = plain(query(client, received))

    assert "盐池县某某公司" not in text
    assert "本机关尚未就该申请制作告知书或答复书" in text
    assert "当前状态：征求意见中" in text


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (RenderError("本机器缺少中文字体，无法生成PDF。"), "本机器缺少中文字体，无法生成PDF。"),
        (RuntimeError("bug"), "时出错，请稍后重试"),
    ],
)
def test_render_failure_is_a_chinese_page(client, replied, monkeypatch, caplog, failure, message):
    application, _letter = replied

    def fail(letter, fmt):
        raise failure

    monkeypatch.setattr("gongkai.applications.views.public.render_letter", fail)
    with travel(DECIDED + datetime.timedelta(days=2)):
        response = client.get(download_links(query(client, application))[1])

    assert response.status_code == 503
    assert message in text_of(response)
    assert "Traceback" not in text_of(response)


# -- an applicant who left no phone number ---------------------------------------------------------


def test_an_applicant_without_a_phone_tracks_with_the_receipts_pin(agency, clerk):
    """A letter by post with an address but no phone: the receipt prints a 查询验证号 that
    stands in for the phone's last four digits, and it keeps working once a phone is added."""
    data = {**applicant_data(n=5), "phone": ""}
    application = register(agency, clerk, CONFIRMED, data=data, channel="post")
    assert application.phone_last4 == ""
    assert re.fullmatch(r"[0-9]{4}", application.tracking_pin)
    ensure_letter_settings(agency)
    with travel(CONFIRMED):
        receipt = letter_issue(
            application=application, kind=LetterKind.RECEIPT, actor=clerk, on=CONFIRMED
        )
    assert f"查询码{application.query_code}和查询验证号{application.tracking_pin}" in receipt.body
    assert "联系电话的后四位" not in receipt.body

    client = Client()
    found = plain(query(client, application, last4=application.tracking_pin))
    assert application.registration_number in found
    assert "联系电话 尾号" not in found
    wrong = f"{(int(application.tracking_pin) + 1) % 10_000:04d}"
    assert "未查询到申请" in plain(query(client, application, last4=wrong))

    with travel(CONFIRMED):
        services.application_update_details(
            application=application, actor=clerk, data={**data, "phone": "13900000777"}
        )
    application.refresh_from_db()
    assert application.registration_number in plain(query(client, application, last4="0777"))
    pin = application.tracking_pin
    assert application.registration_number in plain(query(client, application, last4=pin))


def test_the_receipt_of_an_applicant_with_a_phone_asks_for_its_last_four_digits(received, clerk):
    ensure_letter_settings(received.agency)
    with travel(CONFIRMED):
        receipt = letter_issue(
            application=received, kind=LetterKind.RECEIPT, actor=clerk, on=CONFIRMED
        )
    assert "申请时所留联系电话的后四位" in receipt.body
    assert "查询验证号" not in receipt.body
