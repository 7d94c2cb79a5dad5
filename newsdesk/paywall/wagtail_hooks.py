from django.shortcuts import redirect
from django.urls import path
from wagtail import hooks

from newsdesk.news.selectors import READER_MAY_READ_HOOK

from .selectors import reader_may_read


@hooks.register(READER_MAY_READ_HOOK)
def decide_who_reads_past_the_teaser(*, reader, article) -> bool:
    """Answer the article body's door (news.selectors.article_body_for) with the paywall's decision."""
    return reader_may_read(reader=reader, article=article)


def _meter_settings_moved(request):
    return redirect("wagtailsettings:edit", "paywall", "meteringsettings")


@hooks.register("register_admin_urls")
def register_admin_urls():
    # The meter's settings were the subscriptions app's until they moved here: their old address (the menu's)
    # leads on to the new one, which opens the current site's. Registered before wagtail.contrib.settings' own
    # patterns, as this app comes first in INSTALLED_APPS.
    return [path("settings/subscriptions/meteringsettings/", _meter_settings_moved)]
