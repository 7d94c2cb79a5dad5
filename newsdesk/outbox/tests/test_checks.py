"""System checks name an email setup that could block a worker or never deliver."""

from newsdesk.outbox import checks


def test_a_missing_email_timeout_is_named_by_the_deploy_check(settings):
    settings.EMAIL_TIMEOUT = 10
    assert checks.email_timeout_check(None) == []
    for missing in (None, 0):
        settings.EMAIL_TIMEOUT = missing
        assert [warning.id for warning in checks.email_timeout_check(None)] == ["outbox.W001"]


def test_an_outbox_that_would_deliver_into_itself_is_an_error(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert checks.delivery_backend_check(None) == []
    settings.OUTBOX_DELIVERY_BACKEND = checks.OUTBOX_BACKEND
    assert [error.id for error in checks.delivery_backend_check(None)] == ["outbox.E001"]
