"""The applicant fields of the 政府信息公开申请表, declared once (docs/disclosure-rules.md §4.1).

``ApplicantFields`` is the base of the public online form (``forms.public.ApplicationForm``)
and of the clerk's registration and correction forms (``forms.staff.ApplicantForm``): labels,
widgets, choices, lengths and help texts live here only. Which fields are required is not
declared here either: it is the service's rule (``services.applicant``), ``REQUIRED_ONLINE``
for the applicant online and ``REQUIRED_TO_RECORD`` for a clerk, who records what arrived and
leaves a missing content to 补正 (第30条). The forms check what a field can check; the service
checks everything again and its errors come back next to the fields (``add_service_errors``).
"""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Carrier,
    DeliveryMethod,
    IdType,
)
from gongkai.applications.services.applicant import (
    APPLICANT_FIELDS,
    REQUIRED_ONLINE,
    REQUIRED_TO_RECORD,
)
from gongkai.statute.outcomes import ApplicantCategory


def _max_length(name: str) -> int:
    """The model's limit, so a form never accepts what the row cannot hold."""
    field = Application._meta.get_field(name)
    length = getattr(field, "max_length", None)
    if length is None:
        raise TypeError(f"Application.{name} has no max_length")
    return length


def add_service_errors(
    form: forms.Form, exc: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's ``ValidationError`` onto ``form``: keyed messages next to their field
    (``aliases`` maps a service key to the form's field name) when the form has it, the rest at
    the top of the form.

    A field that already shows an error keeps only that one: "请填写证件号码" from the form and
    the same complaint from the service would otherwise be shown twice.
    """
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, errors in exc.error_dict.items():
        field: str | None = (aliases or {}).get(key, key)
        if field not in form.fields:
            field = None
        elif field in form.errors:
            continue
        for error in errors:
            form.add_error(field, ValidationError(error.messages))


class ApplicantFields(forms.Form):
    """The applicant and the request, in the order of the 申请表 (the public page's order).

    Subclasses set ``online``: True for the applicant's own form (every content of 第29条 is
    required), False for a clerk's (only what it takes to record an application).
    """

    online: ClassVar[bool]

    applicant_kind = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantKind.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "请选择申请人类型。"},
    )
    name = forms.CharField(
        label="姓名或名称",
        max_length=_max_length("name"),
        help_text="公民填写姓名；法人或者其他组织填写与证照一致的全称。",
        error_messages={"max_length": "姓名或名称不能超过 %(limit_value)d 个字。"},
    )
    id_type = forms.ChoiceField(
        label="证件类型",
        choices=IdType.choices,
        initial=IdType.RESIDENT_ID,
        help_text="公民选择身份证件；法人或者其他组织选择“统一社会信用代码”。",
        error_messages={"invalid_choice": "请选择证件类型。"},
    )
    id_number = forms.CharField(
        label="证件号码",
        max_length=40,
        help_text="居民身份证号码为18位，统一社会信用代码为18位。",
        error_messages={"max_length": "证件号码不能超过 %(limit_value)d 位。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    applicant_category = forms.ChoiceField(
        label="组织类别",
        choices=[(c.value, c.label) for c in ApplicantCategory if c.is_organisation],
        widget=forms.RadioSelect,
        help_text="法人或者其他组织填写。",
        error_messages={"invalid_choice": "请选择法人或者其他组织的类别。"},
    )
    legal_representative = forms.CharField(
        label="法定代表人或者负责人",
        max_length=_max_length("legal_representative"),
        help_text="法人或者其他组织填写。",
        error_messages={"max_length": "法定代表人姓名不能超过 %(limit_value)d 个字。"},
    )
    contact_person = forms.CharField(
        label="联系人",
        max_length=_max_length("contact_person"),
        help_text="法人或者其他组织填写办理本申请的联系人姓名。",
        error_messages={"max_length": "联系人姓名不能超过 %(limit_value)d 个字。"},
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        help_text="查询办理进度时需要输入联系电话的后四位。",
        error_messages={"max_length": "联系电话不能超过 %(limit_value)d 位。"},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="电子邮箱",
        max_length=254,
        help_text="选择以电子邮件提供或获取的，必须填写。",
        error_messages={
            "invalid": "请填写有效的电子邮箱地址，例如 name@example.com。",
            "max_length": "电子邮箱不能超过 %(limit_value)d 个字符。",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label="通信地址",
        max_length=300,
        help_text="选择邮寄或快递的，必须填写。",
        error_messages={"max_length": "通信地址不能超过 %(limit_value)d 个字。"},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.CharField(
        label="邮政编码",
        max_length=_max_length("postal_code"),
        validators=[RegexValidator(r"^[0-9]{6}$", "邮政编码应为6位数字。")],
        error_messages={"max_length": "邮政编码应为6位数字。"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    fax = forms.CharField(
        label="传真",
        max_length=30,
        help_text="选择以传真方式获取的，必须填写。",
        error_messages={"max_length": "传真号码不能超过 %(limit_value)d 位。"},
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    description = forms.CharField(
        label="所需信息的内容描述",
        max_length=2000,
        help_text="请写明信息名称、文号或者便于查询的其他特征性描述（第二十九条）。",
        error_messages={
            "max_length": "内容描述不能超过 %(limit_value)d 个字（现为 %(show_value)d 个字）。"
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    document_number = forms.CharField(
        label="所需信息的文号",
        max_length=_max_length("document_number"),
        help_text="选填，例如“盐科发〔2025〕12号”。",
        error_messages={"max_length": "文号不能超过 %(limit_value)d 个字。"},
    )
    index_number = forms.CharField(
        label="所需信息的索引号",
        max_length=_max_length("index_number"),
        help_text="选填，见政府信息公开目录。",
        error_messages={"max_length": "索引号不能超过 %(limit_value)d 个字。"},
    )
    carriers = forms.MultipleChoiceField(
        label="所需信息的指定提供载体形式（可多选）",
        choices=Carrier.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请从列出的载体形式中选择。"},
    )
    delivery_methods = forms.MultipleChoiceField(
        label="获取信息的方式（可多选）",
        choices=DeliveryMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请从列出的获取方式中选择。"},
    )
    accept_other_methods = forms.BooleanField(
        label="若本机关无法按照指定方式提供所需信息，也可接受其他方式",
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required = REQUIRED_ONLINE if self.online else REQUIRED_TO_RECORD
        for name in APPLICANT_FIELDS:
            field = self.fields[name]
            field.required = name in required
            if field.required:
                field.error_messages["required"] = required[name]

    @staticmethod
    def service_data(data) -> dict:
        """The cleaned applicant fields in the shape the services' ``data=`` expects."""
        values = {name: data.get(name) for name in APPLICANT_FIELDS}
        for name in ("carriers", "delivery_methods"):
            values[name] = list(values[name] or ())
        values["accept_other_methods"] = bool(values["accept_other_methods"])
        return values
