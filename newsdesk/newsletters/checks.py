"""Deploy checks: newsletters through an email service need its key and a secret on the tracking webhooks."""

from django.conf import settings
from django.core.checks import Error, register

# What each service's backend and webhooks need, by the environment variable that sets it (settings/base.py).
SERVICE_NEEDS = {
    "mailgun": ("MAILGUN_API_KEY", "MAILGUN_WEBHOOK_SIGNING_KEY"),
    "postmark": ("POSTMARK_SERVER_TOKEN",),
    "sendgrid": ("SENDGRID_API_KEY",),
    "brevo": ("BREVO_API_KEY",),
    "amazon_ses": ("AWS_SES_REGION",),
}
ANYMAIL_KEYS = {"AWS_SES_REGION": "AMAZON_SES_CLIENT_PARAMS"}


@register("email", deploy=True)
def newsletter_service_check(app_configs, **kwargs) -> list[Error]:
    """Name every missing secret of the configured email service: no production default gives one away."""
    backend = settings.NEWSLETTERS_EMAIL_BACKEND
    if not backend.startswith("anymail.backends."):
        return []
    service = backend.split(".")[2]
    anymail = getattr(settings, "ANYMAIL", {})
    missing = [] if anymail.get("WEBHOOK_SECRET") else ["ANYMAIL_WEBHOOK_SECRET"]
    missing += [name for name in SERVICE_NEEDS.get(service, ()) if not anymail.get(ANYMAIL_KEYS.get(name, name))]
    if not missing:
        return []
    return [
        Error(
            f"Newsletters go through {service} ({backend}), but {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set: without them it cannot send, or anyone could post "
            "bounces and complaints to the tracking webhook.",
            hint="Set them in the environment; ANYMAIL_WEBHOOK_SECRET is 'user:password', used in the webhook URL "
            "you give the service (https://user:password@your-site/newsletters/anymail/<service>/tracking/).",
            id="newsletters.E001",
        )
    ]
