import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model

from newsdesk.news.models import ArticlePage, Author, SectionPage

pytestmark = pytest.mark.django_db


def test_demo_newsroom_loads_fully_and_a_second_run_duplicates_nothing(client):
    call_command("load_demo")
    counts = (
        ArticlePage.objects.live().count(),
        SectionPage.objects.count(),
        Author.objects.count(),
        get_image_model().objects.count(),
        get_user_model().objects.count(),
    )
    assert counts[0] >= 40 and counts[1] >= 6 and counts[2] >= 8
    assert ArticlePage.objects.filter(premium=True).count() >= 3
    call_command("load_demo")
    assert (
        ArticlePage.objects.live().count(),
        SectionPage.objects.count(),
        Author.objects.count(),
        get_image_model().objects.count(),
        get_user_model().objects.count(),
    ) == counts

    home = client.get("/")
    assert home.status_code == 200
    linked = ArticlePage.objects.live().filter(body__icontains="related_article").first()
    page = client.get(linked.url).content.decode()
    assert 'class="read-link"' in page
