"""An agency that takes no applications through this site (docs/disclosure-rules.md §4.1, ``Agency.accepts_online``):
the apply page lists the channels it does accept and its contact data, and refuses a POST
(403, nothing stored). The service refuses the channel too, for the portal and the clerk."""

from __future__ import annotations

import datetime
import io
import uuid
from html import unescape

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.applications import services
from gongkai.applications.models import RECEIPT_RULES, Application, Channel
from gongkai.audit.models import AuditEvent
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import applicant_data, travel
from tests.applications.test_public_apply import citizen

pytestmark = pytest.mark.django_db

APPLY_URL = "/gongkai/yanchi-kjj/apply/"
REGISTER = reverse("applications_admin:register")
TODAY = datetime.date(2025, 3, 7)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def offline_agency(agency):
    agency.online_applications = False
    agency.accepted_channels = [Channel.IN_PERSON, Channel.REGISTERED_MAIL, Channel.ONLINE]
    agency.address = "宁夏回族自治区吴忠市盐池县花马池镇政府街8号"
    agency.postal_code = "751500"
    agency.phone = "0953-6012345"
    agency.fax = "0953-6012346"
    agency.email = "gk@yanchi.example.org"
    agency.save()
    return agency


def page_text(response) -> str:
    return unescape(response.content.decode())


def test_the_page_lists_the_accepted_channels_and_the_contact_data(client, offline_agency):
    response = client.get(APPLY_URL)

    assert response.status_code == 200
    html = page_text(response)
    assert "本机关不接受网上申请" in html
    assert "<form" not in html
    assert 'name="description"' not in html
    for value in (Channel.IN_PERSON, Channel.REGISTERED_MAIL):
        assert Channel(value).label in html
        assert RECEIPT_RULES[value] in html
    # Listed but switched off, and not listed at all: neither is offered.
    for value in (Channel.ONLINE, Channel.EMAIL, Channel.FAX, Channel.POST):
        assert RECEIPT_RULES[value] not in html
    for text in (
        "宁夏回族自治区吴忠市盐池县花马池镇政府街8号",
        "751500",
        "0953-6012345",
        "0953-6012346",
        "gk@yanchi.example.org",
        "办公室",
    ):
        assert text in html


def test_online_missing_from_the_list_closes_the_form_too(client, agency):
    agency.accepted_channels = [Channel.IN_PERSON, Channel.EMAIL]
    agency.save()

    html = page_text(client.get(APPLY_URL))

    assert "本机关不接受网上申请" in html
    assert "<form" not in html
    assert RECEIPT_RULES[Channel.EMAIL] in html


def test_a_post_is_refused_with_the_same_page_and_nothing_is_stored(offline_agency):
    client = Client(enforce_csrf_checks=True)

    with travel(TODAY):
        response = client.post(APPLY_URL, citizen())

    assert response.status_code == 403
    html = page_text(response)
    assert "申请未提交" in html
    assert "0953-6012345" in html
    assert not Application.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_agency_with_the_default_settings_still_shows_the_form(client, agency):
    response = client.get(APPLY_URL)

    assert response.status_code == 200
    assert 'name="description"' in page_text(response)


def test_the_service_refuses_an_online_submission_to_an_offline_agency(offline_agency):
    with travel(TODAY), pytest.raises(ValidationError) as exc:
        services.application_submit_online(
            agency=offline_agency,
            data=applicant_data(n=3),
            submission_token=uuid.uuid4(),
        )

    assert exc.value.message_dict["channel"] == [
        "盐池县科学技术局不受理以“网上申请”方式提交的申请（见本机关政府信息公开指南）。"
    ]
    assert not Application.objects.exists()


def test_the_service_refuses_to_register_a_channel_the_agency_does_not_accept(
    offline_agency, clerk
):
    with travel(TODAY), pytest.raises(ValidationError) as exc:
        services.application_register(
            agency=offline_agency,
            actor=clerk,
            channel=Channel.EMAIL,
            data=applicant_data(n=4),
            received_on=TODAY,
        )

    assert exc.value.message_dict["channel"] == [
        "盐池县科学技术局不受理以“电子邮件”方式提交的申请（见本机关政府信息公开指南）。"
    ]
    assert not Application.objects.exists()

    with travel(TODAY):
        application = services.application_register(
            agency=offline_agency,
            actor=clerk,
            channel=Channel.REGISTERED_MAIL,
            data=applicant_data(n=4),
            received_on=TODAY,
        )
    assert application.channel == Channel.REGISTERED_MAIL


# -- the clerk's register form --------------------------------------------------------------


def register_data(agency, **overrides) -> dict:
    data = {
        **applicant_data(n=11),
        "agency": agency.pk,
        "channel": "in_person",
        "received_on": TODAY.isoformat(),
        "accept_other_methods": "on",
    }
    data.update(overrides)
    return data


def test_the_register_form_offers_only_the_accepted_channels(client, offline_agency, clerk):
    client.force_login(clerk)

    with travel(TODAY):
        html = client.get(REGISTER).content.decode()

    assert 'name="channel" value="in_person"' in html
    assert 'name="channel" value="registered_mail"' in html
    for value in ("email", "fax", "online", "post", "ordinary_mail"):
        assert f'name="channel" value="{value}"' not in html


def test_the_register_form_refuses_a_channel_of_another_agency(client, offline_agency, clerk):
    """A clerk of two agencies: e-mail is offered (the other agency takes it) but refused for
    the one that does not, next to the field, and nothing is saved."""
    other = AgencyFactory(name="盐池县教育体育局", slug="yanchi-jty")
    StaffMembershipFactory(user=clerk, agency=other)
    client.force_login(clerk)

    with travel(TODAY):
        html = client.get(REGISTER).content.decode()
        assert 'name="channel" value="email"' in html
        response = client.post(REGISTER, register_data(offline_agency, channel="email"))

    assert response.status_code == 200
    assert (
        "盐池县科学技术局不受理以“电子邮件”方式提交的申请（见本机关政府信息公开指南）。"
        in page_text(response)
    )
    assert not Application.objects.exists()

    with travel(TODAY):
        response = client.post(REGISTER, register_data(other, channel="email"))
    assert response.status_code == 302
    assert Application.objects.get().agency == other


def test_the_register_form_refuses_a_channel_it_does_not_offer(client, offline_agency, clerk):
    client.force_login(clerk)

    with travel(TODAY):
        response = client.post(REGISTER, register_data(offline_agency, channel="fax"))

    assert response.status_code == 200
    assert "请选择申请方式。" in page_text(response)
    assert not Application.objects.exists()


# -- the demo ---------------------------------------------------------------------------------


def _load_demo(day: datetime.date) -> str:
    out = io.StringIO()
    with travel(day):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_bureau_takes_neither_email_nor_fax_and_keeps_a_change():
    day = datetime.date(2025, 11, 20)
    out = _load_demo(day)

    bureau = Agency.objects.get(slug="yanchi-kjj")
    assert (
        "盐池县科学技术局受理的申请方式：当面提交、邮寄（快递、EMS等需签收）、挂号信、平信、网上申请"
        in out
    )
    assert bureau.accepted_channel_values() == [
        "in_person",
        "post",
        "registered_mail",
        "ordinary_mail",
        "online",
    ]
    assert bureau.accepts_online
    channels = set(bureau.applications.values_list("channel", flat=True))
    assert channels and all(bureau.accepts(value) for value in channels)

    # A later run changes nothing, not even a choice made in the back office since.
    bureau.accepted_channels = [Channel.IN_PERSON]
    bureau.save()
    assert "演示数据已存在，未作任何更改。" in _load_demo(day)
    bureau.refresh_from_db()
    assert bureau.accepted_channels == ["in_person"]
