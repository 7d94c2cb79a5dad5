"""Decide whether a beacon is counted, and reduce what it says to what readership keeps.

A beacon carries the page's id, the referring host (the page's script sends only `location.hostname` of
`document.referrer`, never the address) and whether the page was opened from the newsletter. The reader is known
only by `reader_hash`: HMAC-SHA1 keyed with the day's secret salt over the IP network (/24 IPv4, /48 IPv6), the user
agent and the site, as Plausible does. deploy/nginx/readership.lua makes the same hash from the same salt, so a
reader counted by nginx and by the app is one reader.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass

from crawleruseragents import is_crawler

from .models import ReferrerKind

MAX_PAGE_ID = 2_147_483_647
MAX_HOST_LENGTH = 100
HOST_RE = re.compile(r"^[a-z0-9.-]{1,100}$")
# Hosts whose visitors came from a search engine or a social network, by the registrable name's first label, e.g.
# google.co.za, www.bing.com, m.facebook.com, t.co. Anything else outside the site is "other".
SEARCH_NAMES = frozenset({"google", "bing", "duckduckgo", "yahoo", "yandex", "baidu", "ecosia", "qwant", "brave"})
SOCIAL_HOSTS = frozenset({"t.co", "lnkd.in", "wa.me", "youtu.be"})
SOCIAL_NAMES = frozenset(
    {
        "facebook",
        "instagram",
        "twitter",
        "x",
        "linkedin",
        "reddit",
        "whatsapp",
        "tiktok",
        "threads",
        "bsky",
        "mastodon",
        "pinterest",
        "youtube",
        "telegram",
    }
)
NEWSLETTER_HOSTS_PREFIXES = ("mail.", "outlook.")


@dataclass(frozen=True)
class View:
    """One counted page view, as readership stores it."""

    page_id: int
    kind: str
    host: str
    reader: str  # the day's hash, or "" for a reader who asked not to be tracked (Sec-GPC)
    at: dt.datetime


@functools.lru_cache(maxsize=4096)  # a few browsers' user agents make most beacons; the list has 600 patterns
def is_bot(user_agent: str) -> bool:
    """Say whether a user agent is a known crawler (or empty, as scripted clients' often are)."""
    return not user_agent.strip() or is_crawler(user_agent)


def is_speculative(headers) -> bool:
    """Say whether the browser asked only to prefetch or prerender: nobody has seen the page yet."""
    purpose = f"{headers.get('Sec-Purpose', '')} {headers.get('Purpose', '')} {headers.get('X-Moz', '')}".lower()
    return "prefetch" in purpose or "prerender" in purpose


def declines_tracking(headers) -> bool:
    """Say whether the browser sends Global Privacy Control: counted as a view, never hashed (docs/readership.md)."""
    return headers.get("Sec-GPC", "").strip() == "1"


@functools.lru_cache(maxsize=65536)
def ip_network(ip: str) -> str:
    """Return the reader's network: the /24 of an IPv4 address, the /48 of an IPv6 one."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "0.0.0.0/24"
    if address.version == 6 and address.ipv4_mapped:  # an IPv4 reader seen through a dual-stack socket
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def reader_hash(*, salt: str, ip: str, user_agent: str, site: str) -> str:
    """Return the day's pseudonym of a reader: without that day's salt it cannot be made again or reversed."""
    message = f"{ip_network(ip)}|{user_agent}|{site}".encode()
    return hmac.new(salt.encode(), message, hashlib.sha1).hexdigest()[:32]


def clean_host(value: str) -> str:
    """Return a referring host as kept: lower case, no port, no www., at most 100 characters; else ""."""
    host = value.strip().lower().split(":")[0].removeprefix("www.")
    return host if HOST_RE.match(host) else ""


def referrer_kind(*, host: str, site: str, newsletter: bool) -> str:
    """Return where a reader came from: search, social, newsletter, internal, other or direct."""
    if newsletter:
        return ReferrerKind.NEWSLETTER
    if not host:
        return ReferrerKind.DIRECT
    if host == clean_host(site):
        return ReferrerKind.INTERNAL
    labels = host.split(".")
    if host in SOCIAL_HOSTS or SOCIAL_NAMES & set(labels[:-1]):
        return ReferrerKind.SOCIAL
    if SEARCH_NAMES & set(labels[:-1]):
        return ReferrerKind.SEARCH
    if host.startswith(NEWSLETTER_HOSTS_PREFIXES):
        return ReferrerKind.NEWSLETTER
    return ReferrerKind.OTHER


def page_id_from(value: str) -> int | None:
    """Return the page id a beacon names, or None for anything that is not one."""
    if not value.isdigit() or len(value) > 10:
        return None
    page_id = int(value)
    return page_id if 0 < page_id <= MAX_PAGE_ID else None
