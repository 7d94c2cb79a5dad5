"""Reader polls: the poll and its ordered options, one vote per reader, refused votes and option wording history."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

MIN_OPTIONS = 2
MAX_OPTIONS = 10


class PollStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class WhoMayVote(models.TextChoices):
    ANYONE = "anyone", "Anyone"
    SIGNED_IN = "signed_in", "Signed-in readers only"


class ResultsShow(models.TextChoices):
    AFTER_VOTING = "after_voting", "After the reader votes"
    WHEN_CLOSED = "when_closed", "Only when the poll closes"


class Placement(models.TextChoices):
    SITE = "site", "Site-wide current poll"
    SECTION = "section", "A section's poll (inherited by its subsections and articles)"
    BLOCK = "block", "Only where placed as a block in an article body"


@register_setting(icon="list-ul")
class PollSettings(BaseSiteSetting):
    """The newsroom's poll policy: the widget heading and the ballot-stuffing limits."""

    heading = models.CharField(max_length=60, default="Voting Booth", help_text="The heading above every poll.")
    votes_per_ip_per_hour = models.PositiveIntegerField(
        default=60, help_text="Votes one IP address may cast in one poll per hour."
    )
    votes_per_network_per_hour = models.PositiveIntegerField(
        default=300, help_text="Votes one network (/24 for IPv4, /64 for IPv6) may cast in one poll per hour."
    )

    panels = [
        FieldPanel("heading"),
        MultiFieldPanel(
            [FieldPanel("votes_per_ip_per_hour"), FieldPanel("votes_per_network_per_hour")],
            heading="Ballot stuffing",
        ),
    ]

    class Meta:
        verbose_name = "Poll settings"


class Poll(ClusterableModel):
    """A question with 2-10 ordered options, open for a time, shown site-wide, for a section or in an article."""

    question = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=PollStatus.choices, default=PollStatus.DRAFT)
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True, help_text="Leave empty to close by hand.")
    who_may_vote = models.CharField(max_length=12, choices=WhoMayVote.choices, default=WhoMayVote.ANYONE)
    results_show = models.CharField(max_length=16, choices=ResultsShow.choices, default=ResultsShow.AFTER_VOTING)
    placement = models.CharField(max_length=8, choices=Placement.choices, default=Placement.BLOCK)
    section = models.ForeignKey(
        "news.SectionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a section's poll: the section (its subsections and articles inherit it).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("question"),
        InlinePanel("options", min_num=MIN_OPTIONS, max_num=MAX_OPTIONS, label="Options"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("opens_at"), FieldPanel("closes_at")], heading="When it is open"
        ),
        MultiFieldPanel(
            [FieldPanel("who_may_vote"), FieldPanel("results_show"), FieldPanel("placement"), FieldPanel("section")],
            heading="Who votes, and where it shows",
        ),
    ]

    class Meta:
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["placement", "status", "-opens_at"], name="polls_current_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="polls_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def clean(self):
        super().clean()
        if self.placement == Placement.SECTION and self.section_id is None:
            raise ValidationError({"section": "Choose the section this poll belongs to."})
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The poll must close after it opens."})

    def is_open_at(self, when: datetime) -> bool:
        return (
            self.status == PollStatus.OPEN
            and self.opens_at <= when
            and (self.closes_at is None or when < self.closes_at)
        )

    def has_closed_at(self, when: datetime) -> bool:
        return self.status == PollStatus.CLOSED or (self.closes_at is not None and when >= self.closes_at)


class PollOption(Orderable):
    """One answer; its tally is the sum of its `OptionTally` shards."""

    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=120)

    panels = [FieldPanel("label")]

    def __str__(self) -> str:
        return self.label


# Each vote adds one to a randomly chosen shard of its option's tally. With one counter row per option, every
# concurrent voter on a poll queued for the same few row locks, each held until its transaction committed.
TALLY_SHARDS = 16


class OptionTally(models.Model):
    """One shard of an option's vote count, moved with F() in the same transaction as the vote row.

    An option's count is the sum of its shards, so it equals the number of its stored votes at all times.
    """

    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="tallies")
    shard = models.PositiveSmallIntegerField()
    votes = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "shard"], name="polls_one_tally_per_shard")]

    def __str__(self) -> str:
        return f"{self.votes} votes for option {self.option_id} (shard {self.shard})"


class Vote(models.Model):
    """One reader's vote: by account when signed in, else by the signed voter cookie; never both, never twice."""

    # Every vote writes each of this table's indexes, so it keeps only those something reads: the poll's own
    # index would repeat the hourly one's first column, and anonymous votes (nearly all) stay out of the user's.
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes", db_index=False)
    option = models.ForeignKey(PollOption, on_delete=models.PROTECT, related_name="vote_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, db_index=False)
    voter_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - NULL, not "", so the partial unique constraint skips account votes
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "user"], condition=Q(user__isnull=False), name="polls_one_vote_per_account"
            ),
            models.UniqueConstraint(
                fields=["poll", "voter_key"], condition=Q(voter_key__isnull=False), name="polls_one_vote_per_cookie"
            ),
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(voter_key__isnull=True))
                | (Q(user__isnull=True) & Q(voter_key__isnull=False)),
                name="polls_vote_has_one_identity",
            ),
        ]
        indexes = [
            models.Index(fields=["poll", "created_at"], name="polls_vote_hourly_idx"),
            models.Index(fields=["user"], condition=Q(user__isnull=False), name="polls_vote_account_idx"),
        ]

    def __str__(self) -> str:
        return f"Vote on poll {self.poll_id} for option {self.option_id}"


class RefusalReason(models.TextChoices):
    IP_LIMIT = "ip", "Too many votes from one IP address"
    NETWORK_LIMIT = "network", "Too many votes from one network"


class RefusedVote(models.Model):
    """Votes the rate limits refused, counted per poll, network and hour so a flood stays one row, not millions."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="refusals")
    reason = models.CharField(max_length=8, choices=RefusalReason.choices)
    network = models.CharField(max_length=64, help_text="The /24 or /64 network the votes came from.")
    hour = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-hour", "poll"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "reason", "network", "hour"], name="polls_refusal_per_hour"),
        ]

    def __str__(self) -> str:
        return f"{self.attempts} refused on poll {self.poll_id} from {self.network}"


class OptionWordingChange(models.Model):
    """The audit trail of an option's wording, edited after votes were cast."""

    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="wording_changes")
    old_label = models.CharField(max_length=120)
    new_label = models.CharField(max_length=120)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.old_label} -> {self.new_label}"
