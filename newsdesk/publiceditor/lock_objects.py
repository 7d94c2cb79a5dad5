"""Row locks for the public editor, each in one place so every writer takes them in the same order."""

from .models import Case, CaseMessage, CaseYearCounter


def year_counter_for_update(year: int) -> CaseYearCounter:
    """Return the locked counter of a year, creating it on the year's first case."""
    CaseYearCounter.objects.get_or_create(year=year)
    return CaseYearCounter.objects.select_for_update().get(year=year)


def case_for_update(case_id: int) -> Case:
    """Return a case locked for a state change or an email send."""
    return Case.objects.select_for_update().get(pk=case_id)


def message_for_update(message_id: int) -> CaseMessage:
    """Return a thread message locked for its email send."""
    return CaseMessage.objects.select_for_update().get(pk=message_id)
