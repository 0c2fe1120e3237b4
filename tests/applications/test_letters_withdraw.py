"""Withdrawing (作废) a letter issued by mistake: the rules, the file, the back office, the public.

A withdrawn letter keeps its number (文号 are never reused: the gap is explained by the record),
no longer blocks issuing a correct one, which gets the next number, and prints marked 已作废.
Dates are 2025; 2025-03-03 is a Monday.
"""

from __future__ import annotations

import datetime
import io
import re
from html import unescape

import docx
import pdfplumber
import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.forms.staff_actions import reissuable_kinds
from gongkai.applications.letters.numbering import ensure_letter_settings
from gongkai.applications.letters.render import letter_filename, letter_layout, render_letter
from gongkai.applications.letters.services import (
    letter_issue,
    letter_record_delivery,
    letter_withdraw,
)
from gongkai.applications.models import (
    Application,
    ApplicationStatus,
    DeliveryChannel,
    Letter,
    LetterKind,
)
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.official_document.pdf import cjk_font_installed
from gongkai.statute.outcomes import Outcome
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import applicant_data, register, register_online, travel

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2025, 3, 3)
NOTICE_DAY = datetime.date(2025, 3, 5)
WITHDRAWN = datetime.date(2025, 3, 6)
DECIDED = datetime.date(2025, 3, 17)
REASON = "补正事项漏写“身份证明复印件”"


def fresh(application: Application) -> Application:
    return Application.objects.select_related("agency").get(pk=application.pk)


def request_supplement(application, clerk, on=NOTICE_DAY) -> Letter:
    """Record a 补正 step, which issues its notice."""
    with travel(on):
        return services.application_request_supplement(
            application=application,
            actor=clerk,
            on=on,
            until=datetime.date(2025, 3, 20),
            items="请补充身份证明复印件",
        ).letter


def withdraw(letter, actor, day=WITHDRAWN, **kwargs) -> Letter:
    kwargs.setdefault("reason", REASON)
    with travel(day):
        return letter_withdraw(letter=letter, actor=actor, **kwargs)


@pytest.fixture
def application(agency, clerk):
    return register(agency, clerk, RECEIVED, data=applicant_data(n=5))


@pytest.fixture
def notice(application, clerk) -> Letter:
    return request_supplement(application, clerk)


# ------------------------------------------------------------------ the service


def test_withdrawing_keeps_the_letter_and_records_who_when_why(notice, clerk):
    withdrawn = withdraw(notice, clerk, on=WITHDRAWN)

    notice.refresh_from_db()
    assert notice.withdrawn
    assert (notice.withdrawn_on, notice.withdrawn_by, notice.withdrawal_reason) == (
        WITHDRAWN,
        clerk,
        REASON,
    )
    assert withdrawn.pk == notice.pk
    assert Letter.objects.filter(number="盐科公告〔2025〕1号").exists()  # never deleted
    event = AuditEvent.objects.get(action="letter.withdraw")
    assert event.actor == clerk
    assert event.agency == notice.agency
    assert event.detail == {
        "letter": notice.pk,
        "number": "盐科公告〔2025〕1号",
        "kind": "supplement_notice",
        "on": "2025-03-06",
        "reason": REASON,
    }
    assert AuditAction.label_for("letter.withdraw") == "作废文书"


def test_the_date_defaults_to_today(notice, clerk):
    withdraw(notice, clerk, day=datetime.date(2025, 3, 7))
    notice.refresh_from_db()
    assert notice.withdrawn_on == datetime.date(2025, 3, 7)


def test_the_corrected_letter_gets_the_next_number_the_old_one_stays_taken(notice, clerk):
    with travel(NOTICE_DAY), pytest.raises(ValidationError, match="不能重复制作"):
        letter_issue(application=notice.application, kind=LetterKind.SUPPLEMENT_NOTICE, actor=clerk)
    withdraw(notice, clerk)

    with travel(WITHDRAWN):
        corrected = letter_issue(
            application=fresh(notice.application), kind=LetterKind.SUPPLEMENT_NOTICE, actor=clerk
        )
    assert corrected.number == "盐科公告〔2025〕2号"
    assert corrected.number_seq == notice.number_seq + 1
    assert not corrected.withdrawn
    # The corrected letter is once-only again.
    with travel(WITHDRAWN), pytest.raises(ValidationError, match="盐科公告〔2025〕2号"):
        letter_issue(
            application=fresh(notice.application), kind=LetterKind.SUPPLEMENT_NOTICE, actor=clerk
        )


def test_a_reason_is_required_and_a_refusal_changes_nothing(notice, clerk):
    for blank in ("", "   \n"):
        with pytest.raises(ValidationError) as exc:
            withdraw(notice, clerk, reason=blank)
        assert exc.value.message_dict == {"reason": ["请写明作废理由。"]}
    notice.refresh_from_db()
    assert notice.withdrawn_on is None and notice.withdrawal_reason == ""
    assert not AuditEvent.objects.filter(action="letter.withdraw").exists()


def test_a_letter_is_withdrawn_once(notice, clerk):
    withdraw(notice, clerk)
    with pytest.raises(ValidationError, match="已于2025年3月6日作废，不能重复作废"):
        withdraw(notice, clerk, day=datetime.date(2025, 3, 7), reason="再次作废")
    notice.refresh_from_db()
    assert notice.withdrawal_reason == REASON
    assert AuditEvent.objects.filter(action="letter.withdraw").count() == 1


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (datetime.date(2025, 3, 4), "作废日期不能早于成文日期（2025年3月5日）。"),
        (datetime.date(2025, 3, 7), "作废日期不能晚于今天。"),
    ],
)
def test_the_date_is_not_before_the_letter_nor_in_the_future(notice, clerk, on, message):
    with pytest.raises(ValidationError) as exc:
        withdraw(notice, clerk, on=on)
    assert exc.value.message_dict == {"on": [message]}
    notice.refresh_from_db()
    assert notice.withdrawn_on is None


def test_staff_of_another_agency_and_anonymous_users_are_refused(notice):
    outsider = StaffMembershipFactory(agency=AgencyFactory(name="盐池县教育体育局")).user
    with pytest.raises(PermissionDenied):
        withdraw(notice, outsider)
    with pytest.raises(PermissionDenied):
        withdraw(notice, None)
    notice.refresh_from_db()
    assert notice.withdrawn_on is None


def test_a_withdrawn_letter_cannot_be_recorded_as_delivered(notice, clerk):
    withdraw(notice, clerk)
    with travel(WITHDRAWN), pytest.raises(ValidationError, match="已作废，不能登记送达"):
        letter_record_delivery(letter=notice, actor=clerk, channel="post", delivered_on=WITHDRAWN)
    notice.refresh_from_db()
    assert notice.delivered_on is None


def test_withdrawing_a_step_voids_its_own_letter_not_yet_sent(application, notice, clerk):
    """The supplement step was recorded with the wrong deadline and its notice not yet sent:
    withdrawing the step voids the notice with it, with the reason."""
    with travel(WITHDRAWN):
        services.application_withdraw_last_step(
            application=application, actor=clerk, reason="补正期限写错"
        )
    notice.refresh_from_db()
    assert notice.withdrawn_on == WITHDRAWN
    assert notice.withdrawal_reason == "撤销办理步骤：补正期限写错"
    assert fresh(application).status == ApplicationStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(action="letter.withdraw").count() == 1


def test_a_sent_letter_blocks_withdrawing_its_step_until_it_is_withdrawn(
    application, notice, clerk
):
    """Once the notice reached the applicant, the step stands until the notice is voided on
    purpose (作废): a letter sent cannot be unsent silently."""
    with travel(WITHDRAWN):
        letter_record_delivery(
            letter=notice, actor=clerk, channel=DeliveryChannel.POST, delivered_on=NOTICE_DAY
        )
    with travel(WITHDRAWN), pytest.raises(ValidationError, match=r"已送达.*请先作废该文书"):
        services.application_withdraw_last_step(
            application=application, actor=clerk, reason="补正期限写错"
        )
    withdraw(notice, clerk)
    with travel(WITHDRAWN):
        removed = services.application_withdraw_last_step(
            application=application, actor=clerk, reason="补正期限写错"
        )
    assert removed.kind == "supplement_requested"
    assert fresh(application).status == ApplicationStatus.IN_PROGRESS

    corrected = request_supplement(application, clerk, on=WITHDRAWN)
    assert corrected.number == "盐科公告〔2025〕2号"
    assert list(application.letters.values_list("number", "withdrawn_on")) == [
        ("盐科公告〔2025〕1号", WITHDRAWN),
        ("盐科公告〔2025〕2号", None),
    ]


def test_a_wrong_reply_is_withdrawn_and_the_new_reply_gets_the_next_reply_number(
    application, clerk
):
    def decide(outcome, **kwargs):
        with travel(DECIDED):
            return services.application_decide(
                application=application,
                actor=clerk,
                on=DECIDED,
                outcome=outcome,
                decision_text="经审查，现答复如下。",
                **kwargs,
            ).letter

    wrong = decide(Outcome.GRANTED)
    assert wrong.number == "盐科公复〔2025〕1号"
    withdraw(wrong, clerk, day=DECIDED, reason="办理结果选错，应为部分公开")
    with travel(DECIDED):
        services.application_withdraw_last_step(
            application=application, actor=clerk, reason="办理结果选错"
        )
    right = decide(Outcome.PARTIALLY_GRANTED, legal_ground="第十五条")
    assert right.number == "盐科公复〔2025〕2号"
    assert fresh(application).outcome == Outcome.PARTIALLY_GRANTED


def test_a_withdrawn_consultation_letter_may_be_issued_again_to_the_same_party(application, clerk):
    with travel(NOTICE_DAY):
        first = services.application_start_consultation(
            application=application,
            actor=clerk,
            on=NOTICE_DAY,
            party="third_party",
            consulted="盐池县某滩羊公司",
        ).letter
        with pytest.raises(ValidationError, match="不能重复制作"):
            letter_issue(
                application=fresh(application), kind=LetterKind.CONSULTATION_LETTER, actor=clerk
            )
    withdraw(first, clerk)
    with travel(WITHDRAWN):
        second = letter_issue(
            application=fresh(application), kind=LetterKind.CONSULTATION_LETTER, actor=clerk
        )
    assert second.recipient == first.recipient
    assert second.number_seq == first.number_seq + 1


# ------------------------------------------------------------------ the files


def test_the_layout_and_file_name_carry_the_mark_only_when_withdrawn(notice, clerk):
    assert letter_layout(notice).withdrawal == ""
    assert "已作废" not in letter_filename(notice, "docx")
    withdraw(notice, clerk)
    notice.refresh_from_db()
    assert letter_layout(notice).withdrawal == f"本文书已于2025年3月6日作废：{REASON}"
    assert (
        letter_filename(notice, "pdf")
        == "盐科公告〔2025〕1号政府信息公开申请补正告知书（已作废）.pdf"
    )


def _docx_paragraphs(letter) -> list[str]:
    document = docx.Document(io.BytesIO(render_letter(letter, "docx")))
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_a_withdrawn_letter_renders_to_docx_with_the_mark_on_top(notice, clerk):
    before = _docx_paragraphs(notice)
    assert not any("作废" in p for p in before)
    withdraw(notice, clerk)
    notice.refresh_from_db()

    document = docx.Document(io.BytesIO(render_letter(notice, "docx")))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0].text == f"本文书已于2025年3月6日作废：{REASON}"
    assert paragraphs[0].runs[0].bold
    assert document.core_properties.title.endswith("（已作废）")
    # The rest of the letter is unchanged, for the record.
    assert [p.text for p in paragraphs[1:]] == before
    assert "盐科公告〔2025〕1号" in [p.text for p in paragraphs]


@pytest.mark.skipif(not cjk_font_installed(), reason="no Chinese font for the PDF")
def test_a_withdrawn_letter_renders_to_pdf_with_the_mark_on_top(notice, clerk):
    withdraw(notice, clerk)
    notice.refresh_from_db()
    with pdfplumber.open(io.BytesIO(render_letter(notice, "pdf"))) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    lines = [line.replace(" ", "") for line in text.splitlines() if line.strip()]
    assert lines[0].startswith("本文书已于2025年3月6日作废")
    assert "补正事项漏写" in lines[0]
    assert "盐科公告〔2025〕1号" in "".join(lines)


# ------------------------------------------------------------------ the back office


def detail_url(application) -> str:
    return reverse("applications_admin:detail", args=[application.pk])


def withdraw_url(letter) -> str:
    return reverse("applications_admin:letter_withdraw", args=[letter.application_id, letter.pk])


def post_withdraw(client, letter, **data):
    prefix = f"withdraw-{letter.pk}"
    values = {"on": "2025-03-06", "reason": REASON, "confirm": "on", **data}
    with travel(WITHDRAWN):
        return client.post(
            withdraw_url(letter),
            {f"{prefix}-{k}": v for k, v in values.items() if v is not None},
        )


def html_of(response) -> str:
    return unescape(response.content.decode())


def test_the_detail_page_offers_a_labelled_withdraw_form_per_letter(client, clerk, notice):
    client.force_login(clerk)
    with travel(WITHDRAWN):
        html = html_of(client.get(detail_url(notice.application)))
    prefix = f"withdraw-{notice.pk}"
    assert f'action="{withdraw_url(notice)}"' in html
    for field, label in (
        ("on", "作废日期"),
        ("reason", "作废理由"),
        ("confirm", "我确认作废该文书"),
    ):
        assert re.search(rf'<label[^>]*for="id_{prefix}-{field}"[^>]*>\s*{label}', html), field
    assert "作废 盐科公告〔2025〕1号" in html


def test_withdrawing_from_the_detail_page(client, clerk, notice):
    client.force_login(clerk)
    response = post_withdraw(client, notice)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#letter-{notice.pk}")
    notice.refresh_from_db()
    assert (notice.withdrawn_on, notice.withdrawal_reason) == (WITHDRAWN, REASON)
    assert AuditEvent.objects.filter(action="letter.withdraw").count() == 1

    with travel(WITHDRAWN):
        html = html_of(client.get(detail_url(notice.application)))
    row = re.search(
        rf'<tr id="letter-{notice.pk}" class="gk-withdrawn">.*?</tr>\s*<tr.*?</tr>', html, re.S
    )
    assert row is not None
    assert "已作废" in row.group(0)
    assert REASON in row.group(0)
    assert f'action="{withdraw_url(notice)}"' not in html  # no second withdrawal offered
    delivery = reverse(
        "applications_admin:letter_delivery", args=[notice.application_id, notice.pk]
    )
    assert f'action="{delivery}"' not in html


def test_a_withdrawn_receipt_can_be_made_again_from_the_page(client, clerk, application):
    with travel(RECEIVED):
        receipt = letter_issue(application=application, kind=LetterKind.RECEIPT, actor=clerk)
    client.force_login(clerk)
    with travel(WITHDRAWN):
        assert 'id="action-issue_receipt"' not in html_of(client.get(detail_url(application)))
    withdraw(receipt, clerk)
    with travel(WITHDRAWN):
        assert 'id="action-issue_receipt"' in html_of(client.get(detail_url(application)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"confirm": None}, "请勾选“我确认作废该文书”。"),
        ({"reason": ""}, "请填写作废理由。"),
        ({"on": "2025-03-04"}, "作废日期不能早于成文日期（2025年3月5日）。"),
        ({"on": "明天"}, "请按“年-月-日”填写日期"),
    ],
)
def test_a_refused_withdrawal_shows_why_and_changes_nothing(client, clerk, notice, data, message):
    client.force_login(clerk)
    response = post_withdraw(client, notice, **data)
    assert response.status_code == 400
    html = html_of(response)
    assert message in html
    assert "盐科公告〔2025〕1号 未作废" in html
    assert re.search(r"<details open>\s*<summary>作废", html)  # the form stays open
    notice.refresh_from_db()
    assert notice.withdrawn_on is None
    assert not AuditEvent.objects.filter(action="letter.withdraw").exists()


def test_another_agencys_letter_is_404_and_untouched(client, notice):
    client.force_login(StaffMembershipFactory(agency=AgencyFactory()).user)
    assert post_withdraw(client, notice).status_code == 404
    notice.refresh_from_db()
    assert notice.withdrawn_on is None


def test_a_letter_of_another_application_is_404_under_this_one(client, clerk, agency, notice):
    other = register(agency, clerk, RECEIVED, data=applicant_data(n=6))
    client.force_login(clerk)
    url = reverse("applications_admin:letter_withdraw", args=[other.pk, notice.pk])
    with travel(WITHDRAWN):
        response = client.post(url, {f"withdraw-{notice.pk}-reason": REASON})
    assert response.status_code == 404


def test_withdrawn_letters_do_not_add_queries_to_the_detail_page(client, clerk, agency, notice):
    def count(application) -> int:
        with travel(WITHDRAWN), CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(application)).status_code == 200
        return len(queries)

    client.force_login(clerk)
    count(notice.application)  # warm the calendar cache
    live = count(notice.application)
    withdraw(notice, clerk)
    with travel(WITHDRAWN):
        letter_issue(
            application=fresh(notice.application),
            kind=LetterKind.SUPPLEMENT_NOTICE,
            actor=clerk,
        )
    assert count(notice.application) == live


# ------------------------------------------------------------------ the tracking page


TRACK_URL = "/gongkai/track/"


@pytest.fixture
def tracked(agency, clerk):
    cache.clear()  # the tracking page's rate limit
    application = register_online(agency, datetime.date(2025, 3, 3), data=applicant_data(n=7))
    with travel(RECEIVED):
        services.application_confirm_receipt(
            application=application, actor=clerk, received_on=RECEIVED
        )
    # The bureau delivers on the tracking page: a letter is downloadable once issued.
    settings = ensure_letter_settings(agency)
    settings.electronic_delivery = True
    settings.save(update_fields=["electronic_delivery"])
    yield application
    cache.clear()


def track(client, application):
    return client.post(
        TRACK_URL,
        {"query_code": application.query_code, "phone_last4": application.phone_last4},
    )


def links(response) -> list[str]:
    return re.findall(r'href="(/gongkai/track/letters/[^"]+)"', response.content.decode())


def test_the_tracking_page_marks_a_withdrawn_letter_without_a_download(client, clerk, tracked):
    notice = request_supplement(tracked, clerk)
    with travel(NOTICE_DAY):
        old_links = links(track(client, tracked))
        assert len(old_links) == 2  # DOCX and PDF of the live notice
        assert client.get(old_links[0]).status_code == 200

        letter_withdraw(letter=notice, actor=clerk, reason=REASON)
        response = track(client, tracked)
        # A link handed out before the withdrawal (still within its half hour) is dead.
        assert client.get(old_links[0]).status_code == 404
    html = html_of(response)
    assert "盐科公告〔2025〕1号" in html
    assert "已作废" in html
    assert REASON in html
    assert "已作废，不提供下载" in html
    assert "以重新制作的文书为准" in html
    assert links(response) == []


def test_the_tracking_page_links_only_the_corrected_letter(client, clerk, tracked):
    notice = request_supplement(tracked, clerk)
    withdraw(notice, clerk)
    with travel(WITHDRAWN):
        corrected = letter_issue(
            application=fresh(tracked), kind=LetterKind.SUPPLEMENT_NOTICE, actor=clerk
        )
        response = track(client, tracked)
        downloaded = client.get(links(response)[0])
    assert len(links(response)) == 2
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(downloaded.content)).paragraphs)
    assert corrected.number in text
    assert "作废" not in text


# ------------------------------------------------------------------ making the letter again


def post_reissue(client, application, day=WITHDRAWN, **data):
    values = {"kind": "supplement_notice", "on": day.isoformat(), **data}
    with travel(day):
        return client.post(
            reverse("applications_admin:action", args=[application.pk, "reissue"]),
            {f"reissue-{k}": v for k, v in values.items()},
        )


def test_reissuable_kinds_are_the_withdrawn_ones_not_yet_replaced():
    assert reissuable_kinds([("supplement_notice", WITHDRAWN), ("reply", None)]) == [
        "supplement_notice"
    ]
    assert reissuable_kinds([("supplement_notice", WITHDRAWN), ("supplement_notice", None)]) == []
    assert reissuable_kinds(iter([("receipt", WITHDRAWN), ("reply", WITHDRAWN)])) == ["reply"]


def test_a_withdrawn_notice_is_made_again_from_the_recorded_step(client, clerk, notice):
    client.force_login(clerk)
    with travel(WITHDRAWN):
        assert 'id="action-reissue"' not in html_of(client.get(detail_url(notice.application)))
    withdraw(notice, clerk)
    with travel(WITHDRAWN):
        html = html_of(client.get(detail_url(notice.application)))
    assert 'id="action-reissue"' in html
    assert '<option value="supplement_notice">政府信息公开申请补正告知书</option>' in html

    response = post_reissue(client, notice.application)
    assert response.status_code == 302
    corrected = notice.application.letters.get(withdrawn_on__isnull=True)
    assert corrected.number == "盐科公告〔2025〕2号"
    assert corrected.issued_on == WITHDRAWN
    assert "请补充身份证明复印件" in corrected.body
    with travel(WITHDRAWN):
        assert 'id="action-reissue"' not in html_of(client.get(detail_url(notice.application)))
    # Posting again (a double click) makes nothing: the kind is no longer to be made again.
    assert post_reissue(client, notice.application).status_code == 400
    assert notice.application.letters.count() == 2


def test_a_withdrawn_reply_is_made_again_with_the_date_of_the_decision(client, clerk, application):
    with travel(DECIDED):
        reply = services.application_decide(
            application=application,
            actor=clerk,
            on=DECIDED,
            outcome=Outcome.GRANTED,
            decision_text="经审查，现予公开。",
        ).letter
    withdraw(reply, clerk, day=DECIDED, reason="收件人姓名写错")
    client.force_login(clerk)
    # The date typed (the next day) does not apply: a reply is dated the day of the decision.
    response = post_reissue(client, application, day=datetime.date(2025, 3, 18), kind="reply")
    assert response.status_code == 302
    again = application.letters.get(withdrawn_on__isnull=True)
    assert (again.number, again.issued_on) == ("盐科公复〔2025〕2号", DECIDED)


def test_the_database_refuses_a_withdrawal_without_a_reason(notice):
    from django.db import IntegrityError, transaction

    notice.withdrawn_on = WITHDRAWN
    notice.withdrawal_reason = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        notice.save()
