from taggit.models import Tag
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from newsdesk.core.converters import DATABASE_ID

from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    pk_path_converter = DATABASE_ID
    icon = "user"
    menu_label = "Authors"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "role", "slug"]
    list_filter = ["role"]
    search_fields = ["name", "role"]


register_snippet(AuthorViewSet)


class TopicViewSet(SnippetViewSet):
    """Topics are the tags on articles: editors add them as they write; here they are listed, renamed and merged
    away (a sub-editor deletes the duplicate after retagging)."""

    model = Tag
    pk_path_converter = DATABASE_ID
    icon = "tag"
    menu_label = "Topics"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


register_snippet(TopicViewSet)
