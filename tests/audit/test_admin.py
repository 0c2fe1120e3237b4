"""The 审计日志 back-office listing: read-only, for overseers only, own agencies only."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.agencies.models import StaffRole
from gongkai.audit.models import AuditAction, AuditEvent
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory
from tests.audit.factories import AuditEventFactory

pytestmark = pytest.mark.django_db

URL = "/admin/audit_log/"

# session, user, 2× permissions, user profile, the reader's memberships with roles (one query
# for the audit menu item and the other menu items), count, locale, page and collection
# permissions, the agency and actor choices of the filters, the events with their agency.
LIST_QUERIES = 13


def _at(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, 10, 30, tzinfo=datetime.UTC)


@pytest.fixture
def setting():
    """Agency A with a clerk, an office head and three events; agency B with one event."""
    a, b = AgencyFactory(name="甲局"), AgencyFactory(name="乙局")
    clerk = StaffMembershipFactory(
        agency=a, role=StaffRole.CLERK, user=UserFactory(username="clerk", first_name="王丽")
    ).user
    head = StaffMembershipFactory(agency=a, role=StaffRole.OFFICE_HEAD).user
    events = {
        "submit": AuditEventFactory(agency=a, at=_at(2), target_label="甲申〔2026〕1号"),
        "register": AuditEventFactory(
            agency=a,
            at=_at(3),
            action=AuditAction.APPLICATION_REGISTER,
            actor=clerk,
            actor_name="王丽（clerk）",
            target_label="甲申〔2026〕2号",
        ),
        "view": AuditEventFactory(
            agency=a,
            at=_at(20),
            action=AuditAction.APPLICATION_VIEW_PERSONAL_DATA,
            actor=head,
            actor_name="负责人",
            target_label="甲申〔2026〕1号",
        ),
        "other": AuditEventFactory(agency=b, at=_at(3), target_label="乙申〔2026〕9号"),
    }
    return {"a": a, "b": b, "clerk": clerk, "head": head, "events": events}


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in soup.select("table.listing tbody tr")
    ]


def _labels(response) -> list[str]:
    return [row[-1] for row in _rows(response)]


def _menu_has_audit_log(client) -> bool:
    return URL in client.get("/admin/").content.decode()


def test_clerk_has_no_menu_item_and_is_turned_away(client, setting):
    client.force_login(setting["clerk"])

    response = client.get(URL)

    assert not _menu_has_audit_log(client)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(f"{URL}results/").status_code == 302


@pytest.mark.parametrize(
    "role",
    [
        StaffRole.OFFICE_HEAD,
        StaffRole.DEPUTY_LEADER,
        StaffRole.PRINCIPAL_LEADER,
        StaffRole.SUPERVISOR,
    ],
)
def test_overseers_see_the_menu_and_only_their_agencys_events(client, setting, role):
    reader = StaffMembershipFactory(agency=setting["a"], role=role).user
    client.force_login(reader)

    rows = _rows(client.get(URL))

    assert _menu_has_audit_log(client)
    assert rows == [
        ["2026-03-20 18:30:00", "负责人", "甲局", "查看申请人个人信息", "甲申〔2026〕1号"],
        ["2026-03-03 18:30:00", "王丽（clerk）", "甲局", "登记申请", "甲申〔2026〕2号"],
        ["2026-03-02 18:30:00", "公众", "甲局", "公众提交申请", "甲申〔2026〕1号"],
    ]


def test_superuser_sees_every_agency(client, setting):
    superuser = UserFactory(is_superuser=True)
    client.force_login(superuser)

    # Their own sign-in (no agency) as well: superusers read the whole log.
    assert sorted(_labels(client.get(URL))) == [
        "乙申〔2026〕9号",
        "甲申〔2026〕1号",
        "甲申〔2026〕1号",
        "甲申〔2026〕2号",
        f"账户：{superuser.username}",
    ]


@pytest.mark.parametrize("name", ["add", "edit", "delete", "copy", "inspect", "history"])
def test_nothing_but_the_listing_exists(name):
    assert reverse("audit_log:index") == URL
    with pytest.raises(NoReverseMatch):
        reverse(f"audit_log:{name}", args=[1] if name != "add" else [])


@pytest.mark.parametrize("url", ["new/", "edit/{pk}/", "delete/{pk}/", "history/{pk}/"])
def test_superuser_cannot_add_edit_or_delete_either(client, setting, url):
    event = setting["events"]["view"]
    client.force_login(UserFactory(is_superuser=True))

    assert client.get(URL + url.format(pk=event.pk)).status_code == 404
    assert client.post(URL + url.format(pk=event.pk)).status_code == 404
    event.refresh_from_db()
    assert event.action == AuditAction.APPLICATION_VIEW_PERSONAL_DATA


def test_listing_offers_no_add_button_or_row_actions(client, setting):
    client.force_login(UserFactory(is_superuser=True))

    page = client.get(URL).content.decode()

    for fragment in ("/new/", "/edit/", "/delete/", "/copy/", "/inspect/"):
        assert URL + fragment.lstrip("/") not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "application.register"}, ["甲申〔2026〕2号"]),
        ({"at_from": "2026-03-03", "at_to": "2026-03-04"}, ["甲申〔2026〕2号"]),
        ({"at_from": "2026-03-10"}, ["甲申〔2026〕1号"]),
        ({"q": "2号"}, ["甲申〔2026〕2号"]),
    ],
    ids=["action", "date-range", "date-from", "search"],
)
def test_filters(client, setting, query, expected):
    client.force_login(setting["head"])

    assert _labels(client.get(URL, query)) == expected


def test_filter_by_actor_and_own_agency(client, setting):
    client.force_login(setting["head"])

    by_clerk = _labels(client.get(URL, {"actor": setting["clerk"].pk}))
    by_agency = _labels(client.get(URL, {"agency": setting["a"].pk}))

    assert by_clerk == ["甲申〔2026〕2号"]
    assert len(by_agency) == 3


def test_filtering_on_another_agency_does_not_reveal_it(client, setting):
    client.force_login(setting["head"])

    page = client.get(URL, {"agency": setting["b"].pk}).content.decode()

    assert "乙申〔2026〕9号" not in page
    assert "乙局" not in page


def test_query_count_does_not_grow_with_the_rows(client, setting, django_assert_num_queries):
    head, a = setting["head"], setting["a"]
    client.force_login(head)
    client.get(URL)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(URL)

    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(agency=a, at=now, action="letter.issue", actor_name="王丽", target_label=f"{n}")
        for n in range(20)
    )

    with django_assert_num_queries(LIST_QUERIES):
        rows = _rows(client.get(URL))
    assert len(rows) == 23
