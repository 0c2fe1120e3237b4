"""The 工作台账 admin screens: staff see and record only their own agency's entries."""

import pytest

from gongkai.registers.models import WorkLogEntry
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.registers.factories import WorkLogEntryFactory

pytestmark = pytest.mark.django_db

# session, user, 2× permissions, user profile, the clerk's agencies, count, locale, page and
# collection permissions (Wagtail's menu), the entries with their agency.
LIST_QUERIES = 12  # with the staff's column-editor group (page permissions)


@pytest.fixture
def clerk_and_entries():
    mine = WorkLogEntryFactory(title="本局门户网站信息")
    theirs = WorkLogEntryFactory(title="别的机关的信息")
    clerk = StaffMembershipFactory(agency=mine.agency).user
    return clerk, mine, theirs


def test_list_shows_only_own_agency_entries(client, clerk_and_entries, django_assert_num_queries):
    clerk, mine, _theirs = clerk_and_entries
    for n in range(3):
        WorkLogEntryFactory(agency=mine.agency, title=f"另一条{n}")
    client.force_login(clerk)
    client.get("/admin/work_log/")

    with django_assert_num_queries(LIST_QUERIES):
        page = client.get("/admin/work_log/").content.decode()

    assert "本局门户网站信息" in page
    assert "别的机关的信息" not in page


def test_another_agencys_entry_is_not_reachable(client, clerk_and_entries):
    clerk, _mine, theirs = clerk_and_entries
    client.force_login(clerk)

    assert client.get(f"/admin/work_log/edit/{theirs.pk}/").status_code in (403, 404)
    assert client.post(f"/admin/work_log/delete/{theirs.pk}/").status_code in (403, 404)
    assert WorkLogEntry.objects.filter(pk=theirs.pk).exists()


def test_clerk_records_for_own_agency_and_not_for_another(client, clerk_and_entries):
    clerk, mine, _theirs = clerk_and_entries
    client.force_login(clerk)
    data = {
        "kind": "open_day",
        "date": "2020-11-06",
        "count": "1",
        "title": "政府开放日",
        "note": "",
    }

    refused = client.post("/admin/work_log/new/", {**data, "agency": AgencyFactory().pk})
    accepted = client.post("/admin/work_log/new/", {**data, "agency": mine.agency.pk})

    assert refused.status_code == 200
    assert accepted.status_code == 302
    entry = WorkLogEntry.objects.get(kind="open_day")
    assert (entry.agency, entry.created_by) == (mine.agency, clerk)


def test_zero_count_is_refused_in_the_form(client, clerk_and_entries):
    clerk, mine, _theirs = clerk_and_entries
    client.force_login(clerk)

    response = client.post(
        "/admin/work_log/new/",
        {
            "agency": mine.agency.pk,
            "kind": "wechat_post",
            "date": "2020-12-31",
            "count": "0",
            "title": "",
        },
    )

    assert response.status_code == 200
    assert "数量至少为 1" in response.content.decode()
    assert not WorkLogEntry.objects.filter(kind="wechat_post").exists()


def test_a_clerk_keeps_the_list_of_matters_in_the_back_office(client):
    """事项清单: add a matter, see it only in one's own agency, every write audited."""
    from gongkai.audit.models import AuditAction, AuditEvent
    from gongkai.registers.models import Matter

    own = AgencyFactory(name="盐池县科学技术局")
    other = AgencyFactory(name="盐池县农业农村局")
    clerk = StaffMembershipFactory(agency=own, role="clerk").user
    client.force_login(clerk)
    response = client.post(
        "/admin/matters/new/",
        {
            "agency": own.pk,
            "kind": "other_services",
            "name": "科技成果登记",
            "listed_on": "2020-04-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    matter = Matter.objects.get()
    assert AuditEvent.objects.filter(
        action=AuditAction.REGISTER_SAVE, target_id=str(matter.pk)
    ).exists()
    refused = client.post(
        "/admin/matters/new/",
        {
            "agency": own.pk,
            "kind": "penalties",
            "name": "x",
            "listed_on": "2020-04-01",
            "removed_on": "2020-01-01",
        },
    )
    assert "取消日期不能早于列入清单日期" in refused.content.decode()
    foreign = Matter.objects.create(
        agency=other, kind="licensing", name="别人的许可", listed_on="2020-01-01"
    )
    assert "别人的许可" not in client.get("/admin/matters/").content.decode()
    assert client.get(f"/admin/matters/edit/{foreign.pk}/").status_code == 404
