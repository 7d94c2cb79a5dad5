"""Reply notification emails: opt-in, once, with a one-click unsubscribe."""

import pytest
from django.core import mail
from django.test import Client

from newsdesk.comments import services
from newsdesk.comments.models import Comment, CommenterProfile
from newsdesk.comments.tasks import send_reply_notification, unsubscribe_token

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
    # Safe to run twice: nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reply_notification.call(reply.pk) is False
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


def test_forged_unsubscribe_token_changes_nothing(article):
    thandi = make_reader("Thandi", notify=True)
    token = unsubscribe_token(user_id=thandi.pk)
    response = Client().get(f"/comments/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    assert CommenterProfile.objects.get(user=thandi).notify_replies is True
