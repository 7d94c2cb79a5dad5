"""The newsroom's readership dashboard and its CSV export, in the Wagtail admin."""

import csv
import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from .charts import hour_chart
from .clock import newsroom_day
from .selectors import dashboard, export_rows

PERMISSION = "readership.view_dashboard"
MAX_EXPORT_DAYS = 366
RANGE_BACKWARDS = "The first day must not be after the last."
RANGE_TOO_LONG = f"Export at most {MAX_EXPORT_DAYS} days at a time."


class ExportForm(forms.Form):
    first = forms.DateField(label="From (first day)", widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label="To (last day)", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last:
            if first > last:
                raise forms.ValidationError(RANGE_BACKWARDS)
            if (last - first).days >= MAX_EXPORT_DAYS:
                raise forms.ValidationError(RANGE_TOO_LONG)
        return data


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def board(request: HttpRequest) -> HttpResponse:
    """Show the live board; it refreshes itself every minute."""
    _require(request)
    now = timezone.now()
    data = dashboard(now=now)
    charts = {page_id: hour_chart(series) for page_id, series in data.charts.items()}
    today = newsroom_day(now)
    return render(
        request,
        "readership/dashboard.html",
        {
            "board": data,
            "now_rows": [(item, charts.get(item.article.id)) for item in data.now_reading],
            "top_rows": [(item, charts.get(item.article.id)) for item in data.today_top],
            "now": now,
            "form": ExportForm(initial={"first": today - dt.timedelta(days=6), "last": today}),
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def export(request: HttpRequest) -> HttpResponse:
    """Send the hourly views of a range of days as CSV; a bad range is named and nothing is sent."""
    _require(request)
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages = "; ".join(error for errors in form.errors.values() for error in errors)
        return HttpResponse(f"Check the dates: {messages}", status=400, content_type="text/plain; charset=utf-8")
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in export_rows(first=first, last=last)), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="readership-{first}-{last}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
