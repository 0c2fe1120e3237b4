"""表二 computed from the catalogue and the 第二十条 registers, in both formats."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongkai.annual_report.model import ReportData
from gongkai.catalog.models import CatalogueIndexPage, ColumnPage
from gongkai.catalog.services import item_signed_off, recorded_on
from gongkai.registers.models import Matter, RegisterEntry
from gongkai.reports.proactive import proactive_table
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.catalog.conftest import draft

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def agency():
    agency = AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")
    # The seed bureau's lists: 3 other services before 2020 and 3 added in it; 2 penalties.
    for n in range(3):
        Matter.objects.create(
            agency=agency, kind="other_services", name=f"服务{n}", listed_on=D(2018, 1, 1)
        )
        Matter.objects.create(
            agency=agency, kind="other_services", name=f"新服务{n}", listed_on=D(2020, 6, 1)
        )
    for n in range(2):
        Matter.objects.create(
            agency=agency, kind="penalties", name=f"处罚{n}", listed_on=D(2019, 1, 1)
        )
    Matter.objects.create(
        agency=agency,
        kind="licensing",
        name="已取消的许可",
        listed_on=D(2015, 1, 1),
        removed_on=D(2019, 5, 1),
    )
    RegisterEntry.objects.create(agency=agency, kind="penalties", date=D(2020, 12, 31), count=4)
    RegisterEntry.objects.create(
        agency=agency,
        kind="procurement",
        date=D(2020, 8, 1),
        count=2,
        amount_yuan=Decimal("125000"),
    )
    RegisterEntry.objects.create(
        agency=agency, kind="fee_income", date=D(2021, 12, 31), amount_yuan=Decimal("251000")
    )
    return agency


def normative(agency, *, written, published, **fields):
    from django.contrib.auth import get_user_model

    clerk = (
        StaffMembershipFactory(agency=agency, role="clerk").user
        if not get_user_model().objects.filter(username="c").exists()
        else None
    )
    column = ColumnPage.objects.get(agency=agency)
    catalogue = column.get_children().type(CatalogueIndexPage).get().specific
    item = draft(
        catalogue,
        clerk,
        written_on=written,
        article_20_item=1,
        document_type="normative_documents",
        **fields,
    )
    with recorded_on(published):
        item_signed_off(item=item, actor=clerk)
    return item


def test_the_2019_format_counts_the_lists_the_decisions_and_the_documents(agency):
    normative(agency, written=D(2020, 3, 1), published=D(2020, 3, 5), title="管理办法")
    normative(agency, written=D(2019, 11, 1), published=D(2020, 1, 6), title="去年制定的办法")
    normative(
        agency,
        written=D(2018, 1, 1),
        published=D(2018, 1, 5),
        title="已废止的办法",
        validity="repealed",
        invalid_on=D(2020, 7, 1),
    )
    table = proactive_table(agency.pk, 2020, ReportData.empty("2019").tables["proactive"])
    assert table["normative_documents"] == {"made": 1, "published": 2, "total_public": 2}
    assert table["other_services"] == {"previous_count": 3, "change": 3, "decisions": 0}
    assert table["penalties"] == {"previous_count": 2, "change": 0, "decisions": 4}
    assert table["licensing"] == {"previous_count": 0, "change": 0, "decisions": 0}
    assert table["procurement"] == {"projects": 2, "amount": Decimal("125000")}


def test_the_2021_format_counts_repeals_and_fee_income_in_ten_thousand_yuan(agency):
    normative(
        agency,
        written=D(2018, 1, 1),
        published=D(2018, 1, 5),
        title="2021年废止的办法",
        validity="repealed",
        invalid_on=D(2021, 7, 1),
    )
    table = proactive_table(agency.pk, 2021, ReportData.empty("2021").tables["proactive"])
    assert table["normative_documents"] == {"issued": 0, "repealed": 1, "in_force": 0}
    assert table["fees"] == {"amount_10k_yuan": Decimal("25.1000")}
    assert table["penalties"] == {"decisions": 0}
