"""The reader's form and reply form, with the anti-spam checks (honeypot, signed time-to-submit)."""

import time

from django import forms
from django.conf import settings
from django.core import signing

from newsdesk.news.selectors import live_article

from .models import Category, Kind

MAX_MESSAGE_LENGTH = 5000
STAMP_SALT = "publiceditor.form-shown"
NEWLINE_REFUSED = "Use one line only: line breaks are not allowed here."
MESSAGE_TOO_LONG = f"Keep your message under {MAX_MESSAGE_LENGTH} characters (it is %(show_value)d)."
CATEGORY_REQUIRED = "For a complaint, choose what is wrong."
EMAIL_REQUIRED_FOR_CONTACT = "Give your email address so that we can reply, or untick the box."
TOO_FAST = "That was quicker than a person types. Please wait a few seconds and send the form again."
FORM_EXPIRED = "This form was open too long or was damaged. Please send it again."
SPAM_REFUSED = "Your message could not be accepted."
ARTICLE_UNKNOWN = "We could not find that article. Leave the article out, or name it in your message."


def form_stamp() -> str:
    """Return a signed record of when the form was shown."""
    return signing.dumps(time.time(), salt=STAMP_SALT)


def _one_line(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise forms.ValidationError(NEWLINE_REFUSED)
    return value


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of message is this?", choices=Kind.choices, widget=forms.RadioSelect)
    article = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    category = forms.ChoiceField(
        label="For a complaint: what is wrong?",
        choices=[("", "Choose one"), *Category.choices],
        required=False,
    )
    message = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_MESSAGE_LENGTH}),
        max_length=MAX_MESSAGE_LENGTH,
        error_messages={"max_length": MESSAGE_TOO_LONG},
    )
    name = forms.CharField(label="Your name", max_length=120, required=False, strip=False)
    email = forms.CharField(label="Your email address", max_length=254, required=False, strip=False)
    consent = forms.BooleanField(label="You may contact me about this message", required=False, initial=True)
    # Honeypot: hidden from people (and from screen readers), filled by naive bots.
    website = forms.CharField(required=False, label="Leave this field empty")
    stamp = forms.CharField(widget=forms.HiddenInput)

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data["name"]).strip()

    def clean_email(self) -> str:
        value = _one_line(self.cleaned_data["email"]).strip()
        if value:
            forms.EmailField().clean(value)
        return value

    def clean_article(self):
        article_id = self.cleaned_data.get("article")
        if article_id is None:
            return None
        if live_article(article_id=article_id) is None:
            raise forms.ValidationError(ARTICLE_UNKNOWN)
        return article_id

    def clean_stamp(self) -> float:
        try:
            shown = signing.loads(self.cleaned_data["stamp"][:200], salt=STAMP_SALT)
            shown = float(shown)
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(FORM_EXPIRED) from None
        age = time.time() - shown
        if age > settings.PUBLICEDITOR_FORM_MAX_AGE_SECONDS or age < 0:
            raise forms.ValidationError(FORM_EXPIRED)
        if age < settings.PUBLICEDITOR_MIN_SUBMIT_SECONDS:
            raise forms.ValidationError(TOO_FAST)
        return shown

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.COMPLAINT and not data.get("category"):
            self.add_error("category", CATEGORY_REQUIRED)
        if data.get("consent") and "email" in data and not data["email"]:
            self.add_error("email", EMAIL_REQUIRED_FOR_CONTACT)
        return data

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_MESSAGE_LENGTH}),
        max_length=MAX_MESSAGE_LENGTH,
        error_messages={"max_length": MESSAGE_TOO_LONG},
    )
