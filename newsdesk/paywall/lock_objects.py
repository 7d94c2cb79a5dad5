"""Row locks the meter takes, in one place."""

from django.contrib.auth import get_user_model


def lock_reader(*, user_id: int) -> None:
    """Lock a reader's account row: one count of their metered reads at a time (two tabs, two articles)."""
    get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()
