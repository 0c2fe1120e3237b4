"""Which channels an agency takes applications by (its 指南, docs/disclosure-rules.md §4.1): the model helper and
the back-office edit form."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from gongkai.agencies.models import Agency
from gongkai.applications.models import Channel
from tests.agencies.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_an_agency_without_a_list_accepts_every_channel():
    agency = AgencyFactory()

    assert agency.accepted_channels == []
    assert agency.online_applications is True
    assert agency.accepted_channel_values() == list(Channel.values)
    assert all(agency.accepts(value) for value in Channel.values)
    assert agency.accepts_online


def test_a_list_limits_the_channels_in_channel_order():
    agency = AgencyFactory(accepted_channels=[Channel.ONLINE, Channel.IN_PERSON])

    assert agency.accepted_channel_values() == [Channel.IN_PERSON, Channel.ONLINE]
    assert agency.accepted_channel_choices() == [("in_person", "当面提交"), ("online", "网上申请")]
    assert agency.accepts(Channel.IN_PERSON)
    assert not agency.accepts(Channel.EMAIL)
    assert not agency.accepts(Channel.FAX)
    assert not agency.accepts("pigeon")


def test_online_needs_both_the_switch_and_the_channel():
    switched_off = AgencyFactory(online_applications=False)
    not_listed = AgencyFactory(accepted_channels=[Channel.IN_PERSON])

    assert not switched_off.accepts_online
    assert switched_off.accepts(Channel.EMAIL)
    assert Channel.ONLINE not in switched_off.accepted_channel_values()
    assert not not_listed.accepts_online


def test_clean_refuses_unknown_values_and_orders_known_ones():
    agency = AgencyFactory.build(slug="x-1", accepted_channels=["fax", "pigeon"])
    with pytest.raises(ValidationError) as exc:
        agency.full_clean()
    assert exc.value.message_dict["accepted_channels"] == ["未知的申请方式：pigeon。"]

    agency.accepted_channels = "fax"
    with pytest.raises(ValidationError) as exc:
        agency.full_clean()
    assert exc.value.message_dict["accepted_channels"] == ["受理的申请方式格式不正确。"]

    agency.accepted_channels = ["online", "fax", "fax"]
    agency.full_clean()
    assert agency.accepted_channels == ["fax", "online"]


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", password="pw-for-tests")
    client.force_login(user)
    return client


def edit_data(agency: Agency, **overrides) -> dict:
    data = {
        "name": agency.name,
        "slug": agency.slug,
        "kind": agency.kind,
        "disclosure_office": agency.disclosure_office,
    }
    data.update(overrides)
    return data


def test_the_edit_form_shows_checkboxes_with_chinese_labels(admin_client):
    agency = AgencyFactory(accepted_channels=[Channel.IN_PERSON])

    html = admin_client.get(f"/admin/agencies/edit/{agency.pk}/").content.decode()

    assert "受理的申请方式" in html
    assert "接受网上申请" in html
    for label in Channel.labels:
        assert label in html
    assert 'type="checkbox" name="accepted_channels" value="in_person"' in html
    assert html.count('name="accepted_channels"') == len(Channel.values)


def test_the_admin_saves_the_channels_and_the_switch(admin_client):
    agency = AgencyFactory()

    response = admin_client.post(
        f"/admin/agencies/edit/{agency.pk}/",
        edit_data(agency, accepted_channels=["online", "in_person", "post"]),
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.accepted_channels == ["in_person", "post", "online"]
    # An unticked checkbox is absent from the POST: online applications are switched off.
    assert agency.online_applications is False
    assert not agency.accepts_online


def test_the_admin_refuses_an_unknown_channel_and_changes_nothing(admin_client):
    agency = AgencyFactory(accepted_channels=[Channel.IN_PERSON])

    response = admin_client.post(
        f"/admin/agencies/edit/{agency.pk}/",
        edit_data(agency, accepted_channels=["pigeon"], online_applications="on"),
    )

    assert response.status_code == 200
    assert "请从列出的申请方式中选择" in response.content.decode()
    agency.refresh_from_db()
    assert agency.accepted_channels == ["in_person"]


def test_ticking_nothing_means_every_channel(admin_client):
    agency = AgencyFactory(accepted_channels=[Channel.IN_PERSON])

    response = admin_client.post(
        f"/admin/agencies/edit/{agency.pk}/", edit_data(agency, online_applications="on")
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.accepted_channels == []
    assert agency.accepted_channel_values() == list(Channel.values)


def test_the_inspect_page_names_the_channels_in_chinese(admin_client):
    agency = AgencyFactory(accepted_channels=[Channel.FAX, Channel.IN_PERSON])
    everything = AgencyFactory(online_applications=False)

    html = admin_client.get(f"/admin/agencies/inspect/{agency.pk}/").content.decode()
    assert "当面提交、传真" in html
    assert "in_person" not in html

    html = admin_client.get(f"/admin/agencies/inspect/{everything.pk}/").content.decode()
    assert "全部方式（当面提交、邮寄（快递、EMS等需签收）、挂号信、平信、传真、电子邮件）" in html
    assert "<dt>接受网上申请</dt><dd>否</dd>" in re.sub(r"\s+", "", html)


def test_the_admin_refuses_a_configuration_that_accepts_nothing(admin_client):
    agency = AgencyFactory()

    response = admin_client.post(
        f"/admin/agencies/edit/{agency.pk}/", edit_data(agency, accepted_channels=["online"])
    )

    assert response.status_code == 200
    assert "请至少受理一种申请方式" in response.content.decode()
    agency.refresh_from_db()
    assert agency.accepted_channels == []
    assert agency.online_applications is True
