"""A reader in headless Chromium: open "Show Comments", sign in, post, reply, report, and see the count change."""

import re

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from newsdesk.accounts.tests.browser import sign_in_staff
from newsdesk.comments import services
from newsdesk.comments.admin_views import ACTION_DONE
from newsdesk.comments.models import Comment, CommentPolicyOverride, Report
from newsdesk.core.tests.csp import STAFF_POLICY, CspWatch, directives, staff_nonce

from .factories import PASSWORD, make_commented_article, make_moderator, make_queue_moderator, make_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _assert_accessible(page, label: str) -> None:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{label}: {results.generate_report()}"


def test_reader_opens_comments_signs_in_posts_replies_reports(page, live_server):
    article = make_commented_article()
    other = make_reader("Sipho")
    services.comment_post(user=other, article=article, body="The restrictions were overdue.")
    reader = make_reader("Thandi")
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)

    page.goto(live_server.url + article.url)
    show = page.get_by_role("button", name="Show Comments (1)")
    show.click()
    expect(page.get_by_text("The restrictions were overdue.")).to_be_visible()
    expect(page.get_by_text(services.SIGN_IN_TO_COMMENT)).to_be_visible()
    _assert_accessible(page, "article with comments open")

    # The comments' own Sign in, which comes back here (the masthead's leads to the account page).
    page.get_by_role("region", name="Join the conversation").get_by_role("link", name="Sign in").click()
    page.locator("input[name=login]").fill(reader.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/comments/article/{article.pk}/all/"))

    page.get_by_label("Your comment").fill("Finally, some relief 💧 for the gardens.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("[data-comments-thread] [role=status]")).to_have_text(services.POSTED)
    expect(page.get_by_text("2 comments")).to_be_visible()

    page.get_by_role("link", name="Reply to Sipho").click()
    expect(page.get_by_text("Replying to Sipho")).to_be_visible()
    page.get_by_label("Your comment").fill("Agreed, long overdue.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("[data-comments-thread] [role=status]")).to_have_text(services.POSTED)
    expect(page.get_by_text("3 comments")).to_be_visible()
    _assert_accessible(page, "comments page signed in")

    sipho_comment = page.locator("article.comment", has_text="The restrictions were overdue.")
    sipho_comment.locator("summary").click()
    sipho_comment.get_by_label("Why are you reporting this comment?").select_option("off_topic")
    sipho_comment.get_by_role("button", name="Send report").click()
    expect(page.locator("[data-comments-thread] [role=status]")).to_have_text(services.REPORTED)

    assert Comment.objects.filter(status="published").count() == 3
    reply = Comment.objects.get(body="Agreed, long overdue.")
    assert reply.parent.author_id == other.pk
    assert Report.objects.get().reason == "off_topic"

    page.goto(live_server.url + article.url)
    expect(page.get_by_role("button", name="Show Comments (3)")).to_be_visible()


def test_moderator_works_the_pending_queue_from_the_keyboard(page, live_server):
    article = make_commented_article()
    CommentPolicyOverride.objects.create(page=article, moderation_mode="pre")
    reader = make_reader("Thandi")
    first = services.comment_post(user=reader, article=article, body="Held comment one")
    second = services.comment_post(user=reader, article=article, body="Held comment two")
    moderator = make_moderator()

    sign_in_staff(page, live_server, moderator, PASSWORD)
    page.goto(live_server.url + "/admin/comments/queue/pending/")
    page.wait_for_load_state("load")
    expect(page.get_by_text("Held comment one")).to_be_visible()
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.get_by_text(f"Comment {first.pk} approved.")).to_be_visible()
    # The message can show before the reloaded page's deferred script listens for keys: wait for it.
    page.wait_for_load_state("load")
    expect(page.get_by_text("Held comment two")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept("Off topic"))
    page.keyboard.press("j")
    page.keyboard.press("r")
    expect(page.get_by_text(f"Comment {second.pk} rejected.")).to_be_visible(timeout=15_000)
    assert Comment.objects.get(pk=first.pk).status == "published"
    rejected = Comment.objects.get(pk=second.pk)
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "Off topic")


def test_moderator_approves_and_rejects_held_comments_with_no_csp_violation(page, live_server):
    article = make_commented_article()
    CommentPolicyOverride.objects.create(page=article, moderation_mode="pre")
    reader = make_reader("Thandi")
    first = services.comment_post(user=reader, article=article, body="Held comment one")
    second = services.comment_post(user=reader, article=article, body="Held comment two")
    watch = CspWatch(page)

    sign_in_staff(page, live_server, make_queue_moderator(), PASSWORD)
    page.get_by_role("link", name="Moderate comments").click()
    page.locator(f"#mod-{first.pk}").get_by_role("button", name="Approve").click()
    expect(page.get_by_text(ACTION_DONE["approve"].format(id=first.pk))).to_be_visible()
    held = page.locator(f"#mod-{second.pk}")
    held.get_by_label("Reason").fill("Off topic")
    held.get_by_role("button", name="Reject").click()
    expect(page.get_by_text(ACTION_DONE["reject"].format(id=second.pk))).to_be_visible()

    watch.assert_clean("working the pending queue")
    assert Comment.objects.get(pk=first.pk).status == "published"
    assert Comment.objects.get(pk=second.pk).status == "rejected"


# What a comment's stored HTML would be if sanitising were ever skipped: a script and an inline event handler.
SLIPPED_THROUGH = '<p>Nice</p><script>window.__pwned = 1</script><img src="missing.png" onerror="window.__pwned = 2">'


def test_script_that_slipped_into_a_comment_does_not_run_in_the_moderation_queue(page, live_server):
    article = make_commented_article()
    CommentPolicyOverride.objects.create(page=article, moderation_mode="pre")
    comment = services.comment_post(user=make_reader("Thandi"), article=article, body="Nice")
    Comment.objects.filter(pk=comment.pk).update(body_html=SLIPPED_THROUGH)
    watch = CspWatch(page)

    sign_in_staff(page, live_server, make_queue_moderator(), PASSWORD)
    response = page.goto(live_server.url + "/admin/comments/queue/pending/")
    item = page.locator(f"#mod-{comment.pk}")
    # Both are in the page, exactly as a slip would put them there; the policy is what stops them.
    expect(item.locator("script")).to_have_count(1)
    expect(item.locator("img[onerror]")).to_have_count(1)
    page.wait_for_function(f"() => document.querySelector('#mod-{comment.pk} img').complete")  # its error fired

    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.wait_for_function("() => window.__cspViolationCount === 2")
    assert sorted(v["directive"] for v in watch.violations) == ["script-src-attr", "script-src-elem"]
    policy = response.headers["content-security-policy"]
    assert directives(policy) == directives(STAFF_POLICY.format(nonce=staff_nonce(policy)))
