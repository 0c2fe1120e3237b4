"""An agency with its column and the staff of its sign-off chain; a second agency beside it."""

import datetime

import pytest

from gongkai.agencies.models import StaffRole
from gongkai.catalog.models import CatalogueIndexPage, CatalogueItemPage, ColumnPage
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory

CHAIN = [
    StaffRole.CONFIDENTIALITY_REVIEWER,
    StaffRole.OFFICE_HEAD,
    StaffRole.DEPUTY_LEADER,
    StaffRole.PRINCIPAL_LEADER,
]


@pytest.fixture
def agency():
    return AgencyFactory(
        name="盐池县科学技术局", slug="yanchi-kjj", credit_code="11640323MB1E59422B"
    )


@pytest.fixture
def other_agency():
    return AgencyFactory(name="盐池县教育体育局", slug="yanchi-jtj")


@pytest.fixture
def clerk(agency):
    return StaffMembershipFactory(agency=agency, role=StaffRole.CLERK).user


@pytest.fixture
def approvers(agency):
    """One approver per step of the chain, in order."""
    return [StaffMembershipFactory(agency=agency, role=role).user for role in CHAIN]


@pytest.fixture
def catalogue(agency) -> CatalogueIndexPage:
    column = ColumnPage.objects.get(agency=agency)
    return column.get_children().type(CatalogueIndexPage).get().specific


def draft(catalogue, clerk, **fields) -> CatalogueItemPage:
    """A draft item added to ``catalogue`` by ``clerk`` (saved as a revision, not published)."""
    values = {
        "title": "盐池县科学技术局2020年部门预算",
        "written_on": datetime.date(2020, 3, 2),
        "topic": "财政、金融、审计",
        "article_20_item": 7,
        "summary": "本局2020年部门预算及说明。",
        "live": False,
        **fields,
    }
    item = CatalogueItemPage(**values)
    catalogue.add_child(instance=item)
    item.save_revision(user=clerk)
    return item
