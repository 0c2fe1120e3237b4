"""What a signed-in back-office user must do before working: second factor, new password.

At sign-in (``start_session``) the session records what the account's policy asks of it:

- a second factor: required for administrators (``gongkai.backoffice.roles.is_administrator``)
  when ``GONGKAI_OTP_REQUIRED_FOR_ADMINS`` is on, and for anyone who has set one up;
- a new password: the 等保 profile's periodic change (``GONGKAI_PASSWORD_MAX_AGE_DAYS``).

``AccountPolicyMiddleware`` then sends every back-office request to the verification,
enrolment or password page until that is done. The state is kept in the session, so an
ordinary page view costs no query for it.
"""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import PasswordHistory
from gongkai.accounts.sessions import SEEN_KEY, STARTED_KEY
from gongkai.backoffice.roles import is_administrator

POLICY_KEY = "gongkai_account_policy"
OTP_VERIFY, OTP_ENROL = "verify", "enrol"


def password_changed_at(user) -> datetime.datetime:
    """When ``user``'s password was last set (the account's creation if never recorded)."""
    latest = PasswordHistory.objects.for_user(user).values_list("changed_at", flat=True).first()
    return latest or user.date_joined


def password_expired(user, now: datetime.datetime | None = None) -> bool:
    max_age = settings.GONGKAI_PASSWORD_MAX_AGE_DAYS
    if not max_age or not user.has_usable_password():
        return False
    now = now or timezone.now()
    return now - password_changed_at(user) > datetime.timedelta(days=max_age)


def otp_requirement(user) -> str:
    """OTP_VERIFY (has an authenticator), OTP_ENROL (must set one up) or "" (none needed)."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return OTP_VERIFY
    if settings.GONGKAI_OTP_REQUIRED_FOR_ADMINS and is_administrator(user):
        return OTP_ENROL
    return ""


def policy_state(user) -> dict:
    return {"otp": otp_requirement(user), "password_expired": password_expired(user)}


def start_session(request, user) -> None:
    """At sign-in: the session's start time and what the policy asks of it."""
    now = time.time()
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now
    request.session[POLICY_KEY] = policy_state(user)


def password_renewed(request) -> None:
    state = dict(request.session.get(POLICY_KEY) or policy_state(request.user))
    state["password_expired"] = False
    request.session[POLICY_KEY] = state


def otp_enrolled(request) -> None:
    state = dict(request.session.get(POLICY_KEY) or {})
    state["otp"] = OTP_VERIFY
    state.setdefault("password_expired", password_expired(request.user))
    request.session[POLICY_KEY] = state


def _exempt_paths() -> tuple[str, ...]:
    return (
        resolve_url("wagtailadmin_login"),
        resolve_url("wagtailadmin_logout"),
        reverse("accounts_self_service_prefix"),
    )


class AccountPolicyMiddleware:
    """After ``OTPMiddleware``: hold back-office requests until the policy is satisfied."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self._required_step(request)
        return redirect or self.get_response(request)

    def _required_step(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not request.path.startswith(resolve_url("wagtailadmin_home")):
            return None
        if request.path.startswith(_exempt_paths()):
            return None
        state = request.session.get(POLICY_KEY)
        if state is None:
            state = request.session[POLICY_KEY] = policy_state(user)
        if state.get("otp") and not user.is_verified():
            name = "accounts_otp_verify" if state["otp"] == OTP_VERIFY else "accounts_otp_enrol"
            return HttpResponseRedirect(reverse(name))
        if state.get("password_expired"):
            return HttpResponseRedirect(reverse("accounts_password_change"))
        return None
