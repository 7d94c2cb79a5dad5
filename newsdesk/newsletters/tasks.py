"""Background jobs of newsletters: build automatic editions, start due ones, send their batches. Each takes ids."""

from django.conf import settings
from django_tasks import task

from . import sending
from .models import Edition, EditionStatus, Newsletter
from .services import edition_build_automatic


@task()
def build_due_editions() -> list[int]:
    """Build today's edition of every automatic list whose build time has come (once per day each)."""
    built = [edition_build_automatic(newsletter=n) for n in Newsletter.objects.filter(build_at__isnull=False)]
    return [edition.pk for edition in built if edition is not None]


@task()
def send_edition(edition_id: int) -> dict[str, int]:
    """Start an edition if it is due, then send batches until none is left (safe to run twice, and in parallel)."""
    sending.edition_start(edition_id=edition_id)
    return sending.edition_send(edition_id=edition_id)


@task()
def send_due_editions() -> list[int]:
    """Start or resume every edition that has work: approved, past its deadline, or left by a worker that died."""
    due = sending.editions_due()
    senders = max(1, int(getattr(settings, "NEWSLETTERS_SENDERS", 1)))
    for edition_id in due:
        for _ in range(senders):
            send_edition.enqueue(edition_id)
    # An edition whose last run died after its last row: nothing to send, only to mark sent.
    for edition_id in Edition.objects.filter(status=EditionStatus.SENDING).values_list("pk", flat=True):
        sending.edition_finish(edition_id=edition_id)
    return due
