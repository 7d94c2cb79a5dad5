"""Edge copies of the whole-page cache: pages kept in Redis as plain bytes that nginx serves without the app.

A cache hit through the app server still costs a Python request (a few thousand a second on two cores); nginx reading
the same Redis answers an order of magnitude more. So, when the page cache lives in Redis, every page the app
stores is also written, as headers and body in one string, under a key nginx can compute from the URL
(`deploy/nginx/pagecache.lua` reads it). Only plain paths without a query string get an edge copy; everything else
stays on the app's own cache.

Purges stay exact, across any number of app servers and nginx hosts sharing the Redis:
- storing checks, inside Redis, that no tag the page carries was purged since its render began, and records the
  page under each tag, in one atomic script;
- purging bumps the tags' versions (which the app's own cache compares) and deletes every edge copy recorded under
  them, in another. Whichever of the two runs first, no stale copy survives.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

from .tags import TAG_KEY

logger = logging.getLogger(__name__)

# Paths nginx looks up as they are: what Wagtail's slugs and the site's fixed URLs are made of.
EDGE_PATH = re.compile(r"^/[A-Za-z0-9/_.\-]*$")
MAX_TAGS = 200  # a page with more tags than this is left to the app's own cache

_STORE = """
-- KEYS[1]: the edge key; KEYS[2..]: tag version keys. ARGV: render start (ns), ttl (s), value, member-set prefix.
local started = ARGV[1]
for i = 2, #KEYS do
  local version = redis.call('GET', KEYS[i])
  -- Versions are decimal nanosecond times: compare as digit strings (Lua numbers lose precision at 1e18).
  if version and (#version > #started or (#version == #started and version >= started)) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[3], 'EX', tonumber(ARGV[2]))
for i = 2, #KEYS do
  local members = ARGV[4] .. KEYS[i]
  redis.call('SADD', members, KEYS[1])
  -- The record of a tag's pages lives as long as its longest-lived page (TTL -1, a new set, counts as shorter).
  if redis.call('TTL', members) < tonumber(ARGV[2]) then
    redis.call('EXPIRE', members, tonumber(ARGV[2]))
  end
end
return 1
"""

_PURGE = """
-- KEYS: tag version keys. ARGV: the new version (ns), member-set prefix.
local gone = 0
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1])
  local members = ARGV[2] .. KEYS[i]
  local pages = redis.call('SMEMBERS', members)
  for j = 1, #pages, 500 do
    gone = gone + redis.call('DEL', unpack(pages, j, math.min(j + 499, #pages)))
  end
  redis.call('DEL', members)
end
return gone
"""

_scripts: dict[int, tuple] = {}


def enabled() -> bool:
    """Whether pages get edge copies: on when the default cache is Redis, unless settings turn it off."""
    config = getattr(settings, "NEWSDESK_PAGE_CACHE", {})
    return bool(config.get("EDGE", True)) and hasattr(cache, "_cache") and hasattr(cache._cache, "get_client")


def prefix() -> str:
    """Return the key prefix nginx puts before the path (deploy/nginx/pagecache.lua's `prefix`)."""
    return settings.NEWSDESK_EDGE_CACHE_PREFIX


def edge_key(path: str) -> str | None:
    """Return the edge key for a request path, or None when nginx would not look this path up."""
    if not EDGE_PATH.match(path) or "//" in path or "/." in path:
        return None
    return prefix() + path


def _client():
    """Return a redis-py client of the default cache (the Redis every app server and nginx share)."""
    return cache._cache.get_client(None, write=True)


def _client_and_scripts():
    client = _client()
    found = _scripts.get(id(client))
    if found is None:
        found = (client.register_script(_STORE), client.register_script(_PURGE))
        _scripts.clear()
        _scripts[id(client)] = found
    return client, found


def _members_prefix() -> str:
    return prefix() + "@tag:"


def _version_key(tag: str) -> str:
    return cache.make_and_validate_key(TAG_KEY.format(tag=tag))


def encode(headers: dict[str, str], body: bytes) -> bytes:
    """Join headers and body the way pagecache.lua splits them: `Name: value` lines, a blank line, the body."""
    head = "".join(f"{name}: {value}\n" for name, value in headers.items() if "\n" not in value and "\r" not in value)
    return head.encode("latin-1") + b"\n" + body


def _resilient(operation: str, call, default):
    # Through the cache's own guard: a Redis outage is logged once a minute (delivery/cache.py), not per request.
    guard = getattr(cache, "_guard", None)
    return guard(operation, call, default) if guard else call()


def store(
    *, path: str, tags: Iterable[str], started_at: int, timeout: int, headers: dict, body: bytes, private: bool = False
) -> bool:
    """Keep an edge copy of a page unless one of its tags was purged after `started_at`; return whether it was kept.

    `private`: `path` names a private copy (`private_key`), which nginx serves only to the sessions `remember_session`
    vouched for, never by its address."""
    key = private_key(path) if private else edge_key(path)
    tags = sorted(set(tags))
    if key is None or len(tags) > MAX_TAGS:
        return False
    keys = [key, *(_version_key(tag) for tag in tags)]
    args = [str(started_at), str(int(timeout)), encode(headers, body), _members_prefix()]
    return bool(_resilient("edge store", lambda: _client_and_scripts()[1][0](keys=keys, args=args), 0))


def purge(tags: Iterable[str], *, token: int) -> int:
    """Bump these tags' versions to `token` and delete every edge copy that carries them; return how many went."""
    tags = sorted(set(tags))
    if not tags:
        return 0
    keys = [_version_key(tag) for tag in tags]
    args = [str(token), _members_prefix()]
    # Redis down: nothing can be served from it (by nginx or the app) until it is back, so there is nothing to purge.
    return int(_resilient("edge purge", lambda: _client_and_scripts()[1][1](keys=keys, args=args), 0))


# Private copies: what every reader entitled to it gets (a premium article's full body), which nginx serves only to a
# session the app vouched for (deploy/nginx/pagecache.lua, serve_private_body). Their keys cannot be a request path.
PRIVATE_PREFIX = "@"
SESSION_RECORD = "@reader:"
SESSION_SECONDS = 60  # also the longest a session signed out elsewhere, or whose password changed, is still served


def private_key(name: str) -> str:
    """Return the edge key of a private copy called `name` (no path starts with "@")."""
    return prefix() + PRIVATE_PREFIX + name


def _session_key(session_key: str) -> str:
    return prefix() + SESSION_RECORD + base64.b64encode(hashlib.sha1(session_key.encode()).digest()).decode()  # noqa: S324 - a lookup key, as nginx computes it


def remember_session(*, session_key: str, version_key: str, version: int, until: float | None) -> None:
    """Vouch for a signed-in session at the edge: its reader is entitled while `version_key` (a raw cache key) still
    holds `version` and, when given, until `until` (epoch seconds); for SESSION_SECONDS at most."""
    value = f"{version_key}\n{version}\n{until or 0:.3f}\n"
    _resilient("edge session", lambda: _client().set(_session_key(session_key), value, ex=SESSION_SECONDS), None)


def forget_session(*, session_key: str) -> None:
    """Stop vouching for a session (it signed out)."""
    _resilient("edge session", lambda: _client().delete(_session_key(session_key)), None)
