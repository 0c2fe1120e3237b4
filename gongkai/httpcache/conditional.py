"""ETags, Last-Modified and Cache-Control for the public pages, and the 304 that saves the render.

A view computes its validator from what the page shows — cheaply, before rendering — and asks
``not_modified``; a client holding the same version gets 304 Not Modified and nothing is
rendered. Otherwise the view renders and ``finish`` puts the headers on the response.

What may be cached where:

- ``PUBLIC_REVALIDATE`` (``public, no-cache``): pages everyone sees alike, without a form — a
  browser or proxy may keep them but asks each time (a publication shows at once).
- ``PUBLIC_SHORT`` (``public, max-age=60``): published annual reports and their files, which
  change only by a correction; it reaches readers within a minute.
- ``PRIVATE_REVALIDATE`` (``private, no-cache``): pages with a form. The CSRF token in the form
  belongs to the client's CSRF cookie, so the ETag includes that cookie's secret: a client with
  another cookie (a new one after logging in) never gets a 304 for a page holding the old token.
  Only the browser itself may keep them.

``finish`` downgrades a response that sets a cookie to ``private``, so no shared cache ever holds
a session or CSRF cookie. Pages with personal data (receipt, progress, letters) are never cached
at all (``never_cache``), and never use this module.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import importlib.metadata
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

PUBLIC_REVALIDATE = {"public": True, "no_cache": True}
PUBLIC_SHORT = {"public": True, "max_age": 60}
PRIVATE_REVALIDATE = {"private": True, "no_cache": True}

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_RELEASE_SUFFIXES = {".py", ".html", ".json", ".css", ".js", ".txt", ".mo"}


@functools.cache
def release() -> str:
    """A fingerprint of the code that renders the pages: Gongkai's files, Django's and Wagtail's
    versions. An upgrade changes every ETag (the same data may render differently), so no
    client keeps a page of the old release. Computed once per process (about 10 ms)."""
    digest = hashlib.sha256()
    for package in ("django", "wagtail"):
        digest.update(f"{package}={importlib.metadata.version(package)};".encode())
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if path.suffix in _RELEASE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def etag(*parts: object) -> str:
    """A strong ETag (quoted) of the release and ``parts`` (what the page shows depends on)."""
    digest = hashlib.sha256(release().encode())
    for part in parts:
        digest.update(b"\x1f")
        digest.update(str(part).encode())
    return f'"{digest.hexdigest()[:32]}"'


def csrf_secret(request: HttpRequest) -> str | None:
    """The client's CSRF secret as the CSRF middleware read it from the cookie, or (after a
    form rendered ``{% csrf_token %}``) the one the response will set; None before either."""
    return request.META.get("CSRF_COOKIE")


def not_modified(
    request: HttpRequest,
    etag_value: str | None,
    *,
    last_modified: datetime.datetime | None = None,
    cache_control: dict,
) -> HttpResponse | None:
    """A 304 (or 412) response if the client's copy is current, else None (render the page).

    Only for GET and HEAD; ``etag_value`` None means "cannot tell" (render).
    """
    if request.method not in ("GET", "HEAD") or etag_value is None:
        return None
    response = get_conditional_response(
        request,
        etag=etag_value,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
    )
    if response is not None:
        _set_headers(response, etag_value, last_modified, cache_control)
    return response


def finish(
    response: HttpResponse,
    etag_value: str | None,
    *,
    last_modified: datetime.datetime | None = None,
    cache_control: dict,
) -> HttpResponse:
    """Put the validators and Cache-Control on a rendered 200 response (others untouched)."""
    if response.status_code != 200 or etag_value is None:
        return response
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    _set_headers(response, etag_value, last_modified, cache_control)
    return response


def _set_headers(
    response: HttpResponse,
    etag_value: str,
    last_modified: datetime.datetime | None,
    cache_control: dict,
) -> None:
    response["ETag"] = etag_value
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    directives = dict(cache_control)
    if response.cookies and directives.pop("public", False):
        # A response that sets a cookie (session, CSRF) must never land in a shared cache.
        directives["private"] = True
    patch_cache_control(response, **directives)
