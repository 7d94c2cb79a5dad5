"""Plausible random-walk prices for the demo site. Never real: the panel labels every value "demo data"."""

import hashlib
import random
from datetime import datetime, timedelta
from decimal import Decimal

from . import QuoteIn

# Roughly where each instrument traded when this was written; the walk wanders from here.
STARTING_LEVELS = {
    "ZARUSD": Decimal("17.30"),
    "ZARGBP": Decimal("22.80"),
    "ZAREUR": Decimal("20.05"),
    "ZARAUD": Decimal("11.25"),
    "ZARJPY": Decimal("0.1120"),
    "BRENT": Decimal("63.40"),
    "J200": Decimal("93500"),
    "J203": Decimal("103800"),
    "J210": Decimal("98700"),
    "J211": Decimal("129400"),
    "J212": Decimal("21900"),
}
STEP_VOLATILITY = 0.0006  # per step, about what a quiet market moves in a few minutes


def _rng(code: str, moment: datetime) -> random.Random:
    # Seeded by instrument and time, so two runs produce the same values and re-running stores nothing new.
    seed = hashlib.sha256(f"{code}:{moment.isoformat()}".encode()).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))  # noqa: S311 - demo prices, not secrets


def walk(*, code: str, start: datetime, end: datetime, step: timedelta, last: Decimal | None) -> list[QuoteIn]:
    """Return quotes for `code` every `step` after `start` up to and including `end`, continuing from `last`."""
    level = float(last if last is not None else STARTING_LEVELS.get(code, Decimal(100)))
    places = Decimal("0.0001") if level < 1 else Decimal("0.01")
    quotes = []
    moment = start + step
    while moment <= end:
        level *= 1 + _rng(code, moment).gauss(0, STEP_VOLATILITY)
        quotes.append(QuoteIn(instrument=code, as_of=moment, value=Decimal(str(level)).quantize(places)))
        moment += step
    return quotes
