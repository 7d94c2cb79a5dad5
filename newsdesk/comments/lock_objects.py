"""Row locks for comments, taken in one fixed order: profile, then comment."""

from .models import Comment, CommenterProfile


def lock_comment(*, comment_id: int) -> Comment:
    """Return the comment, locked for update until the transaction ends."""
    return Comment.objects.select_for_update().get(pk=comment_id)


def lock_profile(*, user_id: int) -> CommenterProfile | None:
    """Return the reader's commenter profile locked for update, or None if they have none."""
    return CommenterProfile.objects.select_for_update().filter(user_id=user_id).first()
