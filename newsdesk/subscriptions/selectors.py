"""Reads about readers' subscriptions."""


def reader_is_entitled(*, user) -> bool:
    """Return True if this reader may read premium articles in full (staff always may)."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_staff)
