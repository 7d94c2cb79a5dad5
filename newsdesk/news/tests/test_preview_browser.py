"""An editor writes a new article in headless Chromium: the slug follows the headline, and the preview panel shows
the unsaved article under the page's own Content-Security-Policy, framed by the admin."""

import re

import pytest
from playwright.sync_api import expect

from newsdesk.accounts.tests.browser import sign_in_staff
from newsdesk.core.tests.csp import CspWatch
from newsdesk.news.models import ArticlePage
from newsdesk.news.tests.factories import EDITOR_PASSWORD, make_section_editor, newsroom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_article_slug_follows_the_headline_and_the_preview_panel_shows_it(page, live_server):
    room = newsroom(articles=1)
    section = room["africa"]
    editor = make_section_editor(section)
    watch = CspWatch(page)
    sign_in_staff(page, live_server, editor, EDITOR_PASSWORD)

    page.goto(f"{live_server.url}/admin/pages/add/news/articlepage/{section.pk}/")
    page.locator("#id_title").press_sequentially("Harbour dredging begins")
    page.locator("#id_standfirst").fill("Work to deepen the channel starts on Monday.")
    page.get_by_role("tab", name="Promote").click()
    expect(page.locator("#id_slug")).to_have_value("harbour-dredging-begins")
    page.get_by_role("tab", name="Content").click()
    watch.assert_clean("writing the headline")

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1, name="Harbour dredging begins")).to_be_visible()
    expect(preview.get_by_text("Draft: never published")).to_be_visible()
    watch.assert_clean("the preview panel of an unsaved article")

    page.get_by_role("button", name="Save draft").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    draft = ArticlePage.objects.get(title="Harbour dredging begins")
    assert (draft.slug, draft.live) == ("harbour-dredging-begins", False)
    watch.assert_clean("saving the draft")
