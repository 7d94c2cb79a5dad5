"""Concurrent submissions: the locked year counter hands out each reference once, with no gaps."""

import threading

import pytest
from django.db import connection, connections

from newsdesk.publiceditor.models import Case
from newsdesk.publiceditor.tests.factories import make_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_submissions_get_distinct_consecutive_references():
    errors: list[Exception] = []
    start = threading.Barrier(6)

    def submit():
        try:
            start.wait()
            make_case()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if connection.vendor == "postgresql":
        assert errors == []  # row locks serialise the counter; SQLite may refuse a writer instead ("locked")
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) + len(errors) == 6
    assert len(set(Case.objects.values_list("reference", flat=True))) == len(numbers)
