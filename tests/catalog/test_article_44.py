"""第四十四条: several applications for the same information → the clerk is told, and can start
a catalogue draft from one of them (the request only, never the applicant)."""

from __future__ import annotations

import datetime

import pytest

from gongkai.agencies.models import StaffRole
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.catalog.models import CatalogueItemPage
from tests.agencies.factories import StaffMembershipFactory
from tests.applications.factories import applicant_data, register, travel

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


def apply(agency, clerk, n, description):
    return register(agency, clerk, DAY, data=applicant_data(n=n, description=description))


def test_three_applications_for_the_same_information_suggest_proactive_disclosure(
    client, agency, clerk, other_agency
):
    first = apply(agency, clerk, 1, "2025年度盐池县科技计划项目立项名单")
    apply(agency, clerk, 2, "请公开2025年度盐池县科技计划项目立项名单。")
    lone = apply(agency, clerk, 3, "本局2024年公务用车购置情况")
    client.force_login(clerk)
    with travel(DAY):
        page = client.get(f"/admin/applications/{first.pk}/").content.decode()
    assert "第四十四条" not in page  # two applicants are not yet "多个"

    apply(agency, clerk, 4, "2025年盐池县科技计划项目立项名单及资金")
    with travel(DAY):
        page = client.get(f"/admin/applications/{first.pk}/").content.decode()
        assert "还收到 2 件内容相近的申请" in page and "第四十四条" in page
        assert "第四十四条" not in client.get(f"/admin/applications/{lone.pk}/").content.decode()

        response = client.post(f"/admin/catalogue/from-application/{first.pk}/")
    item = CatalogueItemPage.objects.get()
    assert response["Location"] == f"/admin/pages/{item.pk}/edit/"
    assert not item.live and item.agency_id == agency.pk
    assert item.summary == "2025年度盐池县科技计划项目立项名单"
    assert first.name not in (item.title + item.summary)
    assert (
        AuditEvent.objects.filter(action=AuditAction.CATALOGUE_DRAFT_FROM_APPLICATION).count() == 1
    )

    stranger = StaffMembershipFactory(agency=other_agency, role=StaffRole.CLERK).user
    client.force_login(stranger)
    assert client.post(f"/admin/catalogue/from-application/{first.pk}/").status_code == 404
    assert CatalogueItemPage.objects.count() == 1
