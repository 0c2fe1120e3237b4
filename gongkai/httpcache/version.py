"""The version of the public content: one counter, bumped by every change the public could see.

A portal page's ETag is made of this version (and what else the page depends on: the request's
CSRF secret, the code's release), so a 304 costs one cache read and no query. The portal
connects the receivers that bump it (``gongkai.portal.apps``): a page published, unpublished,
moved or deleted, a view restriction, a site, an agency or an annual report saved or deleted.

The counter lives in Django's cache, shared by every server process (Redis, or the directory
``GONGKAI_CACHE_DIR`` on one machine): a change made through one process is seen by all. After
an eviction it starts again from the clock, never from a value already handed out.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

VERSION_CACHE_KEY = "gongkai:public:content-version"


def public_version() -> int:
    """The current version of the public content."""
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        cache.add(VERSION_CACHE_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_CACHE_KEY)
    return int(version) if version is not None else time.time_ns()


def _bump() -> None:
    try:
        cache.incr(VERSION_CACHE_KEY)
    except ValueError:  # missing (never read yet, or evicted)
        cache.set(VERSION_CACHE_KEY, time.time_ns(), timeout=None)


def public_version_bump() -> None:
    """Mark every public page changed: now, and again when the current transaction commits.

    Now: a request that starts before the commit must not keep the old version with the new
    content. Again after the commit: a request between the first bump and the commit rendered
    the old content under the new version.
    """
    _bump()
    transaction.on_commit(_bump)
