"""Editors' views: live results with a votes-per-hour chart, and the tallies as CSV (never who voted)."""

from __future__ import annotations

import csv

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import selectors
from .charts import votes_per_hour_svg
from .models import Poll, RefusedVote


def _require_poll_access(request: HttpRequest) -> None:
    if not request.user.has_perm("polls.view_poll"):
        raise PermissionDenied


@never_cache
def results_view(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Show a poll's live results, its votes per hour and the votes the rate limits refused."""
    _require_poll_access(request)
    poll = get_object_or_404(Poll, pk=poll_id)
    results = selectors.poll_results(poll=poll)
    context = {
        "poll": poll,
        "results": results,
        "chart": votes_per_hour_svg(selectors.votes_per_hour(poll_id=poll.pk)),
        "refusals": RefusedVote.objects.filter(poll=poll).order_by("-hour")[:20],
        "now": timezone.localtime(),
        "edit_url_id": quote(poll.pk),
    }
    template = "polls/admin/results_live.html" if request.GET.get("live") else "polls/admin/results.html"
    return render(request, template, context)


def export_csv(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Return a poll's tallies as CSV: option, votes, percentage. Nothing about voters."""
    _require_poll_access(request)
    poll = get_object_or_404(Poll, pk=poll_id)
    results = selectors.poll_results(poll=poll)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-tallies.csv"'
    writer = csv.writer(response)
    writer.writerow(["position", "option", "votes", "percent"])
    for position, row in enumerate(results.options, start=1):
        writer.writerow([position, _safe_cell(row.label), row.votes, row.percent])
    writer.writerow(["", "Total", results.total, 100 if results.total else 0])
    return response


def _safe_cell(value: str) -> str:
    # Spreadsheets run cells that start with these as formulas; a leading quote keeps them text.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
