"""Reader-facing endpoints: the thread fragment and page, posting, editing, deleting, reporting, the profile.

The article page itself never changes per reader: it links to the full thread page, and its script fetches the
fragment. Every form answers either the fragment (when the script sent `X-Fragment: 1`) or, without
JavaScript, a redirect to the thread page (success) or the thread page with the message (refusal).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from newsdesk.core.ratelimit import client_ip
from newsdesk.delivery.responses import personal, wants_fragment
from newsdesk.news.selectors import live_article
from newsdesk.subscriptions.selectors import reader_is_entitled

from . import selectors, services
from .forms import CommentForm, EditForm, ProfileForm, ReportForm
from .models import Comment, CommentStatus, WhoMayComment
from .notifications import user_id_from_token

DELETED = "Your comment is deleted."
EDITED = "Your comment is updated."
UNSUBSCRIBED = "You will no longer get emails about replies to your comments."
BAD_UNSUBSCRIBE_LINK = "This unsubscribe link is not valid. Sign in to change your email settings."
PROFILE_SAVED = "Your display name is set. You can now comment."
NOTIFY_SAVED = "Your email settings are saved."


def _article(article_id: int) -> Page:
    # Only an article every reader may see takes comments: an unpublished or private one is not found, like one
    # that never was, so its thread says nothing of it. The thread never needs the article's body.
    article = live_article(article_id=article_id)
    if article is None:
        raise Http404("No such article.")
    return article


def _thread_context(
    request: HttpRequest, article: Page, *, notice: str = "", error: str = "", form: CommentForm | None = None
) -> dict:
    sort = request.GET.get("sort", "newest")
    thread = selectors.thread_page(article_id=article.pk, sort=sort, page_number=request.GET.get("page"))
    policy = selectors.policy_for(article=article)
    user = request.user
    profile = selectors.profile_for(user=user)
    reply_to = None
    reply_id = request.GET.get("reply")
    if reply_id and reply_id.isdigit():
        reply_to = (
            Comment.objects.filter(pk=int(reply_id), article_id=article.pk, status=CommentStatus.PUBLISHED)
            .select_related("author__commenter_profile")
            .first()
        )
    blocked = ""
    if not policy.is_open:
        blocked = policy.closed_reason
    elif not user.is_authenticated:
        blocked = services.SIGN_IN_TO_COMMENT
    elif policy.who_may_comment == WhoMayComment.SUBSCRIBERS and not reader_is_entitled(user=user):
        blocked = services.SUBSCRIBERS_ONLY
    return {
        "article": article,
        "thread": thread,
        "sort": thread.sort,
        "policy": policy,
        "profile": profile,
        "blocked": blocked,
        "form": form or CommentForm(initial={"parent": reply_to.pk if reply_to else None}),
        "reply_to": reply_to,
        "report_form": ReportForm(),
        "notice": notice,
        "error": error,
        "count": selectors.published_count(article_id=article.pk),
        "edit_cutoff": timezone.now() - timedelta(minutes=policy.settings.edit_window_minutes),
        "thread_url": reverse("comments:thread", args=[article.pk]),
        "fragment_url": reverse("comments:fragment", args=[article.pk]),
        "login_url": f"/accounts/login/?next={reverse('comments:thread', args=[article.pk])}",
    }


def _respond(request: HttpRequest, article: Page, *, status: int = 200, **extra) -> HttpResponse:
    context = _thread_context(request, article, **extra)
    template = "comments/fragment.html" if wants_fragment(request) else "comments/thread_page.html"
    return personal(render(request, template, context, status=status))


@require_GET
def thread_fragment(request: HttpRequest, article_id: int) -> HttpResponse:
    """Return the comments fragment the article page's script loads.

    Anonymous readers all get the same bytes, so that rendering is cached under the thread's version: any change a
    reader could see starts a new version. Signed-in readers get their own (forms, their edit buttons).
    """
    article = _article(article_id)
    if request.user.is_authenticated or "reply" in request.GET:
        return personal(render(request, "comments/fragment.html", _thread_context(request, article)))
    key = selectors.fragment_cache_key(
        article_id=article.pk, sort=request.GET.get("sort", "newest"), page=request.GET.get("page")
    )
    html = cache.get(key)
    if html is None:
        # Rendered without the request: these bytes are for every anonymous reader, so nothing of this request
        # (its session, CSRF token or the site chrome's context processors) may go into them.
        context = _thread_context(request, article)
        context["user"] = AnonymousUser()
        html = render_to_string("comments/fragment.html", context)
        cache.set(key, html, selectors.FRAGMENT_TIMEOUT)
    return personal(HttpResponse(html))


@require_GET
def thread_page_view(request: HttpRequest, article_id: int) -> HttpResponse:
    """Return the full comments page (the no-JavaScript path, and where permalinks land)."""
    article = _article(article_id)
    return _respond(request, article)


def _after_write(request, article, *, message: str, status: int, anchor: str = "") -> HttpResponse:
    if wants_fragment(request):
        return _respond(request, article, status=status, notice=message)
    messages.success(request, message)
    return see_other(reverse("comments:thread", args=[article.pk]) + (f"#{anchor}" if anchor else ""))


def _refused(request, article, error: services.CommentError, form=None) -> HttpResponse:
    return _respond(request, article, status=error.status, error=error.message, form=form)


@require_POST
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    """Post a comment or a reply."""
    article = _article(article_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _respond(request, article, status=400, error="Check the form and try again.", form=form)
    try:
        comment = services.comment_post(
            user=request.user,
            article=article,
            body=form.cleaned_data["body"],
            parent_id=form.cleaned_data["parent"],
            ip=client_ip(request),
        )
    except services.CommentError as error:
        return _refused(request, article, error, form=form)
    if wants_fragment(request):
        # Answer with just the new comment: the script puts it in place, without re-rendering the whole thread.
        response = personal(
            render(request, "comments/posted.html", _posted_context(request, article, comment), status=201)
        )
        response["X-Comment-Id"] = str(comment.pk)
        return response
    return _after_write(
        request, article, message=services.outcome_message(comment), status=201, anchor=f"c{comment.pk}"
    )


def _posted_context(request: HttpRequest, article: Page, comment: Comment) -> dict:
    comment = selectors.comment_for_display(comment_id=comment.pk)
    policy = selectors.policy_for(article=article)
    return {
        "article": article,
        "comment": comment,
        "shown": comment.status == CommentStatus.PUBLISHED,
        "notice": services.outcome_message(comment),
        "count": selectors.published_count(article_id=article.pk),
        "profile": selectors.profile_for(user=request.user),
        "blocked": "",
        "report_form": ReportForm(),
        "edit_cutoff": timezone.now() - timedelta(minutes=policy.settings.edit_window_minutes),
        "thread_url": reverse("comments:thread", args=[article.pk]),
    }


def _comment_article(comment_id: int) -> tuple[Comment, Page]:
    comment = get_object_or_404(Comment, pk=comment_id)
    return comment, _article(comment.article_id)


@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Show the edit form (no JavaScript) or save an edit."""
    comment, article = _comment_article(comment_id)
    if request.method == "GET":
        if not request.user.is_authenticated or comment.author_id != request.user.pk:
            raise Http404("No such comment of yours.")
        form = EditForm(initial={"body": comment.body})
        return personal(
            render(request, "comments/edit_page.html", {"comment": comment, "form": form, "article": article})
        )
    form = EditForm(request.POST)
    form.is_valid()
    try:
        services.comment_edit(user=request.user, comment_id=comment.pk, body=form.cleaned_data.get("body", ""))
    except services.CommentError as error:
        return _refused(request, article, error)
    return _after_write(request, article, message=EDITED, status=200, anchor=f"c{comment.pk}")


@require_POST
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Delete one's own comment."""
    comment, article = _comment_article(comment_id)
    try:
        services.comment_delete(user=request.user, comment_id=comment.pk)
    except services.CommentError as error:
        return _refused(request, article, error)
    return _after_write(request, article, message=DELETED, status=200)


@require_POST
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Report a comment with a reason."""
    comment, article = _comment_article(comment_id)
    form = ReportForm(request.POST)
    try:
        if not form.is_valid():
            raise services.CommentError("Choose a reason for your report.")
        services.comment_report(
            user=request.user, comment_id=comment.pk, reason=form.cleaned_data["reason"], ip=client_ip(request)
        )
    except services.CommentError as error:
        return _refused(request, article, error)
    return _after_write(request, article, message=services.REPORTED, status=200)


@require_GET
def permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Send the reader to the page of the thread that shows this comment."""
    comment = get_object_or_404(Comment.objects.select_related("root"), pk=comment_id)
    visible = comment.status == CommentStatus.PUBLISHED or (
        comment.status == CommentStatus.DELETED and comment.has_replies
    )
    if not visible:
        raise Http404("This comment is not available.")
    _article(comment.article_id)
    page = selectors.page_number_of(comment=comment)
    url = reverse("comments:thread", args=[comment.article_id])
    return redirect(f"{url}?page={page}#c{comment.pk}")


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """Choose a display name (once) and the reply-email setting."""
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={reverse('comments:profile')}")
    current = selectors.profile_for(user=request.user)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not next_url.startswith("/comments/"):
        next_url = ""
    form = ProfileForm(request.POST or None, initial={"notify_replies": current.notify_replies if current else False})
    status = 200
    if request.method == "POST":
        if current is not None:
            services.commenter_notifications_set(
                user_id=request.user.pk, enabled=request.POST.get("notify_replies") == "on"
            )
            messages.success(request, NOTIFY_SAVED)
            return see_other(next_url or reverse("comments:profile"))
        if form.is_valid():
            try:
                services.commenter_profile_create(
                    user=request.user,
                    display_name=form.cleaned_data["display_name"],
                    notify_replies=form.cleaned_data["notify_replies"],
                )
            except services.CommentError as error:
                form.add_error("display_name", error.message)
                status = error.status
            else:
                messages.success(request, PROFILE_SAVED)
                return see_other(next_url or reverse("comments:profile"))
        else:
            status = 400
    return personal(
        render(request, "comments/profile.html", {"form": form, "profile": current, "next": next_url}, status=status)
    )


@csrf_exempt  # the signed token is the credential; mail clients' one-click POST carries no CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop reply emails with one click (GET from the email's link, POST from a mail client's one-click button)."""
    user_id = user_id_from_token(token)
    if user_id is None:
        return personal(render(request, "comments/unsubscribed.html", {"message": BAD_UNSUBSCRIBE_LINK}, status=400))
    services.commenter_notifications_set(user_id=user_id, enabled=False)
    return personal(render(request, "comments/unsubscribed.html", {"message": UNSUBSCRIBED}))


def see_other(url: str) -> HttpResponse:
    """Redirect after a POST with 303, so a reload does not post again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response
