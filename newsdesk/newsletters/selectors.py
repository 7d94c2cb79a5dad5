"""Reads of newsletters: the lists a reader may join, their memberships, editions' stories, send reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.http import Http404

from newsdesk.core.selectors import absolute_url
from newsdesk.news.selectors import article_summaries, front_page_stories, live_article, live_articles
from newsdesk.subscriptions.selectors import users_with_access

from .models import (
    Audience,
    Cadence,
    Delivery,
    DeliveryState,
    Edition,
    EditionLink,
    Newsletter,
    Status,
    Subscription,
    Suppression,
)

ALERT_NOT_LIVE = "Only a live, public article can be sent as an alert."


def open_newsletters() -> list[Newsletter]:
    """Return the lists shown on sign-up forms, in the newsroom's order."""
    return list(Newsletter.objects.filter(is_active=True))


def newsletter_by_slug(slug: str) -> Newsletter | None:
    return Newsletter.objects.filter(slug=slug, is_active=True).first()


def newsletter_for_alerts() -> Newsletter | None:
    """Return the list breaking-news alerts go to: the first active one whose cadence is 'when news breaks'."""
    return Newsletter.objects.filter(is_active=True, cadence=Cadence.BREAKING).first()


def memberships_of(*, user) -> dict[int, Subscription]:
    """Return a signed-in reader's memberships by list id (their account address)."""
    rows = Subscription.objects.filter(email=(user.email or "").lower())
    return {row.newsletter_id: row for row in rows}


def briefing_article_ids() -> list[int]:
    """Return the home page's lead and top stories, in the order the home page shows them."""
    return [article.pk for article in front_page_stories()]


def alert_article(*, article_id: int):
    """Return the live article an alert is about; raise Http404 if readers cannot see it."""
    article = live_article(article_id=article_id)
    if article is None:
        raise Http404(ALERT_NOT_LIVE)
    return article


def edition_articles(edition: Edition) -> list:
    """Return an edition's articles that are still live and public, in the edition's order, with their bodies."""
    ids = list(edition.items.order_by("sort_order", "pk").values_list("article_id", flat=True))
    # The bodies are read here (the paywall's door decides what of them an email shows), so they are not deferred.
    by_id = {a.pk: a for a in live_articles().filter(pk__in=ids).defer(None).select_related("lead_image")}
    return [by_id[pk] for pk in ids if pk in by_id]


def recipients_q(newsletter: Newsletter, *, at: datetime) -> Q:
    """Return the condition of a membership an edition of this list goes to at `at`: confirmed, not suppressed, and
    still allowed on the list (a subscribers' list: the reader's subscription gives access now, not only when they
    joined; a signed-in readers' list: the account still exists)."""
    q = Q(newsletter=newsletter, status=Status.CONFIRMED) & ~Q(email__in=Suppression.objects.values("email"))
    if newsletter.audience == Audience.SUBSCRIBERS:
        q &= Q(user_id__in=users_with_access(at=at))
    elif newsletter.audience == Audience.SIGNED_IN:
        q &= Q(user__isnull=False)
    return q


@dataclass(frozen=True)
class SendReport:
    recipients: int
    sent: int
    queued: int
    failed: int
    skipped: int
    bounced: int
    complained: int
    unsubscribed: int


def edition_report(edition: Edition) -> SendReport:
    """Return what became of an edition: counted in two queries, whatever the list's size."""
    counts = Delivery.objects.filter(edition=edition).aggregate(
        recipients=Count("pk"),
        sent=Count("pk", filter=Q(state=DeliveryState.SENT)),
        queued=Count("pk", filter=Q(state__in=[DeliveryState.QUEUED, DeliveryState.SENDING])),
        failed=Count("pk", filter=Q(state=DeliveryState.FAILED)),
        skipped=Count("pk", filter=Q(state=DeliveryState.SKIPPED)),
        bounced=Count("pk", filter=Q(bounced=True)),
        complained=Count("pk", filter=Q(complained=True)),
    )
    unsubscribed = 0
    if edition.send_started_at is not None:
        unsubscribed = Subscription.objects.filter(
            deliveries__edition=edition, status=Status.UNSUBSCRIBED, unsubscribed_at__gte=edition.send_started_at
        ).count()
    return SendReport(**counts, unsubscribed=unsubscribed)


def story_url(article) -> str:
    """Return a story's address as an email links to it (absolute, on SITE_URL)."""
    return absolute_url(article.url or "/")


def edition_link_ids(edition: Edition) -> dict[str, int]:
    """Return the counted links of an edition, by the story address each redirects to."""
    return dict(EditionLink.objects.filter(edition=edition).values_list("url", "pk"))


def edition_link_clicks(edition: Edition) -> list[tuple[str, str, int]]:
    """Return (headline, address, clicks) of each counted story link of an edition, most clicked first."""
    article_ids = edition.items.values_list("article_id", flat=True)
    titles = {absolute_url(s.url or "/"): s.title for s in article_summaries(article_ids=list(article_ids)).values()}
    links = EditionLink.objects.filter(edition=edition).order_by("-clicks", "pk").values_list("url", "clicks")
    return [(titles.get(url, url), url, clicks) for url, clicks in links]


def edition_link_url(*, link_id: int) -> str | None:
    return EditionLink.objects.filter(pk=link_id).values_list("url", flat=True).first()
