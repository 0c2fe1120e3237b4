"""Receivers: sign-in events into the audit trail, the session's policy state at login."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gongkai.accounts import policy, services


@receiver(user_logged_in, dispatch_uid="gongkai_accounts_login")
def _logged_in(sender, request, user, **kwargs) -> None:
    if request is None:
        return
    policy.start_session(request, user)
    services.record_login(request, user)


@receiver(user_logged_out, dispatch_uid="gongkai_accounts_logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if request is not None:
        services.record_logout(request, user)


@receiver(user_login_failed, dispatch_uid="gongkai_accounts_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Connected after django-axes' own receiver (INSTALLED_APPS order): a failure that has
    # just reached the limit, or was refused by a lock, is marked on the request by then.
    if request is None:
        return
    username = str(credentials.get("username") or "")
    services.record_login_failed(
        request, username, locked=bool(getattr(request, "axes_locked_out", False))
    )
