"""A reader in headless Chromium: open "Show Comments", sign in, post, reply, report, and see the count change."""

import re

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from newsdesk.comments import services
from newsdesk.comments.models import Comment, Report

from .factories import PASSWORD, make_commented_article, make_reader

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

    page.get_by_role("link", name="Sign in").click()
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
    from newsdesk.accounts.tests.browser import sign_in_staff
    from newsdesk.comments.models import CommentPolicyOverride

    from .factories import make_moderator

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
