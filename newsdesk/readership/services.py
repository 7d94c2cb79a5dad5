"""Count one page view (the beacon's one write)."""

from __future__ import annotations

import datetime as dt

from .counting import (
    View,
    clean_host,
    declines_tracking,
    is_bot,
    is_speculative,
    page_id_from,
    reader_hash,
    referrer_kind,
)
from .stores import current_store


def view_count(
    *, page: str, referrer_host: str, newsletter: bool, ip: str, user_agent: str, site: str, headers, at: dt.datetime
) -> View | None:
    """Count a beacon's page view and return it; return None (counting nothing) for a bot, a prefetch or a bad id."""
    page_id = page_id_from(page)
    if page_id is None or is_bot(user_agent) or is_speculative(headers):
        return None
    store = current_store()
    host = clean_host(referrer_host)
    reader = ""
    if not declines_tracking(headers):
        reader = reader_hash(salt=store.salt(at), ip=ip, user_agent=user_agent, site=clean_host(site))
    view = View(
        page_id=page_id,
        kind=referrer_kind(host=host, site=site, newsletter=newsletter),
        host=host,
        reader=reader,
        at=at,
    )
    store.count(view)
    return view
