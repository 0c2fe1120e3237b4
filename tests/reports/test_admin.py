"""Back-office screens of the annual report, through the Django test client."""

import pytest

from gongkai.reports.forms import FiguresForm
from tests.agencies.factories import StaffMembershipFactory
from tests.reports.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db


def _figures_post(report) -> dict[str, str]:
    """The figures form as the browser would submit it unchanged."""
    form = FiguresForm(report=report)
    return {name: str(field.initial) for name, field in form.fields.items()}


def test_list_shows_only_the_clerks_own_agency(client, demo, other_clerk):
    own = AnnualReportFactory(
        agency=other_clerk.agency_memberships.get().agency, year=2021, format_id="2021"
    )
    client.force_login(other_clerk)

    page = client.get("/admin/annual_reports/").content.decode()

    assert "盐池县农业农村局2021年政府信息公开工作年度报告" in page
    assert str(demo) not in page
    assert own.pk


@pytest.mark.parametrize(
    "screen", ["check/{pk}/", "edit/{pk}/", "figures/{pk}/", "download/{pk}/docx/", "delete/{pk}/"]
)
def test_another_agencys_report_does_not_exist_for_a_clerk(client, demo, other_clerk, screen):
    client.force_login(other_clerk)

    response = client.get("/admin/annual_reports/" + screen.format(pk=demo.pk))

    assert response.status_code in (403, 404)


def test_check_lists_an_r5_error_after_inconsistent_appeals(client, demo, kjj_clerk):
    client.force_login(kjj_clerk)
    data = _figures_post(demo)
    data["appeals-reconsideration-upheld"] = "1"  # total stays 0

    saved = client.post(f"/admin/annual_reports/figures/{demo.pk}/", data)
    page = client.get(f"/admin/annual_reports/check/{demo.pk}/").content.decode()

    assert saved.status_code == 302
    assert "错误 R5（复议诉讼合计）" in page
    assert "总计等于结果维持、结果纠正、其他结果、尚未审结之和" in page


def test_check_names_the_rules_in_chinese(client, demo, kjj_clerk):
    """A blank cell's warning is named, not shown as its code ("提示 blank")."""
    client.force_login(kjj_clerk)
    data = _figures_post(demo)
    data["appeals-reconsideration-upheld"] = ""

    client.post(f"/admin/annual_reports/figures/{demo.pk}/", data)
    page = client.get(f"/admin/annual_reports/check/{demo.pk}/").content.decode()

    assert "提示 空白单元格" in page
    assert "blank" not in page and "narrative" not in page


def test_check_of_the_demo_finds_nothing_and_shows_the_work_log(client, demo, kjj_clerk):
    client.force_login(kjj_clerk)

    page = client.get(f"/admin/annual_reports/check/{demo.pk}/").content.decode()

    assert "未发现勾稽错误" in page
    assert "政务新媒体（微信公众号）发布信息</td><td>61" in page
    for ext in ("DOCX", "PDF", "HTML", "XLSX", "JSON"):
        assert f"下载 {ext}" in page


def test_figures_form_rejects_abc_in_chinese_and_changes_nothing(client, demo, kjj_clerk):
    client.force_login(kjj_clerk)
    before = dict(demo.figures)
    data = _figures_post(demo)
    data["applications-received-natural_person"] = "abc"

    response = client.post(f"/admin/annual_reports/figures/{demo.pk}/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "“abc”不是非负整数" in page
    assert "未保存" in page
    demo.refresh_from_db()
    assert demo.figures == before


def test_sections_form_has_one_labelled_textarea_per_section_and_saves(client, demo, kjj_clerk):
    client.force_login(kjj_clerk)
    page = client.get(f"/admin/annual_reports/edit/{demo.pk}/").content.decode()
    assert "五、存在的主要问题及改进情况" in page

    data = {"preamble": demo.preamble, **{f"section_{k}": v for k, v in demo.sections.items()}}
    data["section_other_matters"] = "本年度无其他需要报告的事项。"
    response = client.post(f"/admin/annual_reports/edit/{demo.pk}/", data)

    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.sections["other_matters"] == "本年度无其他需要报告的事项。"


def test_download_docx_is_a_get_with_a_chinese_file_name(client, demo, kjj_clerk):
    client.force_login(kjj_clerk)

    response = client.get(f"/admin/annual_reports/download/{demo.pk}/docx/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert client.post(f"/admin/annual_reports/download/{demo.pk}/docx/").status_code == 405


def test_unknown_download_format_is_a_chinese_message(client, demo, kjj_clerk):
    client.force_login(kjj_clerk)

    response = client.get(f"/admin/annual_reports/download/{demo.pk}/odt/", follow=True)

    assert "不支持的下载格式：odt" in response.content.decode()


def test_clerk_creates_a_report_with_the_format_of_its_year(client, kjj_clerk):
    client.force_login(kjj_clerk)
    agency = kjj_clerk.agency_memberships.get().agency

    response = client.post(
        "/admin/annual_reports/new/",
        {"agency": agency.pk, "year": "2025", "basis": "computed", "format_id": ""},
    )

    assert response.status_code == 302
    assert agency.annual_reports.get(year=2025).format_id == "2021"


# session, user, 2× permissions, user profile, the clerk's agencies, count, locale, page and
# collection permissions (Wagtail's menu), the reports with their agency: 11, however many rows.
ADMIN_LIST_QUERIES = 12  # with the staff's column-editor group (page permissions)


def test_admin_list_query_count_is_pinned(client, demo, kjj_clerk, django_assert_num_queries):
    client.force_login(kjj_clerk)
    for year in (2021, 2022, 2023):
        AnnualReportFactory(agency=demo.agency, year=year, format_id="2021")
    client.get("/admin/annual_reports/")  # warm per-process caches (content types, site)

    with django_assert_num_queries(ADMIN_LIST_QUERIES):
        response = client.get("/admin/annual_reports/")

    page = response.content.decode()
    for year in (2020, 2021, 2022, 2023):
        assert f"盐池县科学技术局{year}年政府信息公开工作年度报告" in page


def test_user_without_membership_sees_no_reports(client, demo):
    user = StaffMembershipFactory().user
    user.agency_memberships.all().delete()
    client.force_login(user)

    response = client.get("/admin/annual_reports/")

    assert response.status_code in (200, 302, 403)
    assert str(demo) not in response.content.decode()


def test_render_failure_is_a_chinese_message_not_a_traceback(client, demo, kjj_clerk, monkeypatch):
    from gongkai.annual_report.render import RenderError
    from gongkai.reports.views import downloads

    def no_font(report, fmt):
        raise RenderError("本机未安装中文字体，无法生成 PDF。")

    # Stands in for a machine without a Chinese font, which the renderer reports this way.
    monkeypatch.setattr(downloads, "render", no_font)
    client.force_login(kjj_clerk)

    response = client.get(f"/admin/annual_reports/download/{demo.pk}/pdf/", follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "本机未安装中文字体，无法生成 PDF。" in page
    assert "Traceback" not in page
