"""Feed the demo site's markets panel from the demo random walk, labelled "demo data" on every value."""

from django.utils import timezone

from newsdesk.markets.models import Instrument, Provider
from newsdesk.markets.refresh import provider_refresh


def load(stdout=None) -> None:
    """Point the eleven seeded instruments at the demo feed and give them a week of history. Safe to run again."""
    demo = Provider.objects.get(slug="demo")
    moved = Instrument.objects.exclude(provider=demo).update(provider=demo)
    stored = provider_refresh(provider=demo, now=timezone.now())
    if stdout is not None:
        stdout.write(f"Markets: {moved} instruments moved to the demo feed, {stored} demo quotes stored.\n")
