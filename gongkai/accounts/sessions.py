"""Session lifetime: an idle timeout and an absolute lifetime for signed-in users.

Django's ``SESSION_COOKIE_AGE`` alone keeps a session alive for its whole age whatever the
inactivity. ``SessionTimeoutMiddleware`` records when a signed-in session started and when it
was last used, and signs the user out (with an audit event and a message on the login page)
once it has been idle longer than ``GONGKAI_SESSION_IDLE_SECONDS`` or alive longer than
``GONGKAI_SESSION_MAX_SECONDS`` (等保 2.0 三级 身份鉴别 c: 登录连接超时自动退出).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url

STARTED_KEY = "gongkai_session_started"
SEEN_KEY = "gongkai_session_seen"
# The last-seen time is written back at most this often: a page view within it does not
# rewrite the session row (every request of a busy user would otherwise be a database write).
SEEN_RESOLUTION_SECONDS = 30

IDLE_MESSAGE = "您已超过 {minutes} 分钟未操作，为保护账户安全已自动退出登录，请重新登录。"
LIFETIME_MESSAGE = "本次登录已超过 {hours} 小时，为保护账户安全已自动退出登录，请重新登录。"


def session_expiry_reason(session, now: float) -> str | None:
    """ "idle" or "lifetime" when the session has run out at ``now`` (epoch seconds), else None.

    A session without the timestamps (signed in before this middleware ran) counts from now.
    """
    idle = settings.GONGKAI_SESSION_IDLE_SECONDS
    lifetime = settings.GONGKAI_SESSION_MAX_SECONDS
    started = session.get(STARTED_KEY)
    seen = session.get(SEEN_KEY)
    if lifetime and started is not None and now - started > lifetime:
        return "lifetime"
    if idle and seen is not None and now - seen > idle:
        return "idle"
    return None


class SessionTimeoutMiddleware:
    """After ``AuthenticationMiddleware``: end sessions that have run out, stamp the others."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        enabled = settings.GONGKAI_SESSION_IDLE_SECONDS or settings.GONGKAI_SESSION_MAX_SECONDS
        if enabled and user is not None and user.is_authenticated:
            now = time.time()
            reason = session_expiry_reason(request.session, now)
            if reason is not None:
                redirect = self._sign_out(request, reason)
                # The back office sends the user to its login page; the public portal just
                # goes on serving the page, now to an anonymous visitor.
                if request.path.startswith(resolve_url("wagtailadmin_home")):
                    return redirect
                return self.get_response(request)
            session = request.session
            session.setdefault(STARTED_KEY, now)
            if now - session.get(SEEN_KEY, 0) >= SEEN_RESOLUTION_SECONDS:
                session[SEEN_KEY] = now
        return self.get_response(request)

    def _sign_out(self, request, reason: str):
        from gongkai.accounts.services import session_expire

        session_expire(request, reason=reason)
        logout(request)
        if reason == "idle":
            text = IDLE_MESSAGE.format(minutes=settings.GONGKAI_SESSION_IDLE_SECONDS // 60)
        else:
            text = LIFETIME_MESSAGE.format(hours=settings.GONGKAI_SESSION_MAX_SECONDS // 3600)
        messages.warning(request, text)
        login_url = resolve_url(settings.LOGIN_URL)
        if request.method == "GET":
            login_url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(login_url)
