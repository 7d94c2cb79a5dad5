"""Concurrent writers: the published counter and the one-report-per-reader rule hold under real concurrency.

Runs on both engines: PostgreSQL runs the threads at once; SQLite serialises them, and the same results must hold.
"""

import threading

import pytest
from django.db import connection

from newsdesk.comments import services
from newsdesk.comments.models import ArticleCommentStats, Comment, Report

from .factories import make_commented_article, make_reader

pytestmark = pytest.mark.django_db(transaction=True)


def _run_at_once(work, count: int) -> list:
    gate = threading.Barrier(count)
    results: list = [None] * count
    # The test database on SQLite is in memory with a shared cache, which refuses rather than waits on a lock:
    # there the threads take turns. On PostgreSQL they really run at once.
    turns = threading.Lock() if connection.vendor != "postgresql" else None

    def run(i):
        try:
            gate.wait()
            if turns is None:
                results[i] = work(i)
            else:
                with turns:
                    results[i] = work(i)
        except Exception as error:  # collected and asserted on below
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
def test_concurrent_posts_keep_the_counter_exact_and_double_reports_store_one():
    article = make_commented_article()
    readers = [make_reader(f"Reader {i}") for i in range(8)]
    results = _run_at_once(lambda i: services.comment_post(user=readers[i], article=article, body=f"Hi {i}"), 8)
    assert all(isinstance(r, Comment) for r in results), results
    assert ArticleCommentStats.objects.get(article_id=article.pk).published_count == 8
    target = results[0]
    reporter = readers[1]
    outcomes = _run_at_once(lambda i: services.comment_report(user=reporter, comment_id=target.pk, reason="spam"), 4)
    assert sum(isinstance(o, Report) for o in outcomes) == 1
    assert all(isinstance(o, (Report, services.Conflict)) for o in outcomes), outcomes
    assert Report.objects.count() == 1
    assert Comment.objects.get(pk=target.pk).reports_count == 1
