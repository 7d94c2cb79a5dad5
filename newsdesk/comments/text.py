"""Turn a reader's plain text into safe HTML: paragraphs, line breaks and auto-linked URLs, nothing else."""

import hashlib
import re
import unicodedata

import nh3
from django.utils.html import escape

MIN_LENGTH = 1
MAX_LENGTH = 3000
LINK_REL = "nofollow ugc noopener"
# http(s) URLs only: anything else (javascript:, data:, vbscript:) stays text. Matched on the escaped text, so a
# URL stops at a quote or angle bracket the reader typed (they are entities by then).
URL_RE = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?)]}"


def normalise(text: str) -> str:
    """Return the text with unified newlines, no control characters but newline and tab, and no outer blanks.

    Only C0/C1 control characters go: emoji, right-to-left marks and combining characters are kept as typed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return text.strip()


def count_links(text: str) -> int:
    return len(URL_RE.findall(text))


def body_hash(text: str) -> str:
    """Return a fingerprint of the text that ignores case and spacing (for repeated-text detection)."""
    folded = " ".join(text.lower().split())
    return hashlib.sha256(folded.encode()).hexdigest()


def _linkify(escaped: str) -> str:
    def link(match: re.Match) -> str:
        url = match.group(0)
        trail = ""
        while url and url[-1] in _TRAILING_PUNCTUATION:
            trail = url[-1] + trail
            url = url[:-1]
        if url.endswith("&amp;"):  # "&amp" split at the end is not part of the URL
            url, trail = url[:-5], "&amp;" + trail
        return f'<a href="{url}">{url}</a>{trail}'

    return URL_RE.sub(link, escaped)


def render(text: str) -> str:
    """Return the safe HTML of a normalised comment body."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "".join("<p>" + _linkify(escape(p)).replace("\n", "<br>") + "</p>" for p in paragraphs)
    # Belt and braces: whatever the steps above produced, only these tags and attributes can leave.
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
        strip_comments=True,
    )
