"""The live page's posting screen in Wagtail's admin: write a post, and edit, pin, mark or delete the ones there."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from newsdesk.core.selectors import paginate

from . import services
from .forms import LivePostForm
from .models import LivePage, LivePost

POSTED = "Posted: readers see it on their next refresh."
SAVED = "Post saved: readers see the change on their next refresh."
ACTIONS = {
    "pin": ("Pinned.", lambda post, user: services.live_post_pin(post=post, user=user, pinned=True)),
    "unpin": ("Unpinned.", lambda post, user: services.live_post_pin(post=post, user=user, pinned=False)),
    "key": (
        "Marked as a key event.",
        lambda post, user: services.live_post_mark_key_event(post=post, user=user, key_event=True),
    ),
    "unkey": (
        "No longer a key event.",
        lambda post, user: services.live_post_mark_key_event(post=post, user=user, key_event=False),
    ),
    "delete": ("Post deleted.", lambda post, user: services.live_post_delete(post=post, user=user)),
}


def _poster(request: HttpRequest) -> None:
    if not services.may_post(request.user):
        raise PermissionDenied(services.MAY_NOT_POST)


def _screen(request: HttpRequest, page: LivePage, form: LivePostForm, *, editing: LivePost | None = None):
    window = paginate(
        LivePost.objects.filter(page=page, deleted_at__isnull=True).select_related("author").order_by("-id"),
        page_number=request.GET.get("p"),
        per_page=25,
    )
    return TemplateResponse(
        request,
        "liveblogs/admin/posting.html",
        {
            "live_page": page,
            "form": form,
            "editing": editing,
            "window": window,
            "posts": list(window.page.object_list),
            "header_title": f"Live: {page.title}",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def posting_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """Show the live page's posts and the form for a new one; write it on POST."""
    _poster(request)
    page = get_object_or_404(LivePage, pk=page_id)
    form = LivePostForm(request.POST or None, instance=LivePost(page=page), for_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.live_post_create(
                page=page,
                user=request.user,
                body=data["body"],
                headline=data.get("headline", ""),
                author=data.get("author"),
                pinned=data.get("pinned", False),
                key_event=data.get("key_event", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, POSTED)
            return redirect("liveblogs_admin:posting", page.pk)
    return _screen(request, page, form)


def edit_view(request: HttpRequest, page_id: int, post_id: int) -> HttpResponse:
    """Edit one post's words, images or links."""
    _poster(request)
    post = get_object_or_404(LivePost.objects.select_related("page"), pk=post_id, page_id=page_id)
    if post.deleted_at is not None:
        raise Http404(services.POST_GONE)
    was_pinned, was_key_event = post.pinned, post.key_event  # validating the form writes the instance's fields
    form = LivePostForm(request.POST or None, instance=post, for_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.live_post_update(
                post=post, user=request.user, body=data["body"], headline=data["headline"], author=data["author"]
            )
            if data["pinned"] != was_pinned:
                services.live_post_pin(post=post, user=request.user, pinned=data["pinned"])
            if data["key_event"] != was_key_event:
                services.live_post_mark_key_event(post=post, user=request.user, key_event=data["key_event"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, SAVED)
            return redirect("liveblogs_admin:posting", page_id)
    return _screen(request, post.page, form, editing=post)


@require_POST
def action_view(request: HttpRequest, page_id: int, post_id: int, action: str) -> HttpResponse:
    """Pin, unpin, mark or unmark as a key event, or delete one post."""
    _poster(request)
    if action not in ACTIONS:
        raise Http404("No such action.")
    post = get_object_or_404(LivePost, pk=post_id, page_id=page_id)
    done, act = ACTIONS[action]
    try:
        act(post, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(reverse("liveblogs_admin:posting", args=[page_id]))
