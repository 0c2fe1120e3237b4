"""The queue's name search on the name index: what is indexed, what a query finds, and that the
index follows the name through intake, correction and the migration that built it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, NameGram, queue_position
from gongkai.applications.search import name_condition, name_grams
from tests.applications.factories import applicant_data, register, travel
from tests.migrations import back_to_the_latest_schema, migrate  # noqa: F401 - fixture

RECEIVED = datetime.date(2025, 3, 3)


def test_a_name_is_indexed_by_its_pairs_and_last_character():
    assert name_grams("王海燕") == {"王海", "海燕", "燕"}
    assert name_grams(" ABC 科技 ") == {"ab", "bc", "c科", "科技", "技"}
    assert name_grams("王") == {"王"}
    assert name_grams("") == set()


@pytest.fixture
def people(agency, clerk):
    made = {}
    for key, name in (
        ("wang", "王海燕"),
        ("hai", "海王星"),
        ("company", "盐池县滩羊ABC科技有限公司"),
    ):
        data = applicant_data(n=len(made) + 1)
        data["name"] = name
        made[key] = register(agency, clerk, RECEIVED, data=data)
    return made


def _found(text: str) -> set[str]:
    return set(Application.objects.filter(name_condition(text)).values_list("name", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("王海燕", {"王海燕"}),
        ("海燕", {"王海燕"}),
        ("燕", {"王海燕"}),
        ("王", {"王海燕", "海王星"}),
        ("海", {"王海燕", "海王星"}),
        ("海王", {"海王星"}),
        ("燕王", set()),
        ("滩羊", {"盐池县滩羊ABC科技有限公司"}),
        ("abc科技", {"盐池县滩羊ABC科技有限公司"}),
        ("盐池县滩羊ABC科技有限公司", {"盐池县滩羊ABC科技有限公司"}),
        ("有限公司盐池", set()),
        ("   ", set()),
    ],
)
def test_a_query_finds_the_names_containing_it(people, query, expected):
    assert _found(query) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["王", "海燕", "滩羊", "abc科技"])
def test_a_common_query_reads_the_names_themselves_and_finds_the_same(people, query, monkeypatch):
    """Above ``DENSE`` candidates the index is skipped: the answer must not change."""
    from gongkai.applications import search

    expected = _found(query)
    monkeypatch.setattr(search, "DENSE", 1)
    lookup = "name__contains" if query.lower() == query.upper() else "name__icontains"
    assert name_condition(query).children == [(lookup, query)]
    assert _found(query) == expected


@pytest.mark.django_db
def test_a_corrected_name_is_found_by_its_new_name_only(people, clerk):
    application = people["wang"]
    data = {**applicant_data(n=1), "name": "王晓燕"}
    with travel(RECEIVED):
        services.application_update_details(application=application, actor=clerk, data=data)
    assert _found("海燕") == set()
    assert _found("晓燕") == {"王晓燕"}


@pytest.mark.django_db
def test_the_queue_searches_the_index(client, clerk, people):
    client.force_login(clerk)
    with travel(RECEIVED):
        response = client.get(reverse("applications_admin:index"), {"q": "滩羊"})
    assert [row["application"].pk for row in response.context["rows"]] == [people["company"].pk]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_the_migration_indexes_the_names_already_there():
    apps = migrate([("applications", "0012_receipts_in_their_own_sequence")])
    agency = apps.get_model("agencies", "Agency").objects.create(name="盐池县科学技术局", slug="k")
    rank, key = queue_position("in_progress", datetime.date(2026, 3, 30), None)
    pk = (
        apps.get_model("applications", "Application")
        .objects.create(
            agency=agency,
            serial_year=2026,
            serial=1,
            registration_number="K-2026-0001",
            query_code="Q1",
            channel="in_person",
            submitted_at=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC),
            received_on=datetime.date(2026, 3, 2),
            applicant_kind="citizen",
            name="张三丰",
            description="项目名单",
            status="in_progress",
            due_on=datetime.date(2026, 3, 30),
            queue_rank=rank,
            queue_key=key,
        )
        .pk
    )
    apps = migrate([("applications", "0013_name_grams")])
    grams = apps.get_model("applications", "NameGram").objects.filter(application_id=pk)
    assert set(grams.values_list("gram", flat=True)) == {"张三", "三丰", "丰"}
    assert NameGram._meta.db_table == "applications_namegram"
