"""The filter pipeline a comment passes before it is stored: each step says what it found, in words a moderator reads.

A step returns a Finding (or None when it has nothing to say). The strongest verdict wins: reject beats hold beats
publish. Steps are plain callables, so a newsroom can add its own; the external toxicity or spam service plugs in
through COMMENTS_TOXICITY_HOOK (a dotted path to a callable; empty, the default, means off).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from .models import Comment, CommentStatus
from .text import body_hash, count_links

logger = logging.getLogger(__name__)

PUBLISH = "publish"
HOLD = "hold"
REJECT = "reject"
_STRENGTH = {PUBLISH: 0, HOLD: 1, REJECT: 2}


@dataclass(frozen=True)
class Finding:
    step: str
    verdict: str
    explanation: str


@dataclass(frozen=True)
class FilterInput:
    text: str
    author_id: int
    article_id: int
    banned_words: list[str]
    suspect_words: list[str]
    max_links: int
    exclude_comment_id: int | None = None


@dataclass
class FilterResult:
    findings: list[Finding] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return max((f.verdict for f in self.findings), key=_STRENGTH.__getitem__, default=PUBLISH)

    def notes(self) -> list[dict]:
        return [{"step": f.step, "verdict": f.verdict, "explanation": f.explanation} for f in self.findings]


@dataclass(frozen=True)
class ToxicityVerdict:
    """What an external service answers: a score from 0 to 1, and its reason."""

    score: float
    reason: str = ""


TOXICITY_HOLD_AT = 0.8


def _words_found(text: str, words: list[str]) -> list[str]:
    lowered = f" {' '.join(text.lower().split())} "
    return [w for w in words if f" {w} " in lowered or (" " in w and w in lowered)]


def banned_words_step(data: FilterInput) -> Finding | None:
    found = _words_found(_strip_punctuation(data.text), data.banned_words)
    if found:
        return Finding("banned_words", REJECT, f"Contains banned words: {', '.join(found)}.")
    return None


def suspect_words_step(data: FilterInput) -> Finding | None:
    found = _words_found(_strip_punctuation(data.text), data.suspect_words)
    if found:
        return Finding("suspect_words", HOLD, f"Contains suspect words: {', '.join(found)}.")
    return None


def links_step(data: FilterInput) -> Finding | None:
    links = count_links(data.text)
    if links > data.max_links:
        return Finding("links", HOLD, f"Has {links} links; more than {data.max_links} are held.")
    return None


def repeated_text_step(data: FilterInput) -> Finding | None:
    same = Comment.objects.filter(author_id=data.author_id, body_hash=body_hash(data.text)).exclude(
        status=CommentStatus.DELETED
    )
    if data.exclude_comment_id:
        same = same.exclude(pk=data.exclude_comment_id)
    if same.exists():
        return Finding("repeated_text", HOLD, "The same text was posted by this reader before.")
    return None


def toxicity_step(data: FilterInput) -> Finding | None:
    path = getattr(settings, "COMMENTS_TOXICITY_HOOK", "")
    if not path:
        return None
    try:
        verdict: ToxicityVerdict = import_string(path)(data.text)
    except Exception:  # the service failing must not lose the comment: hold it for a person to look at
        logger.warning("comments: toxicity hook failed", exc_info=True)
        return Finding("toxicity", HOLD, "The toxicity service did not answer; held for review.")
    if verdict.score >= TOXICITY_HOLD_AT:
        reason = f" ({verdict.reason})" if verdict.reason else ""
        return Finding("toxicity", HOLD, f"Toxicity score {verdict.score:.2f}{reason}.")
    return None


def _strip_punctuation(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in text)


STEPS: list[Callable[[FilterInput], Finding | None]] = [
    banned_words_step,
    suspect_words_step,
    links_step,
    repeated_text_step,
    toxicity_step,
]


def run_filters(data: FilterInput) -> FilterResult:
    """Run every step and collect what each found."""
    result = FilterResult()
    for step in STEPS:
        finding = step(data)
        if finding is not None:
            result.findings.append(finding)
    return result
