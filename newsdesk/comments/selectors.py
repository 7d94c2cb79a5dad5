"""Reads: the policy in force for an article, the published count, a page of a thread, the moderation queues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from wagtail.models import Page, Site

from newsdesk.core.selectors import PageWindow, paginate
from newsdesk.delivery.versioned import bump_version, current_version

from .models import (
    ArticleCommentStats,
    Comment,
    CommenterProfile,
    CommentPolicyOverride,
    CommentSettings,
    CommentStatus,
    ModerationMode,
    ScheduledAction,
    WhoMayComment,
)

SCHEDULED_CLOSED = "Comments are closed for the night; they open again at {until} {zone}."
COUNT_CACHE_KEY = "comments:count:{article_id}:v1"
PER_PAGE = 20
SORTS = {"newest", "oldest"}


@dataclass(frozen=True)
class Policy:
    """The rules in force for one article at one moment."""

    who_may_comment: str
    moderation_mode: str
    closed_reason: str
    settings: CommentSettings

    @property
    def is_open(self) -> bool:
        return not self.closed_reason


def comment_settings_for(*, article) -> CommentSettings:
    """Return the site comment settings that apply to an article."""
    site = article.get_site() or Site.objects.filter(is_default_site=True).first()
    return CommentSettings.for_site(site) if site else CommentSettings()


def _in_window(now_local: datetime, start, end) -> bool:
    t = now_local.time()
    if start is None or end is None or start == end:
        return False
    return start <= t < end if start < end else (t >= start or t < end)  # an overnight window wraps midnight


def policy_for(*, article, now: datetime | None = None) -> Policy:
    """Return who may comment on this article and how comments are moderated, overrides applied."""
    now = now or timezone.now()
    config = comment_settings_for(article=article)
    who, mode = config.who_may_comment, config.moderation_mode
    ancestor_paths = [article.path[:i] for i in range(Page.steplen, len(article.path) + 1, Page.steplen)]
    # The nearest override wins: the article's own, then its section's, then the section above, up to the site.
    for override in CommentPolicyOverride.objects.filter(page__path__in=ancestor_paths).order_by("page__depth"):
        who = override.who_may_comment or who
        mode = override.moderation_mode or mode
    closed = ""
    if _in_window(timezone.localtime(now), config.premoderate_from, config.premoderate_until):
        if config.scheduled_action == ScheduledAction.CLOSE:
            zone = timezone.localtime(now).tzname()
            closed = SCHEDULED_CLOSED.format(until=f"{config.premoderate_until:%H:%M}", zone=zone)
        else:
            mode = ModerationMode.PRE
    if who == WhoMayComment.NOBODY or not article.comments_enabled:
        closed = "Comments are closed on this article."
    elif (
        config.close_after_days
        and article.first_published_at
        and (now >= article.first_published_at + timedelta(days=config.close_after_days))
    ):
        closed = f"Comments close {config.close_after_days} days after an article is published."
    return Policy(who_may_comment=who, moderation_mode=mode, closed_reason=closed, settings=config)


def published_count(*, article_id: int) -> int:
    """Return the article's published-comment count (from the cache; one primary-key read on a miss)."""
    key = COUNT_CACHE_KEY.format(article_id=article_id)
    count = cache.get(key)
    if count is None:
        count = (
            ArticleCommentStats.objects.filter(article_id=article_id).values_list("published_count", flat=True).first()
            or 0
        )
        cache.set(key, count, 3600)
    return count


def forget_published_count(*, article_id: int) -> None:
    cache.delete(COUNT_CACHE_KEY.format(article_id=article_id))


THREAD_VERSION_KEY = "comments:thread-version:{article_id}"
FRAGMENT_KEY = "comments:fragment:{article_id}:{version}:{sort}:{page}"
FRAGMENT_TIMEOUT = 600


def thread_version(*, article_id: int) -> str:
    """Return the version of an article's thread; it changes whenever anything readers see in it changes."""
    return current_version(THREAD_VERSION_KEY.format(article_id=article_id))


def thread_changed(*, article_id: int) -> None:
    """Start a new version of the thread, so every cached rendering of the old one misses."""
    bump_version(THREAD_VERSION_KEY.format(article_id=article_id))


def fragment_cache_key(*, article_id: int, sort: str, page: str | None) -> str:
    """Return the cache key of the anonymous readers' fragment (the same bytes for all of them)."""
    sort = sort if sort in SORTS else "newest"
    page = page if page and page.isdigit() and len(page) < 7 else "1"
    return FRAGMENT_KEY.format(
        article_id=article_id, version=thread_version(article_id=article_id), sort=sort, page=page
    )


def profile_for(*, user) -> CommenterProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CommenterProfile.objects.filter(user=user).first()


def _visible() -> Q:
    # A deleted comment stays as "comment deleted" while it holds up replies.
    return Q(status=CommentStatus.PUBLISHED) | Q(status=CommentStatus.DELETED, has_replies=True)


def _ordering(sort: str) -> list[str]:
    return ["-featured", "created_at", "id"] if sort == "oldest" else ["-featured", "-created_at", "-id"]


# What a comment in a thread shows, and nothing more: a page of a long thread loads a hundred or more of them, and
# whole rows with their authors' user and profile rows cost more to build than the page costs to render.
DISPLAY_FIELDS = (
    "id",
    "article_id",
    "author_id",
    "parent_id",
    "root_id",
    "body_html",
    "status",
    "featured",
    "created_at",
    "edited_at",
)


def _for_display(qs: QuerySet[Comment]) -> QuerySet[Comment]:
    return qs.only(*DISPLAY_FIELDS).annotate(author_name=F("author__commenter_profile__display_name"))


def comment_for_display(*, comment_id: int) -> Comment:
    """Return one comment as a thread shows it (the reply a reader just posted), with the name it replies to."""
    return (
        _for_display(Comment.objects.filter(pk=comment_id))
        .annotate(
            parent_status=F("parent__status"),
            parent_author_name=F("parent__author__commenter_profile__display_name"),
        )
        .get()
    )


@dataclass(frozen=True)
class ThreadEntry:
    comment: Comment
    replies: list[Comment]


@dataclass(frozen=True)
class ThreadPage:
    window: PageWindow
    entries: list[ThreadEntry]
    sort: str


def thread_page(*, article_id: int, sort: str = "newest", page_number: str | None = None) -> ThreadPage:
    """Return one page of top-level comments with all their shown replies, in a fixed number of queries.

    Two levels are shown: top-level comments and the replies under them. A reply to a reply is listed under the
    same top-level comment, marked "replying to" its parent's author (the parent's author is joined in).
    """
    sort = sort if sort in SORTS else "newest"
    # Page through ids only (an index range, no joins), then load that page's rows with their authors.
    top_ids = (
        Comment.objects.filter(_visible(), article_id=article_id, root__isnull=True)
        .order_by(*_ordering(sort))
        .values_list("pk", flat=True)
    )
    window = paginate(top_ids, page_number=page_number, per_page=PER_PAGE)
    ids = list(window.page.object_list)
    by_id = _for_display(Comment.objects.filter(pk__in=ids)).in_bulk(ids) if ids else {}
    roots = [by_id[pk] for pk in ids if pk in by_id]
    replies = (
        _for_display(Comment.objects.filter(_visible(), article_id=article_id, root__in=[c.pk for c in roots]))
        .annotate(
            parent_status=F("parent__status"),
            parent_author_name=F("parent__author__commenter_profile__display_name"),
        )
        .order_by("created_at", "id")
        if roots
        else []
    )
    by_root: dict[int, list[Comment]] = {c.pk: [] for c in roots}
    for reply in replies:
        by_root[reply.root_id].append(reply)
    return ThreadPage(window=window, entries=[ThreadEntry(c, by_root[c.pk]) for c in roots], sort=sort)


def page_number_of(*, comment: Comment, sort: str = "newest") -> int:
    """Return the page of the thread that shows this comment (for permalinks)."""
    top = comment.root if comment.root_id else comment
    base = Comment.objects.filter(_visible(), article_id=top.article_id, root__isnull=True)
    if sort == "oldest":
        earlier = Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, id__lt=top.pk)
    else:
        earlier = Q(created_at__gt=top.created_at) | Q(created_at=top.created_at, id__gt=top.pk)
    ahead = base.filter(earlier, featured=top.featured).count()
    if not top.featured:  # editor's picks are listed first
        ahead += base.filter(featured=True).count()
    return ahead // PER_PAGE + 1


def queue(*, name: str) -> QuerySet[Comment]:
    """Return a moderation queue: pending (held by filters or mode), reported, or recently published."""
    qs = Comment.objects.select_related("author__commenter_profile", "article")
    if name == "reported":
        return (
            qs.filter(Q(reported=True) | Q(reports_count__gt=0, status=CommentStatus.PUBLISHED))
            .exclude(status__in=[CommentStatus.DELETED, CommentStatus.REJECTED])
            .order_by("-reports_count", "created_at")
        )
    if name == "published":
        since = timezone.now() - timedelta(days=2)
        return qs.filter(status=CommentStatus.PUBLISHED, published_at__gte=since).order_by("-published_at")
    return qs.filter(status=CommentStatus.PENDING, reported=False).order_by("created_at")
