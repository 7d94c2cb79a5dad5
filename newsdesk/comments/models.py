"""Readers' comments under articles, the commenters behind them, reports, the moderation log and the policy."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class WhoMayComment(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed-in readers"
    SUBSCRIBERS = "subscribers", "Subscribers only"
    NOBODY = "nobody", "Nobody (closed)"


class ScheduledAction(models.TextChoices):
    PREMODERATE = "premoderate", "Hold every comment for approval"
    CLOSE = "close", "Close commenting"


class ModerationMode(models.TextChoices):
    POST = "post", "Post-moderation (publish at once, remove later)"
    PRE = "pre", "Pre-moderation (hold every comment until approved)"


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """The newsroom's comment policy for a site; sections and articles may override who and how."""

    who_may_comment = models.CharField(max_length=16, choices=WhoMayComment.choices, default=WhoMayComment.SIGNED_IN)
    moderation_mode = models.CharField(max_length=8, choices=ModerationMode.choices, default=ModerationMode.POST)
    premoderate_first_n = models.PositiveSmallIntegerField(
        default=0, help_text="Hold a new commenter's first N comments for approval (0: off)."
    )
    # The scheduled hours (for nights when no moderator is on duty): what happens between these two times.
    premoderate_from = models.TimeField(
        null=True, blank=True, help_text="Scheduled hours start at this time (SAST), e.g. 22:00."
    )
    premoderate_until = models.TimeField(
        null=True, blank=True, help_text="Scheduled hours end at this time (SAST), e.g. 06:00."
    )
    scheduled_action = models.CharField(
        max_length=12,
        choices=ScheduledAction.choices,
        default=ScheduledAction.PREMODERATE,
        help_text="What happens to commenting during the scheduled hours.",
    )
    close_after_days = models.PositiveSmallIntegerField(
        default=0, help_text="Close commenting this many days after an article is first published (0: never)."
    )
    report_threshold = models.PositiveSmallIntegerField(
        default=3, help_text="Hide a comment for review once this many readers have reported it."
    )
    edit_window_minutes = models.PositiveSmallIntegerField(default=5)
    banned_words = models.TextField(blank=True, help_text="One word or phrase a line. Comments with them are rejected.")
    suspect_words = models.TextField(blank=True, help_text="One word or phrase a line. Comments with them are held.")
    max_links = models.PositiveSmallIntegerField(default=2, help_text="Hold comments with more links than this.")
    rate_limit_per_minute = models.PositiveSmallIntegerField(
        default=5, help_text="Comments a reader may post a minute."
    )
    rate_limit_per_ip_per_minute = models.PositiveSmallIntegerField(
        default=20, help_text="Comments (and, separately, reports) one IP address may send a minute, all readers on it."
    )
    rate_limit_per_network_per_minute = models.PositiveSmallIntegerField(
        default=60, help_text="The same for a whole network (an IPv4 /24 or IPv6 /64)."
    )
    report_rate_limit_per_minute = models.PositiveSmallIntegerField(
        default=10, help_text="Reports a reader may send a minute."
    )

    panels = [
        MultiFieldPanel([FieldPanel("who_may_comment"), FieldPanel("close_after_days")], heading="Who may comment"),
        MultiFieldPanel(
            [
                FieldPanel("moderation_mode"),
                FieldPanel("premoderate_first_n"),
                FieldPanel("premoderate_from"),
                FieldPanel("premoderate_until"),
                FieldPanel("scheduled_action"),
                FieldPanel("report_threshold"),
            ],
            heading="Moderation",
        ),
        MultiFieldPanel(
            [
                FieldPanel("banned_words"),
                FieldPanel("suspect_words"),
                FieldPanel("max_links"),
                FieldPanel("rate_limit_per_minute"),
                FieldPanel("rate_limit_per_ip_per_minute"),
                FieldPanel("rate_limit_per_network_per_minute"),
                FieldPanel("report_rate_limit_per_minute"),
                FieldPanel("edit_window_minutes"),
            ],
            heading="Filters",
        ),
    ]

    class Meta:
        verbose_name = "Comment settings"

    @staticmethod
    def word_list(text: str) -> list[str]:
        return [line.strip().lower() for line in text.splitlines() if line.strip()]


class CommentPolicyOverride(models.Model):
    """Override the site's comment policy for one section (and everything under it) or one article."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="comment_policy")
    who_may_comment = models.CharField(max_length=16, choices=WhoMayComment.choices, blank=True)
    moderation_mode = models.CharField(max_length=8, choices=ModerationMode.choices, blank=True)

    panels = [FieldPanel("page"), FieldPanel("who_may_comment"), FieldPanel("moderation_mode")]

    class Meta:
        verbose_name = "Comment policy override"

    def __str__(self) -> str:
        return f"Comment policy for {self.page.title}"


class CommenterProfile(models.Model):
    """A reader as a commenter: the public name, standing and moderation history."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commenter_profile")
    display_name = models.CharField(max_length=40)
    banned = models.BooleanField(default=False)
    suspended_until = models.DateTimeField(null=True, blank=True)
    premoderate = models.BooleanField(default=False, help_text="Hold every comment by this reader for approval.")
    approved_count = models.PositiveIntegerField(default=0)
    notify_replies = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(models.functions.Lower("display_name"), name="comments_unique_display_name"),
        ]
        permissions = [("ban_commenter", "Can ban or suspend a reader from commenting")]

    def __str__(self) -> str:
        return self.display_name


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    DELETED = "deleted", "Deleted"


class Comment(models.Model):
    """A reader's comment on an article, or a reply to one."""

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="reader_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    # The top-level comment of the thread: replies are listed under it, however deep they were written.
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    body_html = models.TextField()
    body_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    featured = models.BooleanField(default=False)
    has_replies = models.BooleanField(default=False)
    reports_count = models.PositiveIntegerField(default=0)
    reported = models.BooleanField(default=False, help_text="Hidden by readers' reports, awaiting review.")
    filter_notes = models.JSONField(default=list, blank=True)
    rejection_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The replies under a page of top-level comments.
            models.Index(fields=["article", "root", "featured", "created_at", "id"], name="comments_listing_idx"),
            # The top-level listing in display order (read backwards for newest first), so the first page of a long
            # thread is the first rows of an index range, not a sort of the whole thread. Partial: "root IS NULL" is
            # not an equality, so PostgreSQL cannot use the order of an index that has root as a column.
            models.Index(
                fields=["article", "featured", "created_at", "id"],
                name="comments_top_level_idx",
                condition=Q(root__isnull=True),
                include=["status", "has_replies"],
            ),
            models.Index(fields=["status", "created_at"], name="comments_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True, root__isnull=True) | Q(parent__isnull=False, root__isnull=False),
                name="comments_reply_has_root",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on article {self.article_id}"


class ArticleCommentStats(models.Model):
    """The published-comment count of an article, kept current by the services (read by "Show Comments (N)")."""

    article = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="comment_stats"
    )
    published_count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(published_count__gte=0), name="comments_count_not_negative")]

    def __str__(self) -> str:
        return f"{self.published_count} comments on article {self.article_id}"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Claimed by a worker"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent (not opted in, no address, or the reply is gone)"
    FAILED = "failed", "Gave up after repeated failures"


class ReplyNotification(models.Model):
    """One email telling a comment's author about one reply: written with the reply, sent by a task, once.

    The row is the promise to send; its status records how far the sending got (see notifications.py).
    """

    reply = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reply_notifications")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=NotificationStatus.choices, default=NotificationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reply", "recipient"], name="comments_one_notification_per_reply"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="comments_notification_due_idx")]

    def __str__(self) -> str:
        return f"Reply notification {self.pk} ({self.status})"


class ReportReason(models.TextChoices):
    ABUSIVE = "abusive", "Abusive or hateful"
    SPAM = "spam", "Spam or advertising"
    OFF_TOPIC = "off_topic", "Off topic"
    MISINFORMATION = "misinformation", "Misinformation"
    OTHER = "other", "Something else"


class Report(models.Model):
    """One reader's report of one comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports")
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="comments_one_report_per_reader")]

    def __str__(self) -> str:
        return f"Report of comment {self.comment_id}: {self.reason}"


class ModerationActionKind(models.TextChoices):
    APPROVE = "approve", "Approved"
    REJECT = "reject", "Rejected"
    FEATURE = "feature", "Featured"
    UNFEATURE = "unfeature", "Unfeatured"
    BAN = "ban", "Banned"
    SUSPEND = "suspend", "Suspended"
    LIFT = "lift", "Ban or suspension lifted"
    PREMODERATE = "premoderate", "Set to pre-moderation"
    AUTO_HOLD = "auto_hold", "Hidden by reports"
    AUTO_FILTER = "auto_filter", "Held or rejected by filters"


class ModerationAction(models.Model):
    """The audit log: who did what to which comment or reader, and why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=ModerationActionKind.choices)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"
