"""The vote benchmark's second clock: the stored-vote rate it reads from the database while the load runs."""

import pytest

from bench.polls import _stored_rate


def _steady(rate: float, *, seconds: float, idle_before: float = 0.0, every: float = 0.1) -> list[tuple[float, int]]:
    """Samples of a count that stays still for `idle_before` seconds, then rises at `rate` a second."""
    samples, t = [], 0.0
    while t <= idle_before + seconds + 1e-9:
        samples.append((t, int(max(0.0, t - idle_before) * rate)))
        t += every
    return samples


def test_a_steady_rise_gives_its_rate():
    assert _stored_rate(_steady(1800, seconds=10)) == pytest.approx(1800, rel=0.01)


def test_time_before_the_load_starts_is_left_out():
    # wrk building its requests before the load starts: the count stands still, and must not dilute the rate.
    assert _stored_rate(_steady(1800, seconds=10, idle_before=3)) == pytest.approx(1800, rel=0.01)


def test_an_uneven_rise_is_timed_between_its_10_and_90_percent_marks():
    # 8,000 votes in the first 8 s, 8,000 more in the next 2 s: 10% (1,600) is reached at 1.6 s and 90% (14,400)
    # at 9.6 s, so 12,800 votes in 8 s.
    slow = [(t / 10, t * 100) for t in range(81)]
    fast = [(8 + t / 10, 8000 + t * 400) for t in range(1, 21)]
    assert _stored_rate(slow + fast) == pytest.approx(1600, rel=0.001)


def test_no_votes_gives_zero():
    assert _stored_rate([(0.0, 5), (0.1, 5), (0.2, 5)]) == 0.0
