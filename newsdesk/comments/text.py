"""Turn a reader's plain text into safe HTML: paragraphs, line breaks and auto-linked URLs, nothing else."""

import hashlib
import re
import unicodedata

import nh3
from django.utils.html import escape

MIN_LENGTH = 1
MAX_LENGTH = 3000
LINK_REL = "nofollow ugc noopener"
# http(s) URLs only: anything else (javascript:, data:, vbscript:) stays text. A URL stops at whitespace, a quote or
# an angle bracket.
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


def _escape_and_link(raw: str) -> str:
    """Escape a paragraph, turning each http(s) URL in it into a link (found on the raw text, escaped after)."""
    out, last = [], 0
    for match in URL_RE.finditer(raw):
        url = match.group(0)
        while url and url[-1] in _TRAILING_PUNCTUATION:
            url = url[:-1]
        out.append(escape(raw[last : match.start()]))
        out.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        last = match.start() + len(url)
    out.append(escape(raw[last:]))
    return "".join(out)


def render(text: str) -> str:
    """Return the safe HTML of a normalised comment body."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "".join("<p>" + _escape_and_link(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
    # Belt and braces: whatever the steps above produced, only these tags and attributes can leave.
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
        strip_comments=True,
    )
