"""Conditional GET of the portal's Wagtail pages, and what makes their ETags change.

A portal page everyone sees alike (no view restriction; no form, no per-user content) carries
``ETag: etag("portal-page", public version, host, path)`` and ``Cache-Control: public,
no-cache``. The ETag depends on nothing the database must be asked about, so
``PortalNotModifiedMiddleware`` answers a client that holds the current one with 304 before
Wagtail routes the request (no query, no session). Every change the public could see bumps the
public version (``gongkai.httpcache.version``): the receivers below, connected in
``PortalConfig.ready``.

A page that has (or gets) a view restriction never carries such an ETag, and adding the
restriction bumps the version, so no client keeps a 304 for it.
"""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.models import Page, PageViewRestriction, Site

from gongkai.agencies.models import Agency
from gongkai.httpcache.conditional import PUBLIC_REVALIDATE, etag, finish, not_modified
from gongkai.httpcache.version import public_version, public_version_bump
from gongkai.reports.models import AnnualReport

# Saving or deleting one of these can change what a public page shows. Every Page save counts
# (a draft changes nothing public, but a page saved directly does, and saves are rare).
PUBLIC_MODELS = (Page, PageViewRestriction, Site, Agency, AnnualReport)


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


def bump_on_save(sender, instance, **kwargs) -> None:
    if isinstance(instance, PUBLIC_MODELS):
        public_version_bump()


def bump_on_page_signal(sender, **kwargs) -> None:
    public_version_bump()
