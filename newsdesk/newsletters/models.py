"""Newsletters: the lists readers join, their consent, the addresses never to mail, editions and their deliveries."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable


class Cadence(models.TextChoices):
    DAILY = "daily", "Every morning"
    WEEKLY = "weekly", "Weekly"
    BREAKING = "breaking", "When news breaks"


class Audience(models.TextChoices):
    ANYONE = "anyone", "Anyone with an email address"
    SIGNED_IN = "signed_in", "Readers with an account"
    SUBSCRIBERS = "subscribers", "Subscribers"


class Newsletter(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(help_text="What a reader gets, as the sign-up form says it.")
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.ANYONE)
    is_active = models.BooleanField(default=True, help_text="Off: hidden from sign-up forms and never sent.")
    # Automatic editions (the morning briefing): built at build_at from the home page's lead and top stories,
    # held for an editor, and sent at send_by (local time) if nobody approved or stopped it by then.
    build_at = models.TimeField(null=True, blank=True, help_text="Local time to build the day's edition; empty: never.")
    send_by = models.TimeField(null=True, blank=True, help_text="Local time a held edition is sent if untouched.")
    sort_order = models.PositiveSmallIntegerField(default=0)
    count_clicks = models.BooleanField(
        default=False,
        help_text="Count clicks on the stories in this list's emails: links go through this site, which counts "
        "each click per edition and link and stores nothing about who clicked.",
    )

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(build_at__isnull=True) | Q(send_by__isnull=False), name="newsletter_built_is_sent_by"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"


class Subscription(models.Model):
    """One address on one list: the reader's membership, changed only through services."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField(max_length=254, help_text="Stored lower-case.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="newsletter_subs"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every unsubscribe, so a confirmation link mailed before it cannot re-confirm the address.
    generation = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["newsletter", "email"]
        default_permissions = ("view",)
        permissions = [("import_members", "Can import and export newsletter members")]
        constraints = [models.UniqueConstraint(fields=["newsletter", "email"], name="newsletter_member_once")]
        indexes = [models.Index(fields=["newsletter", "status"], name="newsletter_members")]

    def __str__(self) -> str:
        return f"{self.email} on {self.newsletter}"


class ConsentSource(models.TextChoices):
    FOOTER = "footer", "Footer form"
    ARTICLE = "article", "Article page form"
    ACCOUNT = "account", "Account page"
    IMPORT = "import", "Imported"
    ADMIN = "admin", "Added by staff"


class Consent(models.Model):
    """What a reader agreed to, when and where (POPIA): one row per confirmation, never changed."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="consents")
    at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=10, choices=ConsentSource.choices)
    text = models.TextField(help_text="The words the reader agreed to.")

    class Meta:
        ordering = ["at", "pk"]
        default_permissions = ("view",)
        constraints = [
            # An imported file says the same consent twice when re-imported: once is enough.
            models.UniqueConstraint(fields=["subscription", "at", "source"], name="consent_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} at {self.at:%Y-%m-%d %H:%M}"


class SuppressionReason(models.TextChoices):
    BOUNCED = "bounced", "Hard bounce"
    COMPLAINED = "complained", "Spam complaint"


class Suppression(models.Model):
    """An address no newsletter goes to until its reader confirms again (a bounce or a complaint said so)."""

    email = models.EmailField(max_length=254, unique=True)
    reason = models.CharField(max_length=12, choices=SuppressionReason.choices)
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        default_permissions = ("view", "delete")

    def __str__(self) -> str:
        return self.email


class EditionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    HELD = "held", "Held for approval"
    APPROVED = "approved", "Approved"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"


class Edition(ClusterableModel):
    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="editions")
    subject = models.CharField(max_length=200)
    intro = models.TextField(blank=True, help_text="A few words from the editor, above the stories.")
    status = models.CharField(max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    # A held edition goes out at this time unless an editor approved, sent or cancelled it first.
    send_deadline = models.DateTimeField(null=True, blank=True)
    # One automatic edition per list per day: the periodic build may run twice.
    built_for = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    touched_at = models.DateTimeField(null=True, blank=True, help_text="When an editor last changed it.")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    send_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    panels = [
        FieldPanel("newsletter"),
        FieldPanel("subject"),
        FieldPanel("intro"),
        FieldPanel("send_deadline"),
        InlinePanel("items", heading="Stories", label="Story", min_num=1),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("send_edition", "Can approve and send newsletter editions")]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "built_for"], condition=Q(built_for__isnull=False), name="edition_built_once"
            )
        ]

    def __str__(self) -> str:
        return self.subject


class EditionItem(Orderable):
    """One story of an edition, in the order the editor dragged them."""

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("article", page_type="news.ArticlePage")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["edition", "article"], name="edition_item_once")]

    def __str__(self) -> str:
        return f"Story {(self.sort_order or 0) + 1} of {self.edition}"


class DeliveryState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped (suppressed or unsubscribed meanwhile)"


class Delivery(models.Model):
    """One edition to one address: at most one row, and its state says whether the email left."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(max_length=254)
    state = models.CharField(max_length=8, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    # The run that holds the row while it is "sending"; a run records an outcome only while its claim stands.
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # What the reader did after: set by the tracking webhook, so the report counts bounces and complaints.
    bounced = models.BooleanField(default=False)
    complained = models.BooleanField(default=False)

    wagtail_reference_index_ignore = True

    class Meta:
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["edition", "email"], name="delivery_once_per_recipient"),
            models.CheckConstraint(
                condition=~Q(state=DeliveryState.SENT) | Q(sent_at__isnull=False), name="delivery_sent_has_time"
            ),
        ]
        indexes = [models.Index(fields=["edition", "state"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.edition} to {self.email}"


class EditionLink(models.Model):
    """A story link in one edition of a list that counts clicks: the redirect's target and its count, nothing else
    (no reader, no address, no time of a click)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=2000)
    clicks = models.PositiveBigIntegerField(default=0)

    wagtail_reference_index_ignore = True

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["edition", "url"], name="edition_link_once")]

    def __str__(self) -> str:
        return f"{self.url} in {self.edition}: {self.clicks} clicks"
