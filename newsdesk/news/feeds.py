"""RSS 2.0 and Atom feeds for the whole site, each section, each topic and each author.

Items carry the standfirst only, never the body, so a feed can not leak premium text.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from newsdesk.core.selectors import absolute_url, newsroom_identity
from newsdesk.delivery.pagecache import cache_page_with_tags
from newsdesk.delivery.pages import shared_render
from newsdesk.delivery.replica import replica_reads
from newsdesk.delivery.tags import HOME_TAG, author_tag, section_tag, topic_tag

from .models import HomePage, SectionPage
from .selectors import article_cards, author_articles, author_by_slug, live_articles, topic_articles, topic_by_slug

FEED_SIZE = 30


class _ArticleFeed(Feed):
    feed_type = Rss201rev2Feed
    site_title = "Newsdesk"

    def __call__(self, request, *args, **kwargs):

        self.site_title = newsroom_identity(request)["name"]
        with shared_render(request), replica_reads(request):  # the same feed for everyone, cached whole
            response = super().__call__(request, *args, **kwargs)
        # The feed object travels on the request: one Feed instance serves every thread.
        return cache_page_with_tags(response, self.cache_tags(getattr(request, "newsdesk_feed_object", None)))

    def cache_tags(self, obj) -> set[str]:
        return {HOME_TAG}

    def articles(self, obj):
        return live_articles()

    def items(self, obj):
        return list(article_cards(self.articles(obj)).prefetch_related("article_authors__author", "tags")[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return absolute_url(item.url or "/")

    def item_guid(self, item):
        return absolute_url(item.url or "/")

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        names = [credit.author.name for credit in item.article_authors.all()]
        return ", ".join(names) or item.agency_credit or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class SiteFeed(_ArticleFeed):
    def title(self, obj):
        return f"{self.site_title}: latest news"

    def link(self, obj):
        return absolute_url("/")

    def description(self, obj):
        return f"The latest stories from {self.site_title}."


class SectionFeed(_ArticleFeed):
    def get_object(self, request, section_path: str):
        slugs = [s for s in section_path.strip("/").split("/") if s]
        if not slugs:
            raise Http404("No such section.")
        home = HomePage.objects.only("url_path").first()
        if home is None:
            raise Http404("No such section.")
        section = SectionPage.objects.live().public().filter(url_path=home.url_path + "/".join(slugs) + "/").first()
        if section is None:
            raise Http404("No such section.")
        request.newsdesk_feed_object = section
        return section

    def cache_tags(self, obj) -> set[str]:
        return {section_tag(obj.pk)}

    def title(self, obj):
        return f"{self.site_title}: {obj.title}"

    def link(self, obj):
        return absolute_url(obj.url or "/")

    def description(self, obj):
        return obj.intro or f"The latest {obj.title} stories."

    def articles(self, obj):
        return live_articles().descendant_of(obj)


class TopicFeed(_ArticleFeed):
    def get_object(self, request, slug: str):
        topic = topic_by_slug(slug)
        if topic is None:
            raise Http404("No such topic.")
        request.newsdesk_feed_object = topic
        return topic

    def cache_tags(self, obj) -> set[str]:
        return {topic_tag(obj.slug)}

    def title(self, obj):
        return f"{self.site_title}: {obj.name}"

    def link(self, obj):
        return absolute_url(f"/topics/{obj.slug}/")

    def description(self, obj):
        return f"Stories about {obj.name}."

    def articles(self, obj):
        return topic_articles(obj)


class AuthorFeed(_ArticleFeed):
    def get_object(self, request, slug: str):
        author = author_by_slug(slug)
        if author is None:
            raise Http404("No such author.")
        request.newsdesk_feed_object = author
        return author

    def cache_tags(self, obj) -> set[str]:
        return {author_tag(obj.slug)}

    def title(self, obj):
        return f"{self.site_title}: {obj.name}"

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def description(self, obj):
        return f"Stories by {obj.name}."

    def articles(self, obj):
        return author_articles(obj)


def atom(feed_class):
    """Return an Atom variant of an RSS feed class."""
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )
