"""Template helpers shared by every app: times in the newsroom's time zone, JSON-LD, search highlighting."""

import json
import re
from datetime import UTC, datetime, timedelta

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

register = template.Library()

# Characters that could end a <script> element or start markup inside JSON-LD.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def sast(value: datetime | None) -> str:
    """Format an aware time as the exact time in the newsroom's zone (TIME_ZONE): "28 Nov 2026, 14:05 SAST"."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%b %Y, %H:%M %Z}"


@register.filter
def machine_time(value: datetime | None) -> str:
    """Format a time for <time datetime> and meta tags: UTC to the second, "2026-11-28T12:05:00+00:00".

    Django's "c" format writes microseconds: six fraction digits, where HTML's date-time syntax allows at most
    three, so the Nu checker refuses every such attribute. Whole seconds are all a reader or a crawler needs.
    """
    if value is None:
        return ""
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


@register.filter
def ago(value: datetime | None) -> str:
    """Say how long ago a time was, in words: "2 hours ago"."""
    if value is None:
        return ""
    now = timezone.now()
    if now - value < timedelta(minutes=1):
        return "just now"
    return f"{timesince(value, now, depth=1)} ago"


@register.simple_tag
def jsonld(data: dict) -> SafeString:
    """Render a dict as a schema.org JSON-LD script element."""
    if type(data) is not dict:  # a lazily built mapping (the article page's) passes isinstance but not json
        data = dict(data)
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above


@register.filter
def highlight(text: str, query: str) -> SafeString:
    """Escape text, then wrap the words of the query in <mark>."""
    escaped = escape(text)
    words = sorted({w for w in re.findall(r"\w+", query or "") if len(w) > 1}, key=len, reverse=True)[:10]
    if not words:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile(r"\b(" + "|".join(re.escape(escape(w)) for w in words) + r")", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escaped))  # noqa: S308 - the input was escaped first
