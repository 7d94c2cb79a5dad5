"""A comment moderator's day in headless Chromium, signed in through the shared sign-in page as a member of the
"Comment moderators" role: approve a held comment, reject one, ban a troll, read it all back in the moderation log;
and the role's limits: no publishing pages, no billing."""

import re

import pytest
from playwright.sync_api import expect

from newsdesk.accounts.tests.browser import sign_in_staff
from newsdesk.accounts.tests.staff import ADMIN_REFUSED
from newsdesk.comments import services
from newsdesk.comments.admin_views import ACTION_DONE
from newsdesk.comments.models import Comment, CommenterProfile, CommentPolicyOverride, ModerationAction
from newsdesk.core.tests.factories import STAFF_PASSWORD, make_staff

from .factories import make_commented_article, make_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def held(live_server):
    article = make_commented_article("Water restrictions eased")
    CommentPolicyOverride.objects.create(page=article, moderation_mode="pre")
    thandi, troll = make_reader("Thandi"), make_reader("Troll")
    return {
        "article": article,
        "good": services.comment_post(user=thandi, article=article, body="Good news for the gardens."),
        "off_topic": services.comment_post(user=thandi, article=article, body="Anyone selling a bicycle?"),
        "abuse": services.comment_post(user=troll, article=article, body="You are all idiots."),
        "troll": troll,
    }


def _item(page, comment: Comment):
    return page.locator(f"#mod-{comment.pk}")


def test_moderator_approves_rejects_bans_and_reads_the_moderation_log(page, live_server, held):
    moderator = make_staff("Comment moderators", email="moderator@newsdesk.test")
    sign_in_staff(page, live_server, moderator, STAFF_PASSWORD, next_url="/admin/comments/queue/pending/")
    expect(page.get_by_role("link", name="Pending (3)")).to_be_visible()

    _item(page, held["good"]).get_by_role("button", name="Approve").click()
    expect(page.get_by_text(ACTION_DONE["approve"].format(id=held["good"].pk))).to_be_visible()

    item = _item(page, held["off_topic"])
    item.get_by_label("Reason").fill("Off topic: try the classifieds.")
    item.get_by_role("button", name="Reject").click()
    expect(page.get_by_text(ACTION_DONE["reject"].format(id=held["off_topic"].pk))).to_be_visible()

    item = _item(page, held["abuse"])
    item.locator("form[action$='/ban/']").get_by_label("reject past comments").check()
    item.get_by_role("button", name="Ban author").click()
    expect(page.get_by_text(ACTION_DONE["ban"].format(id=held["abuse"].pk))).to_be_visible()
    expect(page.get_by_text("Nothing in this queue.")).to_be_visible()

    page.get_by_role("button", name="Commenters").click()  # the admin menu's group
    page.get_by_role("link", name="Moderation log").click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/comments/moderationaction/"))
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Banned")).to_contain_text("moderator")
    expect(rows.filter(has_text="Rejected")).to_contain_text("Off topic: try the classifieds.")
    expect(rows.filter(has_text="Approved")).to_have_count(1)

    assert Comment.objects.get(pk=held["good"].pk).status == "published"
    assert Comment.objects.get(pk=held["off_topic"].pk).status == "rejected"
    assert Comment.objects.get(pk=held["abuse"].pk).status == "rejected"  # its past comments went with the ban
    assert CommenterProfile.objects.get(user=held["troll"]).banned
    assert list(ModerationAction.objects.order_by("pk").values_list("kind", "actor")) == [
        ("approve", moderator.pk),
        ("reject", moderator.pk),
        ("ban", moderator.pk),
    ]


def test_a_moderator_cannot_publish_a_page_or_open_billing(page, live_server, held):
    moderator = make_staff("Comment moderators", email="moderator@newsdesk.test")
    sign_in_staff(page, live_server, moderator, STAFF_PASSWORD)
    article = held["article"]
    revisions = article.revisions.count()

    for url in (f"/admin/pages/{article.pk}/edit/", "/admin/billing/overview/", "/admin/billing_payments/"):
        page.goto(live_server.url + url)
        expect(page).to_have_url(f"{live_server.url}/admin/")
        expect(page.get_by_text(ADMIN_REFUSED)).to_be_visible()
    expect(page.get_by_role("link", name="Billing overview")).to_have_count(0)
    expect(page.get_by_role("link", name="Moderate comments")).to_be_visible()
    assert article.revisions.count() == revisions
