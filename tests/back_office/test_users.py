"""Staff have one 姓名, shown as written: the user screens, the account page and the display."""

import pytest
from django.contrib.auth import get_user_model

from gongkai.backoffice.names import name_as_written
from tests.agencies.factories import StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.mark.parametrize(
    ("first", "last", "written"),
    [
        ("晓燕", "马", "马晓燕"),  # Wagtail's 名 / 姓 fields: family name first
        ("修", "欧阳", "欧阳修"),  # two-character family name
        ("马晓燕", "", "马晓燕"),  # already whole
        ("", "马晓燕", "马晓燕"),
        ("Anna", "Li", "Anna Li"),  # other scripts: given name first, with a space
        ("  晓燕 ", " 马", "马晓燕"),
        ("", "", ""),
    ],
)
def test_name_as_written(first, last, written):
    assert name_as_written(first, last) == written


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="guanliyuan", is_superuser=True))
    return client


def test_a_new_user_has_one_name_field_and_the_name_is_shown_as_written(admin_client):
    form = admin_client.get("/admin/users/new/").content.decode()
    assert 'name="full_name"' in form
    assert 'name="first_name"' not in form and 'name="last_name"' not in form
    assert "姓名" in form

    response = admin_client.post(
        "/admin/users/new/",
        {
            "username": "ouyangxiu",
            "full_name": " 欧阳修 ",
            "email": "",
            "password1": "A-long-enough-passw0rd",
            "password2": "A-long-enough-passw0rd",
        },
    )

    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(username="ouyangxiu")
    assert (user.first_name, user.last_name, user.email) == ("欧阳修", "", "")
    assert user.get_full_name() == "欧阳修"
    assert "欧阳修" in admin_client.get("/admin/users/").content.decode()


def test_the_demo_clerk_without_e_mail_is_savable_in_the_user_form(admin_client):
    clerk = StaffMembershipFactory(
        user=UserFactory(username="yanchi-kjj-clerk", first_name="马晓燕")
    ).user
    edit = f"/admin/users/edit/{clerk.pk}/"

    form = admin_client.get(edit).content.decode()
    assert 'value="马晓燕"' in form

    response = admin_client.post(
        edit, {"username": clerk.username, "full_name": "马晓燕", "email": "", "is_active": "on"}
    )

    assert response.status_code == 302, response.content.decode()
    clerk.refresh_from_db()
    assert (clerk.first_name, clerk.last_name, clerk.is_active) == ("马晓燕", "", True)


def test_a_name_pair_from_before_is_offered_as_written_and_saved_whole(admin_client):
    user = UserFactory(username="maxiaoyan", first_name="晓燕", last_name="马")
    edit = f"/admin/users/edit/{user.pk}/"

    assert 'value="马晓燕"' in admin_client.get(edit).content.decode()
    admin_client.post(edit, {"username": "maxiaoyan", "full_name": "马晓燕", "is_active": "on"})

    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("马晓燕", "")


def test_a_missing_name_is_refused_in_chinese_and_nothing_changes(admin_client):
    user = UserFactory(username="maxiaoyan", first_name="马晓燕")

    response = admin_client.post(
        f"/admin/users/edit/{user.pk}/",
        {"username": "maxiaoyan", "full_name": "  ", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "请填写姓名。" in response.content.decode()
    user.refresh_from_db()
    assert user.first_name == "马晓燕"


def test_staff_change_their_own_name_on_the_account_page(client):
    clerk = StaffMembershipFactory(user=UserFactory(username="maxiaoyan", first_name="马小燕")).user
    client.force_login(clerk)

    page = client.get("/admin/account/").content.decode()
    assert 'name="name_email-full_name"' in page and 'value="马小燕"' in page
    assert 'name="name_email-last_name"' not in page
    # One language and one time zone: no preferences listing hundreds of English zone names.
    assert "Asia/Shanghai" not in page and "America/" not in page

    response = client.post(
        "/admin/account/",
        {
            "name_email-full_name": "马晓燕",
            "name_email-email": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    clerk.refresh_from_db()
    assert (clerk.first_name, clerk.last_name) == ("马晓燕", "")
    # The sidebar greets the user by the name as written.
    assert "马晓燕" in client.get("/admin/").content.decode()
