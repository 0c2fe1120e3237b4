"""The public online application form, /gongkai/<agency>/apply/, and its receipt page.

Through HTTP with Django's client on the real database: what the applicant types, what is
stored (encrypted, masked), what the page says when something is wrong (in Chinese, next to the
field, nothing stored), and the guards (CSRF, double submit, size, rate limit, signed receipt).
"""

from __future__ import annotations

import datetime
import re
import uuid
from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from gongkai.applications.models import (
    Application,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    Channel,
)
from gongkai.audit.models import AuditEvent
from tests.applications.factories import credit_code, resident_id, travel

pytestmark = pytest.mark.django_db

APPLY_URL = "/gongkai/yanchi-kjj/apply/"
TODAY = datetime.date(2025, 3, 7)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The limiter counts in the cache, which outlives a test: start every test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _today():
    with travel(TODAY):
        yield


def citizen(**overrides) -> dict:
    data = {
        "applicant_kind": "citizen",
        "name": "张建国",
        "id_type": "resident_id",
        "id_number": resident_id(7),
        "phone": "139 0953 1234",
        "email": "zhang@example.org",
        "address": "宁夏回族自治区吴忠市盐池县花马池镇1号",
        "postal_code": "751500",
        "description": "2024年度盐池县科技计划项目立项名单",
        "document_number": "盐科发〔2024〕12号",
        "carriers": ["paper", "email"],
        "delivery_methods": ["post", "email"],
        "accept_other_methods": "on",
        "declaration": "on",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def organisation(**overrides) -> dict:
    data = {
        "applicant_kind": "organisation",
        "applicant_category": "research",
        "name": "宁夏草原生态研究所",
        "legal_representative": "马志强",
        "contact_person": "李海燕",
        "id_type": "credit_code",
        "id_number": credit_code(42),
        "phone": "0953-6012345",
        "email": "",
        "carriers": ["paper"],
        "delivery_methods": ["pickup"],
    }
    data.update(overrides)
    return citizen(**data)


def page_text(response) -> str:
    return unescape(response.content.decode())


def field_errors(response, field: str) -> list[str]:
    """The messages in the error list Django ties to ``field`` (``id_<field>_error``)."""
    html = response.content.decode()
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", match.group(1))] if match else []


# -- the blank form ------------------------------------------------------------------------------


def test_blank_form_labels_every_field_and_shows_the_article_31_rule(client, agency):
    response = client.get(APPLY_URL)

    html = response.content.decode()
    form = response.context["form"]
    assert response.status_code == 200
    # A blank form: only the browser may keep it, and it asks again each time (tests/httpcache).
    assert response["Cache-Control"] == "private, no-cache"
    for field in form.visible_fields():
        if field.use_fieldset:
            assert f"<legend>{field.label}" in unescape(html), field.name
        else:
            assert f'<label for="{field.id_for_label}">{field.label}' in unescape(html), field.name
    assert "通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）" in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    token = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    assert uuid.UUID(token).version == 4
    # Each rendering gets its own token: two tabs are two applications.
    again = client.get(APPLY_URL).content.decode()
    assert token not in again


def test_blank_form_offers_the_five_organisation_categories_of_table_three(client, agency):
    html = page_text(client.get(APPLY_URL))

    for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"):
        assert re.search(rf'name="applicant_category" value="\w+"[^>]*>\s*{label}</label>', html)
    assert 'name="applicant_category" value="natural_person"' not in html


def test_unknown_agency_is_404(client, agency):
    assert client.get("/gongkai/nowhere/apply/").status_code == 404


def test_blank_form_query_count(client, agency, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the agency; Wagtail's site for the page title
        client.get(APPLY_URL)


# -- valid submissions ---------------------------------------------------------------------------


def test_citizen_submission_creates_one_masked_encrypted_application(client, agency):
    response = client.post(APPLY_URL, citizen())

    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"].startswith(f"{APPLY_URL}receipt/")
    assert application.agency == agency
    assert application.channel == Channel.ONLINE
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.received_on is None  # 第31条: received when both sides confirm
    assert application.applicant_category == "natural_person"
    assert application.id_number == resident_id(7)
    assert application.id_number_masked == resident_id(7)[:6] + "********" + resident_id(7)[-4:]
    assert application.phone_last4 == "1234"
    assert application.carriers == ["paper", "email"]
    assert application.delivery_methods == ["post", "email"]
    assert application.accept_other_methods is True
    assert application.document_number == "盐科发〔2024〕12号"
    assert AuditEvent.objects.filter(action="application.submit").count() == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, email, address FROM applications_application WHERE id = %s",
            [application.pk],
        )
        stored = cursor.fetchone()
    for plain, raw in zip(
        (resident_id(7), "139 0953 1234", "zhang@example.org", "花马池镇"), stored, strict=True
    ):
        assert plain not in raw


def test_organisation_submission_keeps_its_category_and_representatives(client, agency):
    response = client.post(APPLY_URL, organisation())

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.applicant_kind == "organisation"
    assert application.applicant_category == "research"
    assert application.legal_representative == "马志强"
    assert application.contact_person == "李海燕"
    assert application.id_number == credit_code(42)
    assert application.phone_last4 == "2345"
    assert application.email == ""


def test_citizen_submission_drops_organisation_fields_sent_anyway(client, agency):
    client.post(APPLY_URL, citizen(applicant_category="commercial", legal_representative="某某"))

    application = Application.objects.get()
    assert application.applicant_category == "natural_person"
    assert application.legal_representative == ""


def test_id_number_typed_with_spaces_and_lower_case_x_is_normalised(client, agency):
    number = "11010519491231002X"
    client.post(APPLY_URL, citizen(id_number="110105 19491231 002x"))

    assert Application.objects.get().id_number == number


# -- invalid submissions -------------------------------------------------------------------------

INVALID = [
    ("applicant_kind", citizen(applicant_kind=None), "请选择申请人类型。"),
    ("applicant_kind", citizen(applicant_kind="robot"), "请选择申请人类型。"),
    ("name", citizen(name=""), "请填写姓名或名称。"),
    ("name", citizen(name="张" * 201), "姓名或名称不能超过 200 个字。"),
    ("id_number", citizen(id_number=""), "请填写证件号码。"),
    ("id_number", citizen(id_number="110105194912310021"), "居民身份证号码校验位不正确"),
    ("id_number", citizen(id_number="11010519491231"), "居民身份证号码应为18位，现为14位"),
    (
        "id_type",
        citizen(id_type="credit_code", id_number=credit_code(1)),
        "公民请选择身份证件类型。",
    ),
    ("id_number", organisation(id_number="91640323000000042X"), "统一社会信用代码"),
    ("id_type", organisation(id_type="resident_id"), "法人或其他组织请填写统一社会信用代码。"),
    ("applicant_category", organisation(applicant_category=None), "请选择法人或其他组织的类别。"),
    ("legal_representative", organisation(legal_representative=""), "请填写法定代表人或者负责人。"),
    ("contact_person", organisation(contact_person=""), "请填写联系人。"),
    ("phone", citizen(phone=""), "请填写联系电话。"),
    ("phone", citizen(phone="12-34"), "请填写有效的联系电话。"),
    ("email", citizen(email="zhang@"), "请填写有效的电子邮箱地址，例如 name@example.com。"),
    ("email", citizen(email=""), "选择以电子邮件提供或获取的，请填写电子邮箱。"),
    ("address", citizen(address=""), "选择邮寄或快递的，请填写通信地址。"),
    ("postal_code", citizen(postal_code="75150"), "邮政编码应为6位数字。"),
    ("fax", citizen(delivery_methods=["fax"]), "选择以传真方式获取的，请填写传真号码。"),
    ("description", citizen(description="   "), "请描述您需要的政府信息。"),
    ("carriers", citizen(carriers=None), "请至少选择一种载体形式。"),
    ("carriers", citizen(carriers=["floppy"]), "请从列出的载体形式中选择。"),
    ("delivery_methods", citizen(delivery_methods=None), "请至少选择一种获取信息的方式。"),
    ("declaration", citizen(declaration=None), "请阅读并勾选承诺后再提交。"),
]


@pytest.mark.parametrize(
    ("field", "data", "message"), INVALID, ids=[f"{f}-{i}" for i, (f, _d, _m) in enumerate(INVALID)]
)
def test_invalid_field_shows_its_chinese_message_and_saves_nothing(
    client, agency, field, data, message
):
    response = client.post(APPLY_URL, data)

    html = page_text(response)
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert any(message in error for error in errors), errors
    # Summarised at the top with a link to the field.
    summary = html[html.index('class="error-summary"') : html.index("<form")]
    assert message in summary
    assert re.search(rf'href="#id_{field}(_0)?"', summary)
    # The input is marked invalid and points at its message (fieldsets carry the reference).
    if response.context["form"][field].use_fieldset:
        assert re.search(rf'<fieldset[^>]*aria-describedby="[^"]*id_{field}_error', html)
    else:
        tag = re.search(rf'<(input|select|textarea)[^>]*id="id_{field}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in tag
        assert f"id_{field}_error" in tag
    assert not Application.objects.exists()
    assert not AuditEvent.objects.exists()


def test_invalid_form_keeps_what_was_typed_and_the_same_token(client, agency):
    data = citizen(name="")

    html = client.post(APPLY_URL, data).content.decode()

    assert f'value="{data["submission_token"]}"' in html
    assert "2024年度盐池县科技计划项目立项名单" in html
    assert f'value="{data["id_number"]}"' in html


def test_missing_token_is_refused_and_a_new_one_given(client, agency):
    data = citizen(submission_token=None)

    response = client.post(APPLY_URL, data)

    assert "表单已失效，请核对内容后重新提交。" in page_text(response)
    assert not Application.objects.exists()
    token = re.search(r'name="submission_token" value="([^"]+)"', response.content.decode())
    assert uuid.UUID(token.group(1))


# -- double submit -------------------------------------------------------------------------------


def test_double_submit_creates_one_application_and_lands_on_the_same_receipt(client, agency):
    data = citizen()

    first = client.post(APPLY_URL, data)
    second = client.post(APPLY_URL, data)

    assert Application.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    code = Application.objects.get().query_code
    assert code in client.get(second["Location"]).content.decode()
    assert AuditEvent.objects.filter(action="application.submit").count() == 1


def test_double_submit_with_changed_data_still_creates_one(client, agency):
    data = citizen()
    client.post(APPLY_URL, data)
    client.post(APPLY_URL, {**data, "name": "李秀英"})

    assert list(Application.objects.values_list("name", flat=True)) == ["张建国"]


# -- attachments ---------------------------------------------------------------------------------


def test_pdf_id_proof_and_png_material_are_stored_with_their_sniffed_types(client, agency):
    response = client.post(
        APPLY_URL,
        {
            **citizen(),
            "id_proof": SimpleUploadedFile("身份证.pdf", PDF, content_type="application/pdf"),
            "other_files": [
                SimpleUploadedFile("scan.png", PNG, content_type="application/octet-stream")
            ],
        },
    )

    assert response.status_code == 302
    attachments = Attachment.objects.order_by("pk")
    assert [(a.kind, a.original_name, a.content_type) for a in attachments] == [
        (AttachmentKind.ID_PROOF, "身份证.pdf", "application/pdf"),
        (AttachmentKind.OTHER, "scan.png", "image/png"),
    ]
    with attachments[0].file.open("rb") as handle:
        assert handle.read() == PDF


def test_attachment_of_the_wrong_type_is_refused_by_content(client, agency):
    response = client.post(
        APPLY_URL,
        {
            **citizen(),
            "id_proof": SimpleUploadedFile(
                "id.pdf", b"MZ\x90\x00 an .exe", content_type="application/pdf"
            ),
        },
    )

    assert field_errors(response, "id_proof") == ["附件“id.pdf”不是 PDF、JPG 或 PNG 文件。"]
    assert "已选择的附件没有保留，请重新选择" in page_text(response)
    assert not Application.objects.exists()
    assert not Attachment.objects.exists()


def test_oversized_attachment_is_refused_with_the_limit(client, agency, settings):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    big = PDF + b"0" * (2 * 1024 * 1024)

    response = client.post(
        APPLY_URL,
        {**citizen(), "other_files": [SimpleUploadedFile("big.pdf", big)]},
    )

    assert field_errors(response, "other_files") == ["附件“big.pdf”超过 2 MB。"]
    assert not Application.objects.exists()


def test_too_many_attachments_are_refused(client, agency, settings):
    settings.GONGKAI_ATTACHMENT_MAX_COUNT = 2
    files = [SimpleUploadedFile(f"{n}.png", PNG) for n in range(2)]

    response = client.post(
        APPLY_URL,
        {**citizen(), "id_proof": SimpleUploadedFile("id.pdf", PDF), "other_files": files},
    )

    assert field_errors(response, "other_files") == ["附件最多 2 个。"]
    assert not Application.objects.exists()


def test_request_larger_than_all_attachments_together_is_a_chinese_413_page(
    client, agency, settings
):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 1024
    settings.GONGKAI_ATTACHMENT_MAX_COUNT = 1
    huge = PDF + b"0" * (2 * 1024 * 1024)  # over 1 KB × 1 file + 1 MB of form

    response = client.post(
        APPLY_URL, {**citizen(), "id_proof": SimpleUploadedFile("huge.pdf", huge)}
    )

    assert response.status_code == 413
    text = page_text(response)
    assert "提交的内容过大，申请未提交" in text
    assert "附件最多 1 个，每个不超过 1.0" in text
    assert not Application.objects.exists()


def test_form_fields_over_djangos_memory_limit_are_a_chinese_413_page(client, agency, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = client.post(APPLY_URL, citizen(description="很长" * 10_000))

    assert response.status_code == 413
    assert "提交的内容过大，申请未提交" in page_text(response)
    assert not Application.objects.exists()


# -- CSRF ----------------------------------------------------------------------------------------


def test_post_without_csrf_token_is_refused_and_saves_nothing(agency):
    csrf_client = Client(enforce_csrf_checks=True)

    response = csrf_client.post(APPLY_URL, citizen())

    assert response.status_code == 403
    assert "CSRF验证失败" in page_text(response)  # Django's own page, in Chinese
    assert not Application.objects.exists()


def test_post_with_the_forms_csrf_token_is_accepted(agency):
    csrf_client = Client(enforce_csrf_checks=True)
    html = csrf_client.get(APPLY_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = csrf_client.post(APPLY_URL, {**citizen(), "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_oversized_post_is_refused_before_csrf_is_checked(agency, settings):
    settings.GONGKAI_APPLICATION_MAX_REQUEST_BYTES = 1000
    csrf_client = Client(enforce_csrf_checks=True)

    response = csrf_client.post(APPLY_URL, citizen(description="长" * 1000))

    assert response.status_code == 413


# -- rate limit ----------------------------------------------------------------------------------


def test_submissions_per_ip_are_limited_with_a_chinese_429(client, agency, settings):
    settings.GONGKAI_APPLY_RATE_LIMIT = (2, 3600)
    first = citizen()
    assert client.post(APPLY_URL, first).status_code == 302
    # Invalid attempts do not count: fixing a typo must not use up the allowance.
    assert client.post(APPLY_URL, citizen(name="")).status_code == 200
    assert client.post(APPLY_URL, citizen()).status_code == 302

    response = client.post(APPLY_URL, citizen())

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    text = page_text(response)
    assert "操作过于频繁" in text and "每小时 2 次" in text
    assert Application.objects.count() == 2
    # The applicant's own resubmit still finds its receipt.
    assert client.post(APPLY_URL, first).status_code == 302


def test_rate_limit_counts_per_ip(agency, settings):
    settings.GONGKAI_APPLY_RATE_LIMIT = (1, 3600)
    one = Client(REMOTE_ADDR="203.0.113.1")
    other = Client(REMOTE_ADDR="203.0.113.2")

    assert one.post(APPLY_URL, citizen()).status_code == 302
    assert one.post(APPLY_URL, citizen()).status_code == 429
    assert other.post(APPLY_URL, citizen()).status_code == 302


def test_rate_limit_window_passes(client, agency, settings):
    settings.GONGKAI_APPLY_RATE_LIMIT = (1, 3600)
    client.post(APPLY_URL, citizen())
    assert client.post(APPLY_URL, citizen()).status_code == 429

    with travel(TODAY + datetime.timedelta(days=1)):
        assert client.post(APPLY_URL, citizen()).status_code == 302


# -- mail ----------------------------------------------------------------------------------------


def test_mail_with_the_query_code_is_sent_after_commit(
    client, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY_URL, citizen())

    application = Application.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhang@example.org"]
    assert application.query_code in message.subject
    assert f"查询码：{application.query_code}" in message.body
    assert f"登记号：{application.registration_number}" in message.body
    assert f"/gongkai/track/?code={application.query_code}" in message.body
    assert "以双方确认之日为收到申请之日" in message.body
    assert resident_id(7) not in message.body


def test_no_mail_without_an_email_address(client, agency, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY_URL, organisation())

    assert Application.objects.count() == 1
    assert mail.outbox == []


def test_double_submit_sends_one_mail(client, agency, django_capture_on_commit_callbacks):
    data = citizen()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY_URL, data)
        client.post(APPLY_URL, data)

    assert len(mail.outbox) == 1


def test_mail_server_failure_does_not_lose_the_application(
    client, agency, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("gongkai.applications.notifications.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY_URL, citizen())

    assert response.status_code == 302
    assert Application.objects.count() == 1
    assert "smtp down" in caplog.text


# -- receipt -------------------------------------------------------------------------------------


def test_receipt_shows_code_number_time_and_what_happens_next(client, agency):
    response = client.post(APPLY_URL, citizen(), follow=True)

    application = Application.objects.get()
    text = page_text(response)
    assert response.status_code == 200
    assert application.query_code in text
    assert application.registration_number == "YANCHI-KJJ-2025-0001"
    assert "YANCHI-KJJ-2025-0001" in text
    assert "2025年3月7日 10:00" in text
    assert "以双方确认之日为收到申请之日" in text
    assert "20个工作日内答复" in text
    assert f'href="/gongkai/track/?code={application.query_code}"' in text
    assert resident_id(7) not in text and "13909531234" not in text


def test_receipt_link_cannot_be_forged_or_guessed(client, agency):
    client.post(APPLY_URL, citizen())
    application = Application.objects.get()

    for token in (str(application.pk), application.query_code, "eyJhIjoxfQ:1tXyZ:forged"):
        assert client.get(f"{APPLY_URL}receipt/{token}/").status_code == 404


def test_receipt_link_belongs_to_its_agency(client, agency):
    from tests.agencies.factories import AgencyFactory

    AgencyFactory(slug="other-agency")
    location = client.post(APPLY_URL, citizen())["Location"]

    assert client.get(location.replace("yanchi-kjj", "other-agency")).status_code == 404


def test_receipt_link_expires_after_a_day(client, agency):
    location = client.post(APPLY_URL, citizen())["Location"]

    with travel(TODAY + datetime.timedelta(days=2)):
        response = client.get(location)

    assert response.status_code == 410
    assert "回执页面的链接已超过有效期" in page_text(response)


def test_error_summary_lists_the_problems_in_the_order_of_the_page(client, agency):
    response = client.post(
        APPLY_URL, organisation(id_number="123", applicant_category=None, carriers=None)
    )

    summary = page_text(response).split('class="error-summary"')[1].split("</ul>")[0]
    anchors = re.findall(r'href="#id_(\w+?)(?:_0)?"', summary)
    assert anchors == ["id_number", "applicant_category", "carriers"]


def test_broken_upload_is_a_chinese_400_page(client, agency):
    response = client.post(
        APPLY_URL, data=b"--x\r\nbroken", content_type="multipart/form-data; boundary="
    )

    assert response.status_code == 400
    assert "提交的内容无法读取，申请未提交" in page_text(response)
    assert not Application.objects.exists()
