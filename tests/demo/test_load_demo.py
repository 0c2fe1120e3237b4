"""load_demo: the seed bureau, its published 2020 report and work log, idempotently."""

import datetime
import io

import pytest
from django.core.management import call_command

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.catalog.models import CatalogueItemPage
from gongkai.registers.models import WorkLogEntry, WorkLogKind
from gongkai.registers.selectors import matters_in_force, work_log_yearly_totals
from gongkai.reports.models import AnnualReport, ReportBasis, ReportStatus

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _snapshot():
    return (
        list(Agency.objects.order_by("pk").values()),
        list(AnnualReport.objects.order_by("pk").values()),
        list(WorkLogEntry.objects.order_by("pk").values()),
    )


def test_load_demo_twice_changes_nothing_and_says_so():
    first = _run()
    before = _snapshot()

    second = _run()

    assert "已创建" in first
    assert second.strip() == "演示数据已存在，未作任何更改。"
    assert _snapshot() == before


def test_load_demo_creates_the_county_and_the_bureau_under_it():
    _run()

    bureau = Agency.objects.get(slug="yanchi-kjj")
    assert bureau.name == "盐池县科学技术局"
    assert bureau.kind == AgencyKind.GOVERNMENT_DEPARTMENT
    assert bureau.parent.slug == "yanchi"
    assert bureau.parent.name == "盐池县人民政府"
    assert bureau.disclosure_office == "办公室"  # stated by the seed
    assert "演示" in bureau.address  # not stated by the seed: marked


def test_demo_report_is_computed_from_records_published_and_notes_the_misprint(demo):
    # Computed like any year the system ran (its tables equal the seed's cell for cell:
    # tests/reports/test_cli_render.py), from records the demo holds:
    assert demo.basis == ReportBasis.COMPUTED
    assert not demo.figures
    assert demo.format_id == "2019"
    assert demo.status == ReportStatus.PUBLISHED
    assert demo.published_at is not None
    assert any("商业机构" in n and "商业企业" in n for n in demo.notes)
    bureau = demo.agency
    assert matters_in_force(bureau.pk, datetime.date(2019, 12, 31))["other_services"] == 3
    assert matters_in_force(bureau.pk, datetime.date(2020, 12, 31))["other_services"] == 6
    assert matters_in_force(bureau.pk, datetime.date(2020, 12, 31))["penalties"] == 2
    items_2020 = CatalogueItemPage.objects.filter(agency=bureau, published_on__year=2020, live=True)
    assert items_2020.count() == 13  # "在政府门户网站公开信息13条", each signed off by the chain
    signed = AuditEvent.objects.filter(
        action=AuditAction.CATALOGUE_SIGNOFF_APPROVE, target_id__in=[str(i.pk) for i in items_2020]
    )
    assert signed.count() == 13 * 4


def test_demo_work_log_states_the_seed_figures_and_no_hotline_entry(demo):
    totals = work_log_yearly_totals(demo.agency, 2020)

    assert totals[WorkLogKind.PORTAL_ITEM] == 13
    assert totals[WorkLogKind.WECHAT_POST] == 61
    assert totals[WorkLogKind.PROPOSAL_HANDLED] == 4
    assert totals[WorkLogKind.OPEN_DAY] == 1
    assert totals[WorkLogKind.HOTLINE_ITEM] == 0
    assert not WorkLogEntry.objects.filter(kind=WorkLogKind.HOTLINE_ITEM).exists()
    assert WorkLogEntry.objects.get(kind=WorkLogKind.OPEN_DAY).date.isoformat() == "2020-11-06"


def test_demo_front_page_belongs_to_the_county_and_links_the_report(client):
    _run()
    html = client.get("/").content.decode()
    assert "盐池县人民政府政府信息公开" in html
    assert '<a href="/gongkai/yanchi-kjj/reports/2020/">2020年</a>' in html
    assert client.get("/gongkai/yanchi-kjj/reports/2020/").status_code == 200
