"""The public editor's writes: references, service levels, the workflow, corrections, emails, retention."""

import datetime as dt
from smtplib import SMTPException
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from newsdesk.news.models import ArticlePage
from newsdesk.news.tests.factories import newsroom
from newsdesk.outbox.delivery import RETRY_DELAYS
from newsdesk.outbox.models import OutboxMessage
from newsdesk.outbox.tasks import deliver_due_messages
from newsdesk.publiceditor import jobs, services, tasks
from newsdesk.publiceditor.models import Case, CaseEvent, CaseMessage, Correction, DigestSent, PublicEditorSettings
from newsdesk.publiceditor.selectors import case_for_token, case_token, overdue_cases, person_export
from newsdesk.publiceditor.tests.factories import make_case

pytestmark = pytest.mark.django_db
SAST = dt.timezone(dt.timedelta(hours=2))


def _editor_settings() -> PublicEditorSettings:
    from wagtail.models import Site

    return PublicEditorSettings.for_site(Site.objects.get(is_default_site=True))


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SAST)


def test_references_run_without_gaps_and_restart_each_year(django_capture_on_commit_callbacks):
    with time_machine.travel(_at(2026, 12, 31, 23, 0), tick=False):
        first, second = make_case(), make_case()
    with time_machine.travel(_at(2027, 1, 1, 0, 30), tick=False):
        third = make_case()
    assert [first.reference, second.reference, third.reference] == [
        "PE-2026-000001",
        "PE-2026-000002",
        "PE-2027-000001",
    ]


def test_a_failed_submission_uses_no_number():
    make_case()
    with mock.patch.object(services.Case.objects, "create", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            make_case()
    assert make_case().reference.endswith("-000002")


def test_due_dates_count_working_days_and_skip_south_african_public_holidays():
    with time_machine.travel(_at(2026, 12, 24, 10, 0), tick=False):  # Thursday; 25th and 26th are holidays
        case = make_case()
    assert case.acknowledge_due_on == dt.date(2026, 12, 29)
    assert case.resolve_due_on == dt.date(2027, 1, 18)  # 1 January is a holiday too


def test_due_dates_follow_the_site_setting():
    newsroom(articles=0)
    config = _editor_settings()
    config.acknowledge_within_working_days, config.resolve_within_working_days = 1, 3
    config.save()
    with time_machine.travel(_at(2026, 11, 27, 10, 0), tick=False):  # Friday
        case = make_case()
    assert (case.acknowledge_due_on, case.resolve_due_on) == (dt.date(2026, 11, 30), dt.date(2026, 12, 2))


def test_overdue_with_a_moved_clock():
    with time_machine.travel(_at(2026, 11, 23, 9, 0), tick=False):  # Monday: acknowledge by Wednesday 25th
        case = make_case()
    assert list(overdue_cases(today=dt.date(2026, 11, 25))) == []
    assert list(overdue_cases(today=dt.date(2026, 11, 26))) == [case]
    services.case_transition(case=case, action="acknowledge")
    assert list(overdue_cases(today=dt.date(2026, 11, 26))) == []
    assert list(overdue_cases(today=case.resolve_due_on + dt.timedelta(days=1))) == [case]


def test_workflow_records_each_transition_and_its_times():
    case = make_case()
    for action in ("acknowledge", "investigate"):
        services.case_transition(case=case, action=action)
    case = services.case_transition(case=case, action="resolve", outcome="partly_upheld")
    case = services.case_transition(case=case, action="close")
    assert (case.state, case.outcome) == ("closed", "partly_upheld")
    assert case.acknowledged_at and case.resolved_at and case.closed_at
    case = services.case_transition(case=case, action="reopen")
    assert (case.state, case.outcome, case.closed_at) == ("investigating", "", None)
    assert list(CaseEvent.objects.filter(case=case).values_list("action", "from_state", "to_state")) == [
        ("received", "", "new"),
        ("acknowledge", "new", "acknowledged"),
        ("investigate", "acknowledged", "investigating"),
        ("resolve", "investigating", "resolved"),
        ("close", "resolved", "closed"),
        ("reopen", "closed", "investigating"),
    ]


def test_refused_transitions_change_nothing():
    case = make_case()
    with pytest.raises(services.PublicEditorError, match="A case that is new cannot be moved that way."):
        services.case_transition(case=case, action="close")
    services.case_transition(case=case, action="acknowledge")
    with pytest.raises(services.PublicEditorError, match=services.OUTCOME_REQUIRED):
        services.case_transition(case=case, action="resolve", outcome="")
    case.refresh_from_db()
    assert (case.state, case.resolved_at) == ("acknowledged", None)
    assert CaseEvent.objects.filter(case=case).count() == 2


def test_acknowledgement_email_carries_reference_and_a_working_private_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["thandi@example.org"]
    assert email.subject == f"We received your message ({case.reference})"
    link = next(line for line in email.body.splitlines() if "/public-editor/case/" in line)
    token = link.rsplit("/case/", 1)[1].strip("/")
    assert case_for_token(token) == case
    case.refresh_from_db()
    assert case.acknowledgement_sent_at is not None
    assert tasks.send_case_acknowledgement.call(case.pk) is False  # safe to run twice: nothing more sent
    assert len(mail.outbox) == 1


def test_no_consent_means_no_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_case(consent_to_contact=False)
    assert mail.outbox == []


def test_smtp_failure_leaves_the_acknowledgement_in_the_outbox_which_sends_it_once(django_capture_on_commit_callbacks):
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=SMTPException("down")):
        with django_capture_on_commit_callbacks(execute=True):
            case = make_case()
    assert mail.outbox == []
    queued = OutboxMessage.objects.get()
    subject = f"We received your message ({case.reference})"
    assert (queued.state, queued.subject, queued.recipients, queued.last_error) == (
        "queued",
        subject,
        "thandi@example.org",
        "SMTPException: down",
    )
    # The case's own sweep has nothing left to do: the email is the outbox's to deliver now.
    assert tasks.retry_pending_emails.call() == {"acknowledgements": 0, "replies": 0}
    with time_machine.travel(timezone.now() + RETRY_DELAYS[0], tick=False):
        assert deliver_due_messages.call() == {"sent": 1, "not sent": 0}
        assert deliver_due_messages.call() == {"sent": 0, "not sent": 0}
    assert [message.subject for message in mail.outbox] == [subject]


def test_staff_reply_is_emailed_once_and_notes_never_are(django_capture_on_commit_callbacks, admin_user):
    case = make_case()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_note_add(case=case, body="Check with the news editor.", actor=admin_user)
        reply = services.case_staff_reply(case=case, body="We are looking into it.", actor=admin_user)
    assert [m.subject for m in mail.outbox] == [f"Reply from the public editor ({case.reference})"]
    assert "We are looking into it." in mail.outbox[0].body
    assert "news editor" not in mail.outbox[0].body
    reply.refresh_from_db()
    assert reply.emailed_at is not None
    assert tasks.send_case_message.call(reply.pk) is False


def test_reader_reply_to_a_closed_case_is_refused_and_stores_nothing():
    case = make_case()
    services.case_transition(case=case, action="acknowledge")
    services.case_transition(case=case, action="resolve", outcome="not_upheld")
    services.case_transition(case=case, action="close")
    with pytest.raises(services.PublicEditorError, match=services.CASE_CLOSED):
        services.case_reader_reply(case=case, body="But I still disagree.")
    assert CaseMessage.objects.count() == 0


def _resolved_case_about(article) -> Case:
    case = make_case(article_id=article.pk)
    services.case_transition(case=case, action="acknowledge")
    return services.case_transition(case=case, action="resolve", outcome="upheld")


def test_correction_publishes_a_new_revision_and_keeps_both(admin_user):
    article = newsroom(articles=1)["articles"][0]
    before_revision, before_published = article.live_revision_id, article.last_published_at
    case = _resolved_case_about(article)
    correction = services.correction_publish(
        case=case, kind="correction", text="The vote was on Tuesday, not Monday.", actor=admin_user
    )
    article = ArticlePage.objects.get(pk=article.pk)
    assert correction.revision_before_id == before_revision
    assert correction.revision_after_id == article.live_revision_id != before_revision
    assert article.last_published_at > before_published
    assert CaseEvent.objects.filter(case=case, action="correction").count() == 1


def test_correction_needs_a_resolved_case_and_writes_nothing_otherwise(admin_user):
    article = newsroom(articles=1)["articles"][0]
    case = make_case(article_id=article.pk)
    revisions = article.revisions.count()
    with pytest.raises(services.PublicEditorError, match=services.CORRECTION_NEEDS_RESOLVED):
        services.correction_publish(case=case, kind="correction", text="Wrong date.", actor=admin_user)
    assert (Correction.objects.count(), article.revisions.count()) == (0, revisions)


def test_correction_refuses_to_publish_someone_elses_draft(admin_user):
    article = newsroom(articles=1)["articles"][0]
    case = _resolved_case_about(article)
    article.title = "A draft headline"
    article.save_revision()
    with pytest.raises(services.PublicEditorError, match="unpublished draft changes"):
        services.correction_publish(case=case, kind="correction", text="Wrong date.", actor=admin_user)
    assert Correction.objects.count() == 0
    assert ArticlePage.objects.get(pk=article.pk).title != "A draft headline"


def test_retention_purge_erases_personal_data_but_keeps_the_figures():
    newsroom(articles=0)
    with time_machine.travel(_at(2024, 1, 10, 9, 0), tick=False):
        case = make_case()
        services.case_reader_reply(case=case, body="My phone number is 082 000 0000.")
        services.case_transition(case=case, action="acknowledge")
        services.case_transition(case=case, action="resolve", outcome="upheld")
        services.case_transition(case=case, action="close")
    token = case_token(case)
    with time_machine.travel(_at(2026, 1, 5, 9, 0), tick=False):  # 23 months later: kept
        assert jobs.purge_expired_personal_data.call() == 0
    with time_machine.travel(_at(2026, 1, 20, 9, 0), tick=False):  # past 24 months: erased
        assert jobs.purge_expired_personal_data.call() == 1
        assert jobs.purge_expired_personal_data.call() == 0
    case.refresh_from_db()
    assert (case.name, case.email, case.message) == ("", "", "[erased]")
    assert list(case.messages.values_list("body", flat=True)) == ["[erased]"]
    assert (case.kind, case.category, case.outcome, case.state) == ("complaint", "inaccuracy", "upheld", "closed")
    assert case_for_token(token) is None


def test_person_export_and_erase(admin_user):
    make_case(email="a@example.org", message="First")
    make_case(email="A@example.org", message="Second")
    other = make_case(email="b@example.org")
    export = person_export("a@example.org")
    assert [c["message"] for c in export["cases"]] == ["First", "Second"]
    assert services.person_erase(email="a@example.org", actor=admin_user) == 2
    assert Case.objects.filter(email="").count() == 2
    other.refresh_from_db()
    assert other.email == "b@example.org"


def test_weekly_digest_lists_overdue_cases_once_per_week():
    newsroom(articles=0)
    config = _editor_settings()
    config.public_editor_email = "editor@example.org"
    config.save()
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):  # Monday; 4 November 2026 is election day
        case = make_case()  # acknowledge by Thursday 5th
    with time_machine.travel(_at(2026, 11, 9, 9, 0), tick=False):
        assert tasks.send_overdue_digest.call() == 1
        assert tasks.send_overdue_digest.call() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@example.org"]
    assert f"- {case.reference} (Complaint, New), unassigned: Acknowledgement overdue by 2 working day(s)" in (
        mail.outbox[0].body
    )
    assert DigestSent.objects.get().week == "2026-W46"


def test_periodic_jobs_are_declared():
    from django.apps import apps

    assert set(apps.get_app_config("publiceditor").periodic_tasks) == {
        "newsdesk.publiceditor.tasks.retry_pending_emails",
        "newsdesk.publiceditor.tasks.send_overdue_digest",
        "newsdesk.publiceditor.jobs.purge_expired_personal_data",
    }


def test_timezone_of_references_is_sast():
    with time_machine.travel(dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC), tick=False):  # 00:30 SAST, 2027
        assert make_case().reference == "PE-2027-000001"
    assert timezone.get_current_timezone_name() == "Africa/Johannesburg"
