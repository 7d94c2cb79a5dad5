"""Live coverage: a live page (breaking news as a running page) and its posts, which change without publishing it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from newsdesk.delivery.responses import personal
from newsdesk.delivery.tags import article_tag, liveblog_tag
from newsdesk.news.models import Author, NewsPageMixin

from .blocks import LivePostBodyBlock

PAGE_MAX_AGE = 10  # seconds a browser or edge may keep the page itself without asking


class LivePage(NewsPageMixin, RoutablePageMixin, Page):
    """Breaking news as a running page: short timestamped posts, newest first, key events pinned."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    standfirst = models.TextField(max_length=400, help_text="The summary under the headline.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LIVE)
    key_points = models.TextField(
        blank=True, max_length=2000, help_text="The story so far, one point a line; shown above the posts to everyone."
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.CharField(max_length=300, blank=True)
    coverage_start = models.DateTimeField(
        null=True, blank=True, help_text="When coverage begins (an upcoming page's start). Empty: first published."
    )
    coverage_end = models.DateTimeField(null=True, blank=True, help_text="When coverage ended. Empty: still running.")
    premium = models.BooleanField(
        default=False, help_text="Headline, standfirst and key points are free; only subscribers read the posts."
    )
    # The number of the page's latest post change (a post written, edited, pinned or deleted); the updates
    # endpoint's cursor. Moved only by the post services, under the page row's lock: never in a revision.
    post_seq = models.PositiveBigIntegerField(default=0, editable=False)

    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    content_panels = [
        TitleFieldPanel("title", heading="Headline", placeholder="Headline*"),
        FieldPanel("standfirst"),
        FieldPanel("status"),
        FieldPanel("key_points"),
        InlinePanel("live_authors", label="Author"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_caption")], heading="Lead image"),
        MultiFieldPanel([FieldPanel("coverage_start"), FieldPanel("coverage_end")], heading="Coverage"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("premium")]
    search_fields = [*Page.search_fields, index.SearchField("standfirst"), index.SearchField("key_points")]

    class Meta:
        verbose_name = "Live page"

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    def key_point_lines(self) -> list[str]:
        return [line.strip(" -*\u2022") for line in self.key_points.splitlines() if line.strip(" -*\u2022")]

    def clean(self):
        super().clean()
        if self.coverage_start and self.coverage_end and self.coverage_end < self.coverage_start:
            raise ValidationError({"coverage_end": "Coverage cannot end before it starts."})

    def cache_tags(self) -> set[str]:
        # article_tag: what news purges for any page it shows (publish, move, READ links to it).
        return {liveblog_tag(self.pk), article_tag(self.pk)}

    def serve(self, request, *args, **kwargs):
        from .selectors import reader_for  # reason: page-as-controller, selectors query these models

        if self.premium and reader_for(request) is not None:
            # The shared copy of a premium live page is the locked one; a signed-in reader's page (the stream for a
            # subscriber, the offer for anyone else) is rendered for them, answered privately and never stored.
            return personal(RoutablePageMixin.serve(self, request, *args, **kwargs))
        response = super().serve(request, *args, **kwargs)
        if getattr(response, "newsdesk_max_age", None) is None:
            # Readers reload a running story often; an edge or browser copy of the page may not outlive a few polls.
            response.newsdesk_max_age = PAGE_MAX_AGE
        return response

    def get_context(self, request, *args, **kwargs):
        from .selectors import live_page_context  # reason: page-as-controller, selectors query these models

        context = super().get_context(request, *args, **kwargs)
        context.update(live_page_context(page=self, request=request))
        return context

    @path("updates/")
    def updates(self, request):
        from . import views  # reason: page-as-controller, the views read through selectors of these models

        return views.updates(request, page=self)

    @path("feed/rss/")
    def feed_rss(self, request):
        from . import views  # reason: page-as-controller, the views read through selectors of these models

        return views.feed(request, page=self, kind="rss")

    @path("feed/atom/")
    def feed_atom(self, request):
        from . import views  # reason: page-as-controller, the views read through selectors of these models

        return views.feed(request, page=self, kind="atom")


class LivePageAuthor(Orderable):
    """An author credited on a live page, in byline order."""

    page = ParentalKey(LivePage, on_delete=models.CASCADE, related_name="live_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="live_credits")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "author"], name="liveblogs_one_credit_per_author")]


class LivePost(models.Model):
    """One post on a live page; written, edited, pinned and deleted through services, never by publishing."""

    page = models.ForeignKey(LivePage, on_delete=models.CASCADE, related_name="posts")
    headline = models.CharField(
        max_length=160, blank=True, help_text="Optional; a key event is listed under it (else its first words)."
    )
    body = StreamField(LivePostBodyBlock())
    pinned = models.BooleanField(default=False, help_text="Shown above the stream until unpinned.")
    key_event = models.BooleanField(default=False, help_text="Listed in the key events, with a jump link.")
    author = models.ForeignKey(Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="live_posts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(editable=False)
    updated_at = models.DateTimeField(editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The page's change number of this post's latest change (LivePage.post_seq); readers ask "what changed after n".
    seq = models.PositiveBigIntegerField(editable=False)

    class Meta:
        permissions = [("post_to_live_page", "Can write, edit, pin and delete posts on live pages")]
        constraints = [models.UniqueConstraint(fields=["page", "seq"], name="liveblogs_one_change_per_seq")]
        indexes = [models.Index(fields=["page", "deleted_at", "-id"], name="liveblogs_post_stream")]

    def __str__(self) -> str:
        return self.headline or f"Post {self.pk}"

    @property
    def anchor(self) -> str:
        return f"post-{self.pk}"

    @property
    def was_updated(self) -> bool:
        return self.updated_at.replace(microsecond=0) != self.created_at.replace(microsecond=0)
