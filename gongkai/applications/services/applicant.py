"""The applicant's data and the contents of an application (第29条), checked in one place.

Two kinds of rule, for the two ways an application arrives:

- **What it takes to record an application at all** (both channels): who applies (公民 or
  法人或者其他组织, and for an organisation its 表三 category), a name, and some way to reach
  the applicant — a phone, a postal address, an e-mail address or a fax number — without
  which not even a 补正告知书 can be sent. A value that is given must be right (an ID number
  passes its check character, a phone has enough digits, …).
- **The contents an application must have** (第29条第二款: the applicant's 身份证明 and, for an
  organisation, its 法定代表人或者负责人 and 联系人 as the 申请表 asks; the description of the
  information sought; the form wanted, with the address, e-mail or fax that the chosen way of
  delivery needs). Online, the applicant is filling the form and can fix it: a missing content
  is an error (``clean_applicant(..., online=True)``). A paper, fax or e-mail application that
  reached the office must always be registrable — the office cannot refuse to record what it
  received — so a clerk's registration records it, and what is missing is cured by 补正
  (第30条). The list of what is missing is never stored: ``application_missing_contents``
  computes it from the stored application, so correcting the applicant's data makes it shrink.

Everything here is a pure function of the values passed in (no database query), so the forms
can ask the same questions before the services write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Carrier,
    DeliveryMethod,
    IdType,
)
from gongkai.statute.identity import (
    IdentityError,
    mask_id_number,
    normalise_credit_code,
    normalise_resident_id,
    phone_last4,
)
from gongkai.statute.outcomes import ApplicantCategory

# Fields of ``Application`` an applicant (or the clerk on their behalf) provides.
APPLICANT_FIELDS = (
    "applicant_kind",
    "applicant_category",
    "name",
    "legal_representative",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postal_code",
    "fax",
    "description",
    "document_number",
    "index_number",
    "carriers",
    "delivery_methods",
    "accept_other_methods",
)
_LIST_FIELDS = frozenset({"carriers", "delivery_methods"})
# An organisation's own fields: a 公民's application has none of them, whatever was sent.
ORGANISATION_ONLY_FIELDS = ("legal_representative", "contact_person")
# The ways of reaching the applicant; one is needed to record an application at all.
CONTACT_FIELDS = ("phone", "address", "email", "fax")
# Delivery methods that need a postal address.
NEEDS_ADDRESS = frozenset({DeliveryMethod.POST, DeliveryMethod.EXPRESS})

# 第二十九条第二款: "政府信息公开申请应当包括下列内容" — the reason each content is asked for.
_ITEM_1 = "申请应当包括申请人的姓名或者名称、身份证明、联系方式（第二十九条第二款第（一）项）。"
_ITEM_2 = (
    "申请应当包括申请公开的政府信息的名称、文号或者便于查询的其他特征性描述"
    "（第二十九条第二款第（二）项）。"
)
_ITEM_3 = (
    "申请应当包括申请公开的政府信息的形式要求，包括获取信息的方式、途径"
    "（第二十九条第二款第（三）项）。"
)


@dataclass(frozen=True)
class Content:
    """One content of an application (第29条) that can be missing.

    ``field``: the form field it belongs to; ``item``: what is missing, as the detail page's
    notice names it; ``request``: what the applicant is asked to do, as a 补正告知书 lists it;
    ``message``: the online applicant's error, with the statute's reason.
    """

    field: str
    item: str
    request: str
    message: str


LEGAL_REPRESENTATIVE = Content(
    "legal_representative",
    "法定代表人或者负责人",
    "写明法定代表人或者负责人的姓名",
    "请填写法定代表人或者负责人。" + _ITEM_1,
)
CONTACT_PERSON = Content(
    "contact_person", "联系人", "写明办理本申请的联系人", "请填写联系人。" + _ITEM_1
)
ID_NUMBER = Content(
    "id_number",
    "身份证明（证件号码）",
    "提供申请人的身份证明（证件类型和号码）",
    "请填写证件号码。" + _ITEM_1,
)
DESCRIPTION = Content(
    "description",
    "所需信息的名称、文号或者其他特征性描述",
    "写明所需政府信息的名称、文号或者便于查询的其他特征性描述",
    "请描述您需要的政府信息。" + _ITEM_2,
)
CARRIERS = Content(
    "carriers",
    "所需信息的载体形式",
    "选择所需信息的载体形式（纸面、电子邮件、光盘或者磁盘）",
    "请至少选择一种载体形式。" + _ITEM_3,
)
DELIVERY_METHODS = Content(
    "delivery_methods",
    "获取信息的方式",
    "选择获取信息的方式（邮寄、快递、电子邮件、传真、自行领取或者当场阅读、抄录）",
    "请至少选择一种获取信息的方式。" + _ITEM_3,
)
ADDRESS = Content(
    "address",
    "邮寄或快递所需的通信地址",
    "写明邮寄或快递所需的通信地址",
    "选择邮寄或快递的，请填写通信地址。" + _ITEM_3,
)
EMAIL = Content(
    "email",
    "以电子邮件提供或获取所需的电子邮箱",
    "写明以电子邮件提供或获取所需的电子邮箱",
    "选择以电子邮件提供或获取的，请填写电子邮箱。" + _ITEM_3,
)
FAX = Content(
    "fax",
    "以传真获取所需的传真号码",
    "写明以传真获取所需的传真号码",
    "选择以传真方式获取的，请填写传真号码。" + _ITEM_3,
)

# What every application needs to be recorded at all, and what an online one needs besides
# (its contents, and the phone whose last four digits the progress query asks for). The forms
# mark these fields required and use these messages.
REQUIRED_TO_RECORD: dict[str, str] = {
    "applicant_kind": "请选择申请人类型。",
    "name": "请填写姓名或名称。" + _ITEM_1,
}
REQUIRED_ONLINE: dict[str, str] = {
    **REQUIRED_TO_RECORD,
    "id_type": "请选择证件类型。",
    ID_NUMBER.field: ID_NUMBER.message,
    "phone": "请填写联系电话。查询办理进度时需要输入联系电话的后四位。",
    DESCRIPTION.field: DESCRIPTION.message,
    CARRIERS.field: CARRIERS.message,
    DELIVERY_METHODS.field: DELIVERY_METHODS.message,
}
NO_CONTACT = (
    "请至少填写一种联系方式：联系电话、通信地址、电子邮箱或者传真。没有联系方式，"
    "无法告知申请人补正或者送达答复（第二十九条第二款第（一）项、第三十条）。"
)
_STAFF_ID_HINT = "申请书上的号码确有错误的，可以不填，登记后告知补正。"


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every applicant field of ``data``, text stripped, lists as lists (absent: empty)."""
    values: dict[str, Any] = {}
    for name in APPLICANT_FIELDS:
        value = data.get(name)
        if name in _LIST_FIELDS:
            values[name] = [str(v) for v in value or ()]
        elif name == "accept_other_methods":
            values[name] = True if value is None else bool(value)
        else:
            values[name] = _text(value)
    return values


def missing_contents(values: Mapping[str, Any]) -> list[Content]:
    """The contents of 第29条 that ``values`` (an application's applicant fields) lack, in the
    order of the 申请表. Empty when the application is complete."""
    v = _values(values)
    missing: list[Content] = []
    if v["applicant_kind"] == ApplicantKind.ORGANISATION:
        if not v["legal_representative"]:
            missing.append(LEGAL_REPRESENTATIVE)
        if not v["contact_person"]:
            missing.append(CONTACT_PERSON)
    if not v["id_number"]:
        missing.append(ID_NUMBER)
    if not v["description"]:
        missing.append(DESCRIPTION)
    carriers, delivery = set(v["carriers"]), set(v["delivery_methods"])
    if not carriers:
        missing.append(CARRIERS)
    if not delivery:
        missing.append(DELIVERY_METHODS)
    if delivery & NEEDS_ADDRESS and not v["address"]:
        missing.append(ADDRESS)
    if (DeliveryMethod.EMAIL in delivery or Carrier.EMAIL in carriers) and not v["email"]:
        missing.append(EMAIL)
    if DeliveryMethod.FAX in delivery and not v["fax"]:
        missing.append(FAX)
    return missing


def application_missing_contents(application: Application) -> list[Content]:
    """What the stored ``application`` lacks of 第29条 (see ``missing_contents``).

    Reads the encrypted contact fields in memory only to see whether they are blank; nothing is
    shown, so no audit event is written.
    """
    return missing_contents({name: getattr(application, name) for name in APPLICANT_FIELDS})


def supplement_items(contents: Iterable[Content]) -> str:
    """The 补正告知书's list of what to supplement, e.g. "（一）写明…；（二）选择…。"."""
    requests = [content.request for content in contents]
    numbers = "一二三四五六七八九十"
    parts = [f"（{numbers[i]}）{text}" for i, text in enumerate(requests)]
    return "；".join(parts) + "。" if parts else ""


def clean_applicant(data: Mapping[str, Any], *, online: bool) -> dict[str, Any]:
    """Check and normalise the applicant's data; ``ValidationError`` keyed by field.

    ``online``: the applicant fills the public form, so every content of 第29条 is required
    (and the phone, for the progress query). Otherwise a clerk records what arrived: only what
    it takes to record an application is required, the missing contents stay for 补正.

    公民 are 自然人 in 表三 and have no organisation fields; organisations pick one of the five
    organisation categories. A 居民身份证 number must pass its check digit, a 统一社会信用代码
    its check character; without an ID number no ID type is kept. Returns every field of
    ``APPLICANT_FIELDS`` plus ``id_number_masked`` and ``phone_last4``.
    """
    values = _values(data)
    errors: dict[str, str] = {}
    required = REQUIRED_ONLINE if online else REQUIRED_TO_RECORD
    for name, message in required.items():
        if not values[name]:
            errors[name] = message

    kind = values["applicant_kind"]
    if kind == ApplicantKind.CITIZEN:
        values["applicant_category"] = ApplicantCategory.NATURAL_PERSON.value
        for name in ORGANISATION_ONLY_FIELDS:
            values[name] = ""
    elif kind == ApplicantKind.ORGANISATION:
        category = values["applicant_category"]
        organisation_categories = {c.value for c in ApplicantCategory if c.is_organisation}
        if category not in organisation_categories:
            errors["applicant_category"] = "请选择法人或其他组织的类别。"
    elif "applicant_kind" not in errors:
        errors["applicant_kind"] = "请选择申请人类型。"

    _check_identity(values, errors, online=online)
    _check_contact(values, errors)
    _check_choices(values, errors)
    if online:
        for content in missing_contents(values):
            errors.setdefault(content.field, content.message)
    if errors:
        raise ValidationError(errors)
    values["id_number_masked"] = mask_id_number(values["id_number"])
    values["phone_last4"] = phone_last4(values["phone"]) if values["phone"] else ""
    return values


def _check_identity(values: dict[str, Any], errors: dict[str, str], *, online: bool) -> None:
    """A given ID number is checked for its type (and normalised); none given: no ID type."""
    kind, id_type, id_number = values["applicant_kind"], values["id_type"], values["id_number"]
    if not id_number:
        if not online:
            values["id_type"] = ""
        return
    if id_type not in IdType.values:
        errors.setdefault("id_type", "填写证件号码的，请选择证件类型。")
        return
    try:
        if id_type == IdType.RESIDENT_ID:
            values["id_number"] = normalise_resident_id(id_number)
        elif id_type == IdType.CREDIT_CODE:
            values["id_number"] = normalise_credit_code(id_number)
    except IdentityError as exc:
        errors["id_number"] = str(exc) + ("。" if online else "。" + _STAFF_ID_HINT)
    if kind == ApplicantKind.ORGANISATION and id_type not in (IdType.CREDIT_CODE, IdType.OTHER):
        errors["id_type"] = "法人或其他组织请填写统一社会信用代码。"
    if kind == ApplicantKind.CITIZEN and id_type == IdType.CREDIT_CODE:
        errors["id_type"] = "公民请选择身份证件类型。"


def _check_contact(values: dict[str, Any], errors: dict[str, str]) -> None:
    """The given contact data is usable, and there is at least one way to reach the applicant."""
    phone = values["phone"]
    if phone and sum(ch.isdigit() for ch in phone) < 7:
        errors["phone"] = "请填写有效的联系电话。"
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = "请填写有效的电子邮箱地址，例如 name@example.com。"
    postal_code = values["postal_code"]
    if postal_code and not re.fullmatch(r"[0-9]{6}", postal_code):
        errors["postal_code"] = "邮政编码应为6位数字。"
    if not any(values[name] for name in CONTACT_FIELDS) and "phone" not in errors:
        errors["phone"] = NO_CONTACT


def _check_choices(values: dict[str, Any], errors: dict[str, str]) -> None:
    """Carriers and delivery methods are from their lists (a caller that is not a form)."""
    if not set(values["carriers"]) <= set(Carrier.values):
        errors["carriers"] = "请从列出的载体形式中选择。"
    if not set(values["delivery_methods"]) <= set(DeliveryMethod.values):
        errors["delivery_methods"] = "请从列出的获取方式中选择。"
