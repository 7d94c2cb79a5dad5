"""Background jobs of the outbox: deliver one message, retry the due ones, forget old content. Each takes ids."""

from django_tasks import task

from . import delivery


@task()
def deliver_message(message_id: int) -> str:
    """Deliver one recorded message if it is still due (safe to run twice: a second run finds nothing due)."""
    return delivery.message_deliver(message_id=message_id)


@task()
def deliver_due_messages() -> dict[str, int]:
    """Retry every message whose next try has come."""
    return delivery.messages_deliver_due()


@task()
def prune_messages() -> dict[str, int]:
    """Empty old messages' content (reset and sign-in links) and delete rows past their retention."""
    return delivery.messages_prune()
