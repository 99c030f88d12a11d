"""The one retry rule (core/backoff.py): delays double up to the cap, jitter only shortens them,
and full jitter (the HTTP client's per-request retries) stays within (0, nominal]."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from mjdesk.core.backoff import Backoff


@given(
    base=st.floats(0.01, 10),
    cap=st.floats(0.01, 100),
    jitter=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
    steps=st.integers(1, 12),
)
def test_delays_grow_to_the_cap_and_jitter_only_shortens(
    base: float, cap: float, jitter: float, seed: int, steps: int
) -> None:
    backoff = Backoff(base, cap, jitter=jitter, _random=random.Random(seed))
    for n in range(steps):
        nominal = min(cap, base * 2**n)
        delay = backoff.next_delay()
        assert (1 - jitter) * nominal - 1e-9 <= delay <= nominal + 1e-9
    assert backoff.failing and backoff.attempts == steps
    backoff.reset()
    assert not backoff.failing
    assert backoff.next_delay() <= min(cap, base) + 1e-9


def test_full_jitter_spreads_clients_that_failed_together() -> None:
    delays = [Backoff(0.25, 4.0, jitter=1.0, _random=random.Random(i)).next_delay() for i in range(200)]
    assert min(delays) < 0.05 and max(delays) > 0.2  # anywhere in (0, 0.25], not bunched at the top
