"""The moderation queues in Wagtail's admin: pending, reported, recently published; one action per POST."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from newsdesk.core.selectors import paginate

from . import selectors, services
from .models import Comment
from .views import see_other

QUEUES = {"pending": "Pending", "reported": "Reported", "published": "Recently published"}
ACTION_DONE = {
    "approve": "Comment {id} approved.",
    "reject": "Comment {id} rejected.",
    "feature": "Comment {id} featured.",
    "unfeature": "Comment {id} no longer featured.",
    "ban": "The author of comment {id} is banned.",
    "suspend": "The author of comment {id} is suspended for {days} days.",
    "premoderate": "Comments by the author of comment {id} will be held for approval.",
}


def _moderator(request: HttpRequest) -> None:
    if not request.user.has_perm("comments.change_comment"):
        raise PermissionDenied


def _may_ban(request: HttpRequest) -> None:
    if not services.can_ban(request.user):
        raise PermissionDenied


def queue_view(request: HttpRequest, name: str = "pending") -> HttpResponse:
    """List one moderation queue."""
    _moderator(request)
    if name not in QUEUES:
        raise Http404("No such queue.")
    window = paginate(selectors.queue(name=name), page_number=request.GET.get("p"), per_page=25)
    counts = {key: selectors.queue(name=key).count() for key in QUEUES}
    return TemplateResponse(
        request,
        "comments/admin/queue.html",
        {
            "queue": name,
            "queues": [(key, label, counts[key]) for key, label in QUEUES.items()],
            "window": window,
            "comments": list(window.page.object_list),
            "header_title": f"Comments: {QUEUES[name]}",
            "can_ban": services.can_ban(request.user),
        },
    )


@require_POST
def action_view(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    """Apply one moderation action to one comment, then return to the queue."""
    _moderator(request)
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None or action not in ACTION_DONE:
        raise Http404("No such comment or action.")
    if action in ("ban", "suspend"):
        _may_ban(request)
    reason = request.POST.get("reason", "")
    days = 0
    try:
        if action == "approve":
            services.comment_approve(moderator=request.user, comment_id=comment.pk)
        elif action == "reject":
            services.comment_reject(moderator=request.user, comment_id=comment.pk, reason=reason)
        elif action in ("feature", "unfeature"):
            services.comment_feature(moderator=request.user, comment_id=comment.pk, featured=action == "feature")
        elif action == "premoderate":
            services.commenter_premoderate(moderator=request.user, user_id=comment.author_id)
        else:
            reject_past = request.POST.get("reject_past") == "on"
            until = None
            if action == "suspend":
                days = int(request.POST.get("days") or 7) if (request.POST.get("days") or "7").isdigit() else 7
                until = timezone.now() + timedelta(days=max(1, min(days, 365)))
            services.commenter_ban(
                moderator=request.user,
                user_id=comment.author_id,
                reason=reason or action,
                until=until,
                reject_past=reject_past,
            )
    except services.CommentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ACTION_DONE[action].format(id=comment.pk, days=days))
    back = request.POST.get("next", "")
    if not back.startswith("/admin/comments/"):
        back = reverse("comments_admin:queue", args=["pending"])
    return see_other(back)
