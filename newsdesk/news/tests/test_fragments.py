"""The article page from shared fragments: reused across readers, refreshed by the purges, never a premium body."""

import pytest
from django.test import Client, override_settings
from wagtail.models import Site

from newsdesk.core.models import NewsroomSettings
from newsdesk.news.models import ArticlePage
from newsdesk.news.tests.factories import make_article, make_section, newsroom, paragraph

pytestmark = pytest.mark.django_db

SIGNED_IN_QUERY_BUDGET = 2  # the root page and the article: the site and everything else come from caches
SECRET = "Only subscribers may read that the quorvantic ledgers balance."
PAGE_CACHE_ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})


def headline(title: str) -> str:
    return f'<h1 id="article-headline" class="article__headline">{title}</h1>'


def reader(django_user_model, name: str) -> Client:
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw-long-enough-1")
    client = Client()
    client.force_login(user)
    return client


def publish(article_id: int, **changes) -> ArticlePage:
    article = ArticlePage.objects.get(pk=article_id)
    for name, value in changes.items():
        setattr(article, name, value)
    article.save_revision().publish()
    return article


@pytest.fixture
def room(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        room = newsroom(articles=2)  # both on the Diplomacy topic: each is the other's related read
        room["linked"] = make_article(room["world"], "Linked from a READ block", topics=["Trade"])
        room["story"] = make_article(
            room["africa"],
            "The story readers open",
            body=[paragraph("First paragraph."), ("related_article", {"article": room["linked"]})],
            topics=["Diplomacy"],
        )
    return room


def test_a_second_reader_is_served_the_fragments_the_first_reader_rendered(room, django_user_model):
    story = room["story"]
    assert headline(story.title) in reader(django_user_model, "first").get(story.url).content.decode()
    # Changed behind the cache's back (no publish, so no purge): only a shared fragment still shows the headline.
    ArticlePage.objects.filter(pk=story.pk).update(title="Changed without a publish")

    for client in (reader(django_user_model, "second"), Client()):
        page = client.get(story.url).content.decode()
        assert headline(story.title) in page
        assert "Changed without a publish</h1>" not in page


def test_a_signed_in_render_from_fragments_costs_a_few_fixed_queries(
    room, django_user_model, django_assert_max_num_queries
):
    client = reader(django_user_model, "counted")
    client.get(room["story"].url)  # a reader before fills the fragments

    with django_assert_max_num_queries(SIGNED_IN_QUERY_BUDGET):
        response = client.get(room["story"].url)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers and b"csrfmiddlewaretoken" not in response.content
    assert headline(room["story"].title) in response.content.decode()


def test_publishing_the_article_shows_its_new_version_at_once(
    room, django_user_model, django_capture_on_commit_callbacks
):
    client = reader(django_user_model, "reader")
    client.get(room["story"].url)

    with django_capture_on_commit_callbacks(execute=True):
        publish(room["story"].pk, title="A corrected headline", standfirst="A corrected standfirst.")

    page = client.get(room["story"].url).content.decode()
    assert headline("A corrected headline") in page
    assert "A corrected standfirst." in page
    assert '"headline": "A corrected headline"' in page  # the structured data in the head's fragment too


def test_unpublishing_the_article_takes_it_down_at_once(room, django_user_model, django_capture_on_commit_callbacks):
    client = reader(django_user_model, "reader")
    assert client.get(room["story"].url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=room["story"].pk).unpublish()

    assert client.get(room["story"].url).status_code == 404


def test_editing_or_unpublishing_a_related_read_refreshes_the_articles_that_show_it(
    room, django_user_model, django_capture_on_commit_callbacks
):
    story, related = room["story"], room["articles"][0]
    client = reader(django_user_model, "reader")
    assert f">{related.title}</a>" in client.get(story.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        publish(related.pk, title="The related read, retitled")
    page = client.get(story.url).content.decode()
    assert ">The related read, retitled</a>" in page
    assert f">{related.title}</a>" not in page

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=related.pk).unpublish()
    assert "The related read, retitled" not in client.get(story.url).content.decode()


def test_editing_or_unpublishing_an_article_a_read_link_points_to_refreshes_the_link(
    room, django_user_model, django_capture_on_commit_callbacks
):
    story, linked = room["story"], room["linked"]
    client = reader(django_user_model, "reader")
    assert f'<a href="{linked.url}">{linked.title}</a>' in client.get(story.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        publish(linked.pk, title="The linked story, retitled")
    assert f'<a href="{linked.url}">The linked story, retitled</a>' in client.get(story.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=linked.pk).unpublish()
    assert "The linked story, retitled" not in client.get(story.url).content.decode()


def test_a_new_section_and_a_new_publication_name_reach_the_masthead_at_once(
    room, django_user_model, django_capture_on_commit_callbacks
):
    client = reader(django_user_model, "reader")
    assert 'href="/business/"' not in client.get(room["story"].url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        make_section("Business")
    assert '<li><a href="/business/">Business</a></li>' in client.get(room["story"].url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
        settings.publication_name = "The Evening Newsdesk"
        settings.save()
    page = client.get(room["story"].url).content.decode()
    assert '<a class="masthead__name" href="/">The Evening Newsdesk</a>' in page
    assert '<h2 class="site-footer__name">The Evening Newsdesk</h2>' in page


@PAGE_CACHE_ON
def test_a_page_built_from_cached_fragments_still_carries_the_purge_tags_of_what_it_shows(room, django_user_model):
    story = room["story"]
    reader(django_user_model, "reader").get(story.url)  # fills the fragments; signed in, so no page is stored

    response = Client().get(story.url)  # anonymous: rendered from the fragments, then stored as a page
    tags = set(response["Surrogate-Key"].split())
    related_ids = {a.pk for a in room["articles"]}
    assert {f"article:{story.pk}", f"article:{room['linked'].pk}", "topic:diplomacy", "site"} <= tags
    assert {f"article:{pk}" for pk in related_ids} <= tags


@pytest.fixture
def premium(room, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(
            room["africa"],
            "The vault story",
            premium=True,
            body=[paragraph("A teaser anyone may read."), paragraph("A second teaser."), paragraph(SECRET)],
        )


def test_an_entitled_readers_visit_leaves_no_premium_body_in_a_shared_fragment(premium, django_user_model):
    staff = django_user_model.objects.create_user("desk", "desk@example.com", "pw-long-enough-1", is_staff=True)
    entitled = Client()
    entitled.force_login(staff)
    assert SECRET not in entitled.get(premium.url).content.decode()  # the page is the same for everyone ...
    body = entitled.get(f"/subscriptions/article/{premium.pk}/body")  # ... the full text comes from the one door
    assert SECRET in body.content.decode()
    assert "private" in body["Cache-Control"]

    for client in (Client(), reader(django_user_model, "not-entitled")):
        page = client.get(premium.url).content.decode()
        assert "A teaser anyone may read." in page
        assert SECRET not in page


def test_an_editors_preview_neither_uses_nor_fills_the_shared_fragments(premium, django_user_model):
    editor = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw-long-enough-1")
    preview = Client()
    preview.force_login(editor)
    draft = ArticlePage.objects.get(pk=premium.pk)
    draft.title = "A draft headline nobody may see yet"
    draft.save_revision()

    Client().get(premium.url)  # fragments of the live version exist; the preview must not show them
    shown = preview.get(f"/admin/pages/{premium.pk}/view_draft/").content.decode()
    assert headline("A draft headline nobody may see yet") in shown
    assert SECRET in shown

    for client in (Client(), reader(django_user_model, "after-preview")):
        page = client.get(premium.url).content.decode()
        assert headline("The vault story") in page
        assert "A draft headline nobody may see yet" not in page
        assert SECRET not in page


def test_a_published_correction_shows_at_once(room, django_user_model, django_capture_on_commit_callbacks):
    from newsdesk.publiceditor import services

    client = reader(django_user_model, "reader")
    client.get(room["story"].url)

    with django_capture_on_commit_callbacks(execute=True):
        services.correction_publish(article=room["story"], kind="correction", text="The minister was misnamed.")

    page = client.get(room["story"].url).content.decode()
    assert page.count("The minister was misnamed.") == 2  # the notice at the top and the list at the foot
