"""Writes of newsletters: join, confirm, leave, suppress; build, approve, start and cancel editions.

A membership changes only here. An anonymous reader's sign-up is pending until they click the link in the
confirmation email (double opt-in); a signed-in reader's own verified address is confirmed at once. Each sign-up
records the consent (when, from which form, the words agreed to). An unsubscribe is idempotent: a replayed one-click
POST finds the membership already left and changes nothing.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from newsdesk.core.selectors import absolute_url
from newsdesk.outbox.services import message_queue
from newsdesk.subscriptions.selectors import LOCAL_TZ, subscriber_has_access

from .lock_objects import edition_for_update, subscription_for_update
from .models import (
    Audience,
    Consent,
    ConsentSource,
    Edition,
    EditionItem,
    EditionLink,
    EditionStatus,
    Newsletter,
    Status,
    Subscription,
    Suppression,
    SuppressionReason,
)
from .selectors import alert_article, briefing_article_ids, edition_link_url, newsletter_for_alerts
from .tokens import confirm_token, subscription_from_confirm_token

logger = logging.getLogger(__name__)

CONSENT_TEXT = "Send me {name} by email: {description} I can unsubscribe at any time with the link in every email."
CONFIRM_SUBJECT = "Confirm your sign-up to {name}"
CONFIRM_BODY = (
    "Someone, we hope you, asked to receive {name} at this address.\n\n"
    "Confirm with this link (it works for seven days):\n{url}\n\n"
    "If it was not you, ignore this email: nothing will be sent."
)
BAD_EMAIL = "Enter a valid email address, like name@example.com."
LIST_CLOSED = "This newsletter is not taking sign-ups."
SIGN_IN_FIRST = "This newsletter is for readers with an account: sign in first."
SUBSCRIBERS_ONLY = "This newsletter is for subscribers."
BAD_CONFIRM_LINK = "This confirmation link is not valid or has expired. Sign up again to get a new one."
NOT_EDITABLE = "This edition has already been sent or cancelled."
NOTHING_TO_SEND = "This edition has no stories; add one before sending."
NO_ALERT_LIST = "There is no active newsletter with the cadence 'When news breaks'; add one first."


class NewsletterError(Exception):
    """A request the newsletters refuse, with the message to show."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def normalise_email(email: str) -> str:
    """Return the address as stored (trimmed, lower-case); raise NewsletterError if it is not one."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except Exception:  # Django's ValidationError: the message to show is ours
        raise NewsletterError(BAD_EMAIL) from None
    return email


def consent_text(newsletter: Newsletter) -> str:
    return CONSENT_TEXT.format(name=newsletter.name, description=newsletter.description.strip())


def _may_join(newsletter: Newsletter, user: AbstractBaseUser | None) -> None:
    if not newsletter.is_active:
        raise NewsletterError(LIST_CLOSED, status=404)
    signed_in = user is not None and user.is_authenticated
    if newsletter.audience == Audience.SIGNED_IN and not signed_in:
        raise NewsletterError(SIGN_IN_FIRST, status=403)
    if newsletter.audience == Audience.SUBSCRIBERS and not (signed_in and subscriber_has_access(user=user)):
        raise NewsletterError(SUBSCRIBERS_ONLY, status=403)


def _confirmed(subscription: Subscription, *, now: datetime) -> None:
    subscription.status = Status.CONFIRMED
    subscription.confirmed_at = now
    subscription.unsubscribed_at = None
    subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "user"])
    # The reader asked again: a bounce or complaint no longer stands between them and their newsletters.
    Suppression.objects.filter(email=subscription.email).delete()


def _send_confirmation(subscription: Subscription) -> None:
    url = absolute_url(
        reverse(
            "newsletters:confirm",
            args=[confirm_token(subscription_id=subscription.pk, generation=subscription.generation)],
        )
    )
    name = subscription.newsletter.name
    message_queue(
        message=EmailMessage(
            subject=CONFIRM_SUBJECT.format(name=name),
            body=CONFIRM_BODY.format(name=name, url=url),
            to=[subscription.email],
        )
    )


@transaction.atomic
def subscription_request(
    *,
    newsletter: Newsletter,
    email: str,
    source: str,
    user: AbstractBaseUser | None = None,
    now: datetime | None = None,
) -> Subscription:
    """Sign an address up to a list: confirmed at once for a signed-in reader's own address, else by email link.

    Asking again for an address already confirmed changes nothing and sends nothing (the answer the reader sees is
    the same either way, so the form tells nobody who is on a list).
    """
    now = now or timezone.now()
    email = normalise_email(email)
    _may_join(newsletter, user)
    own_address = user is not None and user.is_authenticated and (user.email or "").lower() == email
    subscription, _ = Subscription.objects.get_or_create(newsletter=newsletter, email=email)
    subscription = subscription_for_update(subscription.pk)
    if subscription.status == Status.CONFIRMED:
        return subscription
    Consent.objects.get_or_create(
        subscription=subscription, at=now, source=source, defaults={"text": consent_text(newsletter)}
    )
    if own_address:
        subscription.user = user
        _confirmed(subscription, now=now)
    else:
        subscription.status = Status.PENDING
        subscription.save(update_fields=["status"])
        transaction.on_commit(lambda: _send_confirmation(subscription))
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str, now: datetime | None = None) -> Subscription:
    """Confirm the membership a confirmation link names; a second click finds it confirmed and changes nothing."""
    found = subscription_from_confirm_token(token)
    subscription = subscription_for_update(found[0]) if found else None
    if subscription is None or subscription.generation != found[1]:
        raise NewsletterError(BAD_CONFIRM_LINK)
    if subscription.status != Status.CONFIRMED:
        _confirmed(subscription, now=now or timezone.now())
    return subscription


@transaction.atomic
def subscription_unsubscribe(*, subscription_id: int, now: datetime | None = None) -> tuple[Subscription | None, bool]:
    """Take an address off one list; return the membership and whether this call changed it (False: a replay)."""
    subscription = subscription_for_update(subscription_id)
    if subscription is None or subscription.status == Status.UNSUBSCRIBED:
        return subscription, False
    subscription.status = Status.UNSUBSCRIBED
    subscription.unsubscribed_at = now or timezone.now()
    subscription.generation += 1
    subscription.save(update_fields=["status", "unsubscribed_at", "generation"])
    return subscription, True


def subscriptions_set(*, user: AbstractBaseUser, newsletter_ids: set[int], now: datetime | None = None) -> None:
    """Make a signed-in reader a member of exactly the chosen lists (the account page's one form)."""
    now = now or timezone.now()
    for newsletter in Newsletter.objects.filter(is_active=True):
        member = Subscription.objects.filter(newsletter=newsletter, email=user.email.lower()).first()
        is_member = member is not None and member.status == Status.CONFIRMED
        if newsletter.pk in newsletter_ids and not is_member:
            subscription_request(
                newsletter=newsletter, email=user.email, source=ConsentSource.ACCOUNT, user=user, now=now
            )
        elif newsletter.pk not in newsletter_ids and member is not None and member.status != Status.UNSUBSCRIBED:
            subscription_unsubscribe(subscription_id=member.pk, now=now)


def suppression_record(*, email: str, reason: str, detail: str = "", now: datetime | None = None) -> Suppression:
    """Stop every newsletter to an address (a hard bounce or a complaint); a repeat event changes nothing."""
    email = email.strip().lower()
    if reason not in SuppressionReason.values:
        raise ValueError(f"unknown suppression reason {reason!r}")
    suppression, created = Suppression.objects.get_or_create(
        email=email, defaults={"reason": reason, "detail": detail[:300], "at": now or timezone.now()}
    )
    if created:
        logger.info("newsletters: %s suppressed (%s)", email, reason)
    return suppression


# Editions ------------------------------------------------------------------------------------------------------


def _local_deadline(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LOCAL_TZ)


def edition_build_automatic(*, newsletter: Newsletter, now: datetime | None = None) -> Edition | None:
    """Build today's edition of an automatic list from the home page's lead and top stories, held for approval.

    Safe to run twice: one edition per list per local day (a unique constraint). None if not due or no stories.
    """
    now = now or timezone.now()
    if not newsletter.is_active or newsletter.build_at is None:
        return None
    today = now.astimezone(LOCAL_TZ).date()
    if now < _local_deadline(today, newsletter.build_at):
        return None
    if Edition.objects.filter(newsletter=newsletter, built_for=today).exists():
        return None
    article_ids = briefing_article_ids()
    if not article_ids:
        return None
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                newsletter=newsletter,
                subject=f"{newsletter.name}: {now.astimezone(LOCAL_TZ):%A %-d %B}",
                status=EditionStatus.HELD,
                send_deadline=_local_deadline(today, newsletter.send_by),
                built_for=today,
                created_at=now,
            )
            EditionItem.objects.bulk_create(
                EditionItem(edition=edition, article_id=pk, sort_order=i) for i, pk in enumerate(article_ids)
            )
    except IntegrityError:  # a second build raced this one
        return None
    return edition


def edition_touch(*, edition: Edition, now: datetime | None = None) -> None:
    """Note that an editor changed a held edition: it then waits for their approval, not the deadline."""
    Edition.objects.filter(pk=edition.pk).update(touched_at=now or timezone.now())


@transaction.atomic
def edition_approve(*, edition_id: int, by: AbstractBaseUser | None, now: datetime | None = None) -> Edition:
    """Approve an edition for sending; the sending job starts it within a minute (or `tasks.start_edition` now)."""
    edition = edition_for_update(edition_id)
    if edition.status not in (EditionStatus.DRAFT, EditionStatus.HELD):
        raise NewsletterError(NOT_EDITABLE)
    if not edition.items.exists():
        raise NewsletterError(NOTHING_TO_SEND)
    edition.status = EditionStatus.APPROVED
    edition.approved_by = by
    edition.touched_at = now or timezone.now()
    edition.save(update_fields=["status", "approved_by", "touched_at"])
    return edition


@transaction.atomic
def edition_cancel(*, edition_id: int, now: datetime | None = None) -> Edition:
    """Stop an edition that has not started sending."""
    edition = edition_for_update(edition_id)
    if edition.status not in (EditionStatus.DRAFT, EditionStatus.HELD, EditionStatus.APPROVED):
        raise NewsletterError(NOT_EDITABLE)
    edition.status = EditionStatus.CANCELLED
    edition.touched_at = now or timezone.now()
    edition.save(update_fields=["status", "touched_at"])
    return edition


def alert_create(*, article_id: int, by: AbstractBaseUser | None, now: datetime | None = None) -> Edition:
    """Make and approve a breaking-news alert of one live article, to the breaking-news list."""
    newsletter = newsletter_for_alerts()
    if newsletter is None:
        raise NewsletterError(NO_ALERT_LIST)
    article = alert_article(article_id=article_id)
    with transaction.atomic():
        edition = Edition.objects.create(
            newsletter=newsletter, subject=f"Breaking: {article.title}", created_by=by, created_at=now or timezone.now()
        )
        EditionItem.objects.create(edition=edition, article_id=article.pk)
    return edition_approve(edition_id=edition.pk, by=by, now=now)


def link_click(*, link_id: int) -> str | None:
    """Count one click on an edition's story link; return where it leads (None: no such link).

    One atomic UPDATE: nothing about the reader is read or kept, only the link's total."""
    if not EditionLink.objects.filter(pk=link_id).update(clicks=F("clicks") + 1):
        return None
    return edition_link_url(link_id=link_id)
