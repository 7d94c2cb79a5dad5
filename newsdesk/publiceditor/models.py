"""The public editor's cases (feedback, complaints, queries, suggestions), their thread and audit, and corrections."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Kind(models.TextChoices):
    FEEDBACK = "feedback", "Feedback for a journalist"
    COMPLAINT = "complaint", "Complaint"
    QUERY = "query", "Query"
    SUGGESTION = "suggestion", "Suggestion"


class Category(models.TextChoices):
    INACCURACY = "inaccuracy", "Inaccuracy"
    UNFAIR = "unfair", "Unfair treatment"
    PRIVACY = "privacy", "Privacy"
    OFFENSIVE = "offensive", "Offensive content"
    OTHER = "other", "Other"


class State(models.TextChoices):
    NEW = "new", "New"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    INVESTIGATING = "investigating", "Investigating"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    NO_ACTION = "no_action", "No action"


class CaseYearCounter(models.Model):
    """The last case number issued in a year; locked and bumped in the case's own transaction, so no gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Case(models.Model):
    """One reader's message to the public editor, followed from receipt to closing."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    article = models.ForeignKey(
        "news.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="publiceditor_cases"
    )
    category = models.CharField(max_length=16, choices=Category.choices, blank=True)
    message = models.TextField()
    name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    consent_to_contact = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=State.choices, default=State.NEW)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    acknowledge_due_on = models.DateField()
    resolve_due_on = models.DateField()
    acknowledgement_sent_at = models.DateTimeField(null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="publiceditor_one_number_per_year"),
            models.CheckConstraint(
                condition=~models.Q(state__in=["resolved", "closed"]) | ~models.Q(outcome=""),
                name="publiceditor_resolved_has_outcome",
            ),
        ]
        permissions = [("erase_personal_data", "Can erase a complainant's personal data")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display()})"


class CaseMessage(models.Model):
    """One message in a case's thread: the reader's, a staff reply (emailed), or an internal note (never shown)."""

    class Author(models.TextChoices):
        READER = "reader", "Reader"
        STAFF = "staff", "Public editor"
        NOTE = "note", "Internal note"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=8, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_author_kind_display()} on case {self.case_id}"


class CaseEvent(models.Model):
    """The audit trail: every transition, assignment and correction on a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} on case {self.case_id}"


class Correction(models.Model):
    """A correction, clarification or update published on an article."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="publiceditor_corrections")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(max_length=2000)
    published_at = models.DateTimeField(db_index=True)
    revision_before = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision_after = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_correction", "Can publish a correction on an article")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.article_id} ({self.published_at:%Y-%m-%d})"


class DigestSent(models.Model):
    """The weekly overdue digest sent for one ISO week: makes the job safe to run twice."""

    week = models.CharField(max_length=8, unique=True)  # e.g. 2026-W48
    sent_at = models.DateTimeField()
    overdue_count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.week


@register_setting(icon="help")
class PublicEditorSettings(BaseSiteSetting):
    """The public editor's service levels, retention period and address."""

    acknowledge_within_working_days = models.PositiveSmallIntegerField(default=2)
    resolve_within_working_days = models.PositiveSmallIntegerField(default=15)
    retention_months = models.PositiveSmallIntegerField(
        default=24, help_text="Complainants' personal data is erased this many months after a case closes."
    )
    public_editor_email = models.EmailField(blank=True, help_text="Receives the weekly digest of overdue cases.")

    panels = [
        FieldPanel("acknowledge_within_working_days"),
        FieldPanel("resolve_within_working_days"),
        FieldPanel("retention_months"),
        FieldPanel("public_editor_email"),
    ]

    class Meta:
        verbose_name = "Public editor settings"
