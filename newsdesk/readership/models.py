"""What readership keeps: hourly counts per page and referrer kind, daily referrer hosts, and the day's salt and
raw views for a site without Redis. Nothing here names a reader; the raw rows' hashes are gone with their day."""

from django.db import models


class ReferrerKind(models.TextChoices):
    SEARCH = "search", "Search"
    SOCIAL = "social", "Social"
    NEWSLETTER = "newsletter", "Newsletter"
    INTERNAL = "internal", "Internal"
    OTHER = "other", "Other sites"
    DIRECT = "direct", "Direct"


class HourlyViews(models.Model):
    """Views of one page in one hour (UTC) from one kind of referrer, added to by each roll-up."""

    hour = models.DateTimeField()
    page_id = models.PositiveIntegerField()
    # The page's section when it was rolled up (its parent section page), for per-section lists without a join.
    section_id = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=12, choices=ReferrerKind.choices)
    views = models.PositiveBigIntegerField(default=0)

    class Meta:
        default_permissions = ()
        permissions = [("view_dashboard", "Can see the newsroom readership dashboard and export its figures")]
        constraints = [
            models.UniqueConstraint(fields=["hour", "page_id", "kind"], name="readership_one_row_per_hour_page_kind")
        ]
        indexes = [
            models.Index(fields=["hour", "page_id"], name="readership_hour_page"),
            models.Index(fields=["section_id", "hour"], name="readership_section_hour"),
        ]

    def __str__(self) -> str:
        return f"page {self.page_id}, {self.hour:%Y-%m-%d %H}:00 UTC, {self.kind}: {self.views}"


class ReferrerHostDay(models.Model):
    """Views one referring host (never a full address) sent in one newsroom day."""

    day = models.DateField()
    kind = models.CharField(max_length=12, choices=ReferrerKind.choices)
    host = models.CharField(max_length=100)
    views = models.PositiveBigIntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["day", "kind", "host"], name="readership_one_row_per_host_day")]

    def __str__(self) -> str:
        return f"{self.host} ({self.kind}) on {self.day}: {self.views}"


class RollupMark(models.Model):
    """One row per source, locked by the roll-up: how far the database's raw views are rolled up."""

    source = models.CharField(max_length=20, unique=True)
    last_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.source} rolled up to {self.last_id}"


class RolledBatch(models.Model):
    """A Redis batch already added to the hourly rows: a second roll-up of the same batch adds nothing."""

    key = models.CharField(max_length=64, unique=True)
    rolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return self.key


class DailySalt(models.Model):
    """The day's secret for reader hashes, without Redis; the day's row is deleted once the day is over."""

    day = models.DateField(unique=True)
    secret = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"salt of {self.day}"


class RawView(models.Model):
    """One counted view, without Redis: kept until rolled up and its newsroom day is over, then deleted."""

    at = models.DateTimeField()
    hour = models.DateTimeField()
    day = models.DateField()
    page_id = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=ReferrerKind.choices)
    host = models.CharField(max_length=100, blank=True)
    reader = models.CharField(max_length=32, blank=True)  # empty for a Sec-GPC reader: no hash is made at all

    class Meta:
        default_permissions = ()
        indexes = [models.Index(fields=["at", "page_id"], name="readership_raw_at_page")]

    def __str__(self) -> str:
        return f"view of page {self.page_id} at {self.at:%Y-%m-%d %H:%M}"
