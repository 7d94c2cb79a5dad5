"""The subscription state machine: the only place a subscription's status changes, each change recorded."""

from datetime import datetime

from .access import access_changed
from .models import Status, Subscription, SubscriptionEvent

# (from, to) -> the causes that may move a subscription along that edge. None is "no subscription yet".
TRANSITIONS: dict[tuple[str | None, str], frozenset[str]] = {
    (None, Status.TRIALING): frozenset({"trial_started"}),
    (None, Status.ACTIVE): frozenset({"paid_start"}),
    (Status.TRIALING, Status.ACTIVE): frozenset({"trial_converted"}),
    (Status.TRIALING, Status.PAST_DUE): frozenset({"payment_failed"}),
    (Status.TRIALING, Status.CANCELLED): frozenset({"cancelled_by_reader"}),
    (Status.ACTIVE, Status.ACTIVE): frozenset({"renewed"}),
    (Status.ACTIVE, Status.PAST_DUE): frozenset({"payment_failed"}),
    (Status.ACTIVE, Status.CANCELLED): frozenset({"cancelled_by_reader"}),
    (Status.PAST_DUE, Status.PAST_DUE): frozenset({"payment_failed"}),
    (Status.PAST_DUE, Status.ACTIVE): frozenset({"payment_recovered"}),
    (Status.PAST_DUE, Status.CANCELLED): frozenset({"cancelled_by_reader"}),
    (Status.PAST_DUE, Status.ENDED): frozenset({"retries_exhausted"}),
    (Status.CANCELLED, Status.CANCELLED): frozenset({"charged_while_cancelling"}),
    (Status.CANCELLED, Status.TRIALING): frozenset({"resumed_by_reader"}),
    (Status.CANCELLED, Status.ACTIVE): frozenset({"resumed_by_reader"}),
    (Status.CANCELLED, Status.ENDED): frozenset({"access_period_over"}),
}


class InvalidTransition(Exception):
    """Raised when code asks for a move the state machine does not allow."""


def transition(subscription: Subscription, to: str, *, cause: str, at: datetime, note: str = "") -> SubscriptionEvent:
    """Move the subscription to a new status in memory and return its unsaved event; the caller saves both."""
    current = subscription.status or None
    if cause not in TRANSITIONS.get((current, to), frozenset()):
        raise InvalidTransition(f"A subscription cannot go from {current} to {to} because of {cause!r}.")
    subscription.status = to
    access_changed(user_id=subscription.user_id)  # what it gives the reader may have changed: forget cached answers
    return SubscriptionEvent(
        subscription=subscription, from_status=current or "", to_status=to, cause=cause, at=at, note=note[:200]
    )


def apply_transition(
    subscription: Subscription, to: str, *, cause: str, at: datetime, note: str = ""
) -> SubscriptionEvent:
    """Transition, then save the subscription and its event."""
    event = transition(subscription, to, cause=cause, at=at, note=note)
    subscription.save()
    event.subscription = subscription
    event.save()
    return event
