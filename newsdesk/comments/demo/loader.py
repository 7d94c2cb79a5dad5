"""Load a few demo conversations, each under the article it discusses. Running it twice creates nothing new.

The conversations are data (conversations.json): each names its article by the demo slug it was loaded with, and
is found again by that identity wherever editors moved or renamed the article.

Moderators, authors and editors may have changed the demo since it was loaded: a comment rejected or deleted stays
so (its row is still there, so it is not missing); a reader banned stays banned and posts nothing more; a thread under
an article that is gone or unpublished is left alone. A reply whose parent is not published is skipped rather than
posted at the top level: out of its thread it reads as nonsense, and it would bring back into view a conversation a
moderator chose to remove.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from newsdesk.comments import services
from newsdesk.comments.models import Comment, CommenterProfile, CommentStatus
from newsdesk.news.demo.loader import live_demo_articles

COMMENTERS = [
    ("demo-commenter-naledi", "Naledi in Soweto"),
    ("demo-commenter-pieter", "Pieter_vdM"),
    ("demo-commenter-aisha", "Aisha K"),
]
# Each: {"article": demo slug, "comments": [{"by": commenter index, "text": ..., "reply_to": index or null}]}.
CONVERSATIONS: list[dict] = json.loads((Path(__file__).parent / "conversations.json").read_text(encoding="utf-8"))


def _commenter(username: str, display_name: str):
    """Return the demo commenter (found by username, or by address if an admin renamed them), or None if they
    cannot comment: their display name went to someone else."""
    users = get_user_model()
    email = f"{username}@example.com"
    user = users.objects.filter(Q(username=username) | Q(email__iexact=email)).order_by("pk").first()
    if user is not None and CommenterProfile.objects.filter(user=user).exists():
        return user
    try:
        with transaction.atomic():
            if user is None:
                user = users.objects.create_user(username=username, email=email)
                user.set_unusable_password()
                user.save(update_fields=["password"])
            services.commenter_profile_create(user=user, display_name=display_name)
    except services.CommentError:
        return None
    return user


def _existing(*, article, author, parent: Comment | None) -> Comment | None:
    # In one thread each commenter writes at most one comment under a given parent (or at the top level), so
    # (article, author, parent) finds a demo comment even after its author edited the text.
    return Comment.objects.filter(article_id=article.pk, author=author, parent=parent).order_by("pk").first()


def load(stdout=None) -> None:
    """Add what is missing of each demo conversation under the live demo article it discusses."""
    users = [_commenter(username, name) for username, name in COMMENTERS]
    created = skipped = 0
    articles = live_demo_articles([conversation["article"] for conversation in CONVERSATIONS])
    for offset, conversation in enumerate(CONVERSATIONS):
        article = articles[conversation["article"]]
        if article is None:
            continue
        posted: list[Comment | None] = []
        for line in conversation["comments"]:
            # Commenters take turns across articles, so nobody posts more than the default 5 a minute.
            author = users[(line["by"] + offset) % len(users)]
            parent_index = line["reply_to"]
            parent = posted[parent_index] if parent_index is not None else None
            comment = None
            if author is not None and (parent_index is None or parent is not None):
                comment = _existing(article=article, author=author, parent=parent)
                if comment is None and (parent is None or parent.status == CommentStatus.PUBLISHED):
                    try:
                        comment = services.comment_post(
                            user=author, article=article, body=line["text"], parent_id=parent.pk if parent else None
                        )
                        created += 1
                    except services.CommentError:  # banned, comments closed, too fast: not this time
                        comment = None
            if comment is None:
                skipped += 1
            posted.append(comment)
    if stdout is not None:
        live = sum(article is not None for article in articles.values())
        stdout.write(f"comments: {created} demo comments added under {live} articles, {skipped} left out\n")
