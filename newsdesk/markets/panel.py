"""The rendered markets panel, cached until something changes: a new quote, an edit, or a held-back quote's release.

A page view reads two cache keys and no database rows. Writers bump the version after their transaction commits;
a render that raced a write stores its HTML under the old version, so the next view renders again.
"""

from datetime import datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from newsdesk.delivery.versioned import bump_version, current_version

from . import selectors

PANEL_KEY = "markets:panel:v1"
VERSION_KEY = "markets:panel-version:v1"
LATEST_KEY = "markets:latest:v1"


def panel_version_bump() -> None:
    """Mark every cached rendering of the panel out of date."""
    bump_version(VERSION_KEY)


def render_panel(*, now: datetime) -> tuple[str, datetime]:
    """Render the panel from the database; return its HTML and until when it stays correct."""
    panel = selectors.markets_panel(now=now)
    return render_to_string("markets/panel.html", {"panel": panel}), panel.valid_until


def _cached(key: str, build, *, now: datetime):
    """Return the cached result of `build(now=now)` while it is current; build and cache it otherwise."""
    found = cache.get_many([key, VERSION_KEY])
    # Redis down: a version nothing carries, so the panel renders from the database, as every page does meanwhile.
    version = current_version(VERSION_KEY, found=found.get(VERSION_KEY))
    entry = found.get(key)
    # A copy rendered "in the future" (a server whose clock runs ahead) could show a quote before its time.
    if entry and entry["version"] == version and entry["rendered_at"] <= now.timestamp() < entry["valid_until"]:
        return entry["content"]
    content, valid_until = build(now=now)
    ttl = max(1, int(valid_until.timestamp() - now.timestamp()) + 1)
    cache.set(
        key,
        {
            "version": version,
            "rendered_at": now.timestamp(),
            "valid_until": valid_until.timestamp(),
            "content": content,
        },
        timeout=ttl,
    )
    return content


def panel_html(*, now: datetime | None = None) -> str:
    """Return the panel's HTML, rendering it only when the cached copy is out of date."""
    return _cached(PANEL_KEY, render_panel, now=now or timezone.now())


def _latest_payload(*, now: datetime) -> tuple[dict, datetime]:
    panel = selectors.markets_panel(now=now)
    payload = {
        "as_of": now.isoformat(),
        "instruments": [
            {
                "code": row.code,
                "name": row.name,
                "value": str(row.value) if row.value is not None else None,
                "change": str(row.change) if row.change is not None else None,
                "as_of": row.as_of.isoformat() if row.as_of else None,
                "label": row.time_label,
                "demo_data": row.is_demo,
            }
            for row in panel.rows
        ],
    }
    return payload, panel.valid_until


def latest_payload(*, now: datetime | None = None) -> dict:
    """Return the latest displayable value of each instrument, as the JSON API serves it (cached like the panel)."""
    return _cached(LATEST_KEY, _latest_payload, now=now or timezone.now())
