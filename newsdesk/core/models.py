"""Site-wide settings a newsroom edits in the admin."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """The publication's identity, used in the masthead, feeds and structured data."""

    publication_name = models.CharField(max_length=120, default="The Newsdesk Times")
    tagline = models.CharField(max_length=200, blank=True, default="Independent news, every day")
    publisher_logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Used in structured data (schema.org publisher logo). A wide PNG, at most 600x60.",
    )
    twitter_handle = models.CharField(max_length=40, blank=True, help_text="Without the @.")
    articles_per_page = models.PositiveSmallIntegerField(default=20)

    panels = [
        FieldPanel("publication_name"),
        FieldPanel("tagline"),
        FieldPanel("publisher_logo"),
        FieldPanel("twitter_handle"),
        FieldPanel("articles_per_page"),
    ]

    class Meta:
        verbose_name = "Newsroom settings"
