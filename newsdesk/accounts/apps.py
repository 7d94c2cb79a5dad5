from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "newsdesk.accounts"
    label = "accounts"
    verbose_name = "Reader accounts"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {}

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .middleware import hint_signed_in, hint_signed_out  # reason: connecting receivers needs the apps loaded

        user_logged_in.connect(hint_signed_in, dispatch_uid="accounts-hint-in")
        user_logged_out.connect(hint_signed_out, dispatch_uid="accounts-hint-out")
