"""Writes for the public editor: every case change records its audit event and schedules its emails after commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from newsdesk.news import services as news_services

from . import lock_objects
from .models import Case, CaseEvent, CaseMessage, Correction, Kind, Outcome, State
from .selectors import editor_settings, person_cases
from .tasks import send_case_acknowledgement, send_case_message
from .workdays import add_working_days

CASE_CLOSED = "This case is closed, so it cannot take new messages. Please send a new message through the form."
TRANSITION_REFUSED = "A case that is {state} cannot be moved that way."
OUTCOME_REQUIRED = "Choose an outcome to resolve the case."
CORRECTION_NEEDS_RESOLVED = "Only a resolved case about an article can publish a correction."
CORRECTION_DRAFT_PENDING = (
    "This article has unpublished draft changes: ask its editor to publish or discard them, then try again."
)
CORRECTION_TEXT_REQUIRED = "Write the correction's text."
ERASED_TEXT = "[erased]"
CORRECTION_NOT_PERMITTED = "Publishing corrections needs the correction permission; ask an administrator for it."
ERASE_NOT_PERMITTED = "Erasing personal data needs the erasure permission; ask an administrator for it."
CORRECTION_PERMISSION = "publiceditor.publish_correction"
ERASE_PERMISSION = "publiceditor.erase_personal_data"
CORRECTION_LOG_ACTION = "publiceditor.correction"

# Which action moves a case from which states to which state.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "acknowledge": ((State.NEW,), State.ACKNOWLEDGED),
    "investigate": ((State.NEW, State.ACKNOWLEDGED), State.INVESTIGATING),
    "resolve": ((State.ACKNOWLEDGED, State.INVESTIGATING), State.RESOLVED),
    "close": ((State.RESOLVED,), State.CLOSED),
    "reopen": ((State.RESOLVED, State.CLOSED), State.INVESTIGATING),
}


class PublicEditorError(Exception):
    """A request the public editor's rules refuse; the message says what to do."""


class NotPermitted(PublicEditorError):
    """The person asking lacks the permission this act needs."""


def may(user, permission: str) -> bool:
    """Return whether this person holds the permission (e.g. CORRECTION_PERMISSION)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(permission))


def _require(actor, permission: str, message: str) -> None:
    # No actor is the operator's own process (the demo loader, the retention job), which no staff member can reach.
    if actor is not None and not may(actor, permission):
        raise NotPermitted(message)


@dataclass(frozen=True)
class Submission:
    """What a reader sent through the form, already validated."""

    kind: str
    message: str
    name: str
    email: str
    consent_to_contact: bool
    category: str = ""
    article_id: int | None = None


def _event(case: Case, *, action: str, actor=None, from_state: str = "", to_state: str = "", detail: str = "") -> None:
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        detail=detail[:300],
        created_at=timezone.now(),
    )


def _send_after_commit(task, object_id: int) -> None:
    transaction.on_commit(lambda: task.enqueue(object_id))


@transaction.atomic
def case_submit(*, submission: Submission) -> Case:
    """Store a reader's case under the year's next reference, then queue the acknowledgement email."""
    now = timezone.now()
    today = timezone.localdate(now)
    config = editor_settings()
    counter = lock_objects.year_counter_for_update(today.year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    case = Case.objects.create(
        reference=f"PE-{today.year}-{counter.last_number:06d}",
        year=today.year,
        number=counter.last_number,
        kind=submission.kind,
        category=submission.category if submission.kind == Kind.COMPLAINT else "",
        article_id=submission.article_id,
        message=submission.message,
        name=submission.name,
        email=submission.email,
        consent_to_contact=submission.consent_to_contact,
        created_at=now,
        acknowledge_due_on=add_working_days(today, config.acknowledge_within_working_days),
        resolve_due_on=add_working_days(today, config.resolve_within_working_days),
    )
    _event(case, action="received", to_state=State.NEW)
    if case.email and case.consent_to_contact:
        _send_after_commit(send_case_acknowledgement, case.pk)
    return case


@transaction.atomic
def case_transition(*, case: Case, action: str, actor=None, outcome: str = "") -> Case:
    """Move a case along its workflow (acknowledge, investigate, resolve with an outcome, close, reopen)."""
    case = lock_objects.case_for_update(case.pk)
    allowed_from, to_state = TRANSITIONS.get(action, ((), ""))
    if case.state not in allowed_from:
        raise PublicEditorError(TRANSITION_REFUSED.format(state=case.get_state_display().lower()))
    now = timezone.now()
    from_state = case.state
    fields = ["state"]
    if action == "resolve":
        if outcome not in Outcome.values:
            raise PublicEditorError(OUTCOME_REQUIRED)
        case.outcome, case.resolved_at = outcome, now
        fields += ["outcome", "resolved_at"]
    if to_state == State.ACKNOWLEDGED or (action == "investigate" and case.acknowledged_at is None):
        case.acknowledged_at = now
        fields.append("acknowledged_at")
    if action == "close":
        case.closed_at = now
        fields.append("closed_at")
    if action == "reopen":
        case.outcome, case.resolved_at, case.closed_at = "", None, None
        fields += ["outcome", "resolved_at", "closed_at"]
    case.state = to_state
    case.save(update_fields=fields)
    _event(case, action=action, actor=actor, from_state=from_state, to_state=to_state, detail=outcome)
    return case


@transaction.atomic
def case_assign(*, case: Case, assignee, actor=None) -> Case:
    """Assign a case to a staff member (or to nobody)."""
    case = lock_objects.case_for_update(case.pk)
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to"])
    _event(case, action="assigned", actor=actor, detail=assignee.get_username() if assignee else "nobody")
    return case


@transaction.atomic
def case_note_add(*, case: Case, body: str, actor) -> CaseMessage:
    """Add an internal note that the reader never sees."""
    return CaseMessage.objects.create(
        case=case, author_kind=CaseMessage.Author.NOTE, author=actor, body=body, created_at=timezone.now()
    )


@transaction.atomic
def case_staff_reply(*, case: Case, body: str, actor) -> CaseMessage:
    """Add the public editor's reply to the thread and email it to the reader after commit."""
    case = lock_objects.case_for_update(case.pk)
    if case.state == State.CLOSED:
        raise PublicEditorError(CASE_CLOSED)
    message = CaseMessage.objects.create(
        case=case, author_kind=CaseMessage.Author.STAFF, author=actor, body=body, created_at=timezone.now()
    )
    _event(case, action="replied", actor=actor)
    if case.email and case.consent_to_contact:
        _send_after_commit(send_case_message, message.pk)
    return message


@transaction.atomic
def case_reader_reply(*, case: Case, body: str) -> CaseMessage:
    """Add the reader's reply to their case's thread; a closed case refuses it."""
    case = lock_objects.case_for_update(case.pk)
    if case.state == State.CLOSED:
        raise PublicEditorError(CASE_CLOSED)
    return CaseMessage.objects.create(
        case=case, author_kind=CaseMessage.Author.READER, body=body, created_at=timezone.now()
    )


@transaction.atomic
def correction_publish(*, case: Case | None = None, article=None, kind: str, text: str, actor=None) -> Correction:
    """Publish a correction on an article: a new revision goes live (moving its modified time) and both revisions
    are kept with the correction. It is logged on the article's history, and on the case's trail when from a case."""
    _require(actor, CORRECTION_PERMISSION, CORRECTION_NOT_PERMITTED)
    text = text.strip()
    if not text:
        raise PublicEditorError(CORRECTION_TEXT_REQUIRED)
    if case is not None:
        case = lock_objects.case_for_update(case.pk)
        if case.state != State.RESOLVED or case.article_id is None:
            raise PublicEditorError(CORRECTION_NEEDS_RESOLVED)
        article_id = case.article_id
    else:
        article_id = article.pk
    try:
        republished = news_services.article_republish(article_id=article_id, actor=actor)
    except news_services.ArticleDraftPending:
        raise PublicEditorError(CORRECTION_DRAFT_PENDING) from None
    revision = republished.revision
    correction = Correction.objects.create(
        article_id=article_id,
        case=case,
        kind=kind,
        text=text,
        # Dated by the republish, so the article's modified time (news' own) is the correction's time.
        published_at=republished.published_at,
        revision_before=republished.before,
        revision_after=revision,
        created_by=actor,
    )
    if case is not None:
        _event(case, action="correction", actor=actor, detail=f"{kind} #{correction.pk}")
    log(
        revision.content_object,
        CORRECTION_LOG_ACTION,
        user=actor,
        revision=revision,
        data={"correction_id": correction.pk, "kind": kind, "text": text[:300]},
    )
    return correction


def _months_before(today: date, months: int) -> date:
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(today.day, 28)  # a safe day in every month; a few days' slack is immaterial for retention
    return date(year, month + 1, day)


def case_erase_personal_data(*, case: Case, actor=None, reason: str) -> None:
    """Erase a case's personal data (name, email, message, thread); keep what the figures count."""
    _require(actor, ERASE_PERMISSION, ERASE_NOT_PERMITTED)
    with transaction.atomic():
        case = lock_objects.case_for_update(case.pk)
        if case.personal_data_erased_at:
            return
        Case.objects.filter(pk=case.pk).update(
            name="", email="", message=ERASED_TEXT, consent_to_contact=False, personal_data_erased_at=timezone.now()
        )
        case.messages.update(body=ERASED_TEXT)
        _event(case, action="erased", actor=actor, detail=reason)


def cases_purge_expired(*, now=None) -> int:
    """Erase personal data of cases closed longer ago than the retention setting; return how many."""
    now = now or timezone.now()
    config = editor_settings()
    cutoff_day = _months_before(timezone.localdate(now), config.retention_months)
    cutoff = timezone.make_aware(timezone.datetime(cutoff_day.year, cutoff_day.month, cutoff_day.day))
    due = Case.objects.filter(
        state=State.CLOSED, closed_at__lt=cutoff, personal_data_erased_at__isnull=True
    ).values_list("pk", flat=True)
    count = 0
    for case_id in list(due):
        case_erase_personal_data(case=Case(pk=case_id), reason="retention period ended")
        count += 1
    return count


def person_erase(*, email: str, actor=None) -> int:
    """Erase every case of one person on their request; return how many cases were erased."""
    _require(actor, ERASE_PERMISSION, ERASE_NOT_PERMITTED)
    count = 0
    for case in person_cases(email).filter(personal_data_erased_at__isnull=True):
        case_erase_personal_data(case=case, actor=actor, reason="erased on the person's request")
        count += 1
    return count
