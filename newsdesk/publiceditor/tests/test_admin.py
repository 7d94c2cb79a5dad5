"""The public editor's queue and case page in the Wagtail admin."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from newsdesk.news.tests.factories import newsroom
from newsdesk.publiceditor import admin_views, services
from newsdesk.publiceditor.models import Case, CaseMessage, Correction
from newsdesk.publiceditor.tests.factories import make_case

pytestmark = pytest.mark.django_db
SAST = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_queue_lists_cases_flags_overdue_ones_in_words_and_filters_them(staff_client):
    newsroom(articles=0)
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=SAST), tick=False):
        late = make_case(message="Old complaint")
    fresh = make_case(kind="query", category="", message="New query")
    with time_machine.travel(dt.datetime(2026, 11, 9, 9, 0, tzinfo=SAST), tick=False):
        fresh.acknowledge_due_on = fresh.resolve_due_on = dt.date(2026, 12, 31)
        fresh.save()
        html = staff_client.get("/admin/publiceditor_cases/").content.decode()
        assert "OVERDUE: acknowledgement overdue by 2 working day(s)" in html
        assert f"/admin/public-editor/cases/{late.pk}/" in html
        filtered = staff_client.get("/admin/publiceditor_cases/?overdue=true").content.decode()
    assert late.reference in filtered
    assert fresh.reference not in filtered
    searched = staff_client.get("/admin/publiceditor_cases/?q=" + fresh.reference).content.decode()
    assert fresh.reference in searched and late.reference not in searched


def test_case_page_runs_the_workflow_and_publishes_a_correction(
    staff_client, admin_user, django_capture_on_commit_callbacks
):
    article = newsroom(articles=1)["articles"][0]
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(article_id=article.pk)
    url = f"/admin/public-editor/cases/{case.pk}/"
    assert staff_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"op": "transition", "action": "acknowledge"})
        staff_client.post(url, {"op": "assign", "assignee": admin_user.pk})
        staff_client.post(url, {"op": "note", "body": "Ask the reporter for notes."})
        staff_client.post(url, {"op": "reply", "body": "We are checking with the reporter."})
        staff_client.post(url, {"op": "transition", "action": "resolve", "outcome": "upheld"})
        response = staff_client.post(url, {"op": "correction", "kind": "correction", "text": "The vote was Tuesday."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.outcome, case.assigned_to) == ("resolved", "upheld", admin_user)
    assert list(case.messages.values_list("author_kind", flat=True)) == ["note", "staff"]
    assert Correction.objects.get().text == "The vote was Tuesday."
    assert [m.subject for m in mail.outbox] == [
        f"We received your message ({case.reference})",
        f"Reply from the public editor ({case.reference})",
    ]
    page = staff_client.get(url).content.decode()
    assert "The vote was Tuesday." in page


def test_refused_action_shows_the_message_and_changes_nothing(staff_client):
    case = make_case()
    response = staff_client.post(
        f"/admin/public-editor/cases/{case.pk}/", {"op": "transition", "action": "close"}, follow=True
    )
    assert "A case that is new cannot be moved that way." in response.content.decode()
    case.refresh_from_db()
    assert case.state == "new"


def test_staff_reply_to_a_closed_case_is_refused(staff_client):
    case = make_case()
    for action, outcome in (("acknowledge", ""), ("resolve", "no_action"), ("close", "")):
        services.case_transition(case=case, action=action, outcome=outcome)
    response = staff_client.post(f"/admin/public-editor/cases/{case.pk}/", {"op": "reply", "body": "Hi"}, follow=True)
    assert services.CASE_CLOSED in response.content.decode()
    assert CaseMessage.objects.count() == 0


def test_case_page_needs_permission(client, django_user_model):
    user = django_user_model.objects.create_user("intern", password="pw", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    case = make_case()
    response = client.get(f"/admin/public-editor/cases/{case.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "no permission" redirect
    assert client.post("/admin/public-editor/personal-data/", {"email": case.email, "op": "erase"}).status_code == 302
    case.refresh_from_db()
    assert case.email == "thandi@example.org"


def test_personal_data_export_and_erase(staff_client):
    make_case(email="a@example.org", message="Mine")
    response = staff_client.post("/admin/public-editor/personal-data/", {"email": "a@example.org", "op": "export"})
    assert response["Content-Type"] == "application/json"
    assert response.json()["cases"][0]["message"] == "Mine"
    response = staff_client.post(
        "/admin/public-editor/personal-data/", {"email": "a@example.org", "op": "erase"}, follow=True
    )
    assert admin_views.PERSON_ERASED.format(count=1) in response.content.decode()
    assert Case.objects.get().email == ""
    response = staff_client.post("/admin/public-editor/personal-data/", {"email": "nobody@example.org", "op": "export"})
    assert admin_views.PERSON_NOT_FOUND in response.content.decode()


def test_corrections_are_listed_and_inspectable_but_not_editable(staff_client):
    article = newsroom(articles=1)["articles"][0]
    correction = services.correction_publish(article=article, kind="update", text="Figures revised by Stats SA.")
    listing = staff_client.get("/admin/publiceditor_corrections/?q=Stats")
    assert listing.status_code == 200
    assert "Figures revised by Stats SA." in listing.content.decode()
    assert staff_client.get(f"/admin/publiceditor_corrections/inspect/{correction.pk}/").status_code == 200
    assert staff_client.get(f"/admin/publiceditor_corrections/edit/{correction.pk}/").status_code in (302, 403)
    assert staff_client.get("/admin/publiceditor_corrections/new/").status_code in (302, 403)


def test_assign_to_lists_those_who_work_cases_and_assigns_a_public_editor(client):
    from newsdesk.core.tests.factories import make_staff

    article = newsroom(articles=1)["articles"][0]
    case = make_case(article_id=article.pk)
    public_editor = make_staff("Public editor", first_name="Thandeka")
    colleague = make_staff("Public editor")
    editor = make_staff("Editors")
    client.force_login(public_editor)
    url = f"/admin/public-editor/cases/{case.pk}/"
    form = admin_views.AssignForm()
    assert set(form.fields["assignee"].queryset) == {public_editor, colleague}  # not the editor: no case work
    assert client.post(url, {"op": "assign", "assignee": colleague.pk}).status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == colleague
    client.post(url, {"op": "assign", "assignee": editor.pk})  # not a choice: refused, nothing changes
    case.refresh_from_db()
    assert case.assigned_to == colleague
