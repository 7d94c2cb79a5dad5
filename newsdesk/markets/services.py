"""Writes for market data: storing quotes from any provider, the push API's batches, provider tokens."""

import hashlib
import json
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.log_actions import log

from .models import Instrument, Provider, PushBatch, Quote
from .panel import panel_version_bump
from .providers import QuoteIn

VALUE_PLACES = Decimal("0.000001")
MAX_VALUE = Decimal(10) ** 12

BODY_NOT_JSON = "The body is not valid JSON: {detail}."
BODY_NOT_OBJECT = "The body must be a JSON object with batch_id and quotes."
BATCH_ID_INVALID = "batch_id must be a string of 1 to 100 characters."
QUOTES_INVALID = "quotes must be a non-empty list of at most {limit} items."
ITEM_NOT_OBJECT = "quotes[{index}] must be an object with instrument, as_of and value."
UNKNOWN_INSTRUMENT = "quotes[{index}]: unknown instrument {code!r}; this provider feeds {known}."
VALUE_INVALID = "quotes[{index}]: value must be a finite, non-negative number below 10^12 (got {raw!r})."
AS_OF_INVALID = "quotes[{index}]: as_of must be an ISO 8601 date-time with a UTC offset (got {raw!r})."
AS_OF_FUTURE = "quotes[{index}]: as_of {as_of} is in the future by more than the allowed {skew} seconds of clock skew."
DUPLICATE_IN_BATCH = "quotes[{index}]: {code} at {as_of} appears more than once in the batch."
JUMP_TOO_LARGE = (
    "quotes[{index}]: {code} moved {percent}% from {previous} to {value}, beyond its sanity band of {band}%. "
    "If the move is real, ask an editor to widen the instrument's band."
)
CREDENTIAL_NOT_PERMITTED = "Issuing push-API tokens needs the token permission; ask an administrator for it."
CREDENTIAL_PERMISSION = "markets.issue_provider_token"
CREDENTIAL_LOG_ACTION = "markets.provider_token"
BATCH_ID_REUSED = "batch_id {batch_id!r} was already used for different quotes; send new quotes under a new batch_id."


class BatchRejected(Exception):
    """A push batch was refused as a whole; nothing of it was stored."""

    def __init__(self, message: str, *, status: int = 422, item: int | None = None):
        super().__init__(message)
        self.message, self.status, self.item = message, status, item


@dataclass(frozen=True)
class PushResult:
    batch_id: str
    stored: int
    duplicate: bool


def quotes_store(*, provider: Provider, quotes: Sequence[QuoteIn], batch: PushBatch | None = None) -> int:
    """Store quotes for the instruments this provider feeds (a correction replaces the value at the same moment).

    Codes the provider does not feed are skipped: the ECB file carries crosses an editor may source elsewhere.
    Returns how many quotes were written.
    """
    ids = dict(Instrument.objects.filter(provider=provider).values_list("code", "id"))
    rows = [
        Quote(instrument_id=ids[q.instrument], as_of=q.as_of, value=q.value, source=provider.slug, batch=batch)
        for q in quotes
        if q.instrument in ids
    ]
    return _upsert(rows)


UNKNOWN_CODES = "Unknown instrument code(s): {codes}. Known: {known}."
BACKFILL_VALUE_INVALID = "{code} at {as_of}: value {value} is not a finite, non-negative number below 10^12."


def quotes_backfill(*, quotes: Sequence[QuoteIn], source: str) -> int:
    """Store history for any instruments (CSV back-fill); refuse the whole chunk if a code or value is bad."""
    ids = dict(Instrument.objects.values_list("code", "id"))
    unknown = sorted({q.instrument for q in quotes} - set(ids))
    if unknown:
        raise ValueError(UNKNOWN_CODES.format(codes=", ".join(unknown), known=", ".join(sorted(ids))))
    for q in quotes:
        if not q.value.is_finite() or q.value < 0 or q.value >= MAX_VALUE:
            raise ValueError(BACKFILL_VALUE_INVALID.format(code=q.instrument, as_of=q.as_of, value=q.value))
    rows = [
        Quote(instrument_id=ids[q.instrument], as_of=q.as_of, value=q.value.quantize(VALUE_PLACES), source=source)
        for q in quotes
    ]
    return _upsert(rows)


def _upsert(rows: list[Quote]) -> int:
    if rows:
        Quote.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["instrument", "as_of"],
            update_fields=["value", "source", "batch"],
        )
        transaction.on_commit(panel_version_bump)
    return len(rows)


class TokenNotPermitted(Exception):
    """The person asking may not issue push-API tokens."""


def can_issue_token(user) -> bool:
    """Return whether this person may issue a provider's push-API token."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(CREDENTIAL_PERMISSION))


@transaction.atomic
def provider_token_issue(*, provider: Provider, actor=None) -> str:
    """Give a provider a new push-API token, revoking the old one; return the token (only its hash is kept).

    Staff need the token permission; no actor is the operator at the command line. Either way it is logged.
    """
    if actor is not None and not can_issue_token(actor):
        raise TokenNotPermitted(CREDENTIAL_NOT_PERMITTED)
    token = secrets.token_urlsafe(32)
    Provider.objects.filter(pk=provider.pk).update(api_token_hash=token_hash(token))
    log(provider, CREDENTIAL_LOG_ACTION, user=actor)
    return token


def token_hash(token: str) -> str:
    # A 256-bit random token needs no slow hash: nobody can guess it, and a fast hash keeps lookup one indexed read.
    return hashlib.sha256(token.encode()).hexdigest()


def provider_for_token(token: str) -> Provider | None:
    """Return the provider a push-API token belongs to, or None."""
    if not token:
        return None
    return Provider.objects.filter(api_token_hash=token_hash(token)).first()


def parse_batch_body(body: bytes) -> dict:
    """Decode a push body, keeping decimals exact and turning NaN/Infinity into values validation will refuse."""
    try:
        payload = json.loads(body, parse_float=Decimal, parse_int=Decimal, parse_constant=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BatchRejected(BODY_NOT_JSON.format(detail=exc), status=400) from None
    if not isinstance(payload, dict):
        raise BatchRejected(BODY_NOT_OBJECT, status=400)
    return payload


def _parse_value(index: int, raw) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, Decimal | str):
        raise BatchRejected(VALUE_INVALID.format(index=index, raw=raw), item=index)
    try:
        value = Decimal(raw) if isinstance(raw, str) else raw
    except InvalidOperation:
        raise BatchRejected(VALUE_INVALID.format(index=index, raw=raw), item=index) from None
    if not value.is_finite() or value < 0 or value >= MAX_VALUE:
        raise BatchRejected(VALUE_INVALID.format(index=index, raw=str(raw)), item=index)
    return value.quantize(VALUE_PLACES)


def _parse_as_of(index: int, raw, *, now: datetime) -> datetime:
    moment = parse_datetime(raw) if isinstance(raw, str) else None
    if moment is None or moment.tzinfo is None:
        raise BatchRejected(AS_OF_INVALID.format(index=index, raw=raw), item=index)
    skew = settings.MARKETS_PUSH_MAX_SKEW_SECONDS
    if moment > now + timedelta(seconds=skew):
        raise BatchRejected(AS_OF_FUTURE.format(index=index, as_of=raw, skew=skew), item=index)
    return moment


def batch_validate(*, provider: Provider, payload: dict, now: datetime) -> tuple[str, list[QuoteIn]]:
    """Return the batch id and its quotes, or raise BatchRejected naming the first offending item."""
    batch_id = payload.get("batch_id")
    if not isinstance(batch_id, str) or not 1 <= len(batch_id) <= 100:
        raise BatchRejected(BATCH_ID_INVALID)
    items = payload.get("quotes")
    limit = settings.MARKETS_PUSH_MAX_BATCH
    if not isinstance(items, list) or not 1 <= len(items) <= limit:
        raise BatchRejected(QUOTES_INVALID.format(limit=limit))
    instruments = {i.code: i for i in Instrument.objects.filter(provider=provider)}
    quotes: list[QuoteIn] = []
    seen: set[tuple[str, datetime]] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise BatchRejected(ITEM_NOT_OBJECT.format(index=index), item=index)
        code = item.get("instrument")
        if code not in instruments:
            known = ", ".join(sorted(instruments)) or "no instruments"
            raise BatchRejected(UNKNOWN_INSTRUMENT.format(index=index, code=code, known=known), item=index)
        quote = QuoteIn(
            instrument=code,
            as_of=_parse_as_of(index, item.get("as_of"), now=now),
            value=_parse_value(index, item.get("value")),
        )
        if (code, quote.as_of) in seen:
            raise BatchRejected(DUPLICATE_IN_BATCH.format(index=index, code=code, as_of=item["as_of"]), item=index)
        seen.add((code, quote.as_of))
        quotes.append(quote)
    _check_jumps(quotes, instruments)
    return batch_id, quotes


def _check_jumps(quotes: list[QuoteIn], instruments: dict[str, Instrument]) -> None:
    """Refuse a value further from its predecessor (in the batch or stored) than the instrument's sanity band."""
    by_code: dict[str, list[tuple[int, QuoteIn]]] = defaultdict(list)
    for index, quote in enumerate(quotes):
        by_code[quote.instrument].append((index, quote))
    for code, entries in by_code.items():
        instrument = instruments[code]
        entries.sort(key=lambda entry: entry[1].as_of)
        previous = (
            Quote.objects.filter(instrument=instrument, as_of__lt=entries[0][1].as_of)
            .order_by("-as_of")
            .values_list("value", flat=True)
            .first()
        )
        band = instrument.max_jump_percent
        for index, quote in entries:
            if previous:
                percent = abs(quote.value - previous) / previous * 100
                if percent > band:
                    raise BatchRejected(
                        JUMP_TOO_LARGE.format(
                            index=index,
                            code=code,
                            percent=percent.quantize(Decimal("0.01")),
                            previous=_plain(previous),
                            value=_plain(quote.value),
                            band=_plain(band),
                        ),
                        item=index,
                    )
            previous = quote.value


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _payload_digest(quotes: list[QuoteIn]) -> str:
    canonical = [[q.instrument, q.as_of.isoformat(), str(q.value)] for q in quotes]
    return hashlib.sha256(json.dumps(canonical, separators=(",", ":")).encode()).hexdigest()


def push_batch_ingest(*, provider: Provider, payload: dict, now: datetime | None = None) -> PushResult:
    """Store a pushed batch whole or not at all; a batch id seen before stores nothing and reports a duplicate."""
    now = now or timezone.now()
    batch_id, quotes = batch_validate(provider=provider, payload=payload, now=now)
    digest = _payload_digest(quotes)
    with transaction.atomic():
        try:
            with transaction.atomic():
                batch = PushBatch.objects.create(
                    provider=provider,
                    batch_id=batch_id,
                    payload_sha256=digest,
                    quote_count=len(quotes),
                    received_at=now,
                )
        except IntegrityError:  # sent before, perhaps at this very moment by a retrying client
            earlier = PushBatch.objects.get(provider=provider, batch_id=batch_id)
            if earlier.payload_sha256 != digest:
                raise BatchRejected(BATCH_ID_REUSED.format(batch_id=batch_id), status=409) from None
            return PushResult(batch_id=batch_id, stored=0, duplicate=True)
        stored = quotes_store(provider=provider, quotes=quotes, batch=batch)
    return PushResult(batch_id=batch_id, stored=stored, duplicate=False)


def provider_mark_refreshed(*, provider: Provider, at: datetime) -> None:
    Provider.objects.filter(pk=provider.pk).update(last_refreshed_at=at)
