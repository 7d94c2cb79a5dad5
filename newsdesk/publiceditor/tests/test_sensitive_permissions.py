"""Publishing a correction and erasing a person's data are permissions of their own: a case handler without them
works cases but cannot do either, by the case page, the personal-data page or the services; each act is logged."""

import datetime as dt

import pytest
import time_machine
from wagtail.models import PageLogEntry

from newsdesk.accounts.tests.staff import assert_admin_refused, make_staff_with
from newsdesk.news.models import ArticlePage
from newsdesk.news.tests.factories import newsroom
from newsdesk.publiceditor import services
from newsdesk.publiceditor.models import Case, CaseEvent, Correction

from .factories import make_case

pytestmark = pytest.mark.django_db
ACTED_AT = dt.datetime(2026, 5, 6, 11, 45, tzinfo=dt.UTC)
HANDLE_CASES = (
    "publiceditor.view_case",
    "publiceditor.change_case",
    "publiceditor.view_correction",
)


@pytest.fixture
def handler():
    """Answers complaints and moves them along; neither corrects articles nor erases anyone's data."""
    return make_staff_with(*HANDLE_CASES, email="handler@example.org")


@pytest.fixture
def public_editor():
    return make_staff_with(
        *HANDLE_CASES,
        "publiceditor.publish_correction",
        "publiceditor.erase_personal_data",
        email="publiceditor@example.org",
    )


@pytest.fixture
def resolved_case():
    article = newsroom(articles=1)["articles"][0]
    case = make_case(article_id=article.pk, email="thandi@example.org")
    services.case_transition(case=case, action="acknowledge")
    return services.case_transition(case=case, action="resolve", outcome="upheld")


def _unchanged(case: Case, revisions: int) -> None:
    article = ArticlePage.objects.get(pk=case.article_id)
    assert (Correction.objects.count(), article.revisions.count()) == (0, revisions)
    assert not CaseEvent.objects.filter(action__in=["correction", "erased"]).exists()
    assert not PageLogEntry.objects.filter(action=services.CORRECTION_LOG_ACTION).exists()


def test_a_handler_without_the_correction_permission_gets_no_form_and_is_refused(client, handler, resolved_case):
    revisions = ArticlePage.objects.get(pk=resolved_case.article_id).revisions.count()
    client.force_login(handler)
    url = f"/admin/public-editor/cases/{resolved_case.pk}/"
    page = client.get(url).content.decode()
    assert resolved_case.reference in page and "Publish a correction" not in page
    response = client.post(url, {"op": "correction", "kind": "correction", "text": "The vote was Tuesday."})
    assert_admin_refused(client, response)
    _unchanged(resolved_case, revisions)
    with pytest.raises(services.NotPermitted) as error:
        services.correction_publish(case=resolved_case, kind="correction", text="Tuesday.", actor=handler)
    assert str(error.value) == services.CORRECTION_NOT_PERMITTED
    _unchanged(resolved_case, revisions)


def test_a_handler_without_the_erasure_permission_may_export_but_not_erase(client, handler, resolved_case):
    client.force_login(handler)
    page = client.get("/admin/public-editor/personal-data/").content.decode()
    assert "Export (JSON)" in page and 'value="erase"' not in page
    export = client.post("/admin/public-editor/personal-data/", {"email": "thandi@example.org", "op": "export"})
    assert export.status_code == 200 and b"thandi@example.org" in export.content
    response = client.post("/admin/public-editor/personal-data/", {"email": "thandi@example.org", "op": "erase"})
    assert_admin_refused(client, response)
    for erase in (
        lambda: services.person_erase(email="thandi@example.org", actor=handler),
        lambda: services.case_erase_personal_data(case=resolved_case, actor=handler, reason="asked"),
    ):
        with pytest.raises(services.NotPermitted) as error:
            erase()
        assert str(error.value) == services.ERASE_NOT_PERMITTED
    resolved_case.refresh_from_db()
    assert (resolved_case.email, resolved_case.personal_data_erased_at) == ("thandi@example.org", None)
    assert not CaseEvent.objects.filter(action="erased").exists()


def test_a_correction_by_the_public_editor_is_logged_on_the_case_and_the_article(client, public_editor, resolved_case):
    client.force_login(public_editor)
    url = f"/admin/public-editor/cases/{resolved_case.pk}/"
    assert "Publish a correction" in client.get(url).content.decode()
    with time_machine.travel(ACTED_AT, tick=False):
        response = client.post(url, {"op": "correction", "kind": "correction", "text": "The vote was Tuesday."})
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.created_by, correction.published_at) == (public_editor, ACTED_AT)
    event = CaseEvent.objects.get(case=resolved_case, action="correction")
    assert (event.actor, event.created_at) == (public_editor, ACTED_AT)
    entry = PageLogEntry.objects.get(action=services.CORRECTION_LOG_ACTION)
    assert (entry.page_id, entry.user, entry.timestamp) == (resolved_case.article_id, public_editor, ACTED_AT)
    assert entry.data["text"] == "The vote was Tuesday."
    article = ArticlePage.objects.get(pk=resolved_case.article_id)
    assert "The vote was Tuesday." in client.get(article.url).content.decode()


def test_an_erasure_by_the_public_editor_is_on_the_case_trail_with_who_and_when(client, public_editor, resolved_case):
    client.force_login(public_editor)
    with time_machine.travel(ACTED_AT, tick=False):
        response = client.post("/admin/public-editor/personal-data/", {"email": "thandi@example.org", "op": "erase"})
    assert response.status_code == 302
    resolved_case.refresh_from_db()
    assert (resolved_case.email, resolved_case.personal_data_erased_at) == ("", ACTED_AT)
    event = CaseEvent.objects.get(case=resolved_case, action="erased")
    assert (event.actor, event.created_at, event.detail) == (public_editor, ACTED_AT, "erased on the person's request")
    trail = client.get(f"/admin/public-editor/cases/{resolved_case.pk}/").content.decode()
    assert "erased on the person&#x27;s request by publiceditor@example.org" in trail
