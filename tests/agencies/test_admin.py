"""Back-office screens for agencies, and the login lockout in front of them."""

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", password="pw-for-tests")
    client.force_login(user)
    return client


def test_agency_list_and_create_in_chinese(admin_client):
    listing = admin_client.get("/admin/agencies/")
    assert listing.status_code == 200
    assert "机关" in listing.content.decode()

    response = admin_client.post(
        "/admin/agencies/new/",
        {"name": "盐池县科学技术局", "slug": "yanchi-kjj", "kind": "government_department"},
    )

    assert response.status_code == 302
    assert Agency.objects.get(slug="yanchi-kjj").name == "盐池县科学技术局"


def test_staff_membership_screen_lists_roles(admin_client):
    response = admin_client.get("/admin/agency_staff/new/")

    assert response.status_code == 200
    assert "公开工作机构负责人" in response.content.decode()


def test_login_is_locked_after_five_failures(client, settings):
    settings.AXES_ENABLED = True
    get_user_model().objects.create_user("clerk", password="right-password", is_staff=True)

    for _ in range(5):
        client.post("/admin/login/", {"username": "clerk", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "clerk", "password": "right-password"})

    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
