"""Feed the demo site's markets panel from the demo random walk, labelled "demo data" on every value."""

from django.utils import timezone

from newsdesk.markets.models import Instrument, Provider
from newsdesk.markets.refresh import provider_refresh


def load(stdout=None) -> None:
    """Point the eleven seeded instruments at the demo feed and give them a week of history. Safe to run again.

    Only the first load moves instruments: one an editor later moves to another feed (or deletes) stays so.
    """
    demo = Provider.objects.filter(slug="demo").first()
    if demo is None:  # an admin deleted the demo feed: the panel shows what the other feeds bring
        if stdout is not None:
            stdout.write("Markets: the demo feed has been deleted; nothing loaded.\n")
        return
    moved = 0
    if demo.last_refreshed_at is None:
        moved = Instrument.objects.exclude(provider=demo).update(provider=demo)
    stored = provider_refresh(provider=demo, now=timezone.now())
    if stdout is not None:
        stdout.write(f"Markets: {moved} instruments moved to the demo feed, {stored} demo quotes stored.\n")
