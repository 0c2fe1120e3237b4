"""The 第29条 rules of an application, in the services (``services.applicant``), on both channels.

What it takes to record an application at all is refused on both channels; a missing content
of 第29条 is refused online (the applicant can fix it) and registered by a clerk, listed on the
detail page and pre-filled into the 补正 form (第30条) until a correction fills it in.
"""

from __future__ import annotations

import datetime
import uuid
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, ApplicationStatus
from gongkai.applications.services.applicant import (
    NO_CONTACT,
    application_missing_contents,
    clean_applicant,
    missing_contents,
    supplement_items,
)
from gongkai.audit.models import AuditEvent
from tests.applications.factories import applicant_data, travel

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2025, 3, 3)
TODAY = datetime.date(2025, 3, 5)


def citizen(**overrides) -> dict:
    return {**applicant_data(n=5), **overrides}


def organisation(**overrides) -> dict:
    return {**applicant_data("research", n=6), **overrides}


def register(agency, clerk, data, channel="post") -> Application:
    with travel(RECEIVED):
        return services.application_register(
            agency=agency, actor=clerk, channel=channel, data=data, received_on=RECEIVED
        )


def submit_online(agency, data) -> Application:
    with travel(RECEIVED):
        application, _created = services.application_submit_online(
            agency=agency, data=data, submission_token=uuid.uuid4()
        )
    return application


# One case per content of 第29条: the data lacking it, the field, and the article item cited.
MISSING = [
    ("legal_representative", organisation(legal_representative=""), "第（一）项"),
    ("contact_person", organisation(contact_person=""), "第（一）项"),
    ("id_number", citizen(id_number=""), "第（一）项"),
    ("id_number", organisation(id_number="  "), "第（一）项"),
    ("description", citizen(description=""), "第（二）项"),
    ("carriers", citizen(carriers=[]), "第（三）项"),
    ("delivery_methods", citizen(delivery_methods=[]), "第（三）项"),
    ("address", citizen(delivery_methods=["express"], address=""), "第（三）项"),
    ("email", citizen(delivery_methods=["email"], email=""), "第（三）项"),
    ("email", citizen(carriers=["email"], delivery_methods=["pickup"], email=""), "第（三）项"),
    ("fax", citizen(delivery_methods=["fax"]), "第（三）项"),
]
MISSING_IDS = [f"{field}-{i}" for i, (field, _data, _item) in enumerate(MISSING)]


# -- the pure rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "data", "_item"), MISSING, ids=MISSING_IDS)
def test_each_missing_content_is_named_alone(field, data, _item):
    assert [content.field for content in missing_contents(data)] == [field]


def test_complete_applications_lack_nothing():
    assert missing_contents(citizen()) == []
    assert missing_contents(organisation()) == []
    # Collecting in person needs no address, e-mail or fax.
    assert missing_contents(citizen(address="", email="", delivery_methods=["pickup"])) == []


def test_a_citizen_is_never_asked_for_an_organisations_representatives():
    data = citizen(legal_representative="", contact_person="")
    assert missing_contents(data) == []


def test_several_missing_contents_come_in_the_order_of_the_form_and_make_one_supplement_list():
    data = organisation(legal_representative="", id_number="", delivery_methods=[])
    missing = missing_contents(data)
    assert [c.field for c in missing] == ["legal_representative", "id_number", "delivery_methods"]
    assert supplement_items(missing) == (
        "（一）写明法定代表人或者负责人的姓名；（二）提供申请人的身份证明（证件类型和号码）；"
        "（三）选择获取信息的方式（邮寄、快递、电子邮件、传真、自行领取或者当场阅读、抄录）。"
    )
    assert supplement_items([]) == ""


# -- online: a missing content is an error -------------------------------------------------


@pytest.mark.parametrize(("field", "data", "item"), MISSING, ids=MISSING_IDS)
def test_online_a_missing_content_is_refused_with_the_article(agency, field, data, item):
    with pytest.raises(ValidationError) as err:
        submit_online(agency, data)
    message = " ".join(err.value.message_dict[field])
    assert f"第二十九条第二款{item}" in message
    assert not Application.objects.exists()
    assert not AuditEvent.objects.exists()


def test_online_the_phone_is_required_even_with_an_address(agency):
    with pytest.raises(ValidationError) as err:
        submit_online(agency, citizen(phone=""))
    assert "后四位" in err.value.message_dict["phone"][0]


def test_online_a_complete_application_is_submitted(agency):
    application = submit_online(agency, organisation())
    assert application.status == ApplicationStatus.SUBMITTED
    assert application_missing_contents(application) == []


# -- a clerk's registration: recorded, the missing contents listed ------------------------


@pytest.mark.parametrize(("field", "data", "_item"), MISSING, ids=MISSING_IDS)
def test_a_clerk_registers_an_application_lacking_a_content(agency, clerk, field, data, _item):
    application = register(agency, clerk, data)

    application = Application.objects.get(pk=application.pk)
    assert application.status == ApplicationStatus.IN_PROGRESS
    assert application.due_on is not None  # the clock runs; 补正 restarts it (第30条)
    assert [c.field for c in application_missing_contents(application)] == [field]
    event = AuditEvent.objects.get(action="application.register")
    assert event.detail["missing_contents"] == [field]


def test_a_complete_registration_records_no_missing_contents(agency, clerk):
    register(agency, clerk, citizen())
    assert AuditEvent.objects.get(action="application.register").detail["missing_contents"] == []


def test_without_an_id_number_no_id_type_is_kept(agency, clerk):
    application = register(agency, clerk, citizen(id_number="", id_type="resident_id"))
    application.refresh_from_db()
    assert (application.id_type, application.id_number, application.id_number_masked) == (
        "",
        "",
        "",
    )


def test_a_fax_number_alone_is_a_way_to_reach_the_applicant(agency, clerk):
    data = citizen(phone="", email="", address="", fax="0953-6012345", delivery_methods=["fax"])
    application = register(agency, clerk, data, channel="fax")
    application.refresh_from_db()
    assert (application.phone, application.phone_last4) == ("", "")
    assert application_missing_contents(application) == []


def test_a_letter_with_only_a_name_and_an_address_is_registered(agency, clerk):
    data = {
        "applicant_kind": "citizen",
        "name": "王秀英",
        "address": "宁夏回族自治区吴忠市盐池县花马池镇3号",
    }
    application = register(agency, clerk, data)
    assert [c.field for c in application_missing_contents(application)] == [
        "id_number",
        "description",
        "carriers",
        "delivery_methods",
    ]


# -- what it takes to record an application at all: refused on both channels --------------

REFUSED = [
    ("applicant_kind", {"applicant_kind": ""}, "请选择申请人类型。"),
    ("applicant_kind", {"applicant_kind": "robot"}, "请选择申请人类型。"),
    ("name", {"name": "  "}, "请填写姓名或名称。"),
    ("applicant_category", {"applicant_kind": "organisation"}, "请选择法人或其他组织的类别。"),
    ("id_number", {"id_number": "110105194912310021"}, "居民身份证号码校验位不正确"),
    ("id_type", {"id_type": "credit_code"}, "公民请选择身份证件类型。"),
    ("id_type", {"id_type": ""}, "请选择证件类型。"),
    ("phone", {"phone": "12-34"}, "请填写有效的联系电话。"),
    ("email", {"email": "zhang@"}, "请填写有效的电子邮箱地址"),
    ("postal_code", {"postal_code": "75150"}, "邮政编码应为6位数字。"),
    ("carriers", {"carriers": ["floppy"]}, "请从列出的载体形式中选择。"),
    ("delivery_methods", {"delivery_methods": ["pigeon"]}, "请从列出的获取方式中选择。"),
]
REFUSED_IDS = [f"{field}-{i}" for i, (field, _o, _m) in enumerate(REFUSED)]


@pytest.mark.parametrize(("field", "overrides", "message"), REFUSED, ids=REFUSED_IDS)
@pytest.mark.parametrize("channel", ["online", "clerk"])
def test_what_it_takes_to_record_is_refused_on_both_channels(
    agency, clerk, channel, field, overrides, message
):
    data = citizen(**overrides)
    intake = submit_online if channel == "online" else lambda a, d: register(a, clerk, d)
    with pytest.raises(ValidationError) as err:
        intake(agency, data)
    assert message in " ".join(err.value.message_dict[field])
    assert not Application.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_clerk_cannot_record_an_application_with_no_way_to_reach_the_applicant(agency, clerk):
    data = citizen(phone="", email="", address="", fax="", delivery_methods=["pickup"])
    with pytest.raises(ValidationError) as err:
        register(agency, clerk, data)
    assert err.value.message_dict["phone"] == [NO_CONTACT]
    assert not Application.objects.exists()


def test_a_clerk_is_told_a_wrong_id_number_may_be_left_for_the_supplement():
    with pytest.raises(ValidationError) as err:
        clean_applicant(citizen(id_number="110105194912310021"), online=False)
    assert "可以不填，登记后告知补正" in err.value.message_dict["id_number"][0]


@pytest.mark.parametrize("online", [True, False])
def test_a_citizens_organisation_fields_are_dropped_on_both_channels(online):
    values = clean_applicant(
        citizen(
            applicant_category="commercial", legal_representative="马某", contact_person="李某"
        ),
        online=online,
    )
    assert values["applicant_category"] == "natural_person"
    assert (values["legal_representative"], values["contact_person"]) == ("", "")


# -- corrections fill the gaps ---------------------------------------------------------------


def test_a_correction_that_fills_a_gap_removes_it(agency, clerk):
    application = register(agency, clerk, organisation(legal_representative="", id_number=""))
    with travel(TODAY):
        services.application_update_details(
            application=application, actor=clerk, data={"legal_representative": "马志强"}
        )
    application = Application.objects.get(pk=application.pk)
    assert [c.field for c in application_missing_contents(application)] == ["id_number"]
    event = AuditEvent.objects.get(action="application.update")
    assert event.detail["missing_contents"] == ["id_number"]


def test_a_correction_may_not_remove_the_last_way_to_reach_the_applicant(agency, clerk):
    data = citizen(email="", address="", delivery_methods=["pickup"])
    application = register(agency, clerk, data)
    with travel(TODAY), pytest.raises(ValidationError) as err:
        services.application_update_details(
            application=application, actor=clerk, data={"phone": ""}
        )
    assert err.value.message_dict["phone"] == [NO_CONTACT]
    assert Application.objects.get(pk=application.pk).phone == data["phone"]


# -- the back office: registration, the detail page's notice, the 补正 prefill -------------


@pytest.fixture
def logged_in(client, clerk):
    client.force_login(clerk)
    return client


def detail(client, application) -> str:
    with travel(TODAY):
        response = client.get(reverse("applications_admin:detail", args=[application.pk]))
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_register_form_registers_what_lacks_contents_and_says_so(logged_in, agency):
    data = {
        "agency": agency.pk,
        "channel": "post",
        "received_on": RECEIVED.isoformat(),
        "applicant_kind": "organisation",
        "applicant_category": "commercial",
        "name": "盐池县某某科技有限公司",
        "id_type": "credit_code",
        "phone": "0953-6012345",
        "description": "高新技术企业认定结果",
        "carriers": ["paper"],
        "delivery_methods": ["post"],
    }
    with travel(TODAY):
        response = logged_in.post(reverse("applications_admin:register"), data, follow=True)

    application = Application.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "applications_admin:detail", args=[application.pk]
    )
    html = unescape(response.content.decode())
    assert (
        "申请内容不完整：缺少法定代表人或者负责人、联系人、身份证明（证件号码）、"
        "邮寄或快递所需的通信地址。已照常登记" in html
    )


def test_the_detail_page_names_the_missing_contents_and_prefills_the_supplement(
    logged_in, agency, clerk
):
    application = register(agency, clerk, citizen(delivery_methods=[], id_number=""))

    html = detail(logged_in, application)

    assert "申请内容不完整：缺少身份证明（证件号码）、获取信息的方式（第二十九条）。" in html
    assert 'href="#action-request_supplement"' in html
    expected = supplement_items(application_missing_contents(application))
    assert f">\n{expected}</textarea>" in html


def test_a_complete_application_shows_no_notice_and_an_empty_supplement_form(
    logged_in, agency, clerk
):
    html = detail(logged_in, register(agency, clerk, citizen()))
    assert "申请内容不完整" not in html
    textarea = html.split('name="request_supplement-items"')[1].split("</textarea>")[0]
    assert textarea.endswith(">\n")


def test_before_receipt_the_notice_says_to_confirm_first(logged_in, agency, clerk):
    with travel(RECEIVED):
        application = services.application_register(
            agency=agency,
            actor=clerk,
            channel="email",
            data=citizen(description=""),
            received_on=None,
        )
    html = detail(logged_in, application)
    assert "缺少所需信息的名称、文号或者其他特征性描述" in html
    assert "确认接收后，请自收到申请之日起7个工作日内一次性告知补正" in html


def test_correcting_the_applicant_makes_the_notice_disappear(logged_in, agency, clerk):
    application = register(agency, clerk, organisation(contact_person=""))
    assert "缺少联系人" in detail(logged_in, application)

    data = {
        "applicant_kind": "organisation",
        "applicant_category": application.applicant_category,
        "name": application.name,
        "legal_representative": application.legal_representative,
        "contact_person": "李海燕",
        "id_type": "credit_code",
        "description": application.description,
        "carriers": application.carriers,
        "delivery_methods": application.delivery_methods,
    }
    with travel(TODAY):
        response = logged_in.post(
            reverse("applications_admin:update_applicant", args=[application.pk]), data
        )
    assert response.status_code == 302
    assert "申请内容不完整" not in detail(logged_in, application)


def test_a_closed_application_shows_no_notice(logged_in, agency, clerk):
    application = register(agency, clerk, citizen(description=""))
    with travel(TODAY):
        services.application_decide(
            application=application,
            actor=clerk,
            on=TODAY,
            outcome="granted",
            decision_text="已答复。",
        )
    assert "申请内容不完整" not in detail(logged_in, application)
