"""A sub-editor posts live from the admin in headless Chromium, under the staff Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from newsdesk.accounts.tests.browser import sign_in_staff
from newsdesk.core import roles
from newsdesk.core.tests.csp import CspWatch
from newsdesk.core.tests.factories import STAFF_PASSWORD, make_staff
from newsdesk.liveblogs.models import LivePost
from newsdesk.liveblogs.tests.factories import make_live_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_sub_editor_opens_the_posting_screen_from_the_page_and_posts(page, live_server):
    story = make_live_page()
    sub_editor = make_staff(roles.SUB_EDITORS)
    watch = CspWatch(page)
    sign_in_staff(page, live_server, sub_editor, STAFF_PASSWORD)

    page.goto(f"{live_server.url}/admin/pages/{story.pk}/edit/")
    page.get_by_role("button", name="Actions").first.click()  # the page header's menu
    page.get_by_role("link", name="Post live").first.click()
    expect(page).to_have_url(f"{live_server.url}/admin/live/{story.pk}/")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    rich_text = page.locator(".public-DraftEditor-content").first
    rich_text.click()
    rich_text.press_sequentially("The Umgeni river has broken its banks.")
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("broken its banks"))
    page.get_by_label("Key event").check()
    page.get_by_role("button", name="Post now").click()
    expect(page.get_by_text("Posted: readers see it on their next refresh.")).to_be_visible()
    watch.assert_clean("posting live")

    written = LivePost.objects.get()
    assert written.key_event and "broken its banks" in str(written.body)
    page.goto(live_server.url + story.url)
    expect(page.locator(f"#{written.anchor}")).to_contain_text("The Umgeni river has broken its banks.")
    expect(page.locator("[data-live-key-events]")).to_contain_text("The Umgeni river has broken its banks.")
