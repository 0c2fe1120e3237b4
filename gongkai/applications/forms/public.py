"""The public online application form (政府信息公开申请表) and the progress query form.

The form follows the official 申请表 (docs/disclosure-rules.md §4.1): applicant data for a 公民 or a 法人或者其他组织,
the information sought, the carrier and delivery wanted, attachments and a declaration. It
checks what a form can check (required fields, lengths, formats, consistency of the delivery
with the contact data) and then asks the intake service's ``clean_applicant`` and
``validate_attachments`` — the same rules the clerk's registration uses — and puts their errors,
keyed by field, next to the fields. The service checks everything again when it writes.
"""

from __future__ import annotations

import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from gongkai.applications.models import (
    ApplicantKind,
    AttachmentKind,
    Carrier,
    DeliveryMethod,
    IdType,
)
from gongkai.applications.services import AttachmentUpload
from gongkai.applications.services.intake import clean_applicant, validate_attachments
from gongkai.statute.outcomes import ApplicantCategory

ATTACHMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"

# Delivery methods that need a postal address, an e-mail address or a fax number.
NEEDS_ADDRESS = frozenset({DeliveryMethod.POST, DeliveryMethod.EXPRESS})
ORGANISATION_ONLY_FIELDS = ("applicant_category", "legal_representative", "contact_person")
# Keys of the service's ValidationError that are not form fields, and where they belong.
SERVICE_FIELD_ALIASES = {"attachments": "other_files"}


def _required(message: str, **extra: str) -> dict[str, str]:
    return {"required": message, **extra}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one ``<input type=file multiple>``; cleans to a list (maybe empty)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ATTACHMENT_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ApplicationForm(forms.Form):
    """One online application to one agency; ``submission_token`` makes a resubmit harmless."""

    applicant_kind = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantKind.choices,
        widget=forms.RadioSelect,
        error_messages=_required("请选择申请人类型。", invalid_choice="请选择申请人类型。"),
    )
    name = forms.CharField(
        label="姓名或名称",
        max_length=200,
        help_text="公民填写姓名；法人或者其他组织填写与证照一致的全称。",
        error_messages=_required(
            "请填写姓名或名称。", max_length="姓名或名称不能超过 %(limit_value)d 个字。"
        ),
    )
    applicant_category = forms.ChoiceField(
        label="组织类别",
        required=False,
        choices=[(c.value, c.label) for c in ApplicantCategory if c.is_organisation],
        widget=forms.RadioSelect,
        help_text="法人或者其他组织填写。",
        error_messages={"invalid_choice": "请选择法人或者其他组织的类别。"},
    )
    legal_representative = forms.CharField(
        label="法定代表人或者负责人",
        max_length=100,
        required=False,
        help_text="法人或者其他组织填写。",
        error_messages={"max_length": "法定代表人姓名不能超过 %(limit_value)d 个字。"},
    )
    contact_person = forms.CharField(
        label="联系人",
        max_length=100,
        required=False,
        help_text="法人或者其他组织填写办理本申请的联系人姓名。",
        error_messages={"max_length": "联系人姓名不能超过 %(limit_value)d 个字。"},
    )
    id_type = forms.ChoiceField(
        label="证件类型",
        choices=IdType.choices,
        initial=IdType.RESIDENT_ID,
        help_text="公民选择身份证件；法人或者其他组织选择“统一社会信用代码”。",
        error_messages=_required("请选择证件类型。", invalid_choice="请选择证件类型。"),
    )
    id_number = forms.CharField(
        label="证件号码",
        max_length=40,
        help_text="居民身份证号码为18位，统一社会信用代码为18位。",
        error_messages=_required(
            "请填写证件号码。", max_length="证件号码不能超过 %(limit_value)d 位。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        help_text="查询办理进度时需要输入联系电话的后四位。",
        error_messages=_required(
            "请填写联系电话。", max_length="联系电话不能超过 %(limit_value)d 位。"
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        max_length=254,
        help_text="选填。填写后，我们会把查询码发送到这个邮箱。",
        error_messages={
            "invalid": "请填写有效的电子邮箱地址，例如 name@example.com。",
            "max_length": "电子邮箱不能超过 %(limit_value)d 个字符。",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label="通信地址",
        max_length=300,
        required=False,
        help_text="选择邮寄或快递的，必须填写。",
        error_messages={"max_length": "通信地址不能超过 %(limit_value)d 个字。"},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.CharField(
        label="邮政编码",
        max_length=6,
        required=False,
        validators=[RegexValidator(r"^\d{6}$", "邮政编码应为6位数字。")],
        error_messages={"max_length": "邮政编码应为6位数字。"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    fax = forms.CharField(
        label="传真",
        max_length=30,
        required=False,
        help_text="选择以传真方式获取的，必须填写。",
        error_messages={"max_length": "传真号码不能超过 %(limit_value)d 位。"},
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    description = forms.CharField(
        label="所需信息的内容描述",
        max_length=2000,
        help_text="请写明信息名称、文号或者便于查询的其他特征性描述（第二十九条）。",
        error_messages=_required(
            "请描述您需要的政府信息。",
            max_length="内容描述不能超过 %(limit_value)d 个字（现为 %(show_value)d 个字）。",
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    document_number = forms.CharField(
        label="所需信息的文号",
        max_length=200,
        required=False,
        help_text="选填，例如“盐科发〔2025〕12号”。",
        error_messages={"max_length": "文号不能超过 %(limit_value)d 个字。"},
    )
    index_number = forms.CharField(
        label="所需信息的索引号",
        max_length=200,
        required=False,
        help_text="选填，见政府信息公开目录。",
        error_messages={"max_length": "索引号不能超过 %(limit_value)d 个字。"},
    )
    carriers = forms.MultipleChoiceField(
        label="所需信息的指定提供载体形式（可多选）",
        choices=Carrier.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(
            "请至少选择一种载体形式。", invalid_choice="请从列出的载体形式中选择。"
        ),
    )
    delivery_methods = forms.MultipleChoiceField(
        label="获取信息的方式（可多选）",
        choices=DeliveryMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(
            "请至少选择一种获取信息的方式。", invalid_choice="请从列出的获取方式中选择。"
        ),
    )
    accept_other_methods = forms.BooleanField(
        label="若本机关无法按照指定方式提供所需信息，也可接受其他方式",
        required=False,
        initial=True,
    )

    id_proof = forms.FileField(
        label="身份证明",
        required=False,
        help_text="选填。身份证或营业执照等证照的照片或扫描件，PDF、JPG 或 PNG 格式。",
        widget=forms.FileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
        error_messages={
            "invalid": "上传的文件无效，请重新选择。",
            "empty": "上传的文件是空的，请重新选择。",
        },
    )
    other_files = MultipleFileField(
        label="其他材料",
        required=False,
        help_text="选填，可选择多个文件，PDF、JPG 或 PNG 格式。",
        error_messages={
            "invalid": "上传的文件无效，请重新选择。",
            "empty": "上传的文件是空的，请重新选择。",
        },
    )
    declaration = forms.BooleanField(
        label="本人（本单位）承诺所填信息真实有效，并同意本机关为办理本申请使用上述个人信息",
        error_messages=_required("请阅读并勾选承诺后再提交。"),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    # The order of the page, so the error summary lists the problems top to bottom.
    field_order = [
        "applicant_kind",
        "name",
        "id_type",
        "id_number",
        "applicant_category",
        "legal_representative",
        "contact_person",
        "phone",
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # A fresh token for each rendered blank form; a re-rendered form keeps the posted one.
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        size_mb = settings.GONGKAI_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        count = settings.GONGKAI_ATTACHMENT_MAX_COUNT
        self.fields[
            "other_files"
        ].help_text += f"每个文件不超过 {size_mb} MB，附件合计不超过 {count} 个。"
        self.fields["id_proof"].help_text += f"不超过 {size_mb} MB。"

    @property
    def token(self) -> uuid.UUID | None:
        """The submission token this form carries (posted, or generated for a blank form)."""
        if self.is_bound:
            try:
                return uuid.UUID(str(self.data.get("submission_token", "")))
            except ValueError:
                return None
        return self.initial["submission_token"]

    def clean_submission_token(self):
        token = self.cleaned_data.get("submission_token")
        if token is None:
            # Tampered with or lost: the view gives the re-rendered form a new token.
            raise ValidationError("表单已失效，请核对内容后重新提交。")
        return token

    def clean(self):
        data = super().clean()
        if data.get("applicant_kind") == ApplicantKind.ORGANISATION:
            if not data.get("legal_representative") and "legal_representative" not in self.errors:
                self.add_error("legal_representative", "请填写法定代表人或者负责人。")
            if not data.get("contact_person") and "contact_person" not in self.errors:
                self.add_error("contact_person", "请填写联系人。")
        elif data.get("applicant_kind") == ApplicantKind.CITIZEN:
            # A citizen's application has no organisation data, whatever the browser sent.
            for name in ORGANISATION_ONLY_FIELDS:
                data[name] = ""
        delivery = set(data.get("delivery_methods") or ())
        carriers = set(data.get("carriers") or ())
        if delivery & NEEDS_ADDRESS and not data.get("address") and "address" not in self.errors:
            self.add_error("address", "选择邮寄或快递的，请填写通信地址。")
        wants_email = DeliveryMethod.EMAIL in delivery or Carrier.EMAIL in carriers
        if wants_email and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "选择以电子邮件提供或获取的，请填写电子邮箱。")
        if DeliveryMethod.FAX in delivery and not data.get("fax") and "fax" not in self.errors:
            self.add_error("fax", "选择以传真方式获取的，请填写传真号码。")
        self._check_with_service(data)
        return data

    def _check_with_service(self, data) -> None:
        """The intake service's checks (ID checksums, kind/category/ID type, phone, files)."""
        try:
            clean_applicant(self.service_data(data))
        except ValidationError as exc:
            self.add_service_errors(exc)
        # The ID proof and the other files are checked apart, so a bad file's message stands
        # next to the field it was chosen in; then together, for the total count.
        uploads = self.attachments(data)
        groups = {
            "id_proof": [u for u in uploads if u.kind == AttachmentKind.ID_PROOF],
            "other_files": [u for u in uploads if u.kind == AttachmentKind.OTHER],
        }
        for field, group in groups.items():
            if field not in self.errors:
                self._attachment_errors(field, group)
        if "id_proof" not in self.errors and "other_files" not in self.errors:
            self._attachment_errors("other_files", uploads)

    def _attachment_errors(self, field: str, uploads: list[AttachmentUpload]) -> None:
        """Add the service's complaints about ``uploads`` to ``field``."""
        try:
            validate_attachments(uploads)
        except ValidationError as exc:
            for messages in exc.message_dict.values():
                for message in messages:
                    self.add_error(field, message)

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put a service's ``ValidationError`` next to the fields it names (or at the top).

        A field that already shows an error keeps only that one: "请填写证件号码" from the form
        and the same complaint from the service would otherwise be shown twice.
        """
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for key, errors in exc.error_dict.items():
            field = SERVICE_FIELD_ALIASES.get(key, key)
            if field not in self.fields:
                field = None
            elif field in self.errors:
                continue
            for error in errors:
                self.add_error(field, ValidationError(error.messages))

    @staticmethod
    def service_data(data) -> dict:
        """The cleaned data in the shape ``application_submit_online`` expects."""
        return {
            "applicant_kind": data.get("applicant_kind"),
            "applicant_category": data.get("applicant_category") or "",
            "name": data.get("name", ""),
            "legal_representative": data.get("legal_representative", ""),
            "contact_person": data.get("contact_person", ""),
            "id_type": data.get("id_type"),
            "id_number": data.get("id_number", ""),
            "phone": data.get("phone", ""),
            "email": data.get("email", ""),
            "address": data.get("address", ""),
            "postal_code": data.get("postal_code", ""),
            "fax": data.get("fax", ""),
            "description": data.get("description", ""),
            "document_number": data.get("document_number", ""),
            "index_number": data.get("index_number", ""),
            "carriers": list(data.get("carriers") or ()),
            "delivery_methods": list(data.get("delivery_methods") or ()),
            "accept_other_methods": bool(data.get("accept_other_methods")),
        }

    @staticmethod
    def attachments(data) -> list[AttachmentUpload]:
        uploads = []
        if data.get("id_proof"):
            uploads.append(AttachmentUpload(file=data["id_proof"], kind=AttachmentKind.ID_PROOF))
        uploads.extend(
            AttachmentUpload(file=f, kind=AttachmentKind.OTHER)
            for f in data.get("other_files") or ()
        )
        return uploads


class TrackForm(forms.Form):
    """查询办理进度: the query code from the receipt and the last four digits of the phone."""

    query_code = forms.CharField(
        label="查询码",
        max_length=32,
        help_text="提交申请后回执页面和邮件中的12位查询码。",
        error_messages=_required("请填写查询码。", max_length="查询码不正确。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    phone_last4 = forms.CharField(
        label="联系电话后四位",
        error_messages=_required("请填写联系电话的后四位数字。"),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "4"}
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_query_code(self) -> str:
        return "".join(self.cleaned_data["query_code"].split()).upper()

    def clean_phone_last4(self) -> str:
        value = self.cleaned_data["phone_last4"].strip()
        if not re.fullmatch(r"[0-9]{4}", value):
            raise ValidationError("请填写联系电话的后四位数字。")
        return value
