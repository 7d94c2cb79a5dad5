"""The live page's script in headless Chromium: new posts wait behind a "N new posts" button, announced politely;
edits and deletions apply in place; the page polls on a jittered clock."""

import pytest

from newsdesk.liveblogs import services
from newsdesk.liveblogs.tests.factories import make_live_page, post, poster
from newsdesk.news.tests.factories import paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLL_MS = 10_000 * 1.2 + 100  # the longest jittered wait of a visible tab


def test_new_posts_wait_behind_a_button_and_edits_and_deletions_apply_in_place(page, live_server):
    story = make_live_page()
    user = poster()
    first = post(story, "The river is rising.", user=user)
    doomed = post(story, "A bridge is closed.", user=user)
    page.clock.install()
    page.goto(live_server.url + story.url)
    assert page.locator("[data-live-new]").is_hidden()

    post(story, "Evacuations begin in Riverside.", user=user)
    services.live_post_update(post=first, user=user, body=[paragraph("The river has burst its banks.")])
    services.live_post_delete(post=doomed, user=user)
    with page.expect_response(lambda r: "/updates/" in r.url):
        page.clock.fast_forward(POLL_MS)
    button = page.locator("[data-live-show]")
    button.wait_for(state="visible")
    assert button.inner_text() == "1 new post"
    assert page.locator("[data-live-announce]").inner_text() == "1 new post"
    # Nothing moved under the reader's eyes: the new post is not in the stream yet; the edit and deletion are.
    posts = page.locator("[data-live-posts]")
    assert "Evacuations begin" not in posts.inner_text()
    assert "burst its banks" in posts.inner_text() and "A bridge is closed." not in posts.inner_text()

    button.click()
    assert posts.locator("li").first.inner_text().count("Evacuations begin in Riverside.") == 1
    assert page.locator("[data-live-new]").is_hidden()
    assert page.evaluate("document.activeElement.dataset.post") is not None  # focus moves to the newest post
