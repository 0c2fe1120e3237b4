"""A small per-IP rate limit on the public forms, kept in Django's cache.

Fixed windows: the count of a client in the current window of ``period`` seconds. Enough to stop
one machine flooding the office with applications or guessing query codes; not a defence
against a botnet (that is the reverse proxy's job). django-ratelimit was not used: it does not
declare support for Django 6, and this is twenty lines.

Limits are settings read at call time, ``(count, seconds)``:

- ``GONGKAI_APPLY_RATE_LIMIT``: new applications per IP, default 5 per hour;
- ``GONGKAI_TRACK_RATE_LIMIT``: progress queries per IP, default 10 per 10 minutes.

The count must be shared by every server process: Redis (``GONGKAI_REDIS_URL``) with several
servers, the cache directory of ``gongkai serve`` on one machine (``GONGKAI_CACHE_DIR``).
With the per-process memory cache of ``make run`` each process counts on its own.
"""

from __future__ import annotations

import contextlib
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
    now = int(time.time())
    window = now // limit.period
    # Hashed: the cache (maybe a shared Redis) need not hold clients' addresses.
    ip = hashlib.sha256((client_ip(request) or "unknown").encode()).hexdigest()[:32]
    seconds_left = limit.period - now % limit.period
    return f"gongkai:ratelimit:{scope}:{window}:{ip}", seconds_left


@dataclass(frozen=True)
class Use:
    """One use of a scope, counted by ``take``. ``retry_after``: None if within the limit,
    else the seconds until the client may try again."""

    key: str
    retry_after: int | None

    @property
    def limited(self) -> bool:
        return self.retry_after is not None


def take(scope: str, request) -> Use:
    """Count one use of ``scope`` by the client, before the work is done, and say whether it
    was within the limit.

    Atomic: ``cache.add`` creates the window's counter at 1, else ``cache.incr`` adds one (both
    single commands on Redis), so requests racing on several servers each get their own count
    and no more than ``count`` of them pass. (Reading the count, working, then recording would
    let every concurrent request pass.)
    """
    limit = limit_for(scope)
    key, seconds_left = _key(scope, request, limit)
    if cache.add(key, 1, timeout=seconds_left + 1):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=seconds_left + 1)
            used = 1
    return Use(key, seconds_left if used > limit.count else None)


def give_back(use: Use) -> None:
    """Uncount a use within the limit whose work did not happen (an application with errors,
    or one already submitted): only what was done counts against the client."""
    if use.limited:
        return
    with contextlib.suppress(ValueError):  # the window is over: nothing left to give back
        cache.decr(use.key)
