"""Parse readers' input; the services decide what is allowed."""

from django import forms

from .models import ReportReason
from .text import MAX_LENGTH


class CommentForm(forms.Form):
    # The length limit is the service's to enforce (its message is exact); the field only bounds the request.
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=MAX_LENGTH * 4,
        strip=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class EditForm(forms.Form):
    body = forms.CharField(
        label="Edit your comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=MAX_LENGTH * 4,
        strip=False,
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label="Why are you reporting this comment?", choices=ReportReason.choices)


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Display name", max_length=80, help_text="Shown with your comments. You choose it once."
    )
    notify_replies = forms.BooleanField(label="Email me when someone replies to my comments", required=False)
