"""Back-office forms of 依申请公开: the queue filters, registering and correcting an application.

Forms only collect and type the input; the rules live in ``gongkai.applications.services``,
whose ``ValidationError`` (Chinese, often keyed by field) is put back onto the form with
``add_service_errors`` (``forms.applicant``) so the clerk sees it next to the field it concerns.
The applicant fields are declared once, in ``forms.applicant.ApplicantFields``.
"""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.applications.forms.applicant import ApplicantFields
from gongkai.applications.forms.applicant import (  # re-exported: the views import it from here
    add_service_errors as add_service_errors,
)
from gongkai.applications.models import (
    RECEIPT_RULES,
    ApplicationStatus,
    Channel,
)
from gongkai.applications.services.applicant import APPLICANT_FIELDS
from gongkai.statute import receipt
from gongkai.statute.outcomes import ApplicantCategory
from gongkai.statute.receipt import channel_names

DATE_WIDGET_ATTRS = {"type": "date"}


class DateField(forms.DateField):
    """A date picker (``<input type="date">``) that also takes 2026-03-05 typed by hand."""

    widget = forms.DateInput(attrs=DATE_WIDGET_ATTRS, format="%Y-%m-%d")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"])
        kwargs.setdefault(
            "error_messages", {"invalid": "请按“年-月-日”填写日期，例如 2026-03-05。"}
        )
        super().__init__(*args, **kwargs)


def today() -> datetime.date:
    return timezone.localdate()


def _staff_label(user) -> str:
    return user.get_full_name() or user.get_username()


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _staff_label(obj)


def agency_staff(agency):
    """The users who work for ``agency`` (any role), by name: the possible 经办人."""
    return (
        get_user_model()
        .objects.filter(agency_memberships__agency=agency, is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


# -- the queue ---------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    """The queue's filters (GET). Every field is optional; invalid values are ignored."""

    DUE_SOON = "soon"
    OVERDUE = "overdue"
    # Everything not finished: open ones and submissions still awaiting confirmation.
    UNFINISHED = "open"

    agency: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="机关", empty_label="全部"
    )
    STATUS_CHOICES: list[tuple[str, str]] = [("", "全部"), (UNFINISHED, "未办结（全部）")]
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
    due = forms.ChoiceField(
        label="期限",
        required=False,
        choices=[
            ("", "全部"),
            (DUE_SOON, "即将到期（5个工作日内）"),
            (OVERDUE, "已逾期"),
        ],
    )
    category = forms.ChoiceField(
        label="申请人类别",
        required=False,
        choices=[("", "全部"), *[(c.value, c.label) for c in ApplicantCategory]],
    )
    channel = forms.ChoiceField(
        label="申请方式", required=False, choices=[("", "全部"), *Channel.choices]
    )
    q = forms.CharField(
        label="登记号或申请人",
        required=False,
        max_length=100,
        help_text="登记号（如“YANCHI-KJJ-2026-0003”或“2026-0003”）或申请人姓名、名称的一部分。",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            *self.STATUS_CHOICES,
            *ApplicationStatus.choices,
        ]
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        self.show_agency = agencies.count() > 1
        if not self.show_agency:
            del self.fields["agency"]

    def filters(self) -> dict:
        """The valid filters by name; a field with a wrong value is left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "")}


# -- registering an application ----------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ApplicantForm(ApplicantFields):
    """The applicant and the request, as on the official 申请表 (shared by 登记 and 更正).

    The fields are ``ApplicantFields`` (the public form's); only what it takes to record an
    application is required. ``services.applicant.clean_applicant(..., online=False)`` checks
    them when the service runs and its errors come back onto these fields; a content of 第29条
    left blank is registered and listed on the detail page for 补正 (第30条).
    """

    online = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_category"].help_text += "决定年度报告表三的列。"
        for name in ("channel", "agency"):
            if name in self.fields:
                self.fields[name].error_messages["required"] = f"请选择{self.fields[name].label}。"
                self.fields[name].error_messages["invalid_choice"] = (
                    f"请选择{self.fields[name].label}。"
                )

    def applicant_data(self) -> dict:
        """The applicant's fields for the services' ``data=`` argument."""
        return self.service_data(self.cleaned_data)


class RegisterForm(ApplicantForm):
    """登记申请: an application that reached the office by any channel (第31条 receipt date).

    The applicant fields come from ``ApplicantForm``. ``application_register`` checks them,
    and also that the agency accepts the channel and that the assignee works for the agency.
    """

    agency: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="受理机关", empty_label=None
    )
    # A double click posts the same token twice: the service registers one application.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    channel = forms.ChoiceField(
        label="申请方式",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        help_text="收到申请之日按第三十一条确定，见右侧说明。",
    )
    arrived_on = DateField(
        label="申请到达本机关之日",
        required=False,
        help_text="信件签收、当面递交或收到传真的日期，可早于今天（例如周一登记上周五收到的信件）。"
        "不填则与收到申请之日相同；尚未确认接收的，不填即为今天。",
    )
    received_on = DateField(
        label="收到申请之日",
        required=False,
        help_text=f"{channel_names(set(receipt.Channel) - receipt.CONFIRMED_CHANNELS)}必填。"
        f"{channel_names(receipt.CONFIRMED_CHANNELS)}以双方确认之日为准："
        "已与申请人确认的填写确认之日，尚未确认的留空，登记后在详情页“确认接收”。",
    )
    id_proof = forms.FileField(
        label="身份证明",
        required=False,
        help_text="PDF、JPG 或 PNG，每个文件不超过 5 MB。",
    )
    attachments = MultipleFileField(
        label="其他材料",
        required=False,
        help_text="可选择多个文件；PDF、JPG 或 PNG。",
    )
    assignee = StaffChoiceField(
        queryset=None,
        label="经办人",
        required=False,
        empty_label="由登记人办理",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        only = list(agencies[:2])
        self.single_agency = only[0] if len(only) == 1 else None
        if self.single_agency is not None:
            self.fields["agency"].initial = self.single_agency.pk
            self.fields["agency"].widget = forms.HiddenInput()
        # Only the channels the agencies accept (their 指南); with several agencies, any channel
        # one of them accepts, checked against the chosen agency in clean().
        accepted: set[str] = set()
        for agency in agencies:
            accepted.update(agency.accepted_channel_values())
        self.channel_choices = [
            (value, label) for value, label in Channel.choices if value in accepted
        ]
        cast(forms.ChoiceField, self.fields["channel"]).choices = self.channel_choices
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = (
            get_user_model()
            .objects.filter(agency_memberships__agency__in=agencies, is_active=True)
            .distinct()
            .order_by("first_name", "username")
        )

    def receipt_rules(self) -> list[tuple[str, str, str]]:
        """``(channel value, channel label, 第31条 rule)`` for each channel the form offers."""
        return [(value, str(label), RECEIPT_RULES[value]) for value, label in self.channel_choices]


class UpdateApplicantForm(ApplicantForm):
    """更正申请人信息: the stored data, except the encrypted personal data (ID number, phone,
    e-mail, address, fax), which is not shown here; a personal field left blank keeps its value."""

    KEEP_IF_BLANK = ("id_number", "phone", "email", "address", "fax")

    def __init__(self, *args, application, **kwargs):
        initial = {
            name: getattr(application, name)
            for name in APPLICANT_FIELDS
            if name not in self.KEEP_IF_BLANK
        }
        if initial["applicant_category"] == ApplicantCategory.NATURAL_PERSON:
            initial["applicant_category"] = ""  # 公民 are 自然人 by their kind
        super().__init__(*args, initial=initial, **kwargs)
        for name in self.KEEP_IF_BLANK:
            field = self.fields[name]
            field.required = False
            field.help_text = "留空则保持原值；如需更正请填写完整的新内容。"
        self.fields["id_number"].widget.attrs["placeholder"] = (
            application.id_number_masked or "未填写"
        )
        self.fields["phone"].widget.attrs["placeholder"] = (
            f"尾号 {application.phone_last4}" if application.phone_last4 else "未填写"
        )

    def applicant_data(self) -> dict:
        data = super().applicant_data()
        for name in self.KEEP_IF_BLANK:
            if not data.get(name):
                data.pop(name)
        return data
