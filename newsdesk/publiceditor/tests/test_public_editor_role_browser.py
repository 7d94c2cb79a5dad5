"""The public editor's day in headless Chromium, signed in through the shared sign-in page as a member of the
"Public editor" role: answer a complaint, move it through its states, publish a correction that readers then see on
the article; and the role's limits: it corrects articles without being able to edit or publish them."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from newsdesk.accounts.tests.browser import sign_in_staff
from newsdesk.accounts.tests.staff import ADMIN_REFUSED
from newsdesk.core.tests.factories import STAFF_PASSWORD, make_staff
from newsdesk.news.tests.factories import newsroom
from newsdesk.publiceditor.admin_views import CORRECTION_PUBLISHED, REPLY_SENT, TRANSITION_DONE
from newsdesk.publiceditor.models import Case, CaseEvent, Correction

from .factories import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CORRECTION = "An earlier version gave the wrong date for the council vote: it was on Tuesday."
REPLY = "Thank you: we are checking the council's minutes and will write again this week."


@pytest.fixture
def complaint(live_server):
    article = newsroom(articles=1)["articles"][0]
    return make_case(article_id=article.pk, message="The vote was on Tuesday, not Monday.")


def _apply(page, case: Case, action: str, outcome: str = "") -> None:
    page.locator("#id_action").select_option(action)
    if outcome:
        page.locator("#id_outcome").select_option(outcome)
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text(TRANSITION_DONE.format(reference=case.reference, action=action))).to_be_visible()


def test_public_editor_answers_a_complaint_resolves_it_and_publishes_a_correction(page, live_server, complaint):
    public_editor = make_staff("Public editor", email="publiceditor@newsdesk.test")
    sign_in_staff(page, live_server, public_editor, STAFF_PASSWORD)
    page.get_by_role("link", name="Public editor cases").click()
    page.get_by_role("link", name=complaint.reference).click()
    page.wait_for_url(f"**/admin/public-editor/cases/{complaint.pk}/")
    expect(page.get_by_text("The vote was on Tuesday, not Monday.")).to_be_visible()

    page.get_by_label("Reply to the reader (emailed)").fill(REPLY)
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text(REPLY_SENT)).to_be_visible()
    _apply(page, complaint, "acknowledge")
    _apply(page, complaint, "investigate")
    expect(page.locator("[data-case-state]")).to_have_text("Investigating")
    expect(page.get_by_role("heading", name="Publish a correction")).to_have_count(0)  # not until it is resolved
    _apply(page, complaint, "resolve", outcome="upheld")
    expect(page.locator("[data-case-state]")).to_have_text("Resolved: Upheld")

    page.get_by_label("Text shown on the article").fill(CORRECTION)
    page.get_by_role("button", name="Publish correction on the article").click()
    expect(page.get_by_text(CORRECTION_PUBLISHED)).to_be_visible()
    expect(page.get_by_text(f"correction #{Correction.objects.get().pk} by publiceditor")).to_be_visible()

    page.goto(live_server.url + complaint.article.url)
    expect(page.get_by_label("Correction notice")).to_contain_text(CORRECTION)

    complaint.refresh_from_db()
    assert (complaint.state, complaint.outcome) == ("resolved", "upheld")
    assert complaint.messages.get().body == REPLY
    assert [m.to for m in mail.outbox if REPLY in m.body] == [["thandi@example.org"]]
    correction = Correction.objects.get()
    assert (correction.case, correction.created_by, correction.text) == (complaint, public_editor, CORRECTION)
    assert set(CaseEvent.objects.filter(case=complaint).exclude(actor=None).values_list("actor", flat=True)) == {
        public_editor.pk
    }


def test_the_public_editor_cannot_edit_the_article_itself_or_moderate_comments(page, live_server, complaint):
    sign_in_staff(page, live_server, make_staff("Public editor", email="publiceditor@newsdesk.test"), STAFF_PASSWORD)
    article = complaint.article
    revisions = article.revisions.count()
    for url in (f"/admin/pages/{article.pk}/edit/", "/admin/comments/queue/pending/"):
        page.goto(live_server.url + url)
        expect(page).to_have_url(f"{live_server.url}/admin/")
        expect(page.get_by_text(ADMIN_REFUSED)).to_be_visible()
    assert article.revisions.count() == revisions
