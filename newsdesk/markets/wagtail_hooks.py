"""The markets admin: instruments, exchanges, holidays, providers and quotes, and a warning when a feed is stale."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from newsdesk.core.converters import DATABASE_ID

from . import admin_views
from .models import Exchange, ExchangeHoliday, Instrument, Provider, Quote
from .selectors import stale_instruments
from .services import CREDENTIAL_LOG_ACTION, can_issue_token

STALE_WARNING = "No new value for {count} instrument(s) within their feed's window on a trading day: {codes}."


class InstrumentViewSet(SnippetViewSet):
    model = Instrument
    pk_path_converter = DATABASE_ID
    icon = "table"
    menu_label = "Instruments"
    list_display = ["name", "code", "group", "exchange", "provider", "order", "is_active"]
    list_filter = ["group", "exchange", "provider", "is_active"]
    search_fields = ["name", "code"]
    ordering = ["order", "code"]


class ExchangeViewSet(SnippetViewSet):
    model = Exchange
    pk_path_converter = DATABASE_ID
    icon = "site"
    menu_label = "Exchanges"
    list_display = ["code", "name", "min_display_delay_minutes", "opens_at", "closes_at"]
    list_filter = ["min_display_delay_minutes"]
    search_fields = ["code", "name"]


class ExchangeHolidayViewSet(SnippetViewSet):
    model = ExchangeHoliday
    pk_path_converter = DATABASE_ID
    icon = "date"
    menu_label = "Exchange holidays"
    list_display = ["date", "name", "exchange"]
    list_filter = ["exchange"]
    search_fields = ["name"]


CREDENTIAL_BUTTON = "Issue push-API token"


def _token_button(provider: Provider) -> Button:
    url = reverse("markets_provider_token", args=[provider.pk])
    return Button(CREDENTIAL_BUTTON, url=url, icon_name="key", priority=50)


class ProviderIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_issue_token(self.request.user):
            buttons.append(_token_button(instance))
        return buttons


class ProviderEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if can_issue_token(self.request.user):
            buttons.append(_token_button(self.object))
        return buttons


class ProviderViewSet(SnippetViewSet):
    model = Provider
    pk_path_converter = DATABASE_ID
    index_view_class = ProviderIndexView
    edit_view_class = ProviderEditView
    icon = "download"
    menu_label = "Providers"
    list_display = ["name", "slug", "kind", "is_demo", "stale_after_minutes", "last_refreshed_at"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "slug"]


class QuoteViewSet(SnippetViewSet):
    model = Quote
    pk_path_converter = DATABASE_ID
    icon = "list-ul"
    menu_label = "Quotes"
    list_display = ["instrument", "as_of", "value", "source"]
    list_filter = ["instrument", "source"]
    search_fields = ["source"]
    ordering = ["-as_of"]
    list_per_page = 50


class MarketsViewSetGroup(SnippetViewSetGroup):
    menu_label = "Markets"
    menu_icon = "table"
    menu_order = 400
    items = (InstrumentViewSet, ExchangeViewSet, ExchangeHolidayViewSet, ProviderViewSet, QuoteViewSet)


register_snippet(MarketsViewSetGroup)


class StaleFeedsPanel(Component):
    """A warning on the admin dashboard naming the instruments whose feed has gone quiet."""

    name = "markets_stale_feeds"
    order = 50
    template_name = "markets/admin/stale_panel.html"

    def __init__(self, stale):
        self.stale = stale

    def get_context_data(self, parent_context=None):
        codes = ", ".join(instrument.code for instrument, _ in self.stale)
        return {
            "message": STALE_WARNING.format(count=len(self.stale), codes=codes),
            "stale": self.stale,
        }


@hooks.register("construct_homepage_panels")
def add_stale_feeds_warning(request, panels) -> None:
    if not request.user.has_perm("markets.change_instrument"):
        return  # only the markets desk can act on it; everyone else's dashboard stays theirs
    stale = stale_instruments(now=timezone.now())
    if stale:
        panels.append(StaleFeedsPanel(stale))


@hooks.register("register_admin_urls")
def register_token_url():
    return [
        path(
            "markets/providers/<id:provider_id>/token/",
            admin_views.provider_token_view,
            name="markets_provider_token",
        )
    ]


@hooks.register("register_log_actions")
def register_token_log_action(actions):
    actions.register_action(
        CREDENTIAL_LOG_ACTION, "Push-API token issued", "Issued a new push-API token (the old one stopped)"
    )
