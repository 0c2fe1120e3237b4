"""The back office's 申请队列: own agency only, filters, order, badges, constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, Channel
from gongkai.statute.outcomes import ApplicantCategory
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory
from tests.applications.factories import (
    ApplicationFactory,
    applicant_data,
    register_online,
    resident_id,
    travel,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("applications_admin:index")
TODAY = datetime.date(2025, 3, 25)  # a Tuesday; 5 working days later is 2025-04-01


@pytest.fixture
def logged_in(client, clerk):
    client.force_login(clerk)
    return client


def make(agency, received_on, **kwargs) -> Application:
    return ApplicationFactory(agency=agency, received_on=received_on, **kwargs)


def rows(response) -> list[str]:
    """The registration numbers of the listed applications, in order."""
    return [row["application"].registration_number for row in response.context["rows"]]


def test_the_queue_lists_only_the_clerks_agency_and_never_the_plain_id_number(logged_in, agency):
    own = make(agency, datetime.date(2025, 3, 3), n=7)
    other = make(AgencyFactory(), datetime.date(2025, 3, 3), n=8)
    with travel(TODAY):
        response = logged_in.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert [r["application"].pk for r in response.context["rows"]] == [own.pk]
    assert own.id_number_masked in html
    assert own.id_number not in html
    assert resident_id(7) not in html
    assert other.name not in html


def test_open_applications_come_by_due_date_with_their_working_days_left(logged_in, agency):
    # Received 3 March: due 31 March (20 working days); received 10 March: due 8 April
    # (4 April, 清明, is a holiday).
    later = make(agency, datetime.date(2025, 3, 10))
    sooner = make(agency, datetime.date(2025, 3, 3))
    closed = make(agency, datetime.date(2025, 2, 10), outcome="granted")
    with travel(TODAY):
        response = logged_in.get(QUEUE)
    assert rows(response) == [
        sooner.registration_number,
        later.registration_number,
        closed.registration_number,
    ]
    html = response.content.decode()
    assert "剩余4个工作日" in html  # 26, 27, 28, 31 March
    assert "剩余9个工作日" in html  # … 1-3, 7, 8 April


def test_an_overdue_application_shows_how_many_working_days_late(logged_in, agency):
    make(agency, datetime.date(2025, 2, 17))  # due 17 March
    with travel(TODAY):
        response = logged_in.get(QUEUE)
    assert "已逾期6个工作日" in response.content.decode()  # 18-21, 24, 25 March


def test_online_submissions_awaiting_confirmation_come_first_in_a_box_of_their_own(
    logged_in, agency
):
    make(agency, datetime.date(2025, 3, 3))
    submitted = register_online(agency, datetime.date(2025, 3, 20), data=applicant_data(n=3))
    with travel(TODAY):
        response = logged_in.get(QUEUE)
    assert rows(response)[0] == submitted.registration_number
    assert [a.pk for a in response.context["awaiting"]] == [submitted.pk]
    html = response.content.decode()
    assert "待确认接收的申请（第三十一条）" in html
    assert "待确认" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("due=soon", ["due_soon"]),
        ("due=overdue", ["overdue"]),
        ("status=closed", ["closed"]),
        ("status=open", ["overdue", "due_soon", "later", "company"]),
        ("category=commercial", ["company"]),
        ("channel=post", ["later"]),
        ("q=公司", ["company"]),
        ("due=nonsense", ["overdue", "due_soon", "later", "company", "closed"]),
    ],
)
def test_filters(logged_in, agency, query, expected):
    made = {
        "overdue": make(agency, datetime.date(2025, 2, 17)),
        "due_soon": make(agency, datetime.date(2025, 3, 3)),
        "later": make(agency, datetime.date(2025, 3, 20), channel=Channel.POST),
        "company": make(
            agency,
            datetime.date(2025, 3, 24),
            applicant_category=ApplicantCategory.COMMERCIAL,
            name="盐池县滩羊科技有限公司",
        ),
        "closed": make(agency, datetime.date(2025, 1, 6), outcome="granted"),
    }
    names = {a.registration_number: key for key, a in made.items()}
    with travel(TODAY):
        response = logged_in.get(f"{QUEUE}?{query}")
    assert response.status_code == 200
    assert [names[number] for number in rows(response)] == expected


def test_search_by_registration_number(logged_in, agency):
    first = make(agency, datetime.date(2025, 3, 3))
    make(agency, datetime.date(2025, 3, 4))
    with travel(TODAY):
        response = logged_in.get(QUEUE, {"q": first.registration_number})
    assert rows(response) == [first.registration_number]


def test_a_clerk_of_two_agencies_gets_an_agency_filter(logged_in, agency, clerk):
    second = AgencyFactory(name="盐池县教育局")
    StaffMembershipFactory(user=clerk, agency=second)
    mine = make(agency, datetime.date(2025, 3, 3))
    theirs = make(second, datetime.date(2025, 3, 3))
    with travel(TODAY):
        both = logged_in.get(QUEUE)
        one = logged_in.get(QUEUE, {"agency": second.pk})
    assert {r["application"].pk for r in both.context["rows"]} == {mine.pk, theirs.pk}
    assert [r["application"].pk for r in one.context["rows"]] == [theirs.pk]
    assert "盐池县教育局" in both.content.decode()


def test_the_queue_query_count_does_not_grow_with_the_rows(
    logged_in, agency, django_assert_num_queries
):
    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with travel(TODAY), CaptureQueriesContext(connection) as queries:
            assert logged_in.get(QUEUE).status_code == 200
        return len(queries)

    make(agency, datetime.date(2025, 3, 3))
    register_online(agency, datetime.date(2025, 3, 20), data=applicant_data(n=1))
    with travel(TODAY):
        logged_in.get(QUEUE)  # warm the calendar cache
    few = count_queries()
    for n in range(12):
        make(agency, datetime.date(2025, 3, 3) + datetime.timedelta(days=n % 5), n=100 + n)
        register_online(agency, datetime.date(2025, 3, 20), data=applicant_data(n=200 + n))
    many = count_queries()
    assert few == many
    # Session, user, 2× permissions, Wagtail profile, memberships (agencies and roles), agency
    # count (the agency filter), row count, page of rows, awaiting-confirmation box, then
    # Wagtail's menu: locale, page and collection permissions.
    assert few == 13
    # A name search adds one capped count of the name index (``search.name_condition``).
    with travel(TODAY), django_assert_num_queries(14):
        logged_in.get(QUEUE, {"status": "open", "q": "王"})


def test_the_queue_pages_through_many_applications(logged_in, agency):
    for n in range(55):
        make(agency, datetime.date(2025, 3, 3), n=n)
    with travel(TODAY):
        first = logged_in.get(QUEUE)
        second = logged_in.get(QUEUE, {"p": 2})
    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 5
    assert "下一页" in first.content.decode()


def test_an_admin_user_of_no_agency_is_turned_away(client):
    client.force_login(UserFactory())
    response = client.get(QUEUE)
    # Wagtail turns PermissionDenied into a redirect to the dashboard with its message.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_menu_offers_the_queue_and_registering_to_agency_staff(logged_in):
    html = logged_in.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is JSON in a <script>; the URLs are plain ASCII there.
    assert QUEUE in html
    assert reverse("applications_admin:register") in html


def test_the_menu_is_hidden_from_admin_users_of_no_agency(client):
    user = get_user_model().objects.create_user(username="editor", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    assert QUEUE not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_superuser_sees_every_agency(client, agency):
    make(agency, datetime.date(2025, 3, 3))
    make(AgencyFactory(), datetime.date(2025, 3, 3))
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    with travel(TODAY):
        response = client.get(QUEUE)
    assert len(response.context["rows"]) == 2
    assert response.context["show_agency"] is True


def test_status_filter_lists_discarded_ones(logged_in, agency, clerk):
    submitted = register_online(agency, datetime.date(2025, 3, 20), data=applicant_data(n=5))
    with travel(TODAY):
        services.application_discard(application=submitted, actor=clerk, reason="重复提交")
        response = logged_in.get(QUEUE, {"status": "discarded"})
    assert rows(response) == [submitted.registration_number]
