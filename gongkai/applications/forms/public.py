"""The public online application form (政府信息公开申请表) and the progress query form.

The form follows the official 申请表 (docs/disclosure-rules.md §4.1): applicant data for a 公民 or a 法人或者其他组织,
the information sought, the carrier and delivery wanted (the fields of ``forms.applicant``,
shared with the clerk's forms), attachments and a declaration. It checks what a field can check
(required, lengths, formats) and then asks the services' ``clean_applicant(..., online=True)``
(every content of 第29条, the consistency of the delivery with the contact data, ID check
digits) and ``validate_attachments``, and puts their errors, keyed by field, next to the fields.
The service checks everything again when it writes.
"""

from __future__ import annotations

import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from gongkai.applications.forms.applicant import ApplicantFields, add_service_errors
from gongkai.applications.models import AttachmentKind
from gongkai.applications.services import AttachmentUpload
from gongkai.applications.services.applicant import clean_applicant
from gongkai.applications.services.intake import validate_attachments

ATTACHMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"

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


class ApplicationForm(ApplicantFields):
    """One online application to one agency; ``submission_token`` makes a resubmit harmless.

    The applicant fields come from ``ApplicantFields``; every content of 第29条 is required.
    """

    online = True

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
        self.fields["email"].help_text += "填写后，我们会把查询码发送到这个邮箱。"

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
        self._check_with_service(data)
        return data

    def _check_with_service(self, data) -> None:
        """The intake service's checks: the 第29条 contents and the applicant's data
        (``clean_applicant``), then the files."""
        try:
            clean_applicant(self.service_data(data), online=True)
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
        """Put a service's ``ValidationError`` next to the fields it names (or at the top)."""
        add_service_errors(self, exc, SERVICE_FIELD_ALIASES)

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
        help_text="申请时未留联系电话的，填写接收回执上的四位查询验证号。",
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
