"""Agency tree and staff roles."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from gongkai.agencies.models import Agency, AgencyKind, StaffMembership, StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return Agency.objects.create(
        name="盐池县人民政府", slug="yanchi", kind=AgencyKind.PEOPLES_GOVERNMENT
    )


@pytest.fixture
def bureau(county):
    return Agency.objects.create(name="盐池县科学技术局", slug="yanchi-kjj", parent=county)


def test_bureau_sits_under_the_county_government(county, bureau):
    assert bureau.ancestors() == [county]
    assert list(Agency.objects.top_level()) == [county]
    assert list(county.children.all()) == [bureau]
    assert str(bureau) == "盐池县科学技术局"


def test_parent_cycle_is_refused(county, bureau):
    county.parent = bureau

    with pytest.raises(ValidationError) as excinfo:
        county.full_clean()

    assert "parent" in excinfo.value.message_dict


def test_agency_slug_is_unique(county):
    with pytest.raises(IntegrityError):
        Agency.objects.create(name="重复", slug="yanchi")


def test_a_user_holds_each_role_once_per_agency(bureau):
    user = get_user_model().objects.create_user("clerk", password="x")
    StaffMembership.objects.create(user=user, agency=bureau, role=StaffRole.CLERK)
    StaffMembership.objects.create(user=user, agency=bureau, role=StaffRole.OFFICE_HEAD)

    assert StaffMembership.objects.for_user(user).with_role(StaffRole.CLERK).count() == 1
    with pytest.raises(IntegrityError):
        StaffMembership.objects.create(user=user, agency=bureau, role=StaffRole.CLERK)
