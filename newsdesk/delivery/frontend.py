"""Tell the caches in front of the app (Varnish, a CDN) to drop pages by surrogate key."""

import logging
import urllib.request
from collections.abc import Iterable

from django.conf import settings

logger = logging.getLogger(__name__)


def purge_frontend_tags(tags: Iterable[str]) -> None:
    """Send one PURGE per configured Varnish with the tags in an xkey-purge header (best effort)."""
    servers = getattr(settings, "NEWSDESK_VARNISH_PURGE_URLS", [])
    if not servers:
        return
    header = " ".join(sorted(tags))
    for server in servers:
        request = urllib.request.Request(server, method="PURGE", headers={"xkey-purge": header})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310 - an operator-configured URL
                pass
        except OSError:
            # The frontend keeps a page at most max-age seconds; a missed purge costs freshness, not correctness.
            logger.warning("frontend purge failed for %s", server, exc_info=True)
