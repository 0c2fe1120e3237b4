"""Fixtures shared by the applications tests: an agency with a clerk and an office head."""

import pytest

from gongkai.agencies.models import StaffRole
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory


@pytest.fixture
def agency():
    return AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")


@pytest.fixture
def clerk(agency):
    return StaffMembershipFactory(agency=agency, role=StaffRole.CLERK).user


@pytest.fixture
def head(agency):
    return StaffMembershipFactory(agency=agency, role=StaffRole.OFFICE_HEAD).user
