"""Breaking news: each update of the lead story reaches readers of the cached front page and article at once.

The same promise under 30 s of load from four readers is a benchmark: `bench/test_breaking_news.py`.
"""

import pytest
from django.test import override_settings

from newsdesk.news.models import ArticlePage
from newsdesk.news.tests.factories import newsroom

pytestmark = pytest.mark.django_db

HEADLINE = "Breaking: dam wall holds, update {}"


@override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60, "TIMEOUT": 3600})
def test_each_publish_of_the_lead_story_replaces_the_cached_front_page_and_article(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lead = newsroom(articles=3)["articles"][0]  # the newest article leads the front page
    pages = ["/", lead.url]
    for url in pages:  # both are now in the page cache, as on a live site
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url

    for version in (1, 2, 3):
        with django_capture_on_commit_callbacks(execute=True):
            lead = ArticlePage.objects.get(pk=lead.pk)
            lead.title = HEADLINE.format(version)
            lead.save_revision().publish()  # the editor's publish: Wagtail's signal purges the page cache
        for url in pages:
            first = client.get(url)
            assert first.status_code == 200
            assert HEADLINE.format(version).encode() in first.content, (version, url)
            assert HEADLINE.format(version - 1).encode() not in first.content, (version, url)
            again = client.get(url)  # cached anew, with the new headline
            assert again["X-Page-Cache"] == "hit", (version, url)
            assert HEADLINE.format(version).encode() in again.content, (version, url)
