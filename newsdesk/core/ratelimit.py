"""Fixed-window rate limits in the shared cache (Redis when REDIS_URL is set), and the client's IP address.

Every write endpoint (votes, comments, complaints, sign-up, the push API) counts through `allow()`, so one
store and one notion of "the client" serve the whole site.
"""

import functools
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """Return the client's IP: REMOTE_ADDR, or the configured trusted proxy header when one is set.

    NEWSDESK_TRUSTED_PROXY_COUNT is how many proxies we run in front of the app; the address they saw is that
    many entries from the right of X-Forwarded-For. Anything further left is client-supplied and untrusted.
    """
    proxies = getattr(settings, "NEWSDESK_TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - a placeholder, never bound
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return "0.0.0.0"  # noqa: S104 - unparseable addresses share one bucket


@functools.lru_cache(maxsize=65536)  # parsed on every rate-limited write; the same addresses come back
def ip_network_key(ip: str) -> str:
    """Return the /24 (IPv4) or /64 (IPv6) network of an address, for limits on whole networks."""
    address = ipaddress.ip_address(ip)
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


# When the shared store is down, each process counts on its own: a looser limit (per process, not per site)
# but never none at all.
_local = LocMemCache("newsdesk-ratelimit-fallback", {"MAX_ENTRIES": 10000})


def _count(store, cache_key: str, window: int) -> int:
    """Count one hit in a store without Redis's counting script (the local fallback, or a cache without Redis)."""
    store.add(cache_key, 0, timeout=window + 1)
    try:
        return store.incr(cache_key)
    except ValueError:  # the key expired between add and incr: this is the first hit of a new window
        store.set(cache_key, 1, timeout=window + 1)
        return 1


def _cache_key(scope: str, key: str, window: int) -> str:
    return f"rl:{scope}:{key}:{int(time.time() // window)}"


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit for `key` in `scope`; return False once `limit` hits have been counted in this window."""
    return first_refused([(scope, key, limit)], window=window) is None


def over(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Return whether `key` has had `limit` hits or more in `scope` this window, without counting one."""
    cache_key = _cache_key(scope, key, window)
    try:
        count = cache.get(cache_key)
    except Exception:  # the shared store is down
        count = None
    if count is None:  # nothing in the shared store: what was counted locally while it was down, if anything
        count = _local.get(cache_key)
    return int(count or 0) >= limit


def first_refused(hits: list[tuple[str, str, int]], *, window: int) -> int | None:
    """Count one hit for each (scope, key, limit) in `hits`; return the index of the first over its limit, or None.

    Every hit is counted, as separate `allow()` calls would count them, but in one round trip to Redis.
    """
    cache_keys = [_cache_key(scope, key, window) for scope, key, _limit in hits]
    try:
        if hasattr(cache, "incr_many_in_window"):  # Redis
            counts = cache.incr_many_in_window(cache_keys, timeout=window + 1)
        else:
            counts = [_count(cache, cache_key, window) for cache_key in cache_keys]
    except Exception:  # the shared store is down (logged by the cache backend): count locally instead
        counts = [_count(_local, cache_key, window) for cache_key in cache_keys]
    return next((i for i, (count, hit) in enumerate(zip(counts, hits, strict=True)) if count > hit[2]), None)
