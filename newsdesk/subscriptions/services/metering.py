"""Writes: the meter, free premium reads for signed-in readers without a subscription (off unless set)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..lock_objects import lock_reader
from ..models import MeteredRead
from ..selectors import meter_month, metered_allowance


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
