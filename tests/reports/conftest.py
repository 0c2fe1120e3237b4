"""Fixtures for the annual reports: the demo data and back-office users."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.reports.models import AnnualReport
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory

DEMO_JSON = Path(__file__).resolve().parents[2] / "gongkai/demo/yanchi_kjj_2020.json"


@pytest.fixture
def demo_json() -> dict:
    return json.loads(DEMO_JSON.read_text(encoding="utf-8"))


@pytest.fixture
def demo(db) -> AnnualReport:
    """Runs ``load_demo`` and returns the seed bureau's 2020 report."""
    call_command("load_demo", stdout=io.StringIO())
    return AnnualReport.objects.select_related("agency").get(agency__slug="yanchi-kjj", year=2020)


@pytest.fixture
def kjj_clerk(demo):
    """A clerk of 盐池县科学技术局, logged in nowhere yet."""
    return StaffMembershipFactory(agency=demo.agency).user


@pytest.fixture
def other_clerk(db):
    """A clerk of another agency (not the seed bureau)."""
    return StaffMembershipFactory(
        agency=AgencyFactory(name="盐池县农业农村局", slug="yanchi-nyj")
    ).user
