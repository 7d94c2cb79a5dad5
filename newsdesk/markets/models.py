"""Market data: exchanges and their licensed display delays, feed providers, instruments and their quotes."""

from datetime import timedelta

from django.db import models
from django.db.models import Q


class Exchange(models.Model):
    """A venue whose data licence may forbid showing prices before they are a minimum age."""

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=120)
    min_display_delay_minutes = models.PositiveIntegerField(
        default=0, help_text="The licence's minimum age of a price before the public may see it."
    )
    opens_at = models.TimeField(null=True, blank=True, help_text="Session start, SAST (blank: all day).")
    closes_at = models.TimeField(null=True, blank=True, help_text="Session end, SAST (blank: all day).")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def min_display_delay(self) -> timedelta:
        return timedelta(minutes=self.min_display_delay_minutes)


class ExchangeHoliday(models.Model):
    """A weekday the exchange does not trade."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField()
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["exchange", "date"], name="markets_one_holiday_per_day")]

    def __str__(self) -> str:
        return f"{self.exchange.code} {self.date:%Y-%m-%d} {self.name}"


class Provider(models.Model):
    """A source of quotes, with the attribution its licence asks for."""

    class Kind(models.TextChoices):
        ECB = "ecb", "ECB reference rates (daily XML)"
        PUSH = "push", "Vendor push API"
        CSV = "csv", "CSV import"
        DEMO = "demo", "Demo random walk"

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120, help_text="Shown in the panel's attribution line.")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    attribution_url = models.URLField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The vendor's logo, as its licence requires.",
    )
    logo_static = models.CharField(
        max_length=200, blank=True, help_text="A logo bundled with the site (static path), used when no image is set."
    )
    is_demo = models.BooleanField(default=False, help_text="Every value from this provider is labelled demo data.")
    stale_after_minutes = models.PositiveIntegerField(
        default=30, help_text="On a trading day, warn when no new value arrived for this long."
    )
    refresh_every_minutes = models.PositiveIntegerField(default=1, help_text="How often the refresh job polls it.")
    last_refreshed_at = models.DateTimeField(null=True, blank=True, editable=False)
    api_token_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["api_token_hash"], condition=~Q(api_token_hash=""), name="markets_unique_api_token"
            )
        ]
        permissions = [("issue_provider_token", "Can issue a provider's push-API token")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_daily_reference(self) -> bool:
        return self.kind == self.Kind.ECB


class Instrument(models.Model):
    class Group(models.TextChoices):
        CURRENCIES = "currencies", "Currencies"
        COMMODITIES = "commodities", "Commodities"
        JSE_INDICES = "jse", "JSE indices"

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=80, help_text="As readers see it, e.g. Rand - Dollar.")
    group = models.CharField(max_length=16, choices=Group.choices)
    unit = models.CharField(max_length=24, blank=True, help_text="e.g. R/$, $/bbl, points.")
    decimals = models.PositiveSmallIntegerField(default=2)
    order = models.PositiveIntegerField(default=0)
    exchange = models.ForeignKey(Exchange, null=True, blank=True, on_delete=models.PROTECT, related_name="instruments")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="instruments")
    max_jump_percent = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=10,
        help_text="A pushed value further than this from the previous one is refused as implausible.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PushBatch(models.Model):
    """One accepted push-API batch; its id makes a re-sent batch a no-op."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="batches")
    batch_id = models.CharField(max_length=100)
    payload_sha256 = models.CharField(max_length=64)
    quote_count = models.PositiveIntegerField()
    received_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "batch_id"], name="markets_one_batch_per_id")]

    def __str__(self) -> str:
        return f"{self.provider.slug}:{self.batch_id}"


class Quote(models.Model):
    """One value of an instrument at a moment. Read it only through selectors.displayable_quotes."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="quotes")
    as_of = models.DateTimeField()
    value = models.DecimalField(max_digits=18, decimal_places=6)
    source = models.CharField(max_length=40)
    batch = models.ForeignKey(PushBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        # The unique index on (instrument, as_of) also serves "latest before T" reads: an index scan backwards.
        constraints = [
            models.UniqueConstraint(fields=["instrument", "as_of"], name="markets_one_quote_per_moment"),
            models.CheckConstraint(condition=Q(value__gte=0), name="markets_quote_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.as_of:%Y-%m-%d %H:%M} {self.value}"
