"""Reply notification emails: opt-in, persisted first, sent once (retried after a failure), one-click unsubscribe."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from newsdesk.comments import notifications, services
from newsdesk.comments.models import Comment, CommenterProfile, NotificationStatus, ReplyNotification
from newsdesk.comments.notifications import unsubscribe_token
from newsdesk.comments.tasks import retry_reply_notifications, send_reply_notification

from .factories import make_commented_article, make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_commented_article()


def test_reply_emails_an_opted_in_author_once_with_unsubscribe(article, django_capture_on_commit_callbacks):
    thandi = make_reader("Thandi", notify=True)
    sipho = make_reader("Sipho")
    top = services.comment_post(user=thandi, article=article, body="Top")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.comment_post(user=sipho, article=article, body="I disagree", parent_id=top.pk)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["thandi@example.com"]
    assert email.subject == "Sipho replied to your comment"
    assert "I disagree" in email.body
    token = unsubscribe_token(user_id=thandi.pk)
    assert email.extra_headers["List-Unsubscribe"] == f"<http://localhost:8000/comments/unsubscribe/{token}/>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification = ReplyNotification.objects.get(reply=reply)
    assert notification.status == NotificationStatus.SENT and notification.attempts == 1
    # Safe to run twice: nothing more is sent.
    assert send_reply_notification.call(notification.pk) == "nothing to do"
    assert len(mail.outbox) == 1
    response = Client(enforce_csrf_checks=True).post(f"/comments/unsubscribe/{token}/")
    assert response.status_code == 200
    assert CommenterProfile.objects.get(user=thandi).notify_replies is False


def test_no_email_without_opt_in_for_own_replies_or_held_replies(article, django_capture_on_commit_callbacks):
    thandi = make_reader("Thandi")
    sipho = make_reader("Sipho", notify=True)
    top = services.comment_post(user=thandi, article=article, body="Top")
    mine = services.comment_post(user=sipho, article=article, body="Mine")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(user=sipho, article=article, body="Reply", parent_id=top.pk)
        services.comment_post(user=sipho, article=article, body="Self reply", parent_id=mine.pk)
    assert mail.outbox == []
    assert Comment.objects.count() == 4
    assert not ReplyNotification.objects.exists()


def test_forged_unsubscribe_token_changes_nothing(article):
    thandi = make_reader("Thandi", notify=True)
    token = unsubscribe_token(user_id=thandi.pk)
    response = Client().get(f"/comments/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    assert CommenterProfile.objects.get(user=thandi).notify_replies is True


class FailingBackend:
    """An email backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def _reply_with_notification(article, django_capture_on_commit_callbacks):
    thandi = make_reader("Thandi", notify=True)
    top = services.comment_post(user=thandi, article=article, body="Top")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.comment_post(user=make_reader("Sipho"), article=article, body="A reply", parent_id=top.pk)
    return ReplyNotification.objects.get(reply=reply)


def test_a_failed_send_is_kept_and_the_retry_sends_it_exactly_once(article, django_capture_on_commit_callbacks):
    with override_settings(EMAIL_BACKEND="newsdesk.comments.tests.test_tasks.FailingBackend"):
        notification = _reply_with_notification(article, django_capture_on_commit_callbacks)
        notification.refresh_from_db()
        assert notification.status == NotificationStatus.PENDING
        assert notification.attempts == 1
        assert notification.last_error == "ConnectionRefusedError: mail server down"
        with pytest.raises(ConnectionRefusedError):
            send_reply_notification.call(notification.pk)
    assert mail.outbox == []
    # The sweep finds it once it has waited a minute, and the mail server is back.
    assert notifications.due_reply_notification_ids() == []
    later = timezone.now() + notifications.RETRY_AFTER
    assert notifications.due_reply_notification_ids(now=later) == [notification.pk]
    ReplyNotification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - notifications.RETRY_AFTER)
    assert retry_reply_notifications.call() == 1
    assert retry_reply_notifications.call() == 0
    assert send_reply_notification.call(notification.pk) == "nothing to do"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["thandi@example.com"]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (NotificationStatus.SENT, 3, "")


def test_running_the_task_twice_sends_once(article, django_capture_on_commit_callbacks):
    with override_settings(EMAIL_BACKEND="newsdesk.comments.tests.test_tasks.FailingBackend"):
        notification = _reply_with_notification(article, django_capture_on_commit_callbacks)
    assert send_reply_notification.call(notification.pk) == NotificationStatus.SENT
    assert send_reply_notification.call(notification.pk) == "nothing to do"
    assert len(mail.outbox) == 1


def test_a_claim_in_flight_is_left_alone_until_it_goes_stale(article, django_capture_on_commit_callbacks):
    with override_settings(EMAIL_BACKEND="newsdesk.comments.tests.test_tasks.FailingBackend"):
        notification = _reply_with_notification(article, django_capture_on_commit_callbacks)
    # A worker claimed it and died before marking it sent (perhaps after the mail server took it).
    assert notifications.reply_notification_claim(notification_id=notification.pk) is not None
    assert send_reply_notification.call(notification.pk) == "nothing to do"
    assert mail.outbox == []
    stale = timezone.now() + notifications.CLAIM_TIMEOUT + timedelta(seconds=1)
    assert notifications.due_reply_notification_ids(now=stale) == [notification.pk]
    assert notifications.reply_notification_claim(notification_id=notification.pk, now=stale) is not None


def test_a_notification_is_skipped_if_the_reader_unsubscribed_before_it_was_sent(
    article, django_capture_on_commit_callbacks
):
    with override_settings(EMAIL_BACKEND="newsdesk.comments.tests.test_tasks.FailingBackend"):
        notification = _reply_with_notification(article, django_capture_on_commit_callbacks)
    services.commenter_notifications_set(user_id=notification.recipient_id, enabled=False)
    assert send_reply_notification.call(notification.pk) == NotificationStatus.SKIPPED
    assert mail.outbox == []


def test_approving_a_held_reply_twice_writes_one_notification(article, django_capture_on_commit_callbacks):
    from .factories import make_moderator, site_settings

    site_settings(moderation_mode="pre")
    thandi = make_reader("Thandi", notify=True)
    moderator = make_moderator()
    top = services.comment_post(user=thandi, article=article, body="Top")
    services.comment_approve(moderator=moderator, comment_id=top.pk)
    reply = services.comment_post(user=make_reader("Sipho"), article=article, body="A reply", parent_id=top.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(moderator=moderator, comment_id=reply.pk)
        services.comment_reject(moderator=moderator, comment_id=reply.pk, reason="Oops")
        services.comment_approve(moderator=moderator, comment_id=reply.pk)
    assert ReplyNotification.objects.filter(reply=reply).count() == 1
    assert len(mail.outbox) == 1


def test_after_five_failed_sends_the_notification_is_failed_and_no_longer_retried(
    article, django_capture_on_commit_callbacks, caplog
):
    with override_settings(EMAIL_BACKEND="newsdesk.comments.tests.test_tasks.FailingBackend"):
        notification = _reply_with_notification(article, django_capture_on_commit_callbacks)  # the first attempt
        for _ in range(notifications.MAX_ATTEMPTS - 1):
            with pytest.raises(ConnectionRefusedError):
                send_reply_notification.call(notification.pk)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.FAILED, notifications.MAX_ATTEMPTS)
    assert "gave up on reply notification" in caplog.text
    later = timezone.now() + notifications.CLAIM_TIMEOUT + timedelta(minutes=1)
    assert notifications.due_reply_notification_ids(now=later) == []
    assert send_reply_notification.call(notification.pk) == "nothing to do"
    assert mail.outbox == []
