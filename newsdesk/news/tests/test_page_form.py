"""The page editor's slug: it follows the headline as typed, and a draft saved without one takes it from the title."""

import re

import pytest
from wagtail.test.utils.form_data import querydict_from_html

from newsdesk.news.models import ArticlePage, SectionPage
from newsdesk.news.tests.factories import make_section_editor, newsroom

pytestmark = pytest.mark.django_db


def _save_draft(client, url: str, **changes):
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update({"body-count": "0", **changes})
    return client.post(url, data)


def test_the_headline_field_fills_the_slug_as_it_is_typed(client):
    room = newsroom(articles=0)
    client.force_login(make_section_editor(room["africa"]))

    html = client.get(f"/admin/pages/add/news/articlepage/{room['africa'].pk}/").content.decode()

    title = re.search(r'<input[^>]*id="id_title"[^>]*>', html).group(0)
    assert 'data-controller="w-sync"' in title
    assert 'data-w-sync-target-value="#id_slug"' in title
    assert "keyup-&gt;w-sync#apply" in title
    assert 'placeholder="Headline*"' in title


def test_a_first_draft_without_a_slug_is_saved_with_one_made_from_the_headline(client):
    room = newsroom(articles=0)
    client.force_login(make_section_editor(room["africa"]))
    url = f"/admin/pages/add/news/articlepage/{room['africa'].pk}/"

    first = _save_draft(client, url, title="Harbour dredging begins", standfirst="Work starts Monday.", slug="")
    second = _save_draft(client, url, title="Harbour dredging begins!", standfirst="Again.", slug="")

    drafts = ArticlePage.objects.order_by("pk")
    assert [(a.title, a.slug, a.live) for a in drafts] == [
        ("Harbour dredging begins", "harbour-dredging-begins", False),
        ("Harbour dredging begins!", "harbour-dredging-begins-2", False),  # numbered past its sibling
    ]
    assert first.status_code == second.status_code == 302
    assert first["Location"] == f"/admin/pages/{drafts[0].pk}/edit/"


def test_a_slug_typed_by_the_editor_is_kept(client):
    room = newsroom(articles=0)
    client.force_login(make_section_editor(room["africa"]))

    _save_draft(
        client,
        f"/admin/pages/add/news/articlepage/{room['africa'].pk}/",
        title="Harbour dredging begins",
        standfirst="Work starts Monday.",
        slug="dredging",
    )

    assert ArticlePage.objects.get().slug == "dredging"


def test_a_taken_slug_is_refused_on_the_promote_tab_and_nothing_is_saved(client):
    room = newsroom(articles=1)
    client.force_login(make_section_editor(room["africa"]))

    response = _save_draft(
        client,
        f"/admin/pages/add/news/articlepage/{room['africa'].pk}/",
        title="Another story",
        standfirst="S.",
        slug=room["articles"][0].slug,
    )

    assert response.status_code == 200
    html = response.content.decode()
    promote = html[html.index('id="tab-promote"') :]
    assert "The slug &#x27;story-number-0&#x27; is already in use within the parent page." in promote
    assert 'data-w-count-container-value="#tab-promote"' in html  # the tab's error count, which Wagtail's script fills
    assert ArticlePage.objects.count() == 1


def test_sections_take_their_slug_from_the_title_too(client):
    room = newsroom(articles=0)
    client.force_login(make_section_editor(room["home"]))

    _save_draft(client, f"/admin/pages/add/news/sectionpage/{room['home'].pk}/", title="Science & Health", slug="")

    assert SectionPage.objects.get(title="Science & Health").slug == "science-health"
