"""Load a few demo conversations under the newest articles. Running it twice creates nothing new."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from newsdesk.comments import services
from newsdesk.comments.models import Comment, CommenterProfile
from newsdesk.news.models import ArticlePage

COMMENTERS = [
    ("demo-commenter-naledi", "Naledi in Soweto"),
    ("demo-commenter-pieter", "Pieter_vdM"),
    ("demo-commenter-aisha", "Aisha K"),
]
# (commenter index, text, index of the comment it replies to in this list or None)
THREAD = [
    (0, "Good to see this covered properly. The numbers in the third paragraph surprised me.", None),
    (1, "They surprised me too, but the council published the same figures last year.", 0),
    (2, "Does anyone know when the public meeting is? Details at https://example.org/meetings would help.", None),
    (0, "Thursday evening, I think, at the community hall.", 2),
    (1, "Thanks, I will try to make it 🙂", 3),
]


def _commenter(username: str, display_name: str):
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    if user is None:
        user = users.objects.create_user(username=username, email=f"{username}@example.com")
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if not CommenterProfile.objects.filter(user=user).exists():
        services.commenter_profile_create(user=user, display_name=display_name)
    return user


def load(stdout=None) -> None:
    """Add the demo conversation under the three newest articles, once."""
    users = [_commenter(username, name) for username, name in COMMENTERS]
    articles = list(ArticlePage.objects.live().order_by("-first_published_at")[:3])
    created = 0
    for offset, article in enumerate(articles):
        posted: list[Comment] = []
        for who, text, parent_index in THREAD:
            # Commenters take turns across articles, so nobody posts more than the default 5 a minute.
            author = users[(who + offset) % len(users)]
            existing = Comment.objects.filter(article_id=article.pk, author=author, body=text).first()
            if existing is None:
                parent = posted[parent_index] if parent_index is not None else None
                existing = services.comment_post(
                    user=author, article=article, body=text, parent_id=parent.pk if parent else None
                )
                created += 1
            posted.append(existing)
    if stdout is not None:
        stdout.write(f"comments: {created} demo comments added under {len(articles)} articles\n")
