from wagtail import hooks

from newsdesk.news.selectors import READER_MAY_READ_HOOK

from .selectors import reader_may_read


@hooks.register(READER_MAY_READ_HOOK)
def decide_who_reads_past_the_teaser(*, reader, article) -> bool:
    """Answer the article body's door (news.selectors.article_body_for) with the paywall's decision."""
    return reader_may_read(reader=reader, article=article)
