"""An edition as email: rendered once per edition (HTML with its CSS inlined, and plain text), then filled in
per recipient with nothing but their own unsubscribe link, so 100,000 recipients cost one render.

What of a premium article an email shows is the paywall's answer for nobody in particular: the article body is
read through news' one door (`article_body_for`) with no reader, so a premium story is its headline, its teaser
paragraphs and a link, whoever the email goes to, exactly as an anonymous reader sees it on the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from newsdesk.core.selectors import absolute_url, newsroom_from_email
from newsdesk.news.selectors import article_body_for

from .models import Edition
from .selectors import edition_articles, edition_link_ids, story_url
from .tokens import unsubscribe_token

# Stand for the recipient's own values in the rendered edition; replaced per recipient.
UNSUBSCRIBE_SLOT = "https://unsubscribe.invalid/slot"
RECIPIENT_SLOT = "recipient.slot@unsubscribe.invalid"
MESSAGE_ID_SLOT = "<message.id.slot@unsubscribe.invalid>"
_LEADING_DOT = re.compile(rb"(?m)^\.")
_STUFFED_DOT = re.compile(rb"(?m)^\.\.")
TOKEN_SLOT = "unsubscribeTokenSlot"  # noqa: S105 - a slot, not a secret; letters only, so reverse() keeps it
# Lines stay under SMTP's 998 characters, so the parts go out as 8bit and a slot is never split by an encoding.
LINE_LIMIT = 900
ONE_CLICK = "List-Unsubscribe=One-Click"


@dataclass(frozen=True)
class Story:
    headline: str
    standfirst: str
    url: str
    premium: bool
    teaser_html: str  # the paywall door's part of the body: the teaser for a premium story, nothing for a free one
    teaser_text: str


@dataclass(frozen=True)
class RenderedEdition:
    edition_id: int
    list_id: str
    subject: str
    from_email: str
    html: str
    text: str


def _story(article) -> Story:
    teaser_html = ""
    if article.premium:
        body = article_body_for(article=article, reader=None)
        teaser_html = "".join(str(block.value) for block in body.blocks if block.block_type == "paragraph")
    return Story(
        headline=article.title,
        standfirst=article.standfirst,
        url=story_url(article),
        premium=article.premium,
        teaser_html=teaser_html,
        teaser_text=strip_tags(teaser_html.replace("</p>", "</p>\n\n")).strip(),
    )


def _counted(stories: list[Story], edition: Edition) -> list[Story]:
    """Send each story's links through the site's click counter, if the list counts clicks and the edition's links
    were written when it started sending (a preview before that links straight to the stories)."""
    if not edition.newsletter.count_clicks:
        return stories
    links = edition_link_ids(edition)
    return [replace(story, url=click_url(links[story.url])) if story.url in links else story for story in stories]


def click_url(link_id: int) -> str:
    return absolute_url(reverse("newsletters:click", args=[link_id]))


def _short_lines(content: str) -> str:
    """Break any line over LINE_LIMIT at its spaces (whitespace is whitespace in HTML and in text)."""
    lines = []
    for line in content.split("\n"):
        while len(line) > LINE_LIMIT and " " in line[:LINE_LIMIT]:
            cut = line.rindex(" ", 0, LINE_LIMIT)
            lines.append(line[:cut])
            line = line[cut + 1 :]
        lines.append(line)
    return "\n".join(lines)


def _inliner() -> css_inline.CSSInliner:
    # The dark-mode @media rules cannot be inlined: they stay in a <style> block, which the major clients read.
    return css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def edition_render(edition: Edition) -> RenderedEdition:
    """Render an edition once: the HTML and plain-text parts, with the unsubscribe slot left to fill."""
    newsletter = edition.newsletter
    context = {
        "edition": edition,
        "newsletter": newsletter,
        "stories": _counted([_story(article) for article in edition_articles(edition)], edition),
        "unsubscribe_url": UNSUBSCRIBE_SLOT,
        "site_url": settings.SITE_URL,
    }
    html = _inliner().inline(render_to_string("newsletters/email/edition.html", context))
    text = render_to_string("newsletters/email/edition.txt", context)
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return RenderedEdition(
        edition_id=edition.pk,
        list_id=f"{newsletter.name} <{newsletter.slug}.{domain}>",
        subject=edition.subject,
        from_email=newsroom_from_email(),
        html=_short_lines(html),
        text=_short_lines(text),
    )


def unsubscribe_url(subscription_id: int) -> str:
    return unsubscribe_url_for(unsubscribe_token(subscription_id=subscription_id))


def unsubscribe_url_for(token: str) -> str:
    return absolute_url(reverse("newsletters:unsubscribe", args=[token]))


def message_id(*, edition_id: int, delivery_id: int) -> str:
    """Return the Message-ID of one delivery: the same on every try, so a mailbox can drop a repeat."""
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"<newsletter.{edition_id}.{delivery_id}@{domain}>"


def _message(rendered: RenderedEdition, *, to: str, url: str, message_id: str, connection=None):
    headers = {
        "Message-ID": message_id,
        "List-Id": rendered.list_id,
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": ONE_CLICK,
    }
    mailto = getattr(settings, "NEWSLETTERS_UNSUBSCRIBE_MAILTO", "")
    if mailto:
        headers["List-Unsubscribe"] = f"<{url}>, <mailto:{mailto}?subject=unsubscribe>"
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text.replace(UNSUBSCRIBE_SLOT, url),
        from_email=rendered.from_email,
        to=[to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(rendered.html.replace(UNSUBSCRIBE_SLOT, url), "text/html")
    return message


def recipient_message(
    rendered: RenderedEdition, *, email: str, subscription_id: int, delivery_id: int, connection=None
) -> EmailMultiAlternatives:
    """Return one recipient's email: the edition with their unsubscribe link, and RFC 8058's headers."""
    return _message(
        rendered,
        to=email,
        url=unsubscribe_url(subscription_id),
        message_id=message_id(edition_id=rendered.edition_id, delivery_id=delivery_id),
        connection=connection,
    )


class WireMessage:
    """A message already in its wire form, for the SMTP backend (which asks what Django's EmailMessage offers).

    `data` is dot-stuffed for DATA already (each line's leading "." doubled, RFC 5321 4.5.2): the template is
    stuffed once, not every message; `as_bytes` gives the message itself."""

    encoding = None

    def __init__(self, *, from_email: str, to: str, data: bytes):
        self.from_email = from_email
        self.to = [to]
        self.data = data

    def recipients(self) -> list[str]:
        return self.to

    def message(self) -> WireMessage:
        return self

    def as_bytes(self, linesep: str = "\r\n") -> bytes:
        return _STUFFED_DOT.sub(b".", self.data)


@dataclass(frozen=True)
class WireTemplate:
    """An edition's whole email in bytes, with slots for the recipient, the Message-ID and the unsubscribe URL."""

    from_email: str
    data: bytes

    def fill(self, *, email: str, subscription_id: int, delivery_id: int, edition_id: int) -> WireMessage:
        url = self.unsubscribe_url.replace(TOKEN_SLOT, unsubscribe_token(subscription_id=subscription_id))
        data = (
            self.data.replace(UNSUBSCRIBE_SLOT.encode(), url.encode())
            .replace(RECIPIENT_SLOT.encode(), email.encode())
            .replace(MESSAGE_ID_SLOT.encode(), message_id(edition_id=edition_id, delivery_id=delivery_id).encode())
        )
        return WireMessage(from_email=self.from_email, to=email, data=data)

    @cached_property
    def unsubscribe_url(self) -> str:
        """The one-click address with a slot for the token: resolved once, not once per recipient."""
        return unsubscribe_url_for(TOKEN_SLOT)


def dot_stuffed(data: bytes) -> bytes:
    """Return message bytes as DATA carries them: each line's leading "." doubled (RFC 5321 4.5.2)."""
    return _LEADING_DOT.sub(b"..", data)


def wire_template(rendered: RenderedEdition) -> WireTemplate | None:
    """Build the edition's email once, as bytes with slots; None if an encoding would split a slot (never seen)."""
    message = _message(rendered, to=RECIPIENT_SLOT, url=UNSUBSCRIBE_SLOT, message_id=MESSAGE_ID_SLOT)
    data = message.message().as_bytes(linesep="\r\n")
    expected = rendered.html.count(UNSUBSCRIBE_SLOT) + rendered.text.count(UNSUBSCRIBE_SLOT) + 1
    if (
        data.count(UNSUBSCRIBE_SLOT.encode()) != expected
        or data.count(MESSAGE_ID_SLOT.encode()) != 1
        or data.count(RECIPIENT_SLOT.encode()) != 1
    ):
        return None
    # Stuffed once here; what the slots take (an address, a URL, a Message-ID) never starts a line with ".".
    return WireTemplate(from_email=rendered.from_email, data=dot_stuffed(data))
