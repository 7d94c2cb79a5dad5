"""Template tags for the poll sidebar slot and results."""

from django import template
from django.utils import timezone

from newsdesk.polls import selectors
from newsdesk.polls.models import PollSettings
from newsdesk.polls.services import POLL_CLOSED

register = template.Library()


@register.inclusion_tag("polls/includes/widget.html", takes_context=True)
def poll_widget(context, page=None) -> dict:
    """Render the poll this page shows: the same bytes for every anonymous reader."""
    poll = selectors.poll_for_page(page=page, article_view=context.get("article_view"))
    if poll is None:
        return {"poll": None}
    request = context.get("request")
    if request is not None:
        heading = PollSettings.for_request(request).heading
    elif page is not None:
        heading = PollSettings.for_site(page.get_site()).heading
    else:
        heading = PollSettings._meta.get_field("heading").default
    options = selectors.poll_options(poll_id=poll.pk)
    closed = poll.has_closed_at(timezone.now())
    return {
        "poll": poll,
        "options": options,
        "heading": heading,
        "closed": closed,
        # A closed poll's results are final and the same for everyone, so they can live in the cached page.
        "results": selectors.poll_results(poll=poll, options=options) if closed else None,
        "note": selectors.SCIENTIFIC_NOTE,
        "closed_message": POLL_CLOSED,
    }


@register.filter
def thousands(value: int) -> str:
    """Format a count with thousands separators: 5592 -> "5,592"."""
    return f"{int(value):,}"
