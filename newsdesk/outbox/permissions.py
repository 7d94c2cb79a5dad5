"""Who may do what with the outbox in the admin."""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import OutboxMessage, State


class OutboxPolicy(ModelPermissionPolicy):
    """Staff read the outbox and may resend from it; only its services write it."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


permission_policy = OutboxPolicy(OutboxMessage)
register_permission_policy(OutboxMessage, permission_policy)


def can_resend(message: OutboxMessage) -> bool:
    """Return whether the message could go out again (not in flight, content still kept)."""
    return message.state != State.SENDING and message.content_purged_at is None
