"""Lists, members and editions for newsletter tests."""

from __future__ import annotations

from django.utils import timezone

from newsdesk.newsletters.models import Consent, ConsentSource, Edition, EditionItem, Newsletter, Status, Subscription


def make_newsletter(name: str = "Morning briefing", slug: str = "morning", **fields) -> Newsletter:
    fields.setdefault("description", "The day's essential stories before breakfast.")
    return Newsletter.objects.create(name=name, slug=slug, **fields)


def make_members(newsletter: Newsletter, count: int, *, prefix: str = "reader") -> list[Subscription]:
    now = timezone.now()
    Subscription.objects.bulk_create(
        Subscription(
            newsletter=newsletter, email=f"{prefix}{i}@example.test", status=Status.CONFIRMED, confirmed_at=now
        )
        for i in range(count)
    )
    members = list(Subscription.objects.filter(newsletter=newsletter, email__startswith=prefix).order_by("pk"))
    Consent.objects.bulk_create(
        Consent(subscription=m, at=now, source=ConsentSource.IMPORT, text="Agreed at the desk") for m in members
    )
    return members


def make_edition(newsletter: Newsletter, articles: list, **fields) -> Edition:
    fields.setdefault("subject", f"{newsletter.name}: today")
    edition = Edition.objects.create(newsletter=newsletter, **fields)
    EditionItem.objects.bulk_create(
        EditionItem(edition=edition, article_id=a.pk, sort_order=i) for i, a in enumerate(articles)
    )
    return edition
