"""Back-office screens 文书设置 and 文书模板, through the Django test client."""

from __future__ import annotations

import json

import pytest

from gongkai.applications.letters.forms import SETTINGS_FIELDS
from gongkai.applications.letters.numbering import ensure_letter_settings
from gongkai.applications.models import LetterSettings, LetterTemplate
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory

pytestmark = pytest.mark.django_db

TEMPLATES = "/admin/letter_templates/"
SETTINGS = "/admin/letter_settings/"


@pytest.fixture
def other_agency():
    return AgencyFactory(name="盐池县农业农村局", slug="yanchi-nyncj")


@pytest.fixture
def other_clerk(other_agency):
    return StaffMembershipFactory(agency=other_agency).user


def _settings_post(settings: LetterSettings, **changes) -> dict[str, str]:
    data = {name: getattr(settings, name) for name in SETTINGS_FIELDS}
    # An unticked checkbox is absent from the POST.
    if data.pop("electronic_delivery"):
        data["electronic_delivery"] = "on"
    return {**data, **changes}


def test_settings_list_creates_and_shows_only_own_agencys_settings(
    client, agency, clerk, other_agency, django_assert_max_num_queries
):
    ensure_letter_settings(other_agency)
    client.force_login(clerk)
    with django_assert_max_num_queries(30):
        page = client.get(SETTINGS).content.decode()
    assert "盐科公复〔{year}〕{n}号" in page
    assert "盐池县农业农村局" not in page
    assert LetterSettings.objects.filter(agency=agency).exists()


def test_settings_edit_saves_valid_patterns(client, agency, clerk):
    settings = ensure_letter_settings(agency)
    client.force_login(clerk)
    response = client.post(
        f"{SETTINGS}edit/{settings.pk}/",
        _settings_post(settings, reply_number_pattern="盐科复〔{year}〕{n}号"),
    )
    assert response.status_code == 302
    settings.refresh_from_db()
    assert settings.reply_number_pattern == "盐科复〔{year}〕{n}号"


def test_settings_edit_sets_a_kinds_own_sequence_and_electronic_delivery(client, agency, clerk):
    settings = ensure_letter_settings(agency)
    client.force_login(clerk)
    page = client.get(f"{SETTINGS}edit/{settings.pk}/").content.decode()
    assert "接收回执文号格式" in page and "在查询页电子送达" in page
    response = client.post(
        f"{SETTINGS}edit/{settings.pk}/",
        _settings_post(
            settings,
            fee_number_pattern="盐科公费〔{year}〕{n}号",
            receipt_number_pattern="",
            electronic_delivery="on",
        ),
    )
    assert response.status_code == 302
    settings.refresh_from_db()
    assert settings.fee_number_pattern == "盐科公费〔{year}〕{n}号"
    assert settings.receipt_number_pattern == ""
    assert settings.electronic_delivery


def test_settings_edit_refuses_two_sequences_with_one_pattern(client, agency, clerk):
    settings = ensure_letter_settings(agency)
    client.force_login(clerk)
    response = client.post(
        f"{SETTINGS}edit/{settings.pk}/",
        _settings_post(settings, receipt_number_pattern=settings.notice_number_pattern),
    )
    assert response.status_code == 200
    assert "不同序列的文号格式不能相同" in response.content.decode()
    settings.refresh_from_db()
    assert settings.receipt_number_pattern == "盐科公收〔{year}〕{n}号"


def test_settings_edit_refuses_a_bad_pattern_with_a_chinese_message(client, agency, clerk):
    settings = ensure_letter_settings(agency)
    client.force_login(clerk)
    response = client.post(
        f"{SETTINGS}edit/{settings.pk}/",
        _settings_post(settings, reply_number_pattern="盐科复〔{year}〕号"),
    )
    assert response.status_code == 200
    assert "文号格式必须同时包含年份 {year} 和序号 {n}。" in response.content.decode()
    settings.refresh_from_db()
    assert settings.reply_number_pattern == "盐科公复〔{year}〕{n}号"


def test_other_agencys_settings_do_not_exist_for_a_clerk(client, agency, other_clerk):
    settings = ensure_letter_settings(agency)
    client.force_login(other_clerk)
    assert client.get(f"{SETTINGS}edit/{settings.pk}/").status_code == 404
    response = client.post(
        f"{SETTINGS}edit/{settings.pk}/", _settings_post(settings, court="某法院")
    )
    assert response.status_code == 404
    settings.refresh_from_db()
    assert settings.court == "盐池县人民法院"


def test_template_list_queries_do_not_grow_with_the_templates(
    client, agency, clerk, django_assert_max_num_queries
):
    """One template or six (one per kind): the same number of queries (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(clerk)
    kinds = ["receipt", "supplement_notice", "extension_notice", "fee_notice", "deferral_notice"]
    LetterTemplate.objects.create(agency=agency, kind="reply", title="答复书", body="x")
    client.get(TEMPLATES)  # warm caches (session, permissions)
    with CaptureQueriesContext(connection) as one:
        assert client.get(TEMPLATES).status_code == 200
    for kind in kinds:
        LetterTemplate.objects.create(agency=agency, kind=kind, title=f"模板{kind}", body="x")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(TEMPLATES).content.decode()
    assert all(f"模板{kind}" in page for kind in kinds)


def test_template_add_form_starts_from_the_built_in_text(client, agency, clerk):
    client.force_login(clerk)
    page = client.get(f"{TEMPLATES}new/?kind=reply&outcome=reply_withheld").content.decode()
    assert "第三十六条第（三）项" in page
    assert "{{ remedies }}" in page
    assert "可用的占位符" in page and "{{ applicant_name }}" in page
    assert '<label class="w-field__label" for="id_body"' in page


def test_template_preview_renders_a_sample_without_saving(client, agency, clerk):
    client.force_login(clerk)
    response = client.post(
        f"{TEMPLATES}new/",
        {
            "agency": agency.pk,
            "kind": "receipt",
            "outcome": "",
            "title": "{{ agency_name }}受理回执",
            "body": "{{ applicant_name }}：\n您的申请已于{{ received_on }}收到。",
            "preview": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "data-letter-preview" in page
    assert "盐池县科学技术局受理回执" in page
    assert "张三：" in page and "收到。" in page
    assert not LetterTemplate.objects.exists()


def test_template_add_saves_and_lists_for_own_agency_only(
    client, agency, clerk, other_agency, other_clerk, django_assert_max_num_queries
):
    client.force_login(clerk)
    response = client.post(
        f"{TEMPLATES}new/",
        {
            "agency": agency.pk,
            "kind": "receipt",
            "outcome": "",
            "title": "受理回执",
            "body": "{{ applicant_name }}：\n已收到。",
        },
    )
    assert response.status_code == 302
    template = LetterTemplate.objects.get()
    assert (template.agency, template.kind, template.title) == (agency, "receipt", "受理回执")
    LetterTemplate.objects.create(agency=other_agency, kind="receipt", title="别家回执", body="x")
    with django_assert_max_num_queries(30):
        page = client.get(TEMPLATES).content.decode()
    assert "受理回执" in page and "别家回执" not in page
    client.force_login(other_clerk)
    assert client.get(f"{TEMPLATES}edit/{template.pk}/").status_code == 404
    assert client.post(f"{TEMPLATES}delete/{template.pk}/").status_code == 404
    assert LetterTemplate.objects.filter(pk=template.pk).exists()


def test_template_add_refuses_another_agency(client, agency, clerk, other_agency):
    client.force_login(clerk)
    response = client.post(
        f"{TEMPLATES}new/",
        {
            "agency": other_agency.pk,
            "kind": "receipt",
            "outcome": "",
            "title": "回执",
            "body": "{{ applicant_name }}：",
        },
    )
    assert response.status_code == 200
    assert not LetterTemplate.objects.exists()


def test_broken_template_is_refused_on_the_form(client, agency, clerk):
    client.force_login(clerk)
    response = client.post(
        f"{TEMPLATES}new/",
        {
            "agency": agency.pk,
            "kind": "receipt",
            "outcome": "",
            "title": "回执",
            "body": "{{ applicant_name }}：\n{% if received_on %}未闭合",
        },
    )
    assert response.status_code == 200
    assert "模板无法使用" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_template_edit_shows_a_preview_and_saves(client, agency, clerk):
    template = LetterTemplate.objects.create(
        agency=agency, kind="receipt", title="回执", body="{{ applicant_name }}：\n旧文字。"
    )
    client.force_login(clerk)
    page = client.get(f"{TEMPLATES}edit/{template.pk}/").content.decode()
    assert "data-letter-preview" in page and "旧文字。" in page
    response = client.post(
        f"{TEMPLATES}edit/{template.pk}/",
        {
            "kind": "receipt",
            "outcome": "",
            "title": "回执",
            "body": "{{ applicant_name }}：\n新文字。",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body == "{{ applicant_name }}：\n新文字。"


def test_letter_menu_items_are_in_the_applications_submenu(client, clerk):
    client.force_login(clerk)
    page = client.get("/admin/").content.decode()
    # The sidebar is JSON in the page: non-ASCII labels are \u-escaped.
    for label in ("依申请公开", "文书模板", "文书设置"):
        assert json.dumps(label)[1:-1] in page, label
    assert TEMPLATES in page and SETTINGS in page
