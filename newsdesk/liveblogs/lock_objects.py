"""Row locks for live coverage, taken in one place so every writer takes them the same way."""

from .models import LivePage


def live_page_for_post_change(page_id: int) -> LivePage:
    """Lock the live page's row (its change counter) until the transaction ends; return it with the counter.

    Every post change takes the next number under this lock, so numbers are given, and committed, in order: a
    reader who has seen change n has seen every change before it.
    """
    return LivePage.objects.select_for_update(of=("self",)).only("pk", "post_seq").get(pk=page_id)
