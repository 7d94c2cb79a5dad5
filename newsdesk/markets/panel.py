"""The rendered markets panel, cached until something changes: a new quote, an edit, or a held-back quote's release.

A page view reads two cache keys and no database rows. Writers bump the version after their transaction commits;
a render that raced a write stores its HTML under the old version, so the next view renders again.
"""

import uuid
from datetime import datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors

PANEL_KEY = "markets:panel:v1"
VERSION_KEY = "markets:panel-version:v1"


def panel_version_bump() -> None:
    """Mark every cached rendering of the panel out of date."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def render_panel(*, now: datetime) -> tuple[str, datetime]:
    """Render the panel from the database; return its HTML and until when it stays correct."""
    panel = selectors.markets_panel(now=now)
    return render_to_string("markets/panel.html", {"panel": panel}), panel.valid_until


def panel_html(*, now: datetime | None = None) -> str:
    """Return the panel's HTML, rendering it only when the cached copy is out of date."""
    now = now or timezone.now()
    found = cache.get_many([PANEL_KEY, VERSION_KEY])
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    entry = found.get(PANEL_KEY)
    # A copy rendered "in the future" (a server whose clock runs ahead) could show a quote before its time.
    if entry and entry["version"] == version and entry["rendered_at"] <= now.timestamp() < entry["valid_until"]:
        return entry["html"]
    html, valid_until = render_panel(now=now)
    ttl = max(1, int(valid_until.timestamp() - now.timestamp()) + 1)
    cache.set(
        PANEL_KEY,
        {"version": version, "rendered_at": now.timestamp(), "valid_until": valid_until.timestamp(), "html": html},
        timeout=ttl,
    )
    return html
