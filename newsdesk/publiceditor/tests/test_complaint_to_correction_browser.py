"""A complaint's whole path in headless Chromium: the reader, the private link, the admin, the correction."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from newsdesk.accounts.tests.browser import sign_in_staff
from newsdesk.core.tests.csp import CspWatch
from newsdesk.news.tests.factories import newsroom
from newsdesk.publiceditor.admin_views import NOTE_ADDED, TRANSITION_DONE
from newsdesk.publiceditor.models import Case

from .factories import HANDLER_PASSWORD, make_case, make_case_handler

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE_OPTIONS = {"resultTypes": ["violations"]}
CORRECTION = "An earlier version gave the wrong date for the vote: it was on Tuesday."


def _assert_accessible(page, label: str) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{label}: {results.generate_report()}"


def test_complaint_from_article_to_published_correction(page, live_server, settings, django_user_model):
    settings.PUBLICEDITOR_MIN_SUBMIT_SECONDS = 0  # a script fills the form faster than a person
    article = newsroom(articles=1)["articles"][0]
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "correct horse")

    # The reader complains from the article.
    page.goto(live_server.url + article.url)
    page.get_by_role("link", name="Report an error or send feedback on this article").click()
    page.wait_for_url("**/public-editor/?article=*")
    assert article.title in page.locator(".pe-form").inner_text()
    _assert_accessible(page, "form")
    page.get_by_role("radio", name="Complaint").check()
    page.get_by_label("For a complaint: what is wrong?").select_option("inaccuracy")
    page.get_by_label("Your message").fill("The vote was on Tuesday, not Monday.")
    page.get_by_label("Your name").fill("Lerato Reader")
    page.get_by_label("Your email address").fill("lerato@example.org")
    page.get_by_role("button", name="Send to the public editor").click()
    page.wait_for_url("**/public-editor/case/**")
    case = Case.objects.get()
    assert f"Your reference is {case.reference}" in page.get_by_role("status").first.inner_text()

    # The acknowledgement's private link opens the case, where the reader replies.
    link = re.search(r"http\S+/public-editor/case/\S+/", mail.outbox[0].body).group(0)
    page.goto(link.replace("http://localhost:8000", live_server.url))
    assert page.locator("h1").inner_text() == f"Your case {case.reference}"
    _assert_accessible(page, "case page")
    page.get_by_label("Your reply").fill("The council's minutes show the date.")
    page.get_by_role("button", name="Send reply").click()
    page.wait_for_url("**?replied=1")
    assert "The council's minutes show the date." in page.locator(".pe-thread").inner_text()

    # The public editor resolves it in the Wagtail admin and publishes the correction.
    sign_in_staff(page, live_server, editor, "correct horse")
    page.goto(live_server.url + "/admin/publiceditor_cases/")
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"**/admin/public-editor/cases/{case.pk}/")
    page.locator("#id_action").select_option("acknowledge")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    page.locator("#id_action").select_option("resolve")
    page.locator("#id_outcome").select_option("upheld")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    page.get_by_label("Text shown on the article").fill(CORRECTION)
    page.get_by_role("button", name="Publish correction on the article").click()
    page.wait_for_load_state()
    assert "Correction published on the article" in page.content()

    # Readers see it on the article (top and foot) and on /corrections.
    page.goto(live_server.url + article.url)
    assert CORRECTION in page.get_by_label("Correction notice").inner_text()
    assert CORRECTION in page.locator(".pe-corrections").inner_text()
    _assert_accessible(page, "article with correction")
    page.goto(live_server.url + "/corrections")
    assert CORRECTION in page.locator(".pe-corrections__list").inner_text()
    _assert_accessible(page, "corrections page")
    page.goto(live_server.url + "/public-editor/accountability/")
    _assert_accessible(page, "accountability page")


def test_public_editor_opens_a_case_and_moves_it_on_with_no_csp_violation(page, live_server):
    case = make_case(message="The headline says <b>Monday</b> & the vote was on Tuesday.")
    watch = CspWatch(page)

    sign_in_staff(page, live_server, make_case_handler(), HANDLER_PASSWORD)
    page.get_by_role("link", name="Public editor cases").click()
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"**/admin/public-editor/cases/{case.pk}/")
    assert page.locator("p", has_text="The headline says").inner_text() == case.message
    page.locator("#id_action").select_option("acknowledge")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text(TRANSITION_DONE.format(reference=case.reference, action="acknowledge"))).to_be_visible()
    page.get_by_label("Internal note (never shown to the reader)").fill("Asked the reporter for the minutes.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text(NOTE_ADDED)).to_be_visible()

    watch.assert_clean("handling a case")
    case.refresh_from_db()
    assert case.state == "acknowledged"
    assert case.messages.get().body == "Asked the reporter for the minutes."
