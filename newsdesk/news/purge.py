"""Which cached pages show what: the tags an article, section or topic change must purge."""

from wagtail.models import Page

from newsdesk.delivery.pagecache import purge_tags
from newsdesk.delivery.tags import (
    HOME_TAG,
    SITE_TAG,
    SITEMAPS_TAG,
    article_tag,
    author_tag,
    section_tag,
    topic_tag,
)

from .models import ArticleAuthor, ArticlePage, ArticlePageTag, Author, HomePage, SectionPage


def tags_for_page(page) -> set[str]:
    """Return the tags of the cached pages that show this page or link to it.

    An article shows on its own page, its sections' pages and feeds (every ancestor section), the front page,
    its topics' pages and feeds, other articles of those topics (related reads) and the sitemaps. A section
    shows in the navigation of every page, so changing one purges the whole site.
    """
    specific = page.specific_deferred if type(page) is Page else page
    if isinstance(specific, SectionPage):
        return {SITE_TAG}
    tags = {HOME_TAG, SITEMAPS_TAG, article_tag(page.pk)}
    ancestors = SectionPage.objects.filter(path__in=[page.path[:i] for i in range(0, len(page.path), Page.steplen)])
    tags |= {section_tag(pk) for pk in ancestors.values_list("pk", flat=True)}
    if isinstance(specific, ArticlePage):
        tags |= {topic_tag(slug) for slug in specific.tags.values_list("slug", flat=True)}
        credited = ArticleAuthor.objects.filter(page_id=page.pk).values_list("author__slug", flat=True)
        tags |= {author_tag(slug) for slug in credited}
    return tags


def _purge_changed_page(sender, instance, **kwargs) -> None:
    purge_tags(tags_for_page(instance))


def _purge_previous_topics(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a live article is saved in full (as publishing does), purge the topics its live rows still carry.

    The page's tag rows are the live version's (drafts live in revisions), so they are the topics readers see
    now. Publishing purges the new topics; this covers the ones an edit removed, whose pages and feeds would
    otherwise keep listing the article.
    """
    if instance.pk is None or not instance.live or (update_fields is not None and "tags" not in update_fields):
        return
    slugs = ArticlePageTag.objects.filter(content_object_id=instance.pk).values_list("tag__slug", flat=True)
    purge_tags({topic_tag(slug) for slug in slugs})


def _purge_moved_page(sender, instance, url_path_before=None, url_path_after=None, **kwargs) -> None:
    if url_path_before != url_path_after:
        purge_tags({SITE_TAG})  # every listing and navigation that showed the old place


def _purge_renamed_topic(sender, instance, created=False, **kwargs) -> None:
    """A topic renamed or deleted in the admin: its page and feeds, and every article that lists it."""
    if created:  # a new topic is on no page yet
        return
    articles = ArticlePageTag.objects.filter(tag_id=instance.pk).values_list("content_object_id", flat=True)
    purge_tags({topic_tag(instance.slug), *(article_tag(pk) for pk in articles)})


def _purge_changed_author(sender, instance, created=False, **kwargs) -> None:
    """An author edited or removed: their page and feed, and every article whose byline shows them."""
    if created:  # a new author is credited on no page yet
        return
    articles = ArticleAuthor.objects.filter(author_id=instance.pk).values_list("page_id", flat=True)
    purge_tags({author_tag(instance.slug), *(article_tag(pk) for pk in articles)})


def connect() -> None:
    """Purge on publish, unpublish, move and delete (scheduled publishing sends the same signals)."""
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
    from taggit.models import Tag
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for model in (ArticlePage, SectionPage, HomePage):
        name = model.__name__
        page_published.connect(_purge_changed_page, sender=model, dispatch_uid=f"news-purge-pub-{name}")
        page_unpublished.connect(_purge_changed_page, sender=model, dispatch_uid=f"news-purge-unpub-{name}")
        post_delete.connect(_purge_changed_page, sender=model, dispatch_uid=f"news-purge-del-{name}")
    pre_save.connect(_purge_previous_topics, sender=ArticlePage, dispatch_uid="news-purge-old-topics")
    post_page_move.connect(_purge_moved_page, dispatch_uid="news-purge-move")
    post_save.connect(_purge_renamed_topic, sender=Tag, dispatch_uid="news-purge-topic")
    pre_delete.connect(_purge_renamed_topic, sender=Tag, dispatch_uid="news-purge-topic-delete")
    post_save.connect(_purge_changed_author, sender=Author, dispatch_uid="news-purge-author")
    pre_delete.connect(_purge_changed_author, sender=Author, dispatch_uid="news-purge-author-delete")
