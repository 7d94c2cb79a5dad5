"""Every email the site sends, kept from the moment it is written until it is delivered (or given up on)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class State(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboxMessage(models.Model):
    # The Message-ID header: the same on every attempt, so a mail server or mailbox that got an earlier attempt
    # whose answer was lost (a timeout) can recognise the repeat.
    message_id = models.CharField(max_length=255, db_index=True)
    from_email = models.TextField()
    recipients = models.TextField(help_text="Every address the message goes to (to, cc and bcc).")
    subject = models.TextField(blank=True)
    # What is needed to rebuild the message for a retry: addresses, body, alternatives, headers, attachments.
    # It can hold sign-in and password-reset links, so the admin never shows it and it is emptied after a week.
    content = models.JSONField(default=dict)
    content_purged_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # Each claim for sending adds one; a claim's number is what its worker must still find to record the outcome.
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    resend_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resends", editable=False
    )
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    resent_at = models.DateTimeField(null=True, blank=True)

    # Nothing links to an email, and indexing every one would cost Wagtail a job per message.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "outgoing email"
        verbose_name_plural = "outgoing email"
        ordering = ["-created_at", "-pk"]
        # Only the outbox's services write these rows, so there is nothing to add, change or delete by hand.
        default_permissions = ("view",)
        permissions = [("resend_outboxmessage", "Can resend an outgoing email")]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state=State.SENT) | models.Q(sent_at__isnull=False), name="outbox_sent_has_time"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=State.SENDING) | models.Q(claimed_at__isnull=False),
                name="outbox_sending_is_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipients}"
