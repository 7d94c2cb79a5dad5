"""Comments in Wagtail's admin: the moderation queues, commenters, policy overrides and the audit log."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from newsdesk.core.converters import DATABASE_ID

from . import admin_views, services
from .models import CommenterProfile, CommentPolicyOverride, ModerationAction

STANDING_EDITED = "changed on the commenter's page"
STANDING_FIELDS = ("banned", "suspended_until")


class StandingThroughService:
    """Save a commenter from the admin's form, but route a ban or suspension set there through the ban service,
    which checks the permission and writes the moderation log; the form saves everything else."""

    def save_instance(self):
        wanted = {name: self.form.cleaned_data[name] for name in STANDING_FIELDS if name in self.form.fields}
        profile = self.form.instance
        stored = CommenterProfile.objects.filter(pk=profile.pk).first() if profile.pk else CommenterProfile()
        for name in STANDING_FIELDS:
            setattr(profile, name, getattr(stored, name))
        instance = super().save_instance()
        if wanted:
            services.commenter_standing_set(
                moderator=self.request.user,
                user_id=instance.user_id,
                banned=wanted.get("banned", instance.banned),
                suspended_until=wanted.get("suspended_until", instance.suspended_until),
                reason=STANDING_EDITED,
            )
            instance.refresh_from_db()
        return instance


class CommenterCreateView(StandingThroughService, CreateView):
    pass


class CommenterEditView(StandingThroughService, EditView):
    pass


class CommenterViewSet(SnippetViewSet):
    model = CommenterProfile
    pk_path_converter = DATABASE_ID
    add_view_class = CommenterCreateView
    edit_view_class = CommenterEditView
    icon = "user"
    menu_label = "Commenters"
    list_display = ["display_name", "user", "banned", "suspended_until", "premoderate", "approved_count"]
    list_filter = ["banned", "premoderate", "notify_replies"]
    search_fields = ["display_name"]
    ordering = ["display_name"]
    panels = [
        FieldPanel("user"),
        FieldPanel("display_name"),
        # Only staff who may ban see these; the rest cannot change them by posting the form either.
        FieldPanel("banned", permission=services.BAN_PERMISSION),
        FieldPanel("suspended_until", permission=services.BAN_PERMISSION),
        FieldPanel("premoderate"),
        FieldPanel("approved_count"),
        FieldPanel("notify_replies"),
    ]


class PolicyOverrideViewSet(SnippetViewSet):
    model = CommentPolicyOverride
    pk_path_converter = DATABASE_ID
    icon = "cogs"
    menu_label = "Policy overrides"
    list_display = ["page", "who_may_comment", "moderation_mode"]
    list_filter = ["who_may_comment", "moderation_mode"]
    search_fields = ["page__title"]


class AuditLogViewSet(SnippetViewSet):
    model = ModerationAction
    pk_path_converter = DATABASE_ID
    icon = "history"
    menu_label = "Moderation log"
    list_display = ["created_at", "kind", "actor", "comment", "target_user", "reason"]
    list_filter = ["kind", "created_at"]
    search_fields = ["reason"]
    ordering = ["-created_at"]
    inspect_view_enabled = True


class CommentsViewSetGroup(SnippetViewSetGroup):
    menu_label = "Commenters"
    menu_icon = "user"
    menu_order = 310
    items = (CommenterViewSet, PolicyOverrideViewSet, AuditLogViewSet)


register_snippet(CommentsViewSetGroup)

admin_urlpatterns = (
    [
        path("queue/<str:name>/", admin_views.queue_view, name="queue"),
        path("<id:comment_id>/<str:action>/", admin_views.action_view, name="action"),
    ],
    "comments_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("comments/", include(admin_urlpatterns))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("comments.change_comment")


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModeratorMenuItem(
        "Moderate comments", reverse("comments_admin:queue", args=["pending"]), icon_name="comment", order=300
    )
