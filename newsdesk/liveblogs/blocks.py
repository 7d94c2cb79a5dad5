"""StreamField blocks for live posts: text, image, quote, embed and a READ | link, as in article bodies.

A live page shows dozens of posts, each its own StreamField. Choosers normally load their images or articles one
post at a time; these look first in what the selector loaded for all the posts on screen (`prefetched`), so a
screen of posts costs the same few queries however many images and links it holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from newsdesk.news.blocks import ArticleEmbedBlock, ParagraphBlock, QuoteBlock

_PREFETCHED: ContextVar[dict[str, dict[int, object]] | None] = ContextVar("liveblog_prefetched", default=None)


@contextmanager
def prefetched(**objects: dict[int, object]) -> Iterator[None]:
    """Let the choosers below take their objects from these maps (kind -> {id: object}) while inside."""
    token = _PREFETCHED.set(objects)
    try:
        yield
    finally:
        _PREFETCHED.reset(token)


def _from_prefetched(kind: str, values, load):
    found = (_PREFETCHED.get() or {}).get(kind)
    if found is None:
        return load(values)
    return [found.get(value) for value in values]


class PostImageChooserBlock(ImageChooserBlock):
    def bulk_to_python(self, values):
        return _from_prefetched("images", values, super().bulk_to_python)


class PostArticleChooserBlock(blocks.PageChooserBlock):
    def bulk_to_python(self, values):
        return _from_prefetched("articles", values, super().bulk_to_python)


class PostImageBlock(blocks.StructBlock):
    image = PostImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "news/blocks/image.html"
        description = "An image with caption and credit."


class PostReadBlock(blocks.StructBlock):
    """An inline "READ | headline" link to an article; renders nothing if that article is not live."""

    article = PostArticleChooserBlock(page_type="news.ArticlePage")

    class Meta:
        icon = "link"
        template = "news/blocks/related_article.html"
        description = 'An inline "READ | headline" link to an article.'


class LivePostBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(features=["bold", "italic", "link", "ol", "ul"])
    image = PostImageBlock()
    quote = QuoteBlock()
    embed = ArticleEmbedBlock()
    related_article = PostReadBlock()

    class Meta:
        min_num = 1
