"""Background jobs for market data."""

from django.utils import timezone
from django_tasks import task

from .refresh import refresh_due


@task()
def markets_refresh() -> dict[str, int]:
    """Poll every provider that is due; safe to run twice (a quote at the same moment is stored once)."""
    return refresh_due(now=timezone.now())
