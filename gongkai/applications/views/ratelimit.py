"""A small per-IP rate limit on the public forms, kept in Django's cache.

Fixed windows: the count of a client in the current window of ``period`` seconds. Enough to stop
one machine flooding the office with applications or guessing query codes; not a defence
against a botnet (that is the reverse proxy's job). django-ratelimit was not used: it does not
declare support for Django 6, and this is twenty lines.

Limits are settings read at call time, ``(count, seconds)``:

- ``GONGKAI_APPLY_RATE_LIMIT``: new applications per IP, default 5 per hour;
- ``GONGKAI_TRACK_RATE_LIMIT``: progress queries per IP, default 10 per 10 minutes.

With the default per-process memory cache each server process counts on its own; a deployment
with several processes points ``CACHES`` at Redis or Memcached to share the count.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from gongkai.audit.services import client_ip

DEFAULTS: dict[str, tuple[int, int]] = {
    "apply": (5, 60 * 60),
    "track": (10, 10 * 60),
}
SETTINGS = {
    "apply": "GONGKAI_APPLY_RATE_LIMIT",
    "track": "GONGKAI_TRACK_RATE_LIMIT",
}


@dataclass(frozen=True)
class Limit:
    count: int
    period: int  # seconds

    @property
    def description(self) -> str:
        """The limit in words, e.g. "每小时 5 次" / "每 10 分钟 10 次"."""
        if self.period % 3600 == 0:
            hours = self.period // 3600
            unit = "每小时" if hours == 1 else f"每 {hours} 小时"
        elif self.period % 60 == 0:
            minutes = self.period // 60
            unit = "每分钟" if minutes == 1 else f"每 {minutes} 分钟"
        else:
            unit = f"每 {self.period} 秒"
        return f"{unit} {self.count} 次"


def limit_for(scope: str) -> Limit:
    count, period = getattr(settings, SETTINGS[scope], DEFAULTS[scope])
    return Limit(int(count), int(period))


def _key(scope: str, request, limit: Limit) -> tuple[str, int]:
    window = int(time.time()) // limit.period
    # Hashed: the cache (maybe a shared Redis) need not hold clients' addresses.
    ip = hashlib.sha256((client_ip(request) or "unknown").encode()).hexdigest()[:32]
    seconds_left = limit.period - int(time.time()) % limit.period
    return f"gongkai:ratelimit:{scope}:{window}:{ip}", seconds_left


def is_limited(scope: str, request) -> int | None:
    """Seconds until the client may try again if it has used up ``scope``, else None."""
    limit = limit_for(scope)
    key, seconds_left = _key(scope, request, limit)
    return seconds_left if cache.get(key, 0) >= limit.count else None


def record(scope: str, request) -> None:
    """Count one use of ``scope`` by the client."""
    limit = limit_for(scope)
    key, seconds_left = _key(scope, request, limit)
    if not cache.add(key, 1, timeout=seconds_left + 1):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=seconds_left + 1)
