"""The meter: how many premium articles a signed-in reader without a subscription may read free, and what they read.

Both tables were made by the subscriptions app (their names say so); they moved here without moving any data.
"""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="lock")
class MeteringSettings(BaseSiteSetting):
    """Free premium reads for signed-in readers without a subscription (the meter); off unless an editor sets it."""

    free_premium_reads_per_month = models.PositiveSmallIntegerField(
        default=0,
        help_text="Signed-in readers without a subscription may read this many premium articles in full each "
        "calendar month (SAST). 0 turns the meter off.",
    )

    panels = [FieldPanel("free_premium_reads_per_month")]

    class Meta:
        db_table = "subscriptions_meteringsettings"
        verbose_name = "Free premium reads"


class MeteredRead(models.Model):
    """A premium article a reader without a subscription read in full on the meter, once per article and month."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="metered_reads")
    page_id = models.PositiveIntegerField(help_text="The premium article read.")
    month = models.DateField(help_text="The first day of the calendar month (SAST) the read counts against.")
    read_at = models.DateTimeField()

    class Meta:
        db_table = "subscriptions_meteredread"
        constraints = [models.UniqueConstraint(fields=["user", "month", "page_id"], name="metered_read_once_a_month")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.page_id} in {self.month:%Y-%m}"
