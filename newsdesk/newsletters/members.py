"""Members as CSV, with their consent records: export a list, import one (re-importing a file changes nothing).

One row per consent record (a member with none still gets one row). Import checks every row first and writes
nothing if any is wrong; then it adds members it does not know, takes an opt-out it is told about, and adds
consent records by (when, where); a member who unsubscribed here is never re-subscribed by a file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import Consent, ConsentSource, Newsletter, Status, Subscription
from .services import NewsletterError, normalise_email

COLUMNS = ["email", "status", "confirmed_at", "unsubscribed_at", "consent_at", "consent_source", "consent_text"]
BAD_HEADER = "The first line must name the columns: " + ",".join(COLUMNS) + "."
BAD_ROW = "Line {line}: {problem}"


def members_csv(newsletter: Newsletter) -> str:
    """Return a list's members and consent records as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    members = Subscription.objects.filter(newsletter=newsletter).prefetch_related("consents").order_by("email")
    for member in members.iterator(chunk_size=2000):
        base = [
            member.email,
            member.status,
            member.confirmed_at.isoformat() if member.confirmed_at else "",
            member.unsubscribed_at.isoformat() if member.unsubscribed_at else "",
        ]
        consents = list(member.consents.all()) or [None]
        for consent in consents:
            extra = [consent.at.isoformat(), consent.source, consent.text] if consent else ["", "", ""]
            writer.writerow(base + extra)
    return out.getvalue()


@dataclass
class ImportResult:
    members_added: int = 0
    opt_outs_taken: int = 0
    consents_added: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.members_added or self.opt_outs_taken or self.consents_added)


def _when(value: str, line: int, name: str) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None or timezone.is_naive(parsed):
        raise NewsletterError(BAD_ROW.format(line=line, problem=f"{name} must be a date and time with its offset."))
    return parsed


def _parse(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or [name.strip() for name in reader.fieldnames] != COLUMNS:
        raise NewsletterError(BAD_HEADER)
    rows = []
    for line, row in enumerate(reader, start=2):
        try:
            email = normalise_email(row["email"])
        except NewsletterError:
            raise NewsletterError(BAD_ROW.format(line=line, problem="not an email address.")) from None
        if row["status"] not in Status.values:
            raise NewsletterError(
                BAD_ROW.format(line=line, problem=f"status must be one of {', '.join(Status.values)}.")
            )
        consent_at = _when(row["consent_at"], line, "consent_at")
        if row["status"] == Status.CONFIRMED and consent_at is None:
            raise NewsletterError(BAD_ROW.format(line=line, problem="a confirmed member needs a consent record."))
        if consent_at and not row["consent_text"].strip():
            raise NewsletterError(BAD_ROW.format(line=line, problem="a consent needs the text that was agreed to."))
        rows.append(
            {
                "email": email,
                "status": row["status"],
                "confirmed_at": _when(row["confirmed_at"], line, "confirmed_at"),
                "unsubscribed_at": _when(row["unsubscribed_at"], line, "unsubscribed_at"),
                "consent_at": consent_at,
                "consent_source": row["consent_source"] if row["consent_source"] in ConsentSource.values else "import",
                "consent_text": row["consent_text"].strip(),
            }
        )
    return rows


@transaction.atomic
def members_import(*, newsletter: Newsletter, text: str) -> ImportResult:
    """Import a list's members from CSV text; raise NewsletterError (nothing written) if any line is wrong."""
    rows = _parse(text)
    result = ImportResult()
    for row in rows:
        member, created = Subscription.objects.get_or_create(
            newsletter=newsletter,
            email=row["email"],
            defaults={
                "status": row["status"],
                "confirmed_at": row["confirmed_at"],
                "unsubscribed_at": row["unsubscribed_at"],
            },
        )
        result.members_added += created
        if not created and row["status"] == Status.UNSUBSCRIBED and member.status != Status.UNSUBSCRIBED:
            member.status = Status.UNSUBSCRIBED
            member.unsubscribed_at = row["unsubscribed_at"] or timezone.now()
            member.generation += 1
            member.save(update_fields=["status", "unsubscribed_at", "generation"])
            result.opt_outs_taken += 1
        if row["consent_at"]:
            _, added = Consent.objects.get_or_create(
                subscription=member,
                at=row["consent_at"],
                source=row["consent_source"],
                defaults={"text": row["consent_text"]},
            )
            result.consents_added += added
    return result
