"""The queue's name search on the name index: what is indexed, what a query finds, and that the
index follows the name through intake, correction and the migration that built it."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, NameGram
from gongkai.applications.search import name_condition, name_grams
from tests.applications.factories import applicant_data, register, travel

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


@pytest.mark.django_db
def test_the_migration_indexes_the_names_already_there(people):
    """The backfill of migration 0013, run on rows without index entries (as before it)."""
    from django.apps import apps

    backfill = importlib.import_module("gongkai.applications.migrations.0013_name_grams")
    NameGram.objects.all().delete()
    backfill.index_existing_names(apps, None)
    grams = NameGram.objects.filter(application=people["wang"])
    assert set(grams.values_list("gram", flat=True)) == {"王海", "海燕", "燕"}
    assert NameGram.objects.count() == sum(
        len(name_grams(a.name)) for a in Application.objects.all()
    )
