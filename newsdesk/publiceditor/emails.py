"""The public editor's emails: a case's acknowledgement, a reply, the weekly digest; each sent once.

The tasks call these; services record what is to be sent and enqueue the tasks after commit.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from newsdesk.core.selectors import absolute_url

from . import lock_objects
from .models import Case, CaseMessage, DigestSent
from .selectors import case_lateness, case_token, editor_settings, overdue_cases


def _from_email() -> str:
    return settings.PUBLICEDITOR_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL


def tracking_url(case: Case) -> str:
    """Return the absolute private link to a case."""
    return absolute_url(reverse("publiceditor:track", args=[case_token(case)]))


def case_acknowledgement_send(*, case_id: int) -> bool:
    """Email the reader their reference and private link once; return whether this call sent it.

    The row stays locked while the email is handed to the outbox, so two workers never both send; the outbox
    retries a mail server that is down, and an error before the hand-over rolls back for the retry job.
    """
    with transaction.atomic():
        case = lock_objects.case_for_update(case_id)
        if case.acknowledgement_sent_at or not (case.email and case.consent_to_contact) or case.personal_data_erased_at:
            return False
        body = render_to_string(
            "publiceditor/emails/acknowledgement.txt", {"case": case, "tracking_url": tracking_url(case)}
        )
        EmailMessage(
            subject=f"We received your message ({case.reference})",
            body=body,
            from_email=_from_email(),
            to=[case.email],
        ).send()
        case.acknowledgement_sent_at = timezone.now()
        case.save(update_fields=["acknowledgement_sent_at"])
    return True


def message_email_send(*, message_id: int) -> bool:
    """Email one public editor reply to the reader once; return whether this call sent it."""
    with transaction.atomic():
        message = lock_objects.message_for_update(message_id)
        case = message.case
        if (
            message.emailed_at
            or message.author_kind != CaseMessage.Author.STAFF
            or not (case.email and case.consent_to_contact)
            or case.personal_data_erased_at
        ):
            return False
        body = render_to_string(
            "publiceditor/emails/reply.txt", {"case": case, "message": message, "tracking_url": tracking_url(case)}
        )
        EmailMessage(
            subject=f"Reply from the public editor ({case.reference})",
            body=body,
            from_email=_from_email(),
            to=[case.email],
        ).send()
        message.emailed_at = timezone.now()
        message.save(update_fields=["emailed_at"])
    return True


def digest_send(*, today: date | None = None) -> int:
    """Email the public editor this week's overdue cases once per ISO week; return how many were listed."""
    today = today or timezone.localdate()
    config = editor_settings()
    if not config.public_editor_email:
        return 0
    year, week, _ = today.isocalendar()
    cases = list(overdue_cases(today=today))
    if not cases:
        return 0
    with transaction.atomic():
        digest, created = DigestSent.objects.get_or_create(
            week=f"{year}-W{week:02d}", defaults={"sent_at": timezone.now(), "overdue_count": len(cases)}
        )
        if not created:
            return 0
        rows = [(case, case_lateness(case, today=today)) for case in cases]
        EmailMessage(
            subject=f"Public editor: {len(cases)} overdue case(s), week {week}",
            body=render_to_string("publiceditor/emails/digest.txt", {"rows": rows, "today": today}),
            from_email=_from_email(),
            to=[config.public_editor_email],
        ).send()
    return len(cases)


def pending_emails() -> tuple[list[int], list[int]]:
    """Return the cases whose acknowledgement and the replies whose email still waits to be sent."""
    cases = list(
        Case.objects.filter(
            acknowledgement_sent_at__isnull=True, personal_data_erased_at__isnull=True, consent_to_contact=True
        )
        .exclude(email="")
        .values_list("pk", flat=True)[:200]
    )
    messages = list(
        CaseMessage.objects.filter(
            author_kind=CaseMessage.Author.STAFF,
            emailed_at__isnull=True,
            case__personal_data_erased_at__isnull=True,
            case__consent_to_contact=True,
        )
        .exclude(case__email="")
        .values_list("pk", flat=True)[:200]
    )
    return cases, messages
