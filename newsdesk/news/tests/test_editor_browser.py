"""An editor's path through Wagtail's admin in headless Chromium, under the staff Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from newsdesk.accounts.tests.browser import sign_in_staff
from newsdesk.core.tests.csp import CspWatch
from newsdesk.news.models import ArticlePage
from newsdesk.news.tests.factories import EDITOR_PASSWORD, make_image, make_section_editor, newsroom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_drafts_an_article_with_image_rich_text_and_preview_without_csp_violations(page, live_server):
    room = newsroom(articles=1)
    make_image("Harbour at dawn")
    section = room["africa"]
    editor = make_section_editor(section)
    watch = CspWatch(page)

    sign_in_staff(page, live_server, editor, EDITOR_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    watch.assert_clean("the dashboard")

    page.get_by_role("button", name="Pages").click()  # the explorer menu reads the admin's pages API
    page.get_by_role("dialog", name="Page explorer").get_by_role("link", name="Africa").click()
    expect(page).to_have_url(f"{live_server.url}/admin/pages/{section.pk}/")
    expect(page.get_by_role("link", name="Story number 0", exact=True).first).to_be_visible()
    watch.assert_clean("the page explorer")

    page.goto(f"{live_server.url}/admin/pages/add/news/articlepage/{section.pk}/")
    page.locator("#id_title").fill("Harbour dredging begins")
    page.locator("#id_standfirst").fill("Work to deepen the channel starts on Monday.")
    page.get_by_role("button", name="Choose an image").click()
    page.get_by_role("link", name="Harbour at dawn").click()
    expect(page.locator("[data-chooser-title]").first).to_have_text("Harbour at dawn")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    rich_text = page.locator(".public-DraftEditor-content").first
    rich_text.click()
    expect(rich_text).to_be_focused()
    rich_text.press_sequentially("Dredgers arrived overnight.")
    expect(rich_text).to_have_text("Dredgers arrived overnight.")
    # Draftail copies what was typed into the form's field a moment later; the draft is saved from that field.
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("Dredgers arrived overnight."))
    page.get_by_role("tab", name="Promote").click()
    page.locator("#id_slug").fill("harbour-dredging-begins")
    watch.assert_clean("writing the article")

    page.get_by_role("button", name="Save draft").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    draft = ArticlePage.objects.get(title="Harbour dredging begins")
    assert (draft.live, draft.lead_image.title) == (False, "Harbour at dawn")
    assert "Dredgers arrived overnight." in str(draft.body)
    watch.assert_clean("saving the draft")

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", name="Harbour dredging begins")).to_be_visible()
    watch.assert_clean("the preview panel")

    # A new byline row brings its own author chooser, whose script is copied in with the row.
    page.get_by_role("button", name="Add Author").click()
    expect(page.get_by_role("button", name="Choose Author")).to_be_visible()
    watch.assert_clean("adding a byline row")
