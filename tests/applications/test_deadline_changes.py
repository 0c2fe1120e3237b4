"""Deadlines counted provisionally in December, and letters that stated a date which moved.

Today is 2026-12-03 and the State Council has not published 2027's holiday arrangement: an
application received by post on 2026-12-04 is due on the 20th working day, which falls in 2027
(第33条). It is counted on the 放假办法's own days (元旦 2027-01-01 off) and marked 暂定, and
its receipt says so. When 2027 is entered and the date moves, the receipt no longer tells the
truth: the clerk sees it under 期限变动 and sends a 答复期限变更告知书, a new numbered letter.

The 2027 rows entered below are illustrative, not the real notice (not published yet).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.agencies.models import StaffRole
from gongkai.applications import services
from gongkai.applications.letters.changes import deadline_change_dismiss, deadline_change_notify
from gongkai.applications.letters.services import letter_issue
from gongkai.applications.models import Application, DeadlineChange, LetterKind
from gongkai.audit.models import AuditEvent
from gongkai.workdays.services import calendar_day_set, calendar_year_add
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import applicant_data, register, register_online, travel

pytestmark = pytest.mark.django_db

D = datetime.date
RECEIVED = D(2026, 12, 4)
# 12-07..12-31 are 19 working days; 2027-01-01 is 元旦 by rule; 1-2/1-3 the weekend.
PROVISIONAL_DUE = D(2027, 1, 4)


@pytest.fixture
def received(agency, clerk) -> Application:
    return register(agency, clerk, RECEIVED, channel="post")


@pytest.fixture
def receipt(received, clerk):
    with travel(RECEIVED):
        return letter_issue(application=received, kind=LetterKind.RECEIPT, actor=clerk)


def confirm_2027_with_a_day_off_on_january_4(capture) -> None:
    with capture(execute=True):
        calendar_day_set(day=D(2027, 1, 1), kind="holiday", note="元旦")
        calendar_day_set(day=D(2027, 1, 4), kind="holiday", note="元旦（示例，非真实通知）")
        calendar_year_add(year=2027, notice_number="示例〔2026〕1号")


def test_december_registration_by_post_is_provisional_not_refused(received) -> None:
    assert (received.due_on, received.due_on_provisional) == (PROVISIONAL_DUE, True)


def test_the_receipt_states_the_provisional_date_and_says_it_may_move(receipt) -> None:
    assert receipt.stated_dates == {"received_on": "2026-12-04", "due_on": "2027-01-04"}
    assert receipt.stated_provisional
    assert "最迟于2027年1月4日" in receipt.body
    assert "上述期限暂按法定节假日计算；国务院公布2027年节假日安排后" in receipt.body


def test_a_receipt_inside_a_known_year_has_no_provisional_sentence(agency, clerk) -> None:
    application = register(agency, clerk, D(2026, 11, 2))
    with travel(D(2026, 11, 2)):
        letter = letter_issue(application=application, kind=LetterKind.RECEIPT, actor=clerk)
    assert not letter.stated_provisional
    assert "暂按法定节假日" not in letter.body


def test_confirming_2027_lists_the_receipt_that_stated_the_old_date(
    receipt, received, django_capture_on_commit_callbacks
) -> None:
    with travel(D(2026, 12, 20)):
        confirm_2027_with_a_day_off_on_january_4(django_capture_on_commit_callbacks)
    stored = Application.objects.get(pk=received.pk)
    assert (stored.due_on, stored.due_on_provisional) == (D(2027, 1, 5), False)
    (change,) = DeadlineChange.objects.unresolved()
    assert (change.old_due_on, change.new_due_on, change.trigger) == (
        PROVISIONAL_DUE,
        D(2027, 1, 5),
        "calendar",
    )
    assert change.old_provisional and not change.new_provisional
    assert change.letters == [
        {
            "id": receipt.pk,
            "number": receipt.number,
            "kind": "receipt",
            "key": "due_on",
            "stated": "2027-01-04",
            "now": "2027-01-05",
        }
    ]
    # The three writes commit together, so the first recomputation after the commit finds the
    # move and says so in its audit event; the other two find nothing left to change.
    events = AuditEvent.objects.filter(action="deadlines.recompute").order_by("pk")
    assert [e.detail["deadline_changes"] for e in events] == [[change.pk], [], []]
    assert [e.detail["stale_letters"] for e in events] == [1, 0, 0]


def test_the_change_notice_is_a_new_numbered_letter_with_the_new_date(
    receipt, received, clerk, django_capture_on_commit_callbacks
) -> None:
    with travel(D(2026, 12, 20)):
        confirm_2027_with_a_day_off_on_january_4(django_capture_on_commit_callbacks)
        change = DeadlineChange.objects.unresolved().get()
        letter = deadline_change_notify(change=change, actor=clerk)
        with pytest.raises(ValidationError, match="已经处理过了"):
            deadline_change_notify(change=change, actor=clerk)
    assert letter.kind == LetterKind.DEADLINE_CHANGE_NOTICE
    assert letter.number != receipt.number and letter.number_seq > 0
    assert "此前告知您的答复期限为2027年1月4日" in letter.body
    assert "本机关将最迟于2027年1月5日作出答复" in letter.body
    assert "暂按法定节假日" not in letter.body  # 2027 is confirmed now
    assert letter.stated_dates == {"received_on": "2026-12-04", "due_on": "2027-01-05"}
    change.refresh_from_db()
    assert change.resolution_letter == letter and change.resolved_by == clerk
    assert AuditEvent.objects.filter(action="deadline_change.notify").count() == 1


def test_a_lawful_extension_does_not_make_the_receipt_untrue_only_the_extension_notice(
    agency, clerk, head, django_capture_on_commit_callbacks
) -> None:
    application = register(agency, clerk, D(2026, 11, 20), channel="post")
    with travel(D(2026, 11, 20)):
        receipt = letter_issue(application=application, kind=LetterKind.RECEIPT, actor=clerk)
    with travel(D(2026, 12, 10)):
        extension = services.application_extend(
            application=application, actor=head, on=D(2026, 12, 10), workdays=20, reason="检索量大"
        ).letter
    assert receipt.stated_dates == {"received_on": "2026-11-20", "due_on": "2026-12-18"}
    assert extension.stated_provisional
    with travel(D(2026, 12, 20)):
        confirm_2027_with_a_day_off_on_january_4(django_capture_on_commit_callbacks)
    (change,) = DeadlineChange.objects.unresolved()
    assert [entry["id"] for entry in change.letters] == [extension.pk]


def test_dismissing_needs_a_reason_and_staff_of_the_agency(
    receipt, clerk, django_capture_on_commit_callbacks
) -> None:
    with travel(D(2026, 12, 20)):
        confirm_2027_with_a_day_off_on_january_4(django_capture_on_commit_callbacks)
    change = DeadlineChange.objects.unresolved().get()
    other = AgencyFactory(name="盐池县教育局", slug="yanchi-jyj")
    outsider = StaffMembershipFactory(agency=other, role=StaffRole.CLERK).user
    with pytest.raises(PermissionDenied):
        deadline_change_dismiss(change=change, actor=outsider, note="已电话告知")
    with pytest.raises(PermissionDenied):
        deadline_change_notify(change=change, actor=outsider)
    with pytest.raises(ValidationError):
        deadline_change_dismiss(change=change, actor=clerk, note="  ")
    assert DeadlineChange.objects.unresolved().count() == 1
    deadline_change_dismiss(change=change, actor=clerk, note="已电话告知申请人新期限")
    change.refresh_from_db()
    assert change.resolution_note == "已电话告知申请人新期限" and change.resolved_at is not None
    assert AuditEvent.objects.filter(action="deadline_change.dismiss").count() == 1


def test_a_second_calendar_change_updates_the_same_open_change(
    receipt, django_capture_on_commit_callbacks
) -> None:
    with travel(D(2026, 12, 20)):
        confirm_2027_with_a_day_off_on_january_4(django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            calendar_day_set(day=D(2027, 1, 5), kind="holiday", note="示例")
    (change,) = DeadlineChange.objects.unresolved()
    assert (change.old_due_on, change.new_due_on) == (PROVISIONAL_DUE, D(2027, 1, 6))
    assert len(change.letters) == 1


def test_online_confirmed_with_the_day_both_sides_confirmed(agency, clerk) -> None:
    application = register_online(agency, D(2026, 12, 1), data=applicant_data(n=3))
    with travel(D(2026, 12, 7)):
        services.application_confirm_receipt(
            application=application, actor=clerk, received_on=D(2026, 12, 2)
        )
    application.refresh_from_db()
    assert application.received_on == D(2026, 12, 2)
    # 12-03..12-31: 21 working days, so the 20th is 2026-12-30 — inside 2026, not provisional.
    assert (application.due_on, application.due_on_provisional) == (D(2026, 12, 30), False)


# -- the back office: 依申请公开 → 期限变动 -----------------------------------------------------


def test_the_list_shows_the_change_and_the_clerk_sends_the_notice(
    client, receipt, received, clerk, django_capture_on_commit_callbacks
) -> None:
    with travel(D(2026, 12, 20)):
        confirm_2027_with_a_day_off_on_january_4(django_capture_on_commit_callbacks)
        client.force_login(clerk)
        page = client.get(reverse("applications_admin:deadline_changes"))
        detail = client.get(reverse("applications_admin:detail", args=[received.pk]))
        change = DeadlineChange.objects.unresolved().get()
        response = client.post(
            reverse("applications_admin:deadline_change_action", args=[change.pk, "notify"]),
            follow=True,
        )
    html = page.content.decode()
    assert page.status_code == 200
    assert received.registration_number in html
    assert f"{receipt.number} 载明答复期限2027年1月4日，现为2027年1月5日" in html
    assert "答复期限已由2027年1月4日变为2027年1月5日" in detail.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "applications_admin:detail", args=[received.pk]
    )
    letter = received.letters.get(kind=LetterKind.DEADLINE_CHANGE_NOTICE)
    assert f"已制作答复期限变更告知书（{letter.number}）" in response.content.decode()
    assert "答复期限已由" not in response.content.decode()  # resolved: no banner any more


def test_another_agencys_clerk_cannot_see_or_answer_the_change(
    client, receipt, django_capture_on_commit_callbacks
) -> None:
    with travel(D(2026, 12, 20)):
        confirm_2027_with_a_day_off_on_january_4(django_capture_on_commit_callbacks)
        other = AgencyFactory(name="盐池县教育局", slug="yanchi-jyj")
        outsider = StaffMembershipFactory(agency=other, role=StaffRole.CLERK).user
        client.force_login(outsider)
        change = DeadlineChange.objects.unresolved().get()
        page = client.get(reverse("applications_admin:deadline_changes"))
        post = client.post(
            reverse("applications_admin:deadline_change_action", args=[change.pk, "dismiss"]),
            {"note": "不相干"},
        )
    assert receipt.application.registration_number not in page.content.decode()
    assert post.status_code == 404
    assert DeadlineChange.objects.unresolved().count() == 1


def test_dismissing_without_a_reason_is_refused_in_chinese(
    client, receipt, clerk, django_capture_on_commit_callbacks
) -> None:
    with travel(D(2026, 12, 20)):
        confirm_2027_with_a_day_off_on_january_4(django_capture_on_commit_callbacks)
        client.force_login(clerk)
        change = DeadlineChange.objects.unresolved().get()
        response = client.post(
            reverse("applications_admin:deadline_change_action", args=[change.pk, "dismiss"]),
            {"note": ""},
            follow=True,
        )
    assert "未办理：请说明无需告知申请人的原因。" in response.content.decode()
    assert DeadlineChange.objects.unresolved().count() == 1


# -- correcting a mistyped receipt date ---------------------------------------------------------


def test_correcting_the_receipt_date_recomputes_and_flags_the_receipt(
    agency, clerk, received, receipt
) -> None:
    # The letter was signed for on 12-03, not 12-04: one working day earlier.
    with travel(D(2026, 12, 7)):
        change = services.application_correct_receipt_date(
            application=received, actor=clerk, received_on=D(2026, 12, 3), reason="签收日期录错"
        )
    received.refresh_from_db()
    assert received.received_on == D(2026, 12, 3)
    assert received.events.get(kind="received").on == D(2026, 12, 3)
    # Registered with one date for arrival and receipt: both move together.
    assert received.events.get(kind="submitted").on == D(2026, 12, 3)
    # 12-04..12-31: 20 working days, the 20th is 2026-12-31: inside 2026, final.
    assert (received.due_on, received.due_on_provisional) == (D(2026, 12, 31), False)
    assert change is not None and change.trigger == "receipt_correction"
    assert sorted(e["key"] for e in change.letters) == ["due_on", "received_on"]
    event = AuditEvent.objects.get(action="application.correct_receipt_date")
    assert event.detail["old"] == "2026-12-04" and event.detail["new"] == "2026-12-03"
    assert event.detail["reason"] == "签收日期录错"
    assert event.detail["deadline_change"] == change.pk
    with travel(D(2026, 12, 7)):
        letter = deadline_change_notify(change=change, actor=clerk)
    assert "因本机关更正了收到申请的日期" in letter.body
    assert "本机关于2026年12月3日收到" in letter.body


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (D(2026, 12, 4), "新日期与原日期相同，无需更正。"),
        (D(2026, 12, 8), "收到申请之日不能晚于今天。"),
        (D(2026, 12, 1), "收到申请之日不能早于申请到达本机关之日，请核对两个日期。"),
    ],
)
def test_an_impossible_correction_changes_nothing(agency, clerk, new, message) -> None:
    # Arrived on 12-02 by post, signed for (received) on 12-04.
    with travel(RECEIVED):
        received = services.application_register(
            agency=agency,
            actor=clerk,
            channel="post",
            data=applicant_data(n=4),
            received_on=RECEIVED,
            arrived_on=D(2026, 12, 2),
        )
    with travel(D(2026, 12, 7)), pytest.raises(ValidationError) as err:
        services.application_correct_receipt_date(
            application=received, actor=clerk, received_on=new, reason="核对"
        )
    assert err.value.messages == [message]
    received.refresh_from_db()
    assert received.received_on == RECEIVED
    assert not AuditEvent.objects.filter(action="application.correct_receipt_date").exists()


def test_a_correction_needs_a_reason_and_the_agencys_staff(received) -> None:
    other = AgencyFactory(name="盐池县教育局", slug="yanchi-jyj")
    outsider = StaffMembershipFactory(agency=other, role=StaffRole.CLERK).user
    with travel(D(2026, 12, 7)), pytest.raises(PermissionDenied):
        services.application_correct_receipt_date(
            application=received, actor=outsider, received_on=D(2026, 12, 3), reason="x"
        )
    clerk = StaffMembershipFactory(agency=received.agency, role=StaffRole.CLERK).user
    with travel(D(2026, 12, 7)), pytest.raises(ValidationError):
        services.application_correct_receipt_date(
            application=received, actor=clerk, received_on=D(2026, 12, 3), reason=" "
        )


def test_the_clerk_corrects_the_receipt_date_from_the_detail_page(
    client, received, receipt, clerk
) -> None:
    url = reverse("applications_admin:action", args=[received.pk, "correct_receipt_date"])
    with travel(D(2026, 12, 7)):
        client.force_login(clerk)
        refused = client.post(
            url,
            {
                "correct_receipt_date-received_on": "2026-12-09",
                "correct_receipt_date-reason": "录错",
            },
        )
        response = client.post(
            url,
            {
                "correct_receipt_date-received_on": "2026-12-03",
                "correct_receipt_date-reason": "签收日期录错",
            },
            follow=True,
        )
    assert refused.status_code == 400
    assert "收到申请之日不能晚于今天。" in refused.content.decode()
    html = response.content.decode()
    assert "已更正收到申请之日，答复期限已重新计算。" in html
    assert "答复期限已由2027年1月4日变为2026年12月31日" in html


def test_the_dashboard_shows_open_changes_to_the_agency_only_until_answered(
    client, receipt, clerk, django_capture_on_commit_callbacks
) -> None:
    other = AgencyFactory(name="盐池县教育局", slug="yanchi-jyj")
    outsider = StaffMembershipFactory(agency=other, role=StaffRole.CLERK).user
    home = reverse("wagtailadmin_home")
    with travel(D(2026, 12, 20)):
        client.force_login(outsider)
        assert "期限变动待处理" not in client.get(home).content.decode()
        client.force_login(clerk)
        assert "期限变动待处理" not in client.get(home).content.decode()  # nothing moved yet
        confirm_2027_with_a_day_off_on_january_4(django_capture_on_commit_callbacks)
        shown = client.get(home).content.decode()
        client.force_login(outsider)
        hidden = client.get(home).content.decode()
        deadline_change_notify(change=DeadlineChange.objects.unresolved().get(), actor=clerk)
        client.force_login(clerk)
        answered = client.get(home).content.decode()
    assert "期限变动待处理" in shown and reverse("applications_admin:deadline_changes") in shown
    assert "期限变动待处理" not in hidden
    assert "期限变动待处理" not in answered
