"""An editor's live preview: every page type, new and saved, in the admin's preview panel and in a new tab."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import override_settings
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from newsdesk.core.tests.csp import READER_POLICY, directives
from newsdesk.news.models import ArticlePage, SectionPage
from newsdesk.news.tests.factories import make_author, make_section_editor, newsroom

pytestmark = pytest.mark.django_db

FRAMED_BY_SITE = directives(READER_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'"))
PAGE_CACHE_ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})


def _body(text: str) -> dict:
    return nested_form_data({"body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))])})


def _store_preview(client, form_url: str, changes: dict) -> None:
    """Send the admin form at `form_url`, with `changes`, to Wagtail's preview, as the editor's typing does."""
    form = client.get(form_url)
    assert form.status_code == 200, form_url
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    for name, value in changes.items():
        data[name] = value
    assert client.post(form_url + "preview/", data).json() == {"is_valid": True, "is_available": True}


def _previews(client, form_url: str) -> dict:
    """Return the preview as the panel's iframe loads it and as "Preview in new tab" opens it."""
    return {
        "panel": client.get(form_url + "preview/?in_preview_panel=true"),
        "new tab": client.get(form_url + "preview/"),
    }


def _times_line(html: str) -> str:
    """Return the text of the article's publication line, tags stripped and spaces collapsed."""
    line = re.search(r'<p class="article__times">(.*?)</p>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", line).split())


def _assert_framable_preview(where: str, response, *shown: str) -> str:
    assert response.status_code == 200, where
    html = response.content.decode()
    for text in shown:
        assert text in html, (where, text)
    assert directives(response["Content-Security-Policy"]) == FRAMED_BY_SITE, where
    assert response["X-Frame-Options"] == "SAMEORIGIN", where
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}, where
    return html


def test_new_article_preview_shows_the_unsaved_form_and_may_be_framed_only_by_the_admin(client):
    room = newsroom(articles=1)
    client.force_login(make_section_editor(room["africa"]))
    reporter = make_author("Thandi Mokoena", role="Port reporter")
    form_url = f"/admin/pages/add/news/articlepage/{room['africa'].pk}/"

    _store_preview(
        client,
        form_url,
        {
            "title": "Harbour dredging begins",
            "standfirst": "Work to deepen the channel starts on Monday.",
            "tags": "Harbours",
            "article_authors-TOTAL_FORMS": "1",
            "article_authors-0-author": str(reporter.pk),
            "article_authors-0-ORDER": "1",
            **_body("Dredgers arrived overnight."),
        },
    )

    for where, response in _previews(client, form_url).items():
        html = _assert_framable_preview(
            where,
            response,
            '<h1 id="article-headline" class="article__headline">Harbour dredging begins</h1>',
            "Dredgers arrived overnight.",
            # from the form: no credit row exists yet
            '<a class="byline__name" href="/authors/thandi-mokoena/">Thandi Mokoena</a>',
            ">Harbours</a>",  # the topic, from the form too
        )
        assert _times_line(html) == "Draft: never published", where
    assert not ArticlePage.objects.filter(title="Harbour dredging begins").exists()


def test_saved_article_preview_shows_the_edits_not_the_saved_rows(client):
    room = newsroom(articles=1)
    article = room["articles"][0]
    client.force_login(make_section_editor(room["africa"]))
    form_url = f"/admin/pages/{article.pk}/edit/"

    _store_preview(client, form_url, {"title": "Story number 0, updated", "tags": "Ports", **_body("New paragraph.")})

    for where, response in _previews(client, form_url).items():
        html = _assert_framable_preview(where, response, "Story number 0, updated", "New paragraph.", ">Ports</a>")
        assert ">Diplomacy</a>" not in html, where  # the saved topic, replaced in the form
        assert _times_line(html).startswith("Published "), where
    assert ArticlePage.objects.get(pk=article.pk).title == "Story number 0"


@pytest.mark.parametrize("page_key", ["world", "africa"])
def test_saved_section_preview_renders_in_the_panel_and_a_new_tab(client, page_key):
    room = newsroom(articles=2)
    client.force_login(make_section_editor(room["home"]))
    page = room[page_key]
    form_url = f"/admin/pages/{page.pk}/edit/"

    _store_preview(client, form_url, {"title": f"{page.title} (edited)", "intro": "Edited intro."})

    for where, response in _previews(client, form_url).items():
        _assert_framable_preview(where, response, f"{page.title} (edited)", "Edited intro.", "Story number 1")
    assert SectionPage.objects.get(pk=page.pk).title == page.title


def test_saved_home_page_preview_shows_the_editors_new_lead_story(client):
    room = newsroom(articles=2)
    client.force_login(make_section_editor(room["home"]))
    older = room["articles"][1]  # the newest story leads until an editor picks another
    form_url = f"/admin/pages/{room['home'].pk}/edit/"

    _store_preview(client, form_url, {"featured-TOTAL_FORMS": "1", "featured-0-article": str(older.pk)})

    for where, response in _previews(client, form_url).items():
        html = _assert_framable_preview(where, response, "Story number 0")
        lead = re.search(r'<div class="front-top__lead">(.*?)</div>\s*<div class="front-top__rest">', html, re.S)
        assert "Story number 1" in lead.group(1) and "Story number 0" not in lead.group(1), where
    assert not room["home"].featured.exists()


@pytest.mark.parametrize("parent_key", ["home", "world"])
def test_new_section_preview_renders_in_the_panel_and_a_new_tab(client, parent_key):
    room = newsroom(articles=1)
    client.force_login(make_section_editor(room["home"]))
    form_url = f"/admin/pages/add/news/sectionpage/{room[parent_key].pk}/"

    _store_preview(client, form_url, {"title": "Science", "intro": "Discoveries and the people behind them."})

    for where, response in _previews(client, form_url).items():
        _assert_framable_preview(where, response, "Science", "Discoveries and the people behind them.")
    assert not SectionPage.objects.filter(title="Science").exists()


def test_view_draft_in_a_new_tab_is_a_preview_too(client):
    room = newsroom(articles=1)
    article = room["articles"][0]
    article.title = "Headline in the draft"
    article.save_revision()
    client.force_login(make_section_editor(room["africa"]))

    _assert_framable_preview(
        "view draft", client.get(f"/admin/pages/{article.pk}/view_draft/"), "Headline in the draft"
    )


def test_public_pages_still_refuse_every_frame(client):
    room = newsroom(articles=1)
    for page in (room["home"], room["africa"], room["articles"][0]):
        response = client.get(page.url)
        assert response.status_code == 200
        assert directives(response["Content-Security-Policy"]) == directives(READER_POLICY)
        assert response["X-Frame-Options"] == "DENY"


def test_preview_is_refused_to_an_editor_of_another_section(client):
    room = newsroom(articles=1)
    business = room["world"].add_child(instance=SectionPage(title="Business"))
    client.force_login(make_section_editor(business))
    article = room["articles"][0]

    for url in (f"/admin/pages/{article.pk}/edit/preview/", f"/admin/pages/{article.pk}/view_draft/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"article-headline" not in response.content


@PAGE_CACHE_ON
def test_a_preview_is_never_stored_in_the_page_cache_nor_answered_from_it(client):
    cache.clear()
    room = newsroom(articles=1)
    article = room["articles"][0]
    assert client.get(article.url).status_code == 200
    assert client.get(article.url)["X-Page-Cache"] == "hit"  # the published page is cached for readers
    spy = mock.patch.object(cache, "set", wraps=cache.set)
    spy.start()

    editor = make_section_editor(room["africa"])
    client.force_login(editor)
    form_url = f"/admin/pages/{article.pk}/edit/"
    _store_preview(client, form_url, {"title": "Unpublished headline", **_body("Embargoed until noon.")})
    panel = client.get(form_url + "preview/?in_preview_panel=true")
    assert "Unpublished headline" in panel.content.decode()
    assert "X-Page-Cache" not in panel

    # Wagtail's made-up request for the page's address, even without the editor's cookie, renders the draft.
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    draft.title = "Unpublished headline"
    bare = draft.make_preview_request()
    assert "Unpublished headline" in bare.content.decode() and "X-Page-Cache" not in bare

    client.logout()
    reader = client.get(article.url)
    assert reader["X-Page-Cache"] == "hit"
    assert "Unpublished headline" not in reader.content.decode()
    stored = [call.args[0] for call in cache.set.call_args_list]
    spy.stop()
    assert not [key for key in stored if key.startswith("pagecache:")], stored  # the preview stored no page
