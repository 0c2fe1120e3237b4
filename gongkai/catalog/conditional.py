"""Conditional GET of the catalogue's machine-readable outputs: the feeds, the API, the sitemap.

Each response carries ``ETag: etag(kind, public version, host, path and query)``,
``Last-Modified`` (the last change Wagtail logged on any page) and ``Cache-Control: public,
no-cache``. Publishing or withdrawing an item bumps the public version
(``gongkai.portal.caching``) and logs the change, so both validators move and no client keeps a
304 for what is no longer current.

A client sending ``If-None-Match`` with the current tag gets its 304 before anything is read from
the database (the tag is made only of the cached version and the request): it can only hold that
tag from a 200 of the same version. ``If-Modified-Since`` alone is answered after the view ran,
so a 304 never stands for a resource that does not exist (404) or a bad request (400).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from wagtail.models import PageLogEntry

from gongkai.httpcache.conditional import PUBLIC_REVALIDATE, etag, finish, not_modified
from gongkai.httpcache.version import public_version


def last_changed() -> datetime.datetime | None:
    """When Wagtail last logged a change of a page (publish, unpublish, move, delete): one
    indexed aggregate. A draft saved also counts, which only costs a client one full answer."""
    return PageLogEntry.objects.aggregate(latest=Max("timestamp"))["latest"]


def output_etag(kind: str, request: HttpRequest) -> str:
    return etag(kind, public_version(), request.get_host(), request.get_full_path())


def conditional_output(kind: str) -> Callable[[Callable[..., HttpResponse]], Callable]:
    """Decorate a public GET view of the catalogue (see the module docstring)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            tag = output_etag(kind, request)
            if "HTTP_IF_NONE_MATCH" in request.META:
                early = not_modified(request, tag, cache_control=PUBLIC_REVALIDATE)
                if early is not None:
                    return early
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            changed = last_changed()
            late = not_modified(
                request, tag, last_modified=changed, cache_control=PUBLIC_REVALIDATE
            )
            if late is not None:
                return late
            return finish(response, tag, last_modified=changed, cache_control=PUBLIC_REVALIDATE)

        return wrapped

    return decorator
