"""Accounts tests: a clerk and a superuser who sign in through the real login form."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import StaffRole
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory

PASSWORD = "Yc-Kjj-2026-Secure"


@pytest.fixture
def agency(db):
    return AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")


@pytest.fixture
def clerk(agency):
    user = UserFactory(username="maxiaoyan", first_name="马晓燕")
    user.set_password(PASSWORD)
    user.save()
    StaffMembershipFactory(user=user, agency=agency, role=StaffRole.CLERK)
    return user


@pytest.fixture
def superuser(db):
    user = UserFactory(username="guanliyuan", first_name="管理员", is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)
