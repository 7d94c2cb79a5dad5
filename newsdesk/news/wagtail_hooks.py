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
