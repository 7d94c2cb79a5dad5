"""The "live now" strip for the front page and section pages: which live pages run, with LIVE and latest post."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from newsdesk.delivery.fragments import cached_fragment
from newsdesk.delivery.tags import LIVE_NOW_TAG, liveblog_tag

from ..selectors import live_now as live_now_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def live_now(context, section=None):
    """Render the strip of running live pages (in a section, or anywhere), shared by every reader."""
    request = context.get("request")
    shown: list = []

    def render() -> str:
        shown.extend(live_now_pages(section=section))
        return render_to_string("liveblogs/includes/live_now.html", {"live_pages": shown}, request=request)

    html = cached_fragment(
        request=request,
        name="live-now",
        vary=[section.pk if section is not None else 0],
        tags=lambda: {LIVE_NOW_TAG, *(liveblog_tag(p.pk) for p in shown)},
        render=render,
    )
    return mark_safe(html)  # noqa: S308 - rendered from our template, autoescaped there
