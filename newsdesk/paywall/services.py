"""Writes: opening a premium article in full, and the meter's free reads that opening may spend.

The meter lets signed-in readers without a subscription read a few premium articles a month; it is off unless an
editor sets it (Settings > Free premium reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from newsdesk.news.selectors import ArticleBody, article_body_for, live_article

from .lock_objects import lock_reader
from .models import MeteredRead
from .selectors import (
    BODY_FORBIDDEN_ANONYMOUS,
    BODY_FORBIDDEN_NOT_ENTITLED,
    BODY_METER_SPENT,
    BODY_NOT_FOUND,
    METER_NOTE,
    meter_month,
    metered_allowance,
    reads_every_premium_article,
)


class ArticleNotFound(Exception):
    pass


class NotEntitled(Exception):
    pass


@dataclass(frozen=True)
class MeterReading:
    """Whether a premium article may be read on the meter, and where the reader stands this month."""

    granted: bool
    used: int
    allowance: int


def metered_read_grant(*, user, page_id: int, site=None, at: datetime | None = None) -> MeterReading:
    """Count a premium article against the reader's free reads this month; say whether they may read it in full.

    Opening the same article again that month costs nothing. The reader's row is locked while counting, so two
    tabs opening two articles at once cannot both take the last free read.
    """
    at = at or timezone.now()
    allowance = metered_allowance(site=site)
    if allowance == 0 or user is None or not getattr(user, "is_authenticated", False):
        return MeterReading(granted=False, used=0, allowance=allowance)
    month = meter_month(at)
    with transaction.atomic():
        lock_reader(user_id=user.pk)
        reads = MeteredRead.objects.filter(user=user, month=month)
        used = reads.count()
        if reads.filter(page_id=page_id).exists():
            return MeterReading(granted=True, used=used, allowance=allowance)
        if used >= allowance:
            return MeterReading(granted=False, used=used, allowance=allowance)
        try:
            with transaction.atomic():
                MeteredRead.objects.create(user=user, page_id=page_id, month=month, read_at=at)
        except IntegrityError:  # the same article, counted a moment ago by another request
            return MeterReading(granted=True, used=used, allowance=allowance)
        return MeterReading(granted=True, used=used + 1, allowance=allowance)


def full_article_open(*, page_id: int, reader, site=None) -> tuple[object, ArticleBody, str]:
    """Return (article, body, meter note) for a reader who may read the whole of a live, public article.

    Raise NotEntitled for an anonymous reader (whatever the id) and for a signed-in reader who may not read
    it in full, ArticleNotFound for an article that is not live or not public. A signed-in reader without a
    subscription may read it on the meter when the newsroom allows free reads (this counts the read); the note
    then says how many are used. The body comes through the one door, `article_body_for`.
    """
    if reader is None or not getattr(reader, "is_authenticated", False):
        # Every anonymous view of a premium page asks for the body; answer without touching the database.
        raise NotEntitled(BODY_FORBIDDEN_ANONYMOUS)
    article = live_article(article_id=page_id)
    if article is None:
        raise ArticleNotFound(BODY_NOT_FOUND)
    note = ""
    if article.premium and not reads_every_premium_article(reader):
        reading = metered_read_grant(user=reader, page_id=article.pk, site=site)
        if not reading.granted:
            spent = reading.allowance and reading.used >= reading.allowance
            raise NotEntitled(
                BODY_METER_SPENT.format(allowance=reading.allowance) if spent else BODY_FORBIDDEN_NOT_ENTITLED
            )
        note = METER_NOTE.format(used=reading.used, allowance=reading.allowance)
    body = article_body_for(article=article, reader=reader)  # the door asks reader_may_read again
    if body.is_truncated:
        raise NotEntitled(BODY_FORBIDDEN_NOT_ENTITLED)
    return article, body, note
