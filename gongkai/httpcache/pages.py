"""Conditional GET of Wagtail pages everyone sees alike: the ETag, the 304, the page mixin.

A portal page (no view restriction; no form, no per-user content) carries ``ETag:
etag("portal-page", public version, host, path)`` and ``Cache-Control: public, no-cache``. The
ETag depends on nothing the database must be asked about, so ``PortalNotModifiedMiddleware``
answers a client that holds the current one with 304 before Wagtail routes the request (no query,
no session). What bumps the public version is the portal's business (``gongkai.portal.caching``).

A page that has (or gets) a view restriction never carries such an ETag, and adding the
restriction bumps the version, so no client keeps a 304 for it.
"""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.models import PageViewRestriction

from gongkai.httpcache.conditional import PUBLIC_REVALIDATE, etag, finish, not_modified
from gongkai.httpcache.version import public_version


def page_etag(request: HttpRequest) -> str:
    return etag("portal-page", public_version(), request.get_host(), request.get_full_path())


class PortalNotModifiedMiddleware:
    """304 for a conditional GET of a portal page whose ETag is still current; else on.

    Only requests with ``If-None-Match`` pay anything (one cache read). A tag of another kind
    of page never matches: the portal tag is namespaced.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and "HTTP_IF_NONE_MATCH" in request.META:
            response = not_modified(request, page_etag(request), cache_control=PUBLIC_REVALIDATE)
            if response is not None and response.status_code == 304:
                return response
        return self.get_response(request)


class ConditionalPageMixin:
    """For page models: the served page carries the portal ETag unless it is restricted."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)  # type: ignore[misc]
        if self._maybe_restricted():
            return response
        return finish(response, page_etag(request), cache_control=PUBLIC_REVALIDATE)

    def _maybe_restricted(self) -> bool:
        """Whether a view restriction applies (on the page or an ancestor), in one query.

        Wagtail's ``get_view_restrictions`` takes two; the ancestors' paths are prefixes of the
        page's own. An alias (restricted like its original) is treated as restricted.
        """
        if self.alias_of_id:  # type: ignore[attr-defined]
            return True
        path, step = self.path, self.steplen  # type: ignore[attr-defined]
        prefixes = [path[:end] for end in range(step, len(path) + 1, step)]
        return PageViewRestriction.objects.filter(page__path__in=prefixes).exists()
