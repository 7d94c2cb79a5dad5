"""Polls in Wagtail's admin: the polls with live results and CSV, refused votes and the option wording log."""

from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from newsdesk.core.converters import DATABASE_ID

from . import admin_views, selectors
from .forms import PollAdminForm
from .models import OptionWordingChange, Poll, RefusedVote


class ResultsColumn(Column):
    def get_value(self, instance):
        total = instance.total_votes
        return format_html(
            '<a href="{}">{} votes: results</a>', reverse("polls_admin:results", args=[instance.pk]), f"{total:,}"
        )


class PollViewSet(SnippetViewSet):
    model = Poll
    pk_path_converter = DATABASE_ID
    icon = "list-ul"
    menu_label = "Polls"
    list_display = ["question", "status", "placement", "opens_at", "closes_at", ResultsColumn("results", label="Votes")]
    list_filter = ["status", "placement", "who_may_vote", "results_show"]
    search_fields = ["question"]
    ordering = ["-opens_at"]
    edit_handler = ObjectList(Poll.panels, base_form_class=PollAdminForm)

    def get_queryset(self, request):
        return selectors.polls_with_vote_totals()


class RefusedVoteViewSet(SnippetViewSet):
    model = RefusedVote
    pk_path_converter = DATABASE_ID
    icon = "warning"
    menu_label = "Refused votes"
    list_display = ["hour", "poll", "network", "reason", "attempts", "last_at"]
    list_filter = ["reason", "hour"]
    search_fields = ["network"]
    ordering = ["-hour"]
    inspect_view_enabled = True


class WordingChangeViewSet(SnippetViewSet):
    model = OptionWordingChange
    pk_path_converter = DATABASE_ID
    icon = "history"
    menu_label = "Option wording log"
    list_display = ["changed_at", "option", "old_label", "new_label", "changed_by"]
    list_filter = ["changed_at"]
    search_fields = ["old_label", "new_label"]
    ordering = ["-changed_at"]
    inspect_view_enabled = True


class PollsViewSetGroup(SnippetViewSetGroup):
    menu_label = "Voting Booth"
    menu_icon = "list-ul"
    menu_order = 300
    items = (PollViewSet, RefusedVoteViewSet, WordingChangeViewSet)


register_snippet(PollsViewSetGroup)


@hooks.register("register_admin_urls")
def register_polls_admin_urls():
    return [
        path(
            "polls/",
            (
                [
                    path("<id:poll_id>/results/", admin_views.results_view, name="results"),
                    path("<id:poll_id>/tallies.csv", admin_views.export_csv, name="export_csv"),
                ],
                "polls_admin",
                "polls_admin",
            ),
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def poll_results_button(snippet, user, next_url=None):
    if isinstance(snippet, Poll):
        yield Button("Results", reverse("polls_admin:results", args=[snippet.pk]), priority=5, icon_name="list-ul")
