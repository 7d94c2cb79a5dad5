"""The newsroom's side: editions built and held, alerts, previews, test sends, reports, CSV, each as its role."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from newsdesk.core import roles
from newsdesk.core.tests.factories import make_staff
from newsdesk.news.tests.factories import newsroom
from newsdesk.newsletters import admin_views, members, sending, services, tasks
from newsdesk.newsletters.models import (
    Consent,
    Delivery,
    Edition,
    EditionItem,
    EditionStatus,
    Subscription,
)
from newsdesk.newsletters.selectors import edition_report

from .factories import make_edition, make_members, make_newsletter

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("locmem_newsletters"),
]
REFUSED = "Sorry, you do not have permission to access this area."
# 05:00 in Johannesburg on a Monday: the briefing is built at 05:30 and goes at 06:30 unless an editor steps in.
MONDAY_5AM = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def locmem_newsletters():
    sending._rendered.clear()
    with override_settings(NEWSLETTERS_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield


def assert_refused(client, url: str, method: str = "get") -> None:
    response = getattr(client, method)(url)
    assert (response.status_code, response.headers.get("Location")) == (302, "/admin/"), url
    assert {str(m).strip() for m in response.wsgi_request._messages} == {REFUSED}, url


def _briefing():
    return make_newsletter(build_at=time(5, 30), send_by=time(6, 30))


def test_morning_briefing_is_built_from_the_home_page_lead_and_top_stories_held_then_sent_at_the_deadline():
    room = newsroom(articles=6)
    briefing = _briefing()
    make_members(briefing, 3)
    with time_machine.travel(MONDAY_5AM, tick=False):
        assert tasks.build_due_editions.call() == []  # 05:00: not yet
    with time_machine.travel(MONDAY_5AM + timedelta(minutes=31), tick=False):
        [edition_id] = tasks.build_due_editions.call()
        assert tasks.build_due_editions.call() == []  # once a day, however often the job runs
        edition = Edition.objects.get(pk=edition_id)
        assert edition.status == EditionStatus.HELD
        # The home page picks its lead and four top stories: the newest five here.
        newest = sorted(room["articles"], key=lambda a: a.first_published_at, reverse=True)[:5]
        assert list(edition.items.values_list("article_id", flat=True)) == [a.pk for a in newest]
        tasks.send_due_editions.call()
        assert mail.outbox == []  # held until 06:30
    with time_machine.travel(MONDAY_5AM + timedelta(minutes=91), tick=False):
        tasks.send_due_editions.call()
    assert sorted(m.to[0] for m in mail.outbox) == [f"reader{i}@example.test" for i in range(3)]
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENT


def test_a_held_edition_an_editor_touched_waits_for_approval_past_its_deadline(client):
    newsroom(articles=2)
    briefing = _briefing()
    make_members(briefing, 1)
    with time_machine.travel(MONDAY_5AM + timedelta(minutes=31), tick=False):
        [edition_id] = tasks.build_due_editions.call()
    editor = make_staff(roles.EDITORS)
    client.force_login(editor)
    edition = Edition.objects.get(pk=edition_id)
    items = list(edition.items.order_by("sort_order"))
    form = {
        "newsletter": briefing.pk,
        "subject": "Monday: the two stories",
        "intro": "Good morning.",
        "send_deadline": "",
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 1,
        "items-MAX_NUM_FORMS": 1000,
    }
    for i, item in enumerate(items):  # the editor drags the second story above the first
        form.update({f"items-{i}-id": item.pk, f"items-{i}-article": item.article_id, f"items-{i}-ORDER": 2 - i})
    response = client.post(f"/admin/newsletters_edition/edit/{edition_id}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    edition.refresh_from_db()
    assert edition.intro == "Good morning." and edition.touched_at is not None
    saved = EditionItem.objects.filter(edition_id=edition_id).order_by("sort_order")
    assert list(saved.values_list("article_id", flat=True)) == [
        items[1].article_id,
        items[0].article_id,
    ]
    with time_machine.travel(MONDAY_5AM + timedelta(hours=5), tick=False):
        tasks.send_due_editions.call()
    assert mail.outbox == [] and Edition.objects.get(pk=edition_id).status == EditionStatus.HELD


def test_editor_previews_and_test_sends_but_may_not_approve_or_alert(client):
    room = newsroom(articles=1)
    newsletter = make_newsletter()
    make_members(newsletter, 2)
    edition = make_edition(newsletter, room["articles"])
    editor = make_staff(roles.EDITORS, email="editor@newsdesk.test")
    client.force_login(editor)
    html = client.get(f"/admin/newsletters_edition/preview/{edition.pk}/html/")
    text = client.get(f"/admin/newsletters_edition/preview/{edition.pk}/text/")
    assert html.status_code == 200 and room["articles"][0].title in html.content.decode()
    assert text["Content-Type"].startswith("text/plain") and room["articles"][0].title in text.content.decode()
    sent = client.post(f"/admin/newsletters_edition/test-send/{edition.pk}/", follow=True)
    assert admin_views.TEST_SENT.format(subject=edition.subject, email="editor@newsdesk.test") in sent.content.decode()
    assert [m.to for m in mail.outbox] == [["editor@newsdesk.test"]]
    assert mail.outbox[0].subject == f"[Test] {edition.subject}"
    assert not Delivery.objects.exists()
    assert_refused(client, f"/admin/newsletters_edition/approve/{edition.pk}/", "post")
    assert_refused(client, f"/admin/newsletters_edition/alert/{room['articles'][0].pk}/", "post")
    assert_refused(client, f"/admin/newsletters_list/export/{newsletter.pk}/")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT and len(mail.outbox) == 1


def test_comment_moderator_may_not_open_editions(client):
    edition = make_edition(make_newsletter(), newsroom(articles=1)["articles"])
    client.force_login(make_staff(roles.COMMENT_MODERATORS))
    assert_refused(client, f"/admin/newsletters_edition/preview/{edition.pk}/html/")
    assert_refused(client, f"/admin/newsletters_edition/report/{edition.pk}/")


def test_sub_editor_sends_a_breaking_alert_from_the_article_page_with_one_confirmation(
    client, django_capture_on_commit_callbacks
):
    room = newsroom(articles=1)
    article = room["articles"][0]
    breaking = make_newsletter("Breaking news", "breaking", cadence="breaking")
    make_members(breaking, 2)
    make_members(make_newsletter(), 2, prefix="morning")
    client.force_login(make_staff(roles.SUB_EDITORS))
    edit_page = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert f"/admin/newsletters_edition/alert/{article.pk}/" in edit_page
    confirm = client.get(f"/admin/newsletters_edition/alert/{article.pk}/")
    assert confirm.status_code == 200 and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/newsletters_edition/alert/{article.pk}/")
    assert response.status_code == 302
    edition = Edition.objects.get()
    assert (edition.newsletter, edition.subject, edition.status) == (
        breaking,
        f"Breaking: {article.title}",
        EditionStatus.SENT,
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["reader0@example.test", "reader1@example.test"]
    report = client.get(f"/admin/newsletters_edition/report/{edition.pk}/").content.decode()
    assert 'data-figure="sent">2<' in report and 'data-figure="recipients">2<' in report


def test_send_report_counts_bounces_complaints_and_unsubscribes():
    room = newsroom(articles=1)
    newsletter = make_newsletter()
    people = make_members(newsletter, 4)
    edition = make_edition(newsletter, room["articles"])
    services.edition_approve(edition_id=edition.pk, by=None)
    tasks.send_edition.call(edition.pk)
    rows = {d.email: d for d in Delivery.objects.filter(edition=edition)}
    Delivery.objects.filter(pk=rows[people[0].email].pk).update(bounced=True)
    Delivery.objects.filter(pk=rows[people[1].email].pk).update(complained=True)
    services.subscription_unsubscribe(subscription_id=people[2].pk)
    edition.refresh_from_db()
    report = edition_report(edition)
    assert (report.recipients, report.sent, report.bounced, report.complained, report.unsubscribed) == (4, 4, 1, 1, 1)


def test_members_csv_round_trips_with_consent_and_reimporting_changes_nothing(client):
    source = make_newsletter()
    make_members(source, 3)
    services.subscription_unsubscribe(subscription_id=Subscription.objects.first().pk)
    client.force_login(make_staff(roles.SUBSCRIPTIONS))
    exported = client.get(f"/admin/newsletters_list/export/{source.pk}/")
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode()
    assert text.splitlines()[0] == ",".join(members.COLUMNS)

    target = make_newsletter("Weekly business", "weekly-business", cadence="weekly")
    upload = lambda: SimpleUploadedFile("members.csv", text.encode(), content_type="text/csv")  # noqa: E731
    response = client.post(f"/admin/newsletters_list/import/{target.pk}/", {"file": upload()}, follow=True)
    assert admin_views.IMPORTED.format(members_added=3, opt_outs_taken=0, consents_added=3) in response.content.decode()
    imported = {s.email: s.status for s in Subscription.objects.filter(newsletter=target)}
    assert imported == {s.email: s.status for s in Subscription.objects.filter(newsletter=source)}
    assert Consent.objects.filter(subscription__newsletter=target).count() == 3
    snapshot = list(Subscription.objects.filter(newsletter=target).values().order_by("pk"))
    response = client.post(f"/admin/newsletters_list/import/{target.pk}/", {"file": upload()}, follow=True)
    assert admin_views.NOTHING_NEW in response.content.decode()
    assert list(Subscription.objects.filter(newsletter=target).values().order_by("pk")) == snapshot
    assert Consent.objects.filter(subscription__newsletter=target).count() == 3


def test_import_with_a_bad_line_names_it_and_writes_nothing(client):
    target = make_newsletter()
    client.force_login(make_staff(roles.SUBSCRIPTIONS))
    text = ",".join(members.COLUMNS) + "\nada@example.test,confirmed,,,2026-01-01T08:00:00+02:00,footer,I agree\n"
    text += "bob@example.test,confirmed,,,,,\n"
    upload = SimpleUploadedFile("m.csv", text.encode(), content_type="text/csv")
    response = client.post(f"/admin/newsletters_list/import/{target.pk}/", {"file": upload})
    assert "Line 3: a confirmed member needs a consent record." in response.content.decode()
    assert not Subscription.objects.exists()
