"""The newspaper's page types: home, sections, articles; authors; topics."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel, TitleFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from newsdesk.delivery.pages import CachedPageMixin
from newsdesk.delivery.tags import HOME_TAG, article_tag, section_tag, topic_tag

from .blocks import ArticleBodyBlock
from .forms import NewsPageForm
from .restrictions import is_restricted


class Author(index.Indexed, models.Model):
    """A journalist credited in bylines."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, blank=True)
    role = models.CharField(max_length=120, blank=True, help_text="For example: Political correspondent")
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    bio = models.TextField(blank=True, max_length=1000)
    email = models.EmailField(blank=True, help_text="Shown to the public editor, never on the site.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("email"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("slug")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("news:author", args=[self.slug])


class NewsPageMixin(CachedPageMixin):
    """Page behaviour shared by the newspaper's page types."""

    base_form_class = NewsPageForm

    def get_view_restrictions(self):
        # Most of a newspaper is public: answer from the cached restriction list, and only ask the database
        # (with Wagtail's own query) when this page really is restricted.
        if not is_restricted(self.path):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def cache_tags(self) -> set[str]:
        return {HOME_TAG} if isinstance(self, HomePage) else {section_tag(self.pk)}


class HomePage(NewsPageMixin, Page):
    """The front page: lead story, top stories, a rail per section, most recent."""

    reads_from_replica = True
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage"]

    content_panels = [*Page.content_panels, InlinePanel("featured", label="Lead and top stories", max_num=9)]

    class Meta:
        verbose_name = "Home page"

    def route(self, request, path_components):
        # Articles are most of the traffic: find one by its full path in one query instead of walking the tree
        # a level (two queries) at a time. Anything else takes Wagtail's usual route.
        if len(path_components) >= 2:
            from .selectors import live_article_at  # reason: page-as-controller, selectors query these models

            article = live_article_at(url_path=self.url_path + "/".join(path_components) + "/")
            if article is not None:
                return RouteResult(article)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_page_context  # reason: page-as-controller, selectors query these models

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(home=self))
        return context


class HomeFeaturedArticle(Orderable):
    """An editor's pick on the front page; the first is the lead story."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured")
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("article", page_type="news.ArticlePage")]


class SectionPage(NewsPageMixin, Page):
    """A section of the paper (World, Business, Sport); sections nest (World > Africa)."""

    reads_from_replica = True
    intro = models.CharField(max_length=300, blank=True)
    show_in_navigation = models.BooleanField(default=True)

    parent_page_types = ["news.HomePage", "news.SectionPage"]
    subpage_types = ["news.SectionPage", "news.ArticlePage", "liveblogs.LivePage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, FieldPanel("show_in_navigation")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "Section"

    def get_context(self, request, *args, **kwargs):
        from .selectors import section_page_context  # reason: page-as-controller, selectors query these models

        context = super().get_context(request, *args, **kwargs)
        context.update(section_page_context(section=self, page_number=request.GET.get("page")))
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(NewsPageMixin, Page):
    """A news story."""

    standfirst = models.TextField(max_length=400, help_text="The summary under the headline.")
    agency_credit = models.CharField(
        max_length=120,
        blank=True,
        help_text="For agency copy, the agency's name (shown when there is no byline).",
    )
    dateline = models.CharField(max_length=80, blank=True, help_text="Where the story was filed, e.g. Durban.")
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.CharField(max_length=300, blank=True)
    lead_image_credit = models.CharField(max_length=120, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name="Topics")
    premium = models.BooleanField(default=False, help_text="Only subscribers read past the first paragraphs.")
    comments_enabled = models.BooleanField(default=True)

    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    content_panels = [
        # Wagtail's title panel: the slug (on the Promote tab) follows the headline as it is typed, until published.
        TitleFieldPanel("title", heading="Headline", placeholder="Headline*"),
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [
                InlinePanel("article_authors", label="Author"),
                FieldPanel("agency_credit"),
                FieldPanel("dateline"),
            ],
            heading="Byline",
        ),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")],
            heading="Lead image",
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("premium"), FieldPanel("comments_enabled")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        # Premium bodies are indexed so that staff search finds them; public results only ever show the standfirst.
        index.SearchField("body"),
        index.FilterField("premium"),
        index.FilterField("first_published_at"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = "Article"

    @property
    def headline(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.lead_image_id is None and (self.lead_image_caption or self.lead_image_credit):
            raise ValidationError({"lead_image": "Choose a lead image, or clear its caption and credit."})

    def get_context(self, request, *args, **kwargs):
        from .selectors import article_page_context  # reason: page-as-controller, selectors query these models

        context = super().get_context(request, *args, **kwargs)
        context.update(article_page_context(article=self, request=request, on_load=self._remember_shown))
        return context

    def _remember_shown(self, view) -> None:
        # The page shows its topics' related reads and other articles' headlines (READ links, related reads).
        self._shown = {
            "topics": [t.slug for t in view.topics],
            "articles": [a.pk for a in view.related] + self.linked_article_ids(),
        }

    def linked_article_ids(self) -> list[int]:
        """Return the ids of the articles this body links with READ blocks, without loading them."""
        return [
            block["value"]["article"]
            for block in self.body.raw_data
            if block["type"] == "related_article"
            and isinstance(block.get("value"), dict)
            and block["value"].get("article")
        ]

    def cache_tags(self) -> set[str]:
        shown = getattr(self, "_shown", {"topics": [], "articles": []})
        return (
            {article_tag(self.pk)}
            | {topic_tag(s) for s in shown["topics"]}
            | {article_tag(pk) for pk in shown["articles"]}
        )


class ArticleAuthor(Orderable):
    """An author credited on an article, in byline order."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="article_credits")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "author"], name="news_one_credit_per_author")]
