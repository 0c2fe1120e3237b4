"""The column, its catalogue list (filters, pagination) and an item page, over HTTP."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest

from gongkai.agencies.models import StaffRole
from gongkai.catalog.models import CatalogueItemPage
from gongkai.catalog.selectors import PER_PAGE
from gongkai.catalog.services import item_signed_off, recorded_on
from tests.agencies.factories import StaffMembershipFactory
from tests.catalog.conftest import draft

pytestmark = pytest.mark.django_db


def published(catalogue, clerk, on: datetime.date, **fields) -> CatalogueItemPage:
    """An item through the service that publishes a signed-off item (the chain: test_signoff)."""
    item = draft(catalogue, clerk, **fields)
    with recorded_on(on):
        item_signed_off(item=item, actor=clerk)
    item.refresh_from_db()
    return item


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_catalogue_filters_by_item_topic_year_and_validity_and_pages(client, catalogue, clerk):
    budget = published(catalogue, clerk, datetime.date(2020, 3, 6), title="2020年部门预算")
    published(
        catalogue,
        clerk,
        datetime.date(2021, 1, 10),
        title="机构职能",
        article_20_item=2,
        topic="综合政务",
    )
    repealed = published(
        catalogue,
        clerk,
        datetime.date(2020, 5, 1),
        title="旧的管理办法",
        article_20_item=1,
        validity="repealed",
        invalid_on=datetime.date(2021, 6, 1),
    )
    draft(catalogue, clerk, title="尚未审签的草稿")
    url = catalogue.url

    page = text(client.get(url))
    assert "共 3 条" in page and "尚未审签的草稿" not in page
    assert "废止" in page  # the list marks an item no longer in force
    assert "共 1 条" in text(client.get(url, {"item": "7"}))
    assert "机构职能" in text(client.get(url, {"topic": "综合政务"}))
    only_2020 = text(client.get(url, {"year": "2020"}))
    assert "共 2 条" in only_2020 and "机构职能" not in only_2020
    assert repealed.title in text(client.get(url, {"validity": "repealed"}))
    # Unknown values are ignored, never an error.
    assert "共 3 条" in text(client.get(url, {"item": "99", "year": "x" * 500, "p": "abc"}))

    item_page = text(client.get(budget.url))
    assert "索引号 11640323MB1E59422B/2020-00001" in item_page
    assert "发布日期 2020年3月6日" in item_page
    assert "（七）财政预算、决算信息" in item_page


def test_the_list_paginates_with_the_filters_kept(client, catalogue, clerk):
    for n in range(PER_PAGE + 2):
        published(catalogue, clerk, datetime.date(2020, 4, 1), title=f"信息{n:02d}")
    first = client.get(catalogue.url, {"year": "2020"}).content.decode()
    assert f"共 {PER_PAGE + 2} 条" in text(client.get(catalogue.url))
    assert 'href="?year=2020&amp;p=2"' in first
    second = text(client.get(catalogue.url, {"year": "2020", "p": "2"}))
    assert "第 2 / 2 页" in second


def test_an_item_signed_off_as_withheld_is_never_served(client, catalogue, clerk):
    item = draft(catalogue, clerk, attribute="withheld", withholding_reason="state_secret")
    CatalogueItemPage.objects.filter(pk=item.pk).update(live=True)  # even if it were live
    assert client.get(item.url).status_code == 404
    assert "共 0 条" in text(client.get(catalogue.url))


def test_the_column_links_its_parts(client, agency, catalogue):
    page = client.get("/yanchi-kjj/").content.decode()
    for link in ("/yanchi-kjj/guide/", "/yanchi-kjj/rules/", catalogue.url):
        assert f'href="{link}"' in page
    assert 'href="/gongkai/yanchi-kjj/reports/"' in page
    assert 'href="/gongkai/yanchi-kjj/apply/"' in page


def test_the_guide_is_generated_from_the_agencys_record(client, agency):
    agency.disclosure_office = "办公室"
    agency.phone = "0953-6012345"
    agency.address = "盐池县花马池镇"
    agency.accepted_channels = ["in_person", "ordinary_mail", "online"]
    agency.save()
    page = text(client.get("/yanchi-kjj/guide/"))
    assert "盐池县科学技术局政府信息公开指南" in page
    assert "政府信息公开工作机构 办公室" in page and "0953-6012345" in page
    assert "平信" in page and "传真" not in page  # only the channels it accepts
    assert "（七）财政预算、决算信息" in page
    assert "20个工作日内予以公开" in page and "国办函〔2020〕109号" in page
    html = client.get("/yanchi-kjj/guide/").content.decode()
    assert 'href="/gongkai/yanchi-kjj/apply/form.docx"' in html


def test_the_blank_application_form_downloads_as_docx(client, agency):
    import io

    import docx

    response = client.get("/gongkai/yanchi-kjj/apply/form.docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for label in ("所需信息的内容描述", "证件号码", "联系电话", "申请人签名或者盖章"):
        assert label in cells
    assert any("□纸面" in cell for cell in cells)  # the online form's own choices
    assert "盐池县科学技术局" in document.paragraphs[0].text
    assert client.post("/gongkai/yanchi-kjj/apply/form.docx").status_code == 405
    assert client.get("/gongkai/nobody/apply/form.docx").status_code == 404


def test_the_deadlines_screen_lists_unpublished_items_by_urgency(
    client, catalogue, clerk, other_agency
):
    from tests.applications.factories import travel

    draft(catalogue, clerk, title="早已形成的信息", written_on=datetime.date(2026, 11, 2))
    draft(catalogue, clerk, title="刚形成的信息", written_on=datetime.date(2026, 12, 1))
    published(catalogue, clerk, datetime.date(2026, 11, 5), title="已发布的信息")
    client.force_login(clerk)
    with travel(datetime.date(2026, 12, 3)):
        page = text(client.get("/admin/catalogue/deadlines/"))
    assert page.index("早已形成的信息") < page.index("刚形成的信息")
    assert "已发布的信息" not in page
    assert "已逾期" in page and "已超过公开时限的信息 1 条" in page
    assert "2026-12-29" in page  # 2026-12-01 + 20 working days
    stranger = StaffMembershipFactory(agency=other_agency, role=StaffRole.CLERK).user
    client.force_login(stranger)
    assert "早已形成的信息" not in text(client.get("/admin/catalogue/deadlines/"))


def test_a_clerk_withdraws_a_published_item_with_a_reason(client, catalogue, clerk, other_agency):
    from gongkai.audit.models import AuditAction, AuditEvent

    item = published(catalogue, clerk, datetime.date(2020, 3, 6), title="有误的信息")
    client.force_login(clerk)
    url = f"/admin/catalogue/{item.pk}/unpublish/"
    assert "请填写撤下理由" in text(client.post(url, {"reason": ""}))
    item.refresh_from_db()
    assert item.live
    response = client.post(url, {"reason": "公开属性认定有误"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.live and item.index_number  # the record and its number stay
    event = AuditEvent.objects.get(action=AuditAction.CATALOGUE_UNPUBLISH)
    assert event.detail["reason"] == "公开属性认定有误"
    assert client.get(item.url).status_code == 404
    # Another agency's clerk is refused (Wagtail's back office answers a refusal by sending
    # the user to the dashboard with a message) and nothing is recorded.
    item.live = True
    item.save_revision().publish(skip_permission_checks=True)
    stranger = StaffMembershipFactory(agency=other_agency, role=StaffRole.CLERK).user
    client.force_login(stranger)
    assert client.post(url, {"reason": "x"})["Location"] == "/admin/"
    item.refresh_from_db()
    assert item.live
    assert AuditEvent.objects.filter(action=AuditAction.CATALOGUE_UNPUBLISH).count() == 1


def test_a_published_normative_document_is_repealed_with_its_reason(client, catalogue, clerk):
    from gongkai.audit.models import AuditAction, AuditEvent

    item = published(catalogue, clerk, datetime.date(2020, 3, 6), title="科技项目管理办法")
    client.force_login(clerk)
    url = f"/admin/catalogue/{item.pk}/validity/"
    refused = text(client.post(url, {"validity": "repealed", "reason": "被新办法废止"}))
    assert "失效或废止的信息，须填写失效或废止日期" in refused
    response = client.post(
        url, {"validity": "repealed", "invalid_on": "2026-06-01", "reason": "盐科发〔2026〕5号废止"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live and item.validity == "repealed" and not item.has_unpublished_changes
    assert "废止（2026年6月1日起）" in text(client.get(item.url))
    event = AuditEvent.objects.get(action=AuditAction.CATALOGUE_VALIDITY)
    assert event.detail["to"] == "废止" and event.detail["reason"] == "盐科发〔2026〕5号废止"
