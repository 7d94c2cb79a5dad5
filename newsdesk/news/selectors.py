"""Reads for the newspaper's pages; each returns what a template needs, already joined."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch, Q, QuerySet
from django.utils.functional import SimpleLazyObject
from taggit.models import Tag
from wagtail import hooks
from wagtail.blocks import StreamValue
from wagtail.images import get_image_model
from wagtail.models import Page

from newsdesk.core.selectors import absolute_url, newsroom_identity, paginate

from .models import ArticleAuthor, ArticlePage, Author, HomePage, SectionPage
from .restrictions import is_restricted, public_q

# Rendition filters used by listing templates; prefetched with the images so a listing costs fixed queries.
CARD_IMAGE_FILTERS = ("fill-640x360", "fill-320x180")
NAV_CACHE_KEY = "news:primary-sections:v1"
MAX_SEARCH_QUERY_LENGTH = 200
HOME_POOL_SIZE = 200
MAX_SEARCH_TERMS = 12
# A premium article's teaser, the part of it everyone reads: its first paragraph blocks, and nothing else.
TEASER_PARAGRAPHS = 2
TEASER_BLOCK_TYPE = "paragraph"
# Who reads a premium article past its teaser is decided above news, by the paywall, which registers its answer
# as a Wagtail hook of this name: fn(*, reader, article) -> bool. With none registered nobody does.
READER_MAY_READ_HOOK = "newsdesk_reader_may_read"


def _image_prefetch(lookup: str, filters: tuple[str, ...]) -> Prefetch:
    return Prefetch(lookup, queryset=get_image_model().objects.prefetch_renditions(*filters))


def _image_prefetch_renditions(lookup: str, filters: tuple[str, ...]) -> Prefetch:
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(lookup, queryset=rendition_model.objects.filter(filter_spec__in=filters))


def live_articles() -> QuerySet[ArticlePage]:
    """Return the articles readers may see, newest first, without their bodies."""
    return ArticlePage.objects.live().filter(public_q()).defer_streamfields().order_by("-first_published_at", "-pk")


def live_article_at(*, url_path: str) -> ArticlePage | None:
    """Return the live article at a tree URL path, with its lead image, or None.

    Its renditions are not prefetched: the page shows them only inside shared fragments, which are mostly served
    from the cache, and a render that needs them finds them in the renditions cache.
    """
    return ArticlePage.objects.live().filter(url_path=url_path).select_related("lead_image").first()


def live_article(*, article_id: int) -> ArticlePage | None:
    """Return the article with this id if readers may see it (live, not private), without its body; else None."""
    return live_articles().filter(pk=article_id).first()


def article_authors(*, article_id: int) -> list[Author]:
    """Return the authors credited on an article, in byline order."""
    credits = ArticleAuthor.objects.filter(page_id=article_id).select_related("author").order_by("sort_order")
    return [credit.author for credit in credits]


def article_cards(queryset: QuerySet[ArticlePage]) -> QuerySet[ArticlePage]:
    """Return a listing queryset with everything a story card shows (image renditions) prefetched."""
    return queryset.select_related("lead_image").prefetch_related(
        _image_prefetch_renditions("lead_image__renditions", CARD_IMAGE_FILTERS)
    )


def attach_sections(articles: list[ArticlePage]) -> list[ArticlePage]:
    """Set `.section` on each article from its parent page, in one query for the whole list."""
    if not articles:
        return articles
    steplen = Page.steplen
    parent_paths = {article.path[:-steplen] for article in articles}
    sections = {s.path: s for s in SectionPage.objects.filter(path__in=parent_paths)}
    for article in articles:
        article.section = sections.get(article.path[:-steplen])
    return articles


def page_sections(*, page_ids: set[int] | list[int]) -> dict[int, int]:
    """Return the section each page sits in: an article's parent section, a section's own id (others left out)."""
    steplen = Page.steplen
    pages = list(Page.objects.filter(pk__in=page_ids).values_list("pk", "path", "content_type__model"))
    sections = dict(
        SectionPage.objects.filter(path__in={path[:-steplen] for _, path, _ in pages}).values_list("path", "pk")
    )
    found = {}
    for pk, path, model in pages:
        if model == "sectionpage":
            found[pk] = pk
        elif path[:-steplen] in sections:
            found[pk] = sections[path[:-steplen]]
    return found


def page_titles(*, page_ids: list[int] | set[int]) -> dict[int, str]:
    """Return the titles of these pages (any kind: articles, sections, the home page) by id."""
    return dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "title"))


@dataclass(frozen=True)
class ArticleSummary:
    """A live article as a list of stories shows it: headline, address, section and byline."""

    id: int
    title: str
    url: str
    section_id: int | None
    section_title: str
    authors: tuple[str, ...]


def article_summaries(*, article_ids: list[int] | set[int]) -> dict[int, ArticleSummary]:
    """Return the live, public articles among these ids, with section and authors, in three queries."""
    articles = attach_sections(list(live_articles().filter(pk__in=article_ids).only("title", "url_path", "path")))
    credits: dict[int, list[str]] = {}
    for page_id, name in (
        ArticleAuthor.objects.filter(page_id__in=[a.pk for a in articles])
        .order_by("page_id", "sort_order")
        .values_list("page_id", "author__name")
    ):
        credits.setdefault(page_id, []).append(name)
    return {
        article.pk: ArticleSummary(
            id=article.pk,
            title=article.title,
            url=article.get_url() or "",
            section_id=article.section.pk if article.section else None,
            section_title=article.section.title if article.section else "",
            authors=tuple(credits.get(article.pk, [])),
        )
        for article in articles
    }


def primary_sections() -> list[dict[str, str]]:
    """Return the top-level sections for the masthead navigation (cached; purged when sections change)."""
    nav = cache.get(NAV_CACHE_KEY)
    if nav is None:
        home = HomePage.objects.first()
        nav = []
        if home is not None:
            sections = SectionPage.objects.child_of(home).live().public().filter(show_in_navigation=True)
            nav = [{"title": s.title, "url": s.url} for s in sections.order_by("path")]
        cache.set(NAV_CACHE_KEY, nav, 300)
    return nav


def forget_primary_sections() -> None:
    """Drop the cached navigation so the next page builds it afresh."""
    cache.delete(NAV_CACHE_KEY)


def home_page_context(*, home: HomePage) -> dict[str, Any]:
    """Return the front page: lead story, top stories, a rail per top-level section, most recent."""
    pool = attach_sections(list(article_cards(live_articles())[:HOME_POOL_SIZE]))
    by_id = {article.pk: article for article in pool}
    picked = [by_id[f.article_id] for f in home.featured.all() if f.article_id in by_id]
    if not picked:
        picked = pool[:5]
    lead, top = (picked[0] if picked else None), picked[1:5]
    shown = {a.pk for a in picked[:5]}

    top_level = list(SectionPage.objects.child_of(home).live().public().order_by("path"))
    rails = []
    for section in top_level:
        items = [a for a in pool if a.path.startswith(section.path) and a.pk not in shown][:4]
        if items:
            rails.append({"section": section, "articles": items})
    return {
        "lead_story": lead,
        "top_stories": top,
        "section_rails": rails,
        "most_recent": [a for a in pool if a.pk not in shown][:8],
    }


def section_articles(section: SectionPage) -> QuerySet[ArticlePage]:
    """Return the live articles in a section and its subsections, newest first."""
    return live_articles().descendant_of(section)


def section_page_context(*, section: SectionPage, page_number: str | None, per_page: int = 20) -> dict[str, Any]:
    """Return a section's paginated story list and its subsections."""
    window = paginate(article_cards(section_articles(section)), page_number=page_number, per_page=per_page)
    attach_sections(list(window.page.object_list))
    return {
        "window": window,
        "feed_path": (section.url or "/").strip("/"),
        "canonical_url": absolute_url(section.url or "/"),
        "subsections": list(SectionPage.objects.child_of(section).live().public().order_by("path")),
    }


def front_page_stories() -> list[ArticlePage]:
    """Return the live home page's lead and top stories, in the order it shows them; none without a home page."""
    home = HomePage.objects.live().first()
    if home is None:
        return []
    context = home_page_context(home=home)
    return [article for article in (context["lead_story"], *context["top_stories"]) if article is not None]


def topic_by_slug(slug: str) -> Tag | None:
    """Return the topic tag with this slug, or None."""
    return Tag.objects.filter(slug=slug).first()


def topic_articles(topic: Tag) -> QuerySet[ArticlePage]:
    """Return the live articles on a topic, newest first."""
    return live_articles().filter(tagged_items__tag=topic)


def topic_page_context(*, topic: Tag, page_number: str | None, per_page: int = 20) -> dict[str, Any]:
    """Return a topic's paginated story list."""
    window = paginate(article_cards(topic_articles(topic)), page_number=page_number, per_page=per_page)
    attach_sections(list(window.page.object_list))
    return {"topic": topic, "window": window}


def author_by_slug(slug: str) -> Author | None:
    """Return the author with this slug, with their portrait, or None."""
    return Author.objects.select_related("photo").filter(slug=slug).first()


def author_articles(author: Author) -> QuerySet[ArticlePage]:
    """Return the live articles an author is credited on, newest first."""
    return live_articles().filter(article_authors__author=author)


def author_page_context(*, author: Author, page_number: str | None, per_page: int = 20) -> dict[str, Any]:
    """Return an author's profile and their paginated stories."""
    window = paginate(article_cards(author_articles(author)), page_number=page_number, per_page=per_page)
    attach_sections(list(window.page.object_list))
    return {"author": author, "window": window}


def author_person(author: Author) -> dict[str, Any]:
    """Return the schema.org Person for an author: name, role and the address of their page."""
    person: dict[str, Any] = {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
    if author.role:
        person["jobTitle"] = author.role
    return person


@dataclass(frozen=True)
class ArticleBody:
    """What of an article's body a reader may see."""

    blocks: Any
    is_truncated: bool = False


def article_body_for(*, article: ArticlePage, reader: Any = None) -> ArticleBody:
    """Return the part of the article body this reader may see: the one door to article bodies.

    Every output that shows body text (page, feeds, search, structured data, fragments) reads it here.
    A premium article gives a reader who is not entitled (the paywall's answer, READER_MAY_READ_HOOK) its first
    paragraphs only; the rest is cut from the raw stream data, so no renderer, serialiser or template ever holds
    the premium text.
    """
    body = article.body
    if not article.premium or _reader_may_read(reader, article):
        return ArticleBody(blocks=body, is_truncated=False)
    raw = body.raw_data if body.raw_text is None else []
    teaser = [block for block in raw if block.get("type") == TEASER_BLOCK_TYPE][:TEASER_PARAGRAPHS]
    return ArticleBody(blocks=StreamValue(body.stream_block, list(teaser), is_lazy=True), is_truncated=True)


def reader_may_read_past_teaser(*, reader: Any, page: Any) -> bool:
    """Return the paywall's answer (READER_MAY_READ_HOOK) for a premium page of any type; no answer is no."""
    return _reader_may_read(reader, page)


def _reader_may_read(reader: Any, article: ArticlePage) -> bool:
    deciders = hooks.get_hooks(READER_MAY_READ_HOOK)
    if len(deciders) > 1:
        raise ImproperlyConfigured(f"One app decides who reads premium articles; {len(deciders)} registered.")
    return bool(deciders) and deciders[0](reader=reader, article=article)


def related_reads(*, article: ArticlePage, topic_ids: list[int], limit: int = 4) -> list[ArticlePage]:
    """Return the newest live articles sharing a topic with this one."""
    if not topic_ids:
        return []
    qs = article_cards(live_articles().filter(tagged_items__tag_id__in=topic_ids).exclude(pk=article.pk))
    seen: dict[int, ArticlePage] = {}
    for candidate in qs[: limit * 4]:
        seen.setdefault(candidate.pk, candidate)
        if len(seen) == limit:
            break
    return list(seen.values())


@dataclass
class ArticleView:
    """An article page's parts, all loaded."""

    authors: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    section: SectionPage | None = None
    body: ArticleBody | None = None
    related: list = field(default_factory=list)


def _page_reader(request) -> Any:
    """Return whom the article page renders for: nobody, so every reader gets the same (cacheable) bytes.

    Entitled readers fetch the full body from the paywall's private fragment; only an editor's preview, which
    is never cached, renders for its viewer.
    """
    return getattr(request, "user", None) if getattr(request, "is_preview", False) else None


def _byline_and_topics(article: ArticlePage, *, previewing: bool) -> tuple[list, list]:
    """Return the article's authors in byline order and its topics by name.

    A preview shows the editor's form, not the saved rows: the credits and topics it holds in memory (an unsaved
    article has no rows to ask for, and no id to ask with).
    """
    if previewing or article.pk is None:
        credits = sorted(article.article_authors.all(), key=lambda c: c.sort_order or 0)
        return [c.author for c in credits if c.author_id], sorted(article.tags.all(), key=lambda t: t.name)
    credits = ArticleAuthor.objects.filter(page=article).select_related("author").order_by("sort_order")
    topics = Tag.objects.filter(news_articlepagetag_items__content_object=article).order_by("name")
    return [c.author for c in credits], list(topics)


def article_view(*, article: ArticlePage, request) -> ArticleView:
    """Return an article's authors, topics, section, body and related reads, in a fixed number of queries."""
    authors, topics = _byline_and_topics(article, previewing=getattr(request, "is_preview", False))
    related = related_reads(article=article, topic_ids=[t.pk for t in topics])
    attach_sections([article, *related])  # one query finds this article's section and the related ones'
    return ArticleView(
        authors=authors,
        topics=topics,
        section=article.section,
        body=article_body_for(article=article, reader=_page_reader(request)),
        related=related,
    )


def article_page_context(
    *, article: ArticlePage, request, on_load: Callable[[ArticleView], None] | None = None
) -> dict[str, Any]:
    """Return everything the article page shows, each part loaded when the page first uses it.

    The page keeps most of itself in shared fragments (newsdesk.delivery.fragments); a part they already hold is never
    loaded, so a page served from them costs no queries for it. `on_load` is called with the view once it loads.
    """

    def load() -> ArticleView:
        view = article_view(article=article, request=request)
        if on_load is not None:
            on_load(view)
        return view

    view = SimpleLazyObject(load)
    return {
        "article_view": view,
        # Only an article every reader may see takes part in what readers share (comments): not a private one.
        "is_public": article.live and not is_restricted(article.path),
        "canonical_url": absolute_url(article.get_url(request) or "/"),
        "structured_data": SimpleLazyObject(
            lambda: article_structured_data(article=article, view=view, request=request)
        ),
    }


def article_structured_data(*, article: ArticlePage, view: ArticleView, request) -> dict[str, Any]:
    """Return the schema.org NewsArticle for an article (headline, dates, authors, publisher, image, section)."""
    identity = newsroom_identity(request)
    # A correction republishes the article and takes that publish's time, so the last publish covers it too.
    published = [t for t in (article.last_published_at, article.first_published_at) if t]
    modified = max(published) if published else None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": absolute_url(article.get_url(request) or "/")},
        "headline": article.title[:110],
        "description": article.standfirst,
        "datePublished": article.first_published_at.isoformat() if article.first_published_at else None,
        "dateModified": modified.isoformat() if modified else None,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": identity["name"],
            "logo": {"@type": "ImageObject", "url": identity["logo_url"]},
        },
        "isAccessibleForFree": not article.premium,
    }
    if view.authors:
        data["author"] = [author_person(a) for a in view.authors]
    elif article.agency_credit:
        data["author"] = [{"@type": "Organization", "name": article.agency_credit}]
    if view.section is not None:
        data["articleSection"] = view.section.title
    if article.lead_image is not None:
        rendition = article.lead_image.get_rendition("fill-1200x675")
        data["image"] = [absolute_url(rendition.url)]
    if view.topics:
        data["keywords"] = [t.name for t in view.topics]
    if article.premium:
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".paywalled",
        }
    return data


def search_articles(*, query: str, page_number: str | None, per_page: int = 20) -> dict[str, Any]:
    """Return ranked, paginated search results for a reader's query (cut to a sane length)."""
    query = " ".join(query.split())[:MAX_SEARCH_QUERY_LENGTH]
    if not query:
        return {"query": "", "window": None}
    results = (
        live_articles().filter(searchable_by_public_text_q(query)).search(query, operator="or", order_by_relevance=True)
    )
    window = paginate(results, page_number=page_number, per_page=per_page)
    articles = list(window.page.object_list)
    ids = [a.pk for a in articles]
    # Search hits come back without prefetches; fetch the cards for this page in one go, keeping the rank order.
    cards = article_cards(ArticlePage.objects.filter(pk__in=ids).defer_streamfields()).in_bulk(ids)
    ordered = attach_sections([cards[i] for i in ids if i in cards])
    return {"query": query, "window": window, "results": ordered}


def searchable_by_public_text_q(query: str) -> Q:
    """Return a filter that keeps free articles, and premium ones only where the query meets their public text.

    The search index holds premium bodies (staff search needs them), so a public search must not let a premium
    article match on words only subscribers can read: that would tell anyone what the premium text contains.
    A premium article stays findable by its headline, standfirst and topics.
    """
    shown = Q(pk__in=[])
    for term in re.findall(r"\w+", query)[:MAX_SEARCH_TERMS]:
        shown |= Q(title__icontains=term) | Q(standfirst__icontains=term) | Q(tags__name__icontains=term)
    premium_shown = ArticlePage.objects.filter(premium=True).filter(shown).values("pk")
    return Q(premium=False) | Q(pk__in=premium_shown)
