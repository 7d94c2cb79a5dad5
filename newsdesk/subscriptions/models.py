"""Plans, subscriptions and their history, billing periods, the payment ledger, trial claims and webhook events.

Money is always an integer number of minor units (cents) plus an ISO 4217 currency code.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel


class ImmutableRowError(Exception):
    """Raised when code tries to change or delete a ledger row."""


class LedgerRow(models.Model):
    """A row that is written once and never changed: corrections are new rows (a refund, not an edit)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRowError(f"{type(self).__name__} rows are immutable; record a new row instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRowError(f"{type(self).__name__} rows are immutable and cannot be deleted.")


def format_money(amount: int, currency: str) -> str:
    """Return an amount for people, the one way money is shown: 123456 ZAR -> "R1 234.56", 100 ZAR -> "R1.00"."""
    symbol = {"ZAR": "R", "USD": "$", "EUR": "€", "GBP": "£"}.get(currency, currency + " ")
    sign = "-" if amount < 0 else ""
    major, minor = divmod(abs(amount), 100)
    return f"{sign}{symbol}{major:,}.{minor:02d}".replace(",", " ")


class Plan(models.Model):
    """What a reader can buy: a price per period and a free trial. Plans are data, edited in the admin."""

    class Interval(models.TextChoices):
        MONTH = "month", "Monthly"
        YEAR = "year", "Annual"

    name = models.CharField(max_length=80)
    slug = models.SlugField(unique=True)
    description = models.CharField(max_length=200, blank=True)
    amount = models.PositiveIntegerField(help_text="Price per period in minor units (cents): 12345 is R123.45.")
    currency = models.CharField(max_length=3, default="ZAR")
    interval = models.CharField(max_length=8, choices=Interval.choices, default=Interval.MONTH)
    trial_days = models.PositiveSmallIntegerField(help_text="Free days before the first charge; 0 for none.")
    is_active = models.BooleanField(default=True, help_text="Inactive plans cannot be chosen by new subscribers.")
    order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("amount"),
        FieldPanel("currency"),
        FieldPanel("interval"),
        FieldPanel("trial_days"),
        FieldPanel("is_active"),
        FieldPanel("order"),
    ]

    class Meta:
        ordering = ["order", "amount"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="plan_amount_positive"),
            models.CheckConstraint(condition=Q(interval__in=["month", "year"]), name="plan_interval_known"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.price_display} {self.get_interval_display().lower()})"

    @property
    def months_per_period(self) -> int:
        return 12 if self.interval == self.Interval.YEAR else 1

    @property
    def price_display(self) -> str:
        return format_money(self.amount, self.currency)


class PaymentMethod(models.Model):
    """A reusable card token the gateway gave us; never the card number."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payment_methods")
    gateway = models.CharField(max_length=20)
    token = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=128, help_text="The gateway's card fingerprint (same card, same value).")
    brand = models.CharField(max_length=20, blank=True)
    last4 = models.CharField(max_length=4, blank=True)
    exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gateway", "token"], name="payment_method_token_unique")]

    def __str__(self) -> str:
        return f"{self.brand or 'Card'} ending {self.last4}"


class Status(models.TextChoices):
    TRIALING = "trialing", "Free trial"
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Payment overdue"
    CANCELLED = "cancelled", "Cancelled"
    ENDED = "ended", "Ended"


class Subscription(models.Model):
    """A reader's subscription to a plan. Its status changes only through newsdesk.subscriptions.state."""

    Status = Status

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subscriptions")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    payment_method = models.ForeignKey(PaymentMethod, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField()
    trial_end = models.DateTimeField(null=True, blank=True)
    # Periods are counted from the anchor (the trial's end, or the start when there was no trial).
    anchor = models.DateTimeField()
    periods_paid = models.PositiveIntegerField(default=0)
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    # When the billing engine should next act on this subscription (charge, retry, or re-check); null: never.
    due_at = models.DateTimeField(null=True, blank=True)
    past_due_since = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    access_until = models.DateTimeField(null=True, blank=True, help_text="Set on cancellation: access ends then.")
    ended_at = models.DateTimeField(null=True, blank=True)
    trial_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # A billing run that took this subscription holds it until then; a crashed run's claim expires by itself.
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One click too many, two tabs, two workers: a reader has at most one subscription that is not over.
            models.UniqueConstraint(
                fields=["user"], condition=~Q(status="ended"), name="one_live_subscription_per_reader"
            ),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in Status]), name="subscription_status_known"),
        ]
        indexes = [
            models.Index(fields=["due_at", "id"], name="subscription_due_idx"),
            models.Index(fields=["status"], name="subscription_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.plan.name} ({self.get_status_display()})"


class SubscriptionEvent(models.Model):
    """One transition of a subscription's state machine: from, to, why and when."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    cause = models.CharField(max_length=40)
    at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status} ({self.cause})"


class BillingPeriod(models.Model):
    """The claim on one period of one subscription: created before any charge, at most one per period."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        UNKNOWN = "unknown", "Outcome unknown (gateway timeout)"
        FAILED = "failed", "Failed"
        PAID = "paid", "Paid"

    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="periods")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_failure = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "period_start"], name="one_billing_period_per_start")
        ]
        # Every billing run first reads the periods whose outcome is unknown: a handful among all the paid ones.
        indexes = [
            models.Index(fields=["subscription", "id"], condition=Q(state="unknown"), name="billing_period_unknown_idx")
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.period_start:%Y-%m-%d} ({self.state})"


class Payment(LedgerRow):
    """Money received for a billing period. Immutable; at most one per period; numbered without gaps per year."""

    billing_period = models.OneToOneField(BillingPeriod, on_delete=models.PROTECT, related_name="payment")
    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="payments")
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    gateway = models.CharField(max_length=20)
    reference = models.CharField(max_length=100, unique=True)
    gateway_reference = models.CharField(max_length=100, blank=True)
    paid_at = models.DateTimeField()
    receipt_year = models.PositiveSmallIntegerField()
    receipt_number = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["receipt_year", "receipt_number"], name="receipt_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]
        ordering = ["-paid_at", "-id"]
        permissions = [("refund_payment", "Can refund a reader's payment")]

    def __str__(self) -> str:
        return f"{self.receipt_label} {self.amount_display}"

    @property
    def receipt_label(self) -> str:
        return f"R{self.receipt_year}-{self.receipt_number:06d}"

    @property
    def amount_display(self) -> str:
        return format_money(self.amount, self.currency)


class Refund(LedgerRow):
    """Money given back on a payment by staff. Immutable; the sum never exceeds the payment (checked under lock)."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    reason = models.CharField(max_length=200)
    gateway_reference = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]

    def __str__(self) -> str:
        return f"Refund {format_money(self.amount, self.currency)} on {self.payment.receipt_label}"


class ReceiptCounter(models.Model):
    """The last receipt number used in a year; locked with select_for_update so numbers have no gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class TrialClaim(models.Model):
    """A free trial taken: one per account, per mailbox (see mailboxes.mailbox_key) and per card fingerprint."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", "Account"
        MAILBOX = "mailbox", "Mailbox of a verified email address"
        CARD = "card", "Card fingerprint"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    value = models.CharField(max_length=254, help_text="The account id, the mailbox key or the card fingerprint.")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="trial_claims")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="one_trial_per_claim")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class WebhookEvent(models.Model):
    """A gateway event received; the unique id makes applying it twice impossible."""

    gateway = models.CharField(max_length=20)
    event_id = models.CharField(max_length=120)
    event_type = models.CharField(max_length=60)
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField()
    payload = models.JSONField()
    outcome = models.CharField(max_length=60, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gateway", "event_id"], name="webhook_event_once")]

    def __str__(self) -> str:
        return f"{self.gateway} {self.event_type} {self.event_id}"


class TestGatewayCard(models.Model):
    """The built-in test gateway's vault: a token and how the card behaves (the gateway's storage, not ours)."""

    token = models.CharField(max_length=64, unique=True)
    behaviour = models.CharField(max_length=24)
    fingerprint = models.CharField(max_length=64)
    last4 = models.CharField(max_length=4)
    exp_month = models.PositiveSmallIntegerField()
    exp_year = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    __test__ = False  # not a pytest test class

    def __str__(self) -> str:
        return f"test card {self.last4} ({self.behaviour})"


class TestGatewayCharge(models.Model):
    """The built-in test gateway's record of charges: idempotent by key, found by reference."""

    idempotency_key = models.CharField(max_length=64, unique=True)
    reference = models.CharField(max_length=100, unique=True)
    token = models.CharField(max_length=64)
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    succeeded = models.BooleanField()
    failure_code = models.CharField(max_length=40, blank=True)
    refunded = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    __test__ = False

    def __str__(self) -> str:
        return f"{self.reference} {'ok' if self.succeeded else self.failure_code}"


class NoticeSent(models.Model):
    """An email about a subscription that has been sent; the unique key lets the email task run twice safely."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=80)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "kind", "key"], name="notice_sent_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
