"""audit_record: who, what, which record, which agency, from where; atomic with the caller."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import ProtectedError
from django.test import RequestFactory

from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.audit.services import audit_record
from tests.agencies.factories import AgencyFactory, UserFactory
from tests.registers.factories import WorkLogEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    """Any saved record with an agency will do as a target until applications exist."""
    return WorkLogEntryFactory(title="政府开放日")


def _request(remote_addr="203.0.113.7", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


# ---------------------------------------------------------------- actor


def test_staff_actor_is_linked_and_named(entry):
    clerk = UserFactory(username="wangli", first_name="王丽")

    event = audit_record(actor=clerk, action=AuditAction.APPLICATION_REGISTER, target=entry)

    event.refresh_from_db()
    assert (event.actor, event.actor_name) == (clerk, "王丽（wangli）")


def test_actor_without_a_name_is_recorded_by_username(entry):
    event = audit_record(
        actor=UserFactory(username="zhaoyun"), action="application.update", target=entry
    )

    assert event.actor_name == "zhaoyun"


@pytest.mark.parametrize("public", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_public_submission_has_no_actor_and_is_named_gongzhong(entry, public):
    event = audit_record(actor=public, action=AuditAction.APPLICATION_SUBMIT, target=entry)

    event.refresh_from_db()
    assert (event.actor, event.actor_name) == (None, "公众")


def test_entry_outlives_the_deleted_account(entry):
    clerk = UserFactory(username="lisi", first_name="李四")
    event = audit_record(actor=clerk, action=AuditAction.LETTER_ISSUE, target=entry)

    clerk.delete()

    event.refresh_from_db()
    assert (event.actor, event.actor_name) == (None, "李四（lisi）")


# ---------------------------------------------------------------- target and agency


def test_target_and_agency_are_taken_from_the_record_in_one_insert(
    entry, django_assert_num_queries
):
    with django_assert_num_queries(1):
        event = audit_record(
            actor=None,
            action=AuditAction.APPLICATION_VIEW_PERSONAL_DATA,
            target=entry,
            detail={"fields": ["id_number", "phone"], "on": datetime.date(2026, 3, 2)},
        )

    event.refresh_from_db()
    assert event.target_type == "registers.worklogentry"
    assert event.target_id == str(entry.pk)
    assert event.target_label == str(entry)
    assert event.agency == entry.agency
    assert event.detail == {"fields": ["id_number", "phone"], "on": "2026-03-02"}
    assert event.action_label == "查看申请人个人信息"


def test_explicit_label_and_agency_win(entry):
    other = AgencyFactory()

    event = audit_record(
        actor=None,
        action=AuditAction.LETTER_DOWNLOAD,
        target=entry,
        agency=other,
        target_label="盐科申〔2026〕3号",
    )

    assert (event.agency, event.target_label) == (other, "盐科申〔2026〕3号")


def test_event_without_target_or_agency(entry):
    agency = entry.agency

    with_agency = audit_record(actor=None, action="report.publish", agency=agency)
    without = audit_record(actor=None, action="deadlines.recompute", target_label="2026 年节假日")

    assert (with_agency.agency, with_agency.target_type, with_agency.target_id) == (agency, "", "")
    assert (without.agency, without.target_label) == (None, "2026 年节假日")


def test_long_label_is_cut_to_the_column(entry):
    event = audit_record(actor=None, action="application.update", target_label="长" * 500)

    event.refresh_from_db()
    assert len(event.target_label) == 200
    assert event.target_label.endswith("…")


def test_unsaved_target_is_refused():
    with pytest.raises(ValueError, match="save the target"):
        audit_record(actor=None, action="application.update", target=WorkLogEntryFactory.build())

    assert not AuditEvent.objects.exists()


def test_unknown_action_is_refused_so_every_entry_has_a_label(entry):
    with pytest.raises(ValueError, match=r"application\.delete"):
        audit_record(actor=None, action="application.delete", target=entry)

    assert not AuditEvent.objects.exists()


# ---------------------------------------------------------------- client address


def test_ip_comes_from_remote_addr_and_a_forged_forwarded_for_is_ignored(entry):
    request = _request(HTTP_X_FORWARDED_FOR="198.51.100.1")

    event = audit_record(actor=None, action="application.submit", target=entry, request=request)

    event.refresh_from_db()
    assert event.ip_address == "203.0.113.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "198.51.100.1", "198.51.100.1"),
        # The client put a forged address in front; the proxy appended the real one.
        (1, "10.9.9.9, 198.51.100.1", "198.51.100.1"),
        (2, "10.9.9.9, 198.51.100.1, 192.0.2.5", "198.51.100.1"),
        # Fewer entries than proxies: the request did not come through them; keep REMOTE_ADDR.
        (2, "198.51.100.1", "203.0.113.7"),
        (1, "not-an-address", None),
    ],
)
def test_forwarded_for_counts_only_behind_trusted_proxies(
    entry, settings, proxies, forwarded, expected
):
    settings.GONGKAI_TRUSTED_PROXIES = proxies
    request = _request(HTTP_X_FORWARDED_FOR=forwarded)

    event = audit_record(actor=None, action="application.submit", target=entry, request=request)

    assert event.ip_address == expected


def test_ipv6_and_missing_addresses(entry):
    v6 = audit_record(
        actor=None, action="application.submit", target=entry, request=_request("2001:db8::1")
    )
    no_request = audit_record(actor=None, action="application.submit", target=entry)

    assert (v6.ip_address, no_request.ip_address) == ("2001:db8::1", None)


# ---------------------------------------------------------------- transactions and deletion


class _Refused(Exception):
    pass


def _decide_then_fail(entry):
    with transaction.atomic():
        audit_record(actor=None, action=AuditAction.APPLICATION_DECIDE, target=entry)
        raise _Refused


def test_event_rolls_back_with_the_callers_change(entry):
    with pytest.raises(_Refused):
        _decide_then_fail(entry)

    assert not AuditEvent.objects.exists()


def test_agency_with_audit_history_cannot_be_deleted(entry):
    audit_record(actor=None, action=AuditAction.APPLICATION_REGISTER, target=entry)
    entry.delete()

    with pytest.raises(ProtectedError):
        entry.agency.delete()


def test_every_listed_action_has_a_chinese_label_and_unknown_codes_show_as_is():
    assert len(AuditAction.choices) >= 21
    assert all(label and not label.isascii() for _code, label in AuditAction.choices)
    assert AuditAction.label_for("letter.deliver") == "送达文书"
    assert AuditAction.label_for("retired.action") == "retired.action"
