from __future__ import annotations

from mjdesk.core.jobs.backoff import Backoff


def test_delays_grow_to_the_cap_and_jitter_only_shortens() -> None:
    b = Backoff(base=1.0, cap=8.0, jitter=0.2)
    delays = [b.next_delay() for _ in range(6)]
    nominal = [1, 2, 4, 8, 8, 8]
    assert all(0.8 * n <= d <= n for d, n in zip(delays, nominal, strict=True))
    assert b.failing
    b.reset()
    assert not b.failing and b.next_delay() <= 1.0
