"""Refused requests into the audit trail (等保 安全审计: 对访问控制失败的记录).

Two shapes of refusal: a 403 response (``PermissionDenied`` outside Wagtail, a CSRF failure),
and Wagtail's own: its admin views catch ``PermissionDenied`` and redirect to the dashboard with
the message "Sorry, you do not have permission to access this area." (or to the login page with
"You do not have permission to access the admin."). That message, queued on the request, is
how such a refusal is recognised.
"""

from __future__ import annotations

from django.contrib.messages import ERROR
from django.shortcuts import resolve_url
from django.utils.translation import gettext

from gongkai.accounts.services import record_access_denied

# Wagtail's msgids (wagtail.admin.auth); compared after translation into the active language.
WAGTAIL_DENIED_MESSAGES = (
    "Sorry, you do not have permission to access this area.",
    "You do not have permission to access the admin.",
)


def _wagtail_refused(request) -> bool:
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None) or []
    denied = {gettext(text) for text in WAGTAIL_DENIED_MESSAGES}
    # Wagtail renders its messages through a template: the text is inside some markup.
    return any(
        message.level == ERROR and any(text in str(message.message) for text in denied)
        for message in queued
    )


class AccessDeniedAuditMiddleware:
    """After ``MessageMiddleware``: one ``ACCESS_DENIED`` event per refused request.

    Refusals of the back office, and of any request by a signed-in user; the public portal's
    own 403s to anonymous visitors (a form of an agency that takes no online applications)
    are answers of the portal, not access-control failures.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if not (
            request.path.startswith(resolve_url("wagtailadmin_home"))
            or (user is not None and user.is_authenticated)
        ):
            return response
        if response.status_code == 403:
            record_access_denied(request, status=403)
        elif response.status_code in (301, 302) and _wagtail_refused(request):
            record_access_denied(request, status=response.status_code)
        return response
