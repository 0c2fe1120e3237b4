"""A limit on failed sign-ins per client address, in front of django-axes' per-account lock.

django-axes locks an account after ``AXES_FAILURE_LIMIT`` failures whatever the addresses
they came from (``AXES_LOCKOUT_PARAMETERS = ["username"]``). One address trying many accounts
is stopped here: after ``GONGKAI_LOGIN_IP_FAILURE_LIMIT`` failures from it within the cool-off
period every sign-in from it is refused with the lockout page. The count is read from axes'
own records (``AccessAttempt``, one row per account, address and browser), so several app
servers share it through the database.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum


def failures_from(ip_address: str | None, since) -> int:
    """Failed sign-ins from ``ip_address`` since ``since`` (the cool-off's start; all accounts)."""
    if not ip_address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class ClientAddressLimitBackend:
    """After axes' backend (which stamps the request) in ``AUTHENTICATION_BACKENDS``: refuses every sign-in from an address over the limit.

    Authenticates nobody: returns None to let the next backend decide, or raises
    ``PermissionDenied`` (which stops ``authenticate``) with the request marked for the
    lockout page. No ``get_user``: it never holds a session (Django's test client's
    ``force_login`` picks the first backend that has one).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        limit = settings.GONGKAI_LOGIN_IP_FAILURE_LIMIT
        # AXES_ENABLED: django-axes' switch (its default applies when settings lack it).
        if request is None or not getattr(settings, "AXES_ENABLED", True) or not limit:
            return None
        since = get_cool_off_threshold(request)
        if failures_from(get_client_ip_address(request), since) >= limit:
            request.axes_locked_out = True
            raise PermissionDenied("too many failed sign-ins from this address")
        return None
