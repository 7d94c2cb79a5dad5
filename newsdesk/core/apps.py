from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "newsdesk.core"
    label = "core"
    verbose_name = "Newsdesk core"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from .models import NewsroomSettings
        from .selectors import forget_newsroom_identity

        def _forget(sender, instance, **kwargs):
            forget_newsroom_identity(site_id=instance.site_id)

        post_save.connect(_forget, sender=NewsroomSettings, dispatch_uid="core-forget-identity")
