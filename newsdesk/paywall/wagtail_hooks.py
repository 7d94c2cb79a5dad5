from django.shortcuts import redirect
from django.urls import re_path
from wagtail import hooks

from newsdesk.news.selectors import READER_MAY_READ_HOOK

from .selectors import reader_may_read


@hooks.register(READER_MAY_READ_HOOK)
def decide_who_reads_past_the_teaser(*, reader, article) -> bool:
    """Answer the article body's door (news.selectors.article_body_for) with the paywall's decision."""
    return reader_may_read(reader=reader, article=article)


def _meter_settings_moved(request, pk: str | None = None):
    args = ["paywall", "meteringsettings", *([int(pk)] if pk else [])]
    return redirect("wagtailsettings:edit", *args, permanent=True)


@hooks.register("register_admin_urls")
def register_admin_urls():
    # The meter's settings were the subscriptions app's until they moved here; old links and bookmarks still work.
    # (Registered before wagtail.contrib.settings' own patterns: this app comes first in INSTALLED_APPS.)
    return [re_path(r"^settings/subscriptions/meteringsettings/(?:(?P<pk>\d+)/)?$", _meter_settings_moved)]
