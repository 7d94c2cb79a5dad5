"""Background work: reply notification emails (opt-in, with one-click unsubscribe)."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from newsdesk.core.selectors import absolute_url

UNSUBSCRIBE_SALT = "comments.unsubscribe"
REPLY_SUBJECT = "{name} replied to your comment"


def unsubscribe_token(*, user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_id_from_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


@task()
def send_reply_notification(comment_id: int) -> bool:
    """Email the parent comment's author about a published reply, once, if they opted in."""
    from .models import Comment, CommenterProfile, CommentStatus

    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update()
            .filter(pk=comment_id, status=CommentStatus.PUBLISHED, reply_notified_at__isnull=True)
            .first()
        )
        if comment is None or comment.parent_id is None:
            return False
        parent = Comment.objects.select_related("author").get(pk=comment.parent_id)
        recipient = parent.author
        profile = CommenterProfile.objects.filter(user_id=recipient.pk, notify_replies=True).first()
        replier = CommenterProfile.objects.filter(user_id=comment.author_id).first()
        # Marked first: a second run (or a retry after the send) finds nothing to do.
        Comment.objects.filter(pk=comment.pk).update(reply_notified_at=timezone.now())
        if profile is None or not recipient.email or recipient.pk == comment.author_id or profile.banned:
            return False
        name = replier.display_name if replier else "A reader"
        link = absolute_url(reverse("comments:permalink", args=[comment.pk]))
        unsubscribe = absolute_url(reverse("comments:unsubscribe", args=[unsubscribe_token(user_id=recipient.pk)]))
        message = EmailMessage(
            subject=REPLY_SUBJECT.format(name=name),
            body=(
                f'{name} replied to your comment on "{comment.article.title}":\n\n{comment.body}\n\n'
                f"Read the conversation: {link}\n\n"
                f"Stop these emails with one click: {unsubscribe}\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
            headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        transaction.on_commit(message.send)
    return True
