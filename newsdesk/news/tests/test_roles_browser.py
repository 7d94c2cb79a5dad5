"""The newsroom's roles in headless Chromium, each signed in at the shared sign-in page as its own demo-shaped user:
the editor writes and submits, the sub-editor edits, schedules, publishes and unpublishes; each is refused the rest."""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from newsdesk.accounts.tests.browser import sign_in_staff
from newsdesk.core.tests.factories import STAFF_PASSWORD, make_staff, roles_as_installed
from newsdesk.news.models import ArticlePage
from newsdesk.news.tasks import publish_scheduled_pages
from newsdesk.news.tests.factories import make_article, newsroom, paragraph
from newsdesk.polls.models import Poll
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import Payment, Refund
from newsdesk.subscriptions.services.billing import billing_run
from newsdesk.subscriptions.tests.factories import make_reader
from newsdesk.subscriptions.tests.test_lifecycle import start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFUSED = "Sorry, you do not have permission to access this area."
SAST = dt.timezone(dt.timedelta(hours=2))
DESK_TIME = dt.datetime(2027, 3, 3, 9, 0, tzinfo=SAST)  # a Wednesday morning on the news desk
GO_LIVE = dt.datetime(2027, 3, 5, 6, 30, tzinfo=SAST)  # Friday's early edition


def _choose_in_modal(page, name: str) -> None:
    """Pick name in the open chooser modal (searching for it, as the list may be long)."""
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    modal.get_by_role("link", name=name, exact=True).first.click()
    expect(modal).to_be_hidden()


def _insert_block(page, label: str) -> None:
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=label).click()


def _create_poll_in_second_tab(page, live_server, question: str) -> None:
    """Create a poll in another tab of the same signed-in browser, as an editor does mid-article."""
    tab = page.context.new_page()
    tab.goto(f"{live_server.url}/admin/snippets/polls/poll/add/")
    tab.locator("#id_question").fill(question)
    option_fields = tab.locator("input[name$='-label'][name^='options-']")
    while option_fields.count() < 2:
        tab.get_by_role("button", name=re.compile("Add options?", re.I)).click()
    option_fields.nth(0).fill("Yes")
    option_fields.nth(1).fill("No")
    tab.get_by_role("button", name="Save").first.click()
    expect(tab.get_by_text(f"Poll '{question}' created.")).to_be_visible()
    tab.close()


def test_editor_writes_an_article_with_a_read_link_a_new_poll_and_an_author_previews_and_submits_it(page, live_server):
    roles_as_installed()
    room = newsroom(articles=1)
    target = room["articles"][0]
    section = room["africa"]
    editor = make_staff("Editors", email="elena@newsdesk.test")
    sign_in_staff(page, live_server, editor, STAFF_PASSWORD)

    # Editors see the newsroom's menu, and nothing of billing.
    sidebar = page.locator("#wagtail-sidebar")
    expect(sidebar.get_by_role("link", name="Authors")).to_be_visible()
    expect(sidebar.get_by_text("Billing overview")).to_have_count(0)
    expect(sidebar.get_by_text("Subscriptions")).to_have_count(0)

    page.goto(f"{live_server.url}/admin/pages/add/news/articlepage/{section.pk}/")
    page.locator("#id_title").fill("Harbour dredging begins")
    page.locator("#id_standfirst").fill("Work to deepen the channel starts on Monday.")

    page.get_by_role("button", name="Add Author").click()
    page.get_by_role("button", name="Choose Author").click()
    _choose_in_modal(page, "Ada Reporter")

    _insert_block(page, "Paragraph")
    rich_text = page.locator(".public-DraftEditor-content").first
    rich_text.click()
    rich_text.press_sequentially("Dredgers arrived overnight.")
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("Dredgers arrived overnight."))

    _insert_block(page, "Related article")
    page.get_by_role("button", name="Choose a page").last.click()
    page.locator(".modal-dialog").get_by_role("textbox", name="Search term").fill(target.title)
    _choose_in_modal(page, target.title)

    _create_poll_in_second_tab(page, live_server, "Should the harbour be dredged?")
    _insert_block(page, "Poll")
    page.get_by_role("button", name="Choose Poll").last.click()
    _choose_in_modal(page, "Should the harbour be dredged?")

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1, name="Harbour dredging begins")).to_be_visible()
    expect(preview.locator(".read-link")).to_contain_text(f"READ | {target.title}")
    page.get_by_role("button", name="Toggle preview").click()

    # No Publish anywhere in the editor's actions: only saving and submitting.
    page.get_by_role("button", name="More actions").click()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    page.get_by_role("button", name="Submit to Sub-editors approval").click()
    expect(page.get_by_text("has been submitted for moderation")).to_be_visible()

    article = ArticlePage.objects.get(title="Harbour dredging begins")
    poll = Poll.objects.get(question="Should the harbour be dredged?")
    assert (article.live, article.workflow_in_progress) == (False, True)
    assert article.current_workflow_task.name == "Sub-editors approval"
    body = article.get_latest_revision_as_object().body
    assert [block.block_type for block in body] == ["paragraph", "related_article", "poll"]
    assert (body[1].value["article"].pk, body[2].value.pk) == (target.pk, poll.pk)
    assert [a.author.name for a in article.get_latest_revision_as_object().article_authors.all()] == ["Ada Reporter"]

    page.goto(f"{live_server.url}/admin/billing/overview/")
    expect(page.get_by_text(REFUSED)).to_be_visible()


def _action(page, name: str) -> None:
    """Click an action in the page editor's footer menu: the main button, or one under "More actions"."""
    footer = page.locator("footer")
    action = footer.get_by_role("button", name=name, exact=True).or_(footer.get_by_role("link", name=name, exact=True))
    if not action.first.is_visible():
        footer.get_by_role("button", name="More actions").click()
    action.first.click()


def test_sub_editor_schedules_a_submitted_article_publishes_another_and_unpublishes_a_read_target(page, live_server):
    with time_machine.travel(DESK_TIME, tick=True):
        workflow = roles_as_installed()
        room = newsroom(articles=1)
        section, target = room["africa"], room["articles"][0]
        linking = make_article(
            section,
            "Harbour reopens to shipping",
            body=[paragraph("Ships are back."), ("related_article", {"article": target})],
        )
        submitted = make_article(section, "Port strike enters second week", publish=False)
        workflow.start(submitted, make_staff("Editors"))
        other = make_article(section, "Rain expected over the weekend", publish=False)
        subeditor = make_staff("Sub-editors", email="sipho@newsdesk.test")
        sign_in_staff(page, live_server, subeditor, STAFF_PASSWORD)

        # The submitted article waits on the sub-editor's dashboard; they open it, sharpen the headline and schedule it.
        page.get_by_role("link", name="Port strike enters second week").first.click()
        expect(page).to_have_url(re.compile(rf"/admin/pages/{submitted.pk}/edit/"))
        page.locator("#id_title").fill("Port strike enters its second week")
        page.get_by_role("button", name="Toggle status").click()
        page.get_by_role("button", name="Set schedule").click()
        page.locator("#id_go_live_at").fill(GO_LIVE.strftime("%Y-%m-%d %H:%M"))
        # The date picker the field opens may still cover the button; the click goes to the button itself.
        page.get_by_role("button", name="Save schedule").dispatch_event("click")
        _action(page, "Approve and Publish")  # the workflow's last task: approving publishes, here on schedule
        expect(page.get_by_text("Page 'Port strike enters its second week' has been updated.")).to_be_visible()

        submitted.refresh_from_db()
        revision = submitted.scheduled_revision
        assert (submitted.live, submitted.workflow_in_progress) == (False, False)
        assert (revision.approved_go_live_at, revision.as_object().title) == (
            GO_LIVE,
            "Port strike enters its second week",
        )

        # Another draft, published at once.
        page.goto(f"{live_server.url}/admin/pages/{other.pk}/edit/")
        _action(page, "Publish")
        expect(page.get_by_text("has been published")).to_be_visible()
        other.refresh_from_db()
        assert other.live

        # Unpublishing the article another links to with READ takes the link off that article.
        page.goto(live_server.url + linking.url)
        expect(page.locator(".read-link")).to_contain_text(f"READ | {target.title}")
        page.goto(f"{live_server.url}/admin/pages/{target.pk}/edit/")
        _action(page, "Unpublish")
        page.get_by_role("button", name="Yes, unpublish it").click()
        expect(page.get_by_text(f"Page '{target.title}' unpublished.")).to_be_visible()
        target.refresh_from_db()
        assert not target.live
        page.goto(live_server.url + linking.url)
        expect(page.get_by_role("heading", level=1, name="Harbour reopens to shipping")).to_be_visible()
        expect(page.locator(".read-link")).to_have_count(0)

    with time_machine.travel(GO_LIVE + dt.timedelta(minutes=1), tick=False):
        publish_scheduled_pages.enqueue()
    submitted.refresh_from_db()
    assert (submitted.live, submitted.title) == (True, "Port strike enters its second week")


def test_sub_editor_cannot_open_the_refund_or_comment_ban_pages(page, live_server):
    with time_machine.travel(DESK_TIME - dt.timedelta(days=20), tick=False):
        start(make_reader())
    billing_run(at=DESK_TIME - dt.timedelta(days=5), gateway=TestGateway())
    payment = Payment.objects.get()
    with time_machine.travel(DESK_TIME, tick=True):
        subeditor = make_staff("Sub-editors")
        sign_in_staff(page, live_server, subeditor, STAFF_PASSWORD)
        sidebar = page.locator("#wagtail-sidebar")
        expect(sidebar.get_by_role("link", name="Authors")).to_be_visible()
        expect(sidebar.get_by_text("Moderate comments")).to_have_count(0)
        expect(sidebar.get_by_text("Payments")).to_have_count(0)
        for url in (f"/admin/billing/payments/{payment.pk}/refund/", "/admin/comments/queue/pending/"):
            page.goto(live_server.url + url)
            expect(page).to_have_url(f"{live_server.url}/admin/")
            expect(page.get_by_text(REFUSED)).to_be_visible()
    assert not Refund.objects.exists()
